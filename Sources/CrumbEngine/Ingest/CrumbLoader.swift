@_spi(CrumbCodec) import CrumbCodec
import Dispatch
import Foundation

/// Loads inputs into a `CrumbStore`: detects what each holds, reads big files on both cores,
/// and merges several files by time.
///
/// Merging is stable and keeps each file's own order: Python statecrumbs writes about a third
/// of its timestamps out of order, so within a file the file order is the sequence. Across files
/// the crumb with the earliest time goes next; a crumb without a time goes right after the crumb
/// before it in its file; equal times keep the order the files were given in.
public struct CrumbLoader: Sendable {
    /// Split big inputs between two threads (the machine this is built for has two cores).
    public var parallel = true
    /// Inputs smaller than this are read on one thread.
    public var parallelThreshold = 4 << 20
    /// What to keep of each crumb besides its place, thread, event and time. Parts left out are
    /// read from the crumbs' bytes when first asked for (see `CrumbParts`); a store that holds
    /// crumbs keeps the parts it has for the crumbs added to it.
    ///
    /// ```swift
    /// var loader = CrumbLoader()
    /// loader.parts = try CrumbFilter("ctx.user:alice").parts  // context, no fields
    /// ```
    public var parts: CrumbParts = .all

    public init() {}

    /// Loads `files` (`-` is standard input) into `store` and returns a report per file. The
    /// store's `problems` get every problem, with file and line.
    ///
    /// A folder stands for the files in it (not its subfolders): every dump, live file, log with
    /// crumbs or crashes in it, and crash log; files that hold none of those are left out, and
    /// counted in one problem for the folder.
    @discardableResult
    public func load(_ files: [String], into store: CrumbStore) -> [InputReport] {
        var inputs: [(file: String, folder: String?)] = []
        var emptyFolders: Set<String> = []
        for file in files {
            guard let members = InputFolder.members(file) else {
                inputs.append((file, nil))
                continue
            }
            inputs += members.map { ($0, file) }
            if members.isEmpty {
                emptyFolders.insert(file)
                inputs.append((file, file))
            }
        }
        let problemsBefore = store.problems.count
        let reports = load(inputs.map { emptyFolders.contains($0.file) ? nil : $0.file }, names: inputs.map(\.file), into: store)
        return InputFolder.leaveOutEmpty(reports, inputs: inputs, store: store, problemsFrom: problemsBefore)
    }

    /// Loads `files`; a nil file is an empty folder, named by `names`.
    private func load(_ files: [String?], names: [String], into store: CrumbStore) -> [InputReport] {
        var sources: [CrumbSource?] = []
        var reports: [InputReport] = []
        for (file, name) in zip(files, names) {
            guard let file else {
                let message = "an empty folder: no crumbs in it"
                sources.append(nil)
                reports.append(InputReport(file: name, kind: nil, crumbs: 0, skipped: 0, failure: message))
                store.problems.append(LoadProblem(file: name, line: nil, message: message))
                continue
            }
            switch InputFile.open(file) {
            case .success(let source):
                sources.append(source)
                reports.append(InputReport(file: file, kind: nil, crumbs: 0, skipped: 0, failure: nil))
            case .failure(let error):
                sources.append(nil)
                reports.append(InputReport(file: file, kind: nil, crumbs: 0, skipped: 0, failure: error.message))
                store.problems.append(LoadProblem(file: file, line: nil, message: error.message))
            }
        }
        let loaded = load(sources.compactMap { $0 }, into: store)
        var next = 0
        for index in reports.indices where sources[index] != nil {
            reports[index] = loaded[next]
            next += 1
        }
        return reports
    }

    /// Loads bytes already in memory (tests, the fuzzer, standard input read elsewhere).
    @discardableResult
    public func load(bytes: some Collection<UInt8>, name: String, into store: CrumbStore) -> InputReport {
        load([CrumbSource(name: name, bytes: bytes)], into: store)[0]
    }

    func load(_ sources: [CrumbSource], into store: CrumbStore) -> [InputReport] {
        var parsed: [(kind: DumpKind, batches: [CrumbBatch])] = []
        var evidence: [CrashAssembler.InputEvidence] = []
        var reports: [InputReport] = []
        // What the crumbs point into: the input, or a ring file's snapshot of its crumbs.
        var crumbSources: [CrumbSource] = []
        let firstNew = store.count
        let parts = store.partsForLoading(parts)
        for source in sources {
            let result = read(source, parts: parts)
            parsed.append((result.kind, result.batches))
            crumbSources.append(result.ring?.source ?? source)
            if let ring = result.ring { store.ringFiles.append(ring.info) }
            let clues = result.batches.flatMap(\.crashClues)
            evidence.append(CrashAssembler.InputEvidence(source: store.sources.count + evidence.count, clues: clues, crashLog: result.crashLog))
            let crumbs = result.batches.reduce(0) { $0 + $1.count }
            let skipped = result.batches.reduce(source.longLines.count) { $0 + $1.problems.count - $1.problemsKept }
            reports.append(InputReport(file: source.name, kind: result.kind, crumbs: crumbs, skipped: skipped, failure: result.failure))
            if result.kind == .empty {
                store.problems.append(LoadProblem(file: source.name, line: nil, message: "empty file: no crumbs yet"))
            } else if result.kind == .text, crumbs == 0, clues.isEmpty {
                store.problems.append(LoadProblem(file: source.name, line: nil, message: Self.noDumpMessage(source)))
            }
            for message in result.fileProblems {
                store.problems.append(LoadProblem(file: source.name, line: nil, message: message))
            }
            if let lost = source.lostFrom {
                store.problems.append(LoadProblem(
                    file: source.name, line: nil,
                    message: "the file was cut short while it was read (another process truncated or rewrote it): from byte \(lost) on it read as empty"))
            }
            let problems = (result.batches.flatMap(\.problems) + source.longLines.map { ($0.offset, $0.message) })
                .sorted { $0.offset < $1.offset }
            if let ring = result.ring {
                store.problems += problems.map { LoadProblem(file: source.name, line: nil, message: ring.problem(at: $0.offset, $0.message)) }
                continue
            }
            for (line, problem) in zip(source.lines(at: problems.map(\.offset)), problems) {
                store.problems.append(LoadProblem(file: source.name, line: line, message: problem.message))
            }
        }
        // What the crumbs point into: the input, a ring file's snapshot of its crumbs, or the
        // bytes an OTLP input's crumbs were written into.
        let ids = zip(crumbSources, parsed).map { store.addSource($1.batches.first?.bytes ?? $0) }
        if sources.count == 1 {
            // Each batch is let go as soon as it is in the store: memory holds the store and at
            // most one batch.
            for index in parsed[0].batches.indices {
                let batch = parsed[0].batches[index]
                parsed[0].batches[index] = CrumbBatch()
                store.append(consume batch, source: ids[0])
            }
        } else {
            merge(parsed.map(\.batches), ids: ids, into: store)
        }
        parsed = []
        let crashes = CrashAssembler(store: store, newCrumbsFrom: firstNew).assemble(evidence)
        store.crashes += crashes
        for crash in crashes {
            guard let source = crash.source, let index = ids.firstIndex(of: UInt32(source)) else { continue }
            reports[index].crashes += 1
        }
        return reports
    }

    /// What reading one source gave.
    struct ReadResult {
        var kind: DumpKind
        var batches: [CrumbBatch] = []
        /// A JSON crash log (`kind == .crashLog`).
        var crashLog: SwiftCrashLog?
        /// Problems with the whole input.
        var fileProblems: [String] = []
        /// A ring file's crumbs, read out of it (`kind == .ring`).
        var ring: RingFileSnapshot?
        /// Why nothing of the input can be used (a damaged ring file).
        var failure: String?
    }

    /// Reads one source into one batch, or two when it is split between two threads.
    func read(_ source: CrumbSource, parts: CrumbParts) -> ReadResult {
        let (kind, start) = DumpKind.detect(source.base, count: source.count)
        let end = source.count
        let split = parallel && end - start >= parallelThreshold
        switch kind {
        case .empty:
            return ReadResult(kind: kind)
        case .ring:
            return readRing(source, parts: parts)
        case .crashLog:
            let read = SwiftCrashLog.read(UnsafeRawBufferPointer(rebasing: source.bytes[start...]))
            return ReadResult(kind: kind, crashLog: read.log, fileProblems: read.problems)
        case .otlpJSON:
            return ReadResult(kind: kind, batches: readOTLP(source, from: start, to: end, split: split, parts: parts))
        case .text:
            var reader = CrumbReader(source: source, from: start, parts: parts)
            reader.readText(from: start, to: end)
            return ReadResult(kind: kind, batches: [reader.parser.batch])
        case .jsonLines:
            guard split else {
                var reader = CrumbReader(source: source, from: start, parts: parts)
                reader.readLines(from: start, to: end)
                return ReadResult(kind: kind, batches: [reader.parser.batch])
            }
            let middle = min(findByte(0x0A, in: source.base, from: start + (end - start) / 2, to: end) + 1, end)
            let batches = Self.inParallel(
                { var r = CrumbReader(source: source, from: start, parts: parts); r.readLines(from: start, to: middle, reserveTo: end); return r.parser.batch },
                { var r = CrumbReader(source: source, from: middle, parts: parts); r.readLines(from: middle, to: end); return r.parser.batch }
            )
            return ReadResult(kind: kind, batches: [batches.0, batches.1])
        case .array:
            var s = JSONScanner(base: source.base, position: start, end: end)
            s.skipSpace()
            let open = s.position
            if split, let middle = splitPoint(source, open: open) {
                let (first, second) = Self.inParallel(
                    { var r = CrumbReader(source: source, from: open, parts: parts); let e = r.readArray(from: open, to: end, stopAt: middle); return (r, e) },
                    { var r = CrumbReader(source: source, from: middle, parts: parts); let e = r.readArray(from: middle, to: end, opening: false); return (r, e) }
                )
                if first.1 == .reachedSplit {
                    var tail = second.0
                    tail.readRest(after: second.1, end: end)
                    return ReadResult(kind: kind, batches: [first.0.parser.batch, tail.parser.batch])
                }
                // The guess landed inside a value: the first reader went on to the end alone.
                var whole = first.0
                whole.readRest(after: first.1, end: end)
                return ReadResult(kind: kind, batches: [whole.parser.batch])
            }
            var reader = CrumbReader(source: source, from: open, parts: parts)
            let arrayEnd = reader.readArray(from: open, to: end)
            reader.readRest(after: arrayEnd, end: end)
            return ReadResult(kind: kind, batches: [reader.parser.batch])
        }
    }

    /// A guess at where the second half of a pretty dump starts: the first line after the middle
    /// that starts with `{` at the first crumb's indentation, right after a comma. The first
    /// reader confirms it by arriving there (`.reachedSplit`).
    private func splitPoint(_ source: CrumbSource, open: Int) -> Int? {
        let reader = CrumbReader(source: source, from: open)
        var s = JSONScanner(base: source.base, position: open + 1, end: source.count)
        s.skipSpace()
        guard s.peek == 0x7B, let indent = reader.column(of: s.position) else { return nil }
        let middle = open + (source.count - open) / 2
        guard let candidate = reader.nextElement(after: middle, end: source.count, indent: indent) else { return nil }
        var back = candidate - 1
        while back > open, [0x20, 0x0A, 0x0D, 0x09].contains(source.base[back]) { back -= 1 }
        return source.base[back] == 0x2C ? candidate : nil
    }

    /// Runs two closures at once, one on each core.
    ///
    /// With `lowPriority`, each runs on a thread of its own, nice 10 more than the calling thread's,
    /// which yields the cores to the process's other threads when they want them: for work
    /// nobody waits on (the viewer's reading of context and fields behind the shown crumbs)
    /// while a person waits for a filter. Not the pool's threads: a thread's priority cannot be
    /// raised again without privileges, and they run other work later.
    static func inParallel<A, B>(_ a: @escaping @Sendable () -> A, _ b: @escaping @Sendable () -> B,
                                 lowPriority: Bool = false) -> (A, B) {
        #if FUZZING
        // The fuzzer runs on one core and checks the split logic, not the threads.
        return (a(), b())
        #endif
        let box = ResultPair<A, B>()
        guard lowPriority else {
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 { box.first = a() } else { box.second = b() }
            }
            return (box.first!, box.second!)
        }
        let done = DispatchSemaphore(value: 0)
        for index in 0..<2 {
            Thread.detachNewThread {
                // Linux keeps the nice value per thread (a new one starts with its creator's);
                // 0 is the calling thread. Ten more than that, at most 19.
                let process = __priority_which_t(PRIO_PROCESS.rawValue)
                _ = setpriority(process, 0, min(getpriority(process, 0) + 10, 19))
                if index == 0 { box.first = a() } else { box.second = b() }
                done.signal()
            }
        }
        done.wait()
        done.wait()
        return (box.first!, box.second!)
    }
}

/// Where `inParallel` collects its two results. `@unchecked Sendable`: each slot is written by
/// one closure only, and read after `concurrentPerform` has returned or both threads have
/// signalled (which orders the writes before the reads).
private final class ResultPair<A, B>: @unchecked Sendable {
    var first: A?
    var second: B?
}

extension CrumbReader {
    /// After a dump's array: go on looking for more dumps in what follows.
    mutating func readRest(after arrayEnd: ArrayEnd, end: Int) {
        switch arrayEnd {
        case .closed(let next), .broken(let next): readText(from: next, to: end)
        default: break
        }
    }
}
