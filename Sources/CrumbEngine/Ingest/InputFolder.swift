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

    /// Leaves out the members of folders that held neither crumbs nor crashes (their problems
    /// too), and says in one problem per folder how many were left out.
    static func leaveOutEmpty(_ reports: [InputReport], folders: [String?], store: CrumbStore, problemsFrom: Int) -> [InputReport] {
        var kept: [InputReport] = []
        var leftOut: [String: Int] = [:]
        var leftOutFiles: Set<String> = []
        for (report, folder) in zip(reports, folders) {
            if let folder, report.crumbs == 0, report.crashes == 0, report.kind != .crashLog {
                leftOut[folder, default: 0] += 1
                leftOutFiles.insert(report.file)
            } else {
                kept.append(report)
            }
        }
        guard !leftOut.isEmpty else { return kept }
        let earlier = store.problems[..<problemsFrom]
        let later = store.problems[problemsFrom...].filter { !leftOutFiles.contains($0.file) }
        store.problems = Array(earlier) + later
        for (folder, count) in leftOut.sorted(by: { $0.key < $1.key }) {
            store.problems.append(LoadProblem(
                file: folder, line: nil,
                message: "left out \(count) file\(count == 1 ? "" : "s") with neither crumbs nor crashes in \(count == 1 ? "it" : "them")"))
        }
        return kept
    }
}
