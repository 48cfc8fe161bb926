import CrumbEngine
import Foundation
import Synchronization

/// Opening the files for the viewer. Small inputs load at once. A big single file opens
/// progressively: the first megabytes are read into a preview store at once (the first screen),
/// while the whole file is indexed on other threads; the viewer then swaps the stores. Crumb
/// numbers of the preview are the first ones of the whole file, so rows stay where they were.
/// Standard input and several big files load in the background without a preview.
///
/// The background load reads each crumb's thread, event and time first: the count, the list
/// and thread and event filters need nothing else, and `crumbtui --count` does the same work.
/// The context and fields (most of the cost of loading) are read next on the same threads,
/// while the crumbs are shown; whatever needs them sooner (a `ctx.` filter, the facets) waits
/// for them.
final class ViewerLoading: @unchecked Sendable {
    /// Files at least this big open progressively.
    static let progressiveThreshold = 8 << 20
    /// How much of a big file the preview reads.
    static let previewBytes = 1 << 20

    /// The whole store handed from the loading thread to the main thread. `@unchecked Sendable`:
    /// the loading thread makes it, puts it in `finished` and never touches it again.
    private final class Handover: @unchecked Sendable {
        let crumbs: LoadedCrumbs

        init(_ crumbs: LoadedCrumbs) { self.crumbs = crumbs }
    }

    let files: [String]
    let totalBytes: Int
    private let started = ContinuousClock.now
    private let finished = Mutex<Handover?>(nil)

    private init(files: [String], totalBytes: Int) {
        self.files = files
        self.totalBytes = totalBytes
    }

    /// Loads `files`: returns the crumbs to show now (the whole input, or a preview) and, when
    /// the rest is still being read, the loading to poll.
    static func start(_ files: [String]) -> (first: LoadedCrumbs, loading: ViewerLoading?) {
        let sizes = files.map { $0 == "-" ? Int.max / 4 : fileSize($0) }
        let total = sizes.reduce(0, +)
        guard total >= progressiveThreshold else {
            let store = CrumbStore()
            let reports = CrumbLoader().load(files, into: store)
            return (LoadedCrumbs(store: store, reports: reports), nil)
        }
        let loading = ViewerLoading(files: files, totalBytes: files.contains("-") ? 0 : total)
        let preview = CrumbStore()
        if files.count == 1, files[0] != "-", let prefix = readPrefix(files[0], count: previewBytes) {
            var loader = CrumbLoader()
            loader.parallel = false
            loader.load(bytes: prefix, name: files[0], into: preview)
        }
        Thread.detachNewThread { loading.loadAll() }
        return (LoadedCrumbs(store: preview, isPreview: true), loading)
    }

    private func loadAll() {
        let store = CrumbStore()
        var loader = CrumbLoader()
        loader.parts = []
        let reports = loader.load(files, into: store)
        let parts = store.readPartsLater(.all)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let handover = Handover(LoadedCrumbs(store: store, reports: reports, seconds: seconds))
        finished.withLock { $0 = handover }
        parts.run()
    }

    /// The whole input once it is loaded (once).
    func take() -> LoadedCrumbs? {
        finished.withLock { value in
            let result = value
            value = nil
            return result
        }?.crumbs
    }

    /// "indexing crumbs.jsonl (176 MB)… 0.4 s" for the status line.
    var progress: String {
        let elapsed = ContinuousClock.now - started
        let tenths = elapsed.components.seconds * 10 + elapsed.components.attoseconds / 100_000_000_000_000_000
        let what = files.count == 1 ? (files[0] == "-" ? "standard input" : files[0]) : "\(files.count) files"
        let size = totalBytes > 0 ? " (\(totalBytes >> 20) MB)" : ""
        return "indexing \(what)\(size)… \(tenths / 10).\(tenths % 10) s"
    }

    static func fileSize(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return 0 }
        return Int(info.st_size)
    }

    /// The first `count` bytes of a file, cut after the last newline (whole lines only); nil for
    /// a ring file, which is read whole or not at all.
    static func readPrefix(_ path: String, count: Int) -> [UInt8]? {
        guard !LiveFileCheck.isRingFile(path) else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
        guard got > 0 else { return nil }
        bytes.removeSubrange(got...)
        if let newline = bytes.lastIndex(of: 0x0A) { bytes.removeSubrange((newline + 1)...) }
        return bytes
    }
}
