import CrumbEngine
import Foundation
import Synchronization

/// Opening the files for the viewer. Small inputs load at once. A big single file opens
/// progressively: the first megabytes are read into a preview store at once (the first screen),
/// while the whole file is indexed on other threads; the viewer then swaps the stores. Crumb
/// numbers of the preview are the first ones of the whole file, so rows stay where they were.
/// Standard input and several big files load in the background without a preview. A stream
/// shown as it arrives (`StreamFollow`) has what it held so far loaded in the background too.
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
    let started = ContinuousClock.now
    private let finished = Mutex<Handover?>(nil)

    private init(files: [String], totalBytes: Int) {
        self.files = files
        self.totalBytes = totalBytes
    }

    /// Loads `files`: returns the crumbs to show now (the whole input, or a preview) and, when
    /// the rest is still being read, the loading to poll.
    static func start(_ files: [String]) -> (first: LoadedCrumbs, loading: ViewerLoading?) {
        // Standard input, a FIFO or a device among several inputs: its size is unknown and its
        // end may be far (a FIFO waits for a writer), so the load runs in the background.
        let sizes = files.map { $0 == "-" || !isRegularOrFolder($0) ? Int.max / 4 : fileSize($0) }
        let total = sizes.reduce(0, +)
        guard total >= progressiveThreshold else {
            let store = CrumbStore()
            let reports = CrumbLoader().load(files, into: store)
            return (LoadedCrumbs(store: store, reports: reports), nil)
        }
        let loading = ViewerLoading(files: files, totalBytes: sizes.contains(Int.max / 4) ? 0 : total)
        let preview = CrumbStore()
        if files.count == 1, files[0] != "-", let prefix = readPrefix(files[0], count: previewBytes) {
            var loader = CrumbLoader()
            loader.parallel = false
            loader.load(bytes: prefix, name: files[0], into: preview)
        }
        Thread.detachNewThread { loading.loadAll() }
        return (LoadedCrumbs(store: preview, isPreview: true), loading)
    }

    /// Loads `bytes`, what the stream `name` held so far, in the background, as a file of them
    /// would be. With `partial`, more may follow: the crumbs come as a preview (the problems are
    /// said once the whole stream is read), without the time it took.
    static func start(bytes: [UInt8], name: String, partial: Bool) -> ViewerLoading {
        let loading = ViewerLoading(files: [name], totalBytes: bytes.count)
        Thread.detachNewThread { loading.loadAll(bytes: bytes, partial: partial) }
        return loading
    }

    private func loadAll(bytes: [UInt8]? = nil, partial: Bool = false) {
        let store = CrumbStore()
        var loader = CrumbLoader()
        loader.parts = []
        let reports = bytes.map { [loader.load(bytes: $0, name: files[0], into: store)] } ?? loader.load(files, into: store)
        store.prepareFilters()
        let parts = store.readPartsLater(.all)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let crumbs = LoadedCrumbs(store: store, reports: partial ? [] : reports, isPreview: partial, seconds: bytes == nil ? seconds : nil)
        let handover = Handover(crumbs)
        finished.withLock { $0 = handover }
        // Behind the shown crumbs: a filter or a search typed meanwhile comes first.
        parts.run(lowPriority: true)
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

    /// True for a regular file, a folder, or nothing at the path (loading says it is missing).
    private static func isRegularOrFolder(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return true }
        return info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFDIR
    }

    /// The first `count` bytes of a file, cut after the last newline (whole lines only); nil for
    /// a ring file, which is read whole or not at all.
    static func readPrefix(_ path: String, count: Int) -> [UInt8]? {
        guard !LiveFileCheck.isRingFile(path), var bytes = LiveFileCheck.read(path, count: count), !bytes.isEmpty else { return nil }
        if let newline = bytes.lastIndex(of: 0x0A) { bytes.removeSubrange((newline + 1)...) }
        return bytes
    }
}
