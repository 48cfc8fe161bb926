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
/// into its line (`text`, see `CrumbLineReader`), with no string made per crumb.
public enum CrumbWriter {
    /// Appends crumb `index` in `format` followed by a newline. For `.json` this is one element
    /// of the array, without the separating comma (``write(_:_:format:crashes:flush:)`` writes
    /// the array).
    public static func writeLine(_ store: CrumbStore, _ index: Int, format: CrumbFormat, to out: inout [UInt8]) {
        var buffer = ByteBuffer()
        var reader = CrumbLineReader()
        store.withBytes(of: index) { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            switch format {
            case .jsonl, .text: write(base, count: raw.count, format: format, into: &buffer, reader: &reader)
            case .json: PrettyJSON.write(base, from: 0, to: raw.count, indent: 1, into: &buffer)
            }
        }
        buffer.withBytes { out.append(contentsOf: $0) }
    }

    /// The crumb's original bytes as compact JSON (same key order, same value text).
    public static func compact(_ store: CrumbStore, _ index: Int, to out: inout [UInt8]) {
        store.withBytes(of: index) { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            JSONCompactor.compact(base, from: 0, to: raw.count, into: &out)
        }
    }

    /// One crumb as a line of `.jsonl` or `.text`, with its newline.
    @inline(__always)
    static func write(_ base: UnsafePointer<UInt8>, count: Int, format: CrumbFormat, into out: inout ByteBuffer, reader: inout CrumbLineReader) {
        if format == .jsonl {
            JSONCompactor.compact(base, from: 0, to: count, into: &out)
        } else {
            reader.writeLine(base, count: count, to: &out)
        }
        out.append(0x0A)
    }

    /// Writes the crumbs `indexes` in `format`, handing full buffers of about 1 MiB to `flush`,
    /// in order. Returns how many were left out because their bytes are gone: the file was cut
    /// short by another process after it was loaded, and they read as zeros (see
    /// `CrumbSource.lostFrom`).
    ///
    /// Two threads write chunks of `crumbsPerChunk` crumbs at once (see `OutputChunks`); `flush`
    /// is called from either, never from both at once.
    @discardableResult
    public static func write(_ store: CrumbStore, _ indexes: some Sequence<UInt32>, format: CrumbFormat,
                             crashes: [(crash: CrashReport, after: Int?)] = [], crumbsPerChunk: Int = 4096,
                             flush: (UnsafeBufferPointer<UInt8>) -> Void) -> Int {
        let indexes = Array(indexes)
        // In text, each crash's block follows its crumb's line (or ends the output).
        let blocks = format == .text ? Dictionary(grouping: crashes, by: { $0.after ?? -1 }).mapValues { $0.map(\.crash) } : [:]
        let chunks = OutputChunks(crumbs: indexes.count, crumbsPerChunk: crumbsPerChunk)
        if format == .json {
            let open: StaticString = "["
            flush(UnsafeBufferPointer(start: open.utf8Start, count: open.utf8CodeUnitCount))
        }
        withoutActuallyEscaping(flush) { flush in
            let job = OutputJob(store: store, flush: flush)
            chunks.run { _ in
                write(job.store, indexes, format: format, blocks: blocks, chunks: chunks, flush: job.flush)
            }
        }
        var out = ByteBuffer()
        if format == .json {
            PrettyJSON.arrayEnd(count: chunks.elements, into: &out)
            out.append(0x0A)
        }
        writeBlocks(blocks[-1], to: &out)
        out.withBytes(flush)
        return chunks.lost
    }

    /// One thread's part of `write`: chunks taken from `chunks`, each flushed in its turn.
    private static func write(_ store: CrumbStore, _ indexes: [UInt32], format: CrumbFormat, blocks: [Int: [CrashReport]],
                              chunks: OutputChunks, flush: (UnsafeBufferPointer<UInt8>) -> Void) {
        let bufferSize = 1 << 20
        var out = ByteBuffer(capacity: bufferSize + (64 << 10))
        var reader = CrumbLineReader()
        var lost = 0
        var elements = 0
        var last: Int?
        // Where each source's bytes start: the store keeps its sources for as long as it lives,
        // and holding a source for each crumb would have both threads count references to it.
        let bases = store.sources.map(\.base)
        // Hands what is written to `flush` (in this chunk's turn), then lets the kernel take back
        // the pages of the crumbs written: printing a whole 200 MB file then costs no more memory
        // than loading it.
        func flushOut() {
            // Every `.json` element is written after a comma; the array's first has none.
            let skip = format == .json && elements > 0 && chunks.flushed(elements: elements) == 0 ? 1 : 0
            out.withBytes { flush(UnsafeBufferPointer(rebasing: $0[skip...])) }
            out.removeAll()
            elements = 0
            if let last {
                let (source, offset, _) = store.location(of: last)
                source.release(from: 0, upTo: offset)
            }
        }
        while let (chunk, positions) = chunks.take() {
            for position in positions {
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
                    PrettyJSON.write(base, from: 0, to: length, indent: 1, into: &out)
                    elements += 1
                } else {
                    write(base, count: length, format: format, into: &out, reader: &reader)
                }
                if !blocks.isEmpty, let crashes = blocks[index] { writeBlocks(crashes, to: &out) }
                last = index
                // A full buffer is flushed now if it is this chunk's turn; a chunk that must wait
                // holds at most four times as much.
                if out.count >= bufferSize, out.count >= 4 * bufferSize || chunks.isTurn(of: chunk) {
                    chunks.waitForTurn(of: chunk)
                    flushOut()
                }
            }
            chunks.waitForTurn(of: chunk)
            flushOut()
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

/// What both threads of `CrumbWriter.write` use that is not `Sendable`. `@unchecked Sendable`:
/// the store is only read while it writes (nothing appends to it meanwhile), and `flush` is only
/// called in a chunk's turn, which one thread holds at a time (`OutputChunks` hands turns over
/// under its lock, which orders one thread's calls before the next one's).
private struct OutputJob: @unchecked Sendable {
    let store: CrumbStore
    let flush: (UnsafeBufferPointer<UInt8>) -> Void
}
