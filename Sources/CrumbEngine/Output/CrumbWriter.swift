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

    /// Writes the crumbs `indexes` in `format`, handing full buffers of about 1 MiB to `flush`.
    /// Returns how many were left out because their bytes are gone: the file was cut short by
    /// another process after it was loaded, and they read as zeros (see `CrumbSource.lostFrom`).
    @discardableResult
    public static func write(_ store: CrumbStore, _ indexes: some Sequence<UInt32>, format: CrumbFormat,
                             crashes: [(crash: CrashReport, after: Int?)] = [],
                             flush: (UnsafeBufferPointer<UInt8>) -> Void) -> Int {
        // In text, each crash's block follows its crumb's line (or ends the output).
        var blocks: [Int: [CrashReport]] = [:]
        if format == .text {
            for (crash, after) in crashes { blocks[after ?? -1, default: []].append(crash) }
        }
        func writeBlocks(_ key: Int, to out: inout ByteBuffer) {
            for crash in blocks[key] ?? [] {
                for var line in CrashText.block(crash) {
                    line.withUTF8 { out.append($0) }
                    out.append(0x0A)
                }
            }
        }
        let bufferSize = 1 << 20
        var out = ByteBuffer(capacity: bufferSize + (64 << 10))
        var reader = CrumbLineReader()
        var written = 0
        var lost = 0
        if format == .json { out.append(0x5B) }
        for index in indexes {
            let (source, offset, length) = store.location(of: Int(index))
            let base = source.base + offset
            // Every crumb starts with `{` and ends with `}`; a zero at either end is the part
            // of the file cut away (the rest of its last page reads as zeros, and pages past
            // it are zeros put there by the map guard).
            if length > 0, base[0] == 0 || base[length - 1] == 0 {
                lost += 1
                continue
            }
            if format == .json {
                PrettyJSON.arrayElement(base, from: 0, to: length, index: written, into: &out)
            } else {
                write(base, count: length, format: format, into: &out, reader: &reader)
                if !blocks.isEmpty { writeBlocks(Int(index), to: &out) }
            }
            written += 1
            if out.count >= bufferSize {
                out.withBytes(flush)
                out.removeAll()
                // Printed crumbs' pages go back to the kernel, as while loading: printing a
                // whole 200 MB file then costs no more memory than loading it.
                source.release(from: 0, upTo: offset)
            }
        }
        if format == .json {
            PrettyJSON.arrayEnd(count: written, into: &out)
            out.append(0x0A)
        }
        writeBlocks(-1, to: &out)
        out.withBytes(flush)
        return lost
    }
}
