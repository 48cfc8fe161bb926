#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// A folder given as an input: the files in it are its inputs (`crumbtui /var/log/app/`, where
/// the app's crash dumps, live files and the backtracer's JSON crash logs are).
enum InputFolder {
    /// The regular files in `path`, by name (hidden files left out), or nil when `path` is not a
    /// folder.
    static func members(_ path: String) -> [String]? {
        var info = stat()
        guard path != "-", stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        guard let folder = opendir(path) else { return [] }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let member = path.hasSuffix("/") ? path + name : path + "/" + name
            var memberInfo = stat()
            if stat(member, &memberInfo) == 0, memberInfo.st_mode & S_IFMT == S_IFREG { names.append(member) }
        }
        return names.sorted()
    }

    /// Leaves out the members of folders that held neither crumbs nor crashes (and their
    /// problems), saying in one problem per folder how many were left out. A folder that gave
    /// nothing at all is an unusable input of its own.
    static func leaveOutEmpty(_ reports: [InputReport], inputs: [(file: String, folder: String?)],
                              store: CrumbStore, problemsFrom: Int) -> [InputReport] {
        var kept: [InputReport] = []
        var leftOut: [String: Int] = [:]
        var leftOutFiles: Set<String> = []
        var lastFolder: String?
        for ((file, folder), report) in zip(inputs, reports) {
            if let folder, folder != lastFolder { leftOut[folder] = 0 }
            lastFolder = folder
            guard let folder else { kept.append(report); continue }
            if file == folder {
                kept.append(report)  // the folder itself: empty
            } else if report.crumbs == 0, report.crashes == 0, report.kind != .crashLog, report.kind != .ring {
                leftOut[folder, default: 0] += 1
                leftOutFiles.insert(report.file)
            } else {
                kept.append(report)
            }
        }
        let earlier = store.problems[..<problemsFrom]
        let later = store.problems[problemsFrom...].filter { !leftOutFiles.contains($0.file) }
        store.problems = Array(earlier) + later
        for (folder, count) in leftOut.sorted(by: { $0.key < $1.key }) where count > 0 {
            let files = "\(count) file\(count == 1 ? "" : "s")"
            if kept.contains(where: { $0.file.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") }) {
                store.problems.append(LoadProblem(file: folder, line: nil, message: "left out \(files) with neither crumbs nor crashes"))
            } else {
                let message = "no crumbs or crashes in the \(files) of this folder"
                store.problems.append(LoadProblem(file: folder, line: nil, message: message))
                kept.append(InputReport(file: folder, kind: nil, crumbs: 0, skipped: 0, failure: message))
            }
        }
        return kept
    }
}
