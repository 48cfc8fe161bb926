@_spi(CrumbCodec) import CrumbCodec

/// The three ways `--print` writes crumbs.
public enum CrumbFormat: String, Sendable, CaseIterable {
    /// Readable lines; control characters from the input are shown escaped.
    case text
    /// A pretty JSON array, as Python statecrumbs writes a crash dump (indent 2).
    case json
    /// One compact crumb object per line, keys in their original order.
    case jsonl
}

/// Writes crumbs as bytes, ready for standard output. Each crumb is written from its bytes in
/// the input, straight into the output buffer: compacted (`jsonl`), laid out (`json`), or read
/// into its line (`text`, see `CrumbLineReader`), with no string made per crumb. What is written
/// as JSON is valid JSON, repaired where the input was not (`JSONCompactor`); a crumb that
/// repeats a key is written with each key once (`CrumbObject`), as it is shown.
public enum CrumbWriter {
    /// Crumbs longer than this go out as JSON Lines in pieces too (see ``write(_:_:format:crashes:crumbsPerChunk:flush:)``).
    static let piecesAbove = 1 << 20

    /// Appends crumb `index` in `format` followed by a newline. For `.json` this is one element
    /// of the array, without the separating comma (``write(_:_:format:crashes:crumbsPerChunk:flush:)``
    /// writes the array) or a newline.
    public static func writeLine(_ store: CrumbStore, _ index: Int, format: CrumbFormat, to out: inout [UInt8]) {
        var buffer = ByteBuffer()
        var reader = CrumbLineReader()
        var scratch = ByteBuffer()
        store.withBytes(of: index) { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            write(store, index, base, count: raw.count, format: format, into: &buffer, reader: &reader, scratch: &scratch) { _ in }
        }
        buffer.withBytes { out.append(contentsOf: $0) }
    }

    /// The crumb's bytes as compact JSON (same key order, same value text where JSON allows it).
    public static func compact(_ store: CrumbStore, _ index: Int, to out: inout [UInt8]) {
        var scratch = ByteBuffer()
        store.withBytes(of: index) { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            withWrittenBytes(store, index, base, count: raw.count, scratch: &scratch) { base, count in
                JSONCompactor.compact(base, from: 0, to: count, into: &out)
            }
        }
    }

    /// The bytes a crumb is written from: its own, or for one that repeats a key, the object
    /// with each key once.
    @inline(__always)
    static func withWrittenBytes<R>(_ store: CrumbStore, _ index: Int, _ base: UnsafePointer<UInt8>, count: Int, scratch: inout ByteBuffer,
                                    _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        guard store.repeatsKeys(index) else { return body(base, count) }
        scratch.removeAll()
        CrumbObject.writeResolved(base, from: 0, to: count, into: &scratch)
        return scratch.withBytes { body($0.baseAddress!, $0.count) }
    }

    /// One crumb: a line of `.jsonl` or `.text` with its newline, or a `.json` element. A crumb
    /// laid out (or a long one compacted) goes out in pieces: `spill` is called with the buffer
    /// whenever it holds `OutputBuffer.size` bytes or more part way.
    @inline(__always)
    static func write(_ store: CrumbStore, _ index: Int, _ base: UnsafePointer<UInt8>, count: Int, format: CrumbFormat,
                      into out: inout ByteBuffer, reader: inout CrumbLineReader, scratch: inout ByteBuffer,
                      spill: (inout ByteBuffer) -> Void) {
        if format == .text {
            reader.writeLine(base, count: count, to: &out)
            out.append(0x0A)
            return
        }
        withWrittenBytes(store, index, base, count: count, scratch: &scratch) { base, count in
            if format == .jsonl, count <= piecesAbove {
                JSONCompactor.compact(base, from: 0, to: count, into: &out)
            } else {
                var writer = format == .json ? PrettyJSON(from: 0, to: count, indent: 1) : PrettyJSON(from: 0, to: count, indent: 0, levels: 0)
                writer.write(base, into: &out, limit: OutputBuffer.size)
                while !writer.isDone {
                    spill(&out)
                    writer.write(base, into: &out, limit: OutputBuffer.size)
                }
            }
        }
        if format == .jsonl { out.append(0x0A) }
    }

    /// Writes the crumbs `indexes` in `format`, handing full buffers of about 1 MiB to `flush`,
    /// in order. Returns how many were left out because their bytes are gone: the file was cut
    /// short by another process after it was loaded, and they read as zeros (see
    /// `CrumbSource.lostFrom`).
    ///
    /// Two threads write chunks of `crumbsPerChunk` crumbs at once (see `OutputChunks`); `flush`
    /// is called from either, never from both at once. When `flush` throws, nothing more is
    /// written or flushed, and the error is thrown once the threads stop.
    @discardableResult
    public static func write<Failure: Error>(_ store: CrumbStore, _ indexes: some Sequence<UInt32>, format: CrumbFormat,
                                             crashes: [(crash: CrashReport, after: Int?)] = [], crumbsPerChunk: Int = 4096,
                                             flush: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Void) throws(Failure) -> Int {
        let indexes = Array(indexes)
        // In text, each crash's block follows its crumb's line (or ends the output).
        let blocks = format == .text ? Dictionary(grouping: crashes, by: { $0.after ?? -1 }).mapValues { $0.map(\.crash) } : [:]
        let chunks = OutputChunks(crumbs: indexes.count, crumbsPerChunk: crumbsPerChunk)
        if format == .json {
            let open: StaticString = "["
            try flush(UnsafeBufferPointer(start: open.utf8Start, count: open.utf8CodeUnitCount))
        }
        let failure = try withoutActuallyEscaping(flush) { flush throws(Failure) -> Failure? in
            let job = OutputJob<Failure>(store: store, flush: flush, chunks: chunks)
            chunks.run { _ in
                write(job.store, indexes, format: format, blocks: blocks, job: job)
            }
            return job.failure
        }
        if let failure { throw failure }
        var out = ByteBuffer()
        if format == .json {
            PrettyJSON.arrayEnd(count: chunks.elements, into: &out)
            out.append(0x0A)
        }
        writeBlocks(blocks[-1], to: &out)
        try out.withBytes(flush)
        return chunks.lost
    }

    /// One thread's part of `write`: chunks taken from `chunks`, each flushed in its turn.
    private static func write<Failure>(_ store: CrumbStore, _ indexes: [UInt32], format: CrumbFormat, blocks: [Int: [CrashReport]],
                                       job: OutputJob<Failure>) {
        let chunks = job.chunks
        var out = ByteBuffer(capacity: OutputBuffer.size + (64 << 10))
        var reader = CrumbLineReader()
        var scratch = ByteBuffer()
        var lost = 0
        var elements = 0
        var last: Int?
        // Where each source's bytes start: the store keeps its sources for as long as it lives,
        // and holding a source for each crumb would have both threads count references to it.
        let bases = store.sources.map(\.base)
        // Hands what is written to `flush` (in this chunk's turn), then lets the kernel take back
        // the pages of the crumbs written: printing a whole 200 MB file then costs no more memory
        // than loading it.
        func flushOut(_ out: inout ByteBuffer) {
            // Every `.json` element is written after a comma; the array's first has none.
            let skip = format == .json && elements > 0 && chunks.flushed(elements: elements) == 0 ? 1 : 0
            out.withBytes { job.flush(UnsafeBufferPointer(rebasing: $0[skip...])) }
            out.removeAll()
            elements = 0
            if let last {
                let (source, offset, _) = store.location(of: last)
                source.release(from: 0, upTo: offset)
            }
        }
        while let (chunk, positions) = chunks.take() {
            // A crumb laid out in pieces hands each full piece over in its chunk's turn.
            func spill(_ buffer: inout ByteBuffer) {
                if buffer.count >= 4 * OutputBuffer.size || chunks.isTurn(of: chunk) {
                    chunks.waitForTurn(of: chunk)
                    flushOut(&buffer)
                }
            }
            for position in positions where !job.failed {
                let index = Int(indexes[position])
                let (_, offset, length) = store.location(of: index)
                let base = bases[store.sourceIndex(of: index)] + offset
                // Every crumb starts with `{` and ends with `}`; a zero at either end is the part
                // of the file cut away (the rest of its last page reads as zeros, and pages past
                // it are zeros put there by the map guard).
                guard length == 0 || base[0] != 0 && base[length - 1] != 0 else {
                    lost += 1
                    continue
                }
                if format == .json {
                    out.append(",\n  ")
                    elements += 1
                }
                write(store, index, base, count: length, format: format, into: &out, reader: &reader, scratch: &scratch, spill: spill)
                if !blocks.isEmpty, let crashes = blocks[index] { writeBlocks(crashes, to: &out) }
                last = index
                // A full buffer is flushed now if it is this chunk's turn; a chunk that must wait
                // holds at most four times as much.
                if out.count >= OutputBuffer.size, out.count >= 4 * OutputBuffer.size || chunks.isTurn(of: chunk) {
                    chunks.waitForTurn(of: chunk)
                    flushOut(&out)
                }
            }
            chunks.waitForTurn(of: chunk)
            flushOut(&out)
            chunks.endTurn(of: chunk)
        }
        chunks.add(lost: lost)
    }

    private static func writeBlocks(_ crashes: [CrashReport]?, to out: inout ByteBuffer) {
        for crash in crashes ?? [] {
            for var line in CrashText.block(crash) {
                line.withUTF8 { out.append($0) }
                out.append(0x0A)
            }
        }
    }
}

/// The size of the buffers `CrumbWriter.write` hands to `flush`.
enum OutputBuffer {
    static let size = 1 << 20
}

/// What both threads of `CrumbWriter.write` use that is not `Sendable`. `@unchecked Sendable`:
/// the store is only read while it writes (nothing appends to it meanwhile), and `flush` is only
/// called in a chunk's turn, which one thread holds at a time (`OutputChunks` hands turns over
/// under its lock, which orders one thread's calls before the next one's); the first error it
/// throws is kept under that lock too.
private final class OutputJob<Failure: Error>: @unchecked Sendable {
    let store: CrumbStore
    let chunks: OutputChunks
    private let flushBytes: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Void
    private(set) var failure: Failure?

    init(store: CrumbStore, flush: @escaping (UnsafeBufferPointer<UInt8>) throws(Failure) -> Void, chunks: OutputChunks) {
        self.store = store
        flushBytes = flush
        self.chunks = chunks
    }

    /// Whether a flush failed: nothing more is written.
    var failed: Bool { chunks.stopped }

    /// Flushes `bytes`, unless an earlier flush failed; the first failure stops the writing.
    func flush(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !failed, !bytes.isEmpty else { return }
        do throws(Failure) {
            try flushBytes(bytes)
        } catch {
            failure = error
            chunks.stop()
        }
    }
}
