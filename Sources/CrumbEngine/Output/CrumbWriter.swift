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

/// Writes crumbs as bytes, ready for standard output.
public enum CrumbWriter {
    /// Appends crumb `index` in `format` followed by a newline. For `.json` this is one element
    /// of the array, without the separating comma (``write(_:_:format:flush:)`` writes the array).
    public static func writeLine(_ store: CrumbStore, _ index: Int, format: CrumbFormat, to out: inout [UInt8]) {
        switch format {
        case .jsonl:
            compact(store, index, to: &out)
            out.append(0x0A)
        case .json:
            var compacted: [UInt8] = []
            compact(store, index, to: &compacted)
            PrettyJSON.write(compacted, indent: 1, to: &out)
        case .text:
            out.append(contentsOf: CrumbText.line(store.crumb(at: index)).utf8)
            out.append(0x0A)
        }
    }

    /// The crumb's original bytes as compact JSON (same key order, same value text).
    public static func compact(_ store: CrumbStore, _ index: Int, to out: inout [UInt8]) {
        store.withBytes(of: index) { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            JSONCompactor.compact(base, from: 0, to: raw.count, into: &out)
        }
    }

    /// Writes the crumbs `indexes` in `format`, handing full buffers of about 1 MiB to `flush`.
    /// Returns how many were left out because their bytes are gone: the file was cut short by
    /// another process after it was loaded, and they read as zeros (see `CrumbSource.lostFrom`).
    @discardableResult
    public static func write(_ store: CrumbStore, _ indexes: some Sequence<UInt32>, format: CrumbFormat,
                             crashes: [(crash: CrashReport, after: Int?)] = [], flush: ([UInt8]) -> Void) -> Int {
        // In text, each crash's block follows its crumb's line (or ends the output).
        var blocks: [Int: [CrashReport]] = [:]
        if format == .text {
            for (crash, after) in crashes { blocks[after ?? -1, default: []].append(crash) }
        }
        func writeBlocks(_ key: Int, to out: inout [UInt8]) {
            for crash in blocks[key] ?? [] {
                for line in CrashText.block(crash) { out.append(contentsOf: line.utf8); out.append(0x0A) }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        var written = 0
        var lost = 0
        var compacted: [UInt8] = []
        if format == .json { PrettyJSON.arrayStart(to: &out) }
        for index in indexes {
            // Every crumb starts with `{` and ends with `}`; a zero at either end is the part
            // of the file cut away (the rest of its last page reads as zeros, and pages past
            // it are zeros put there by the map guard).
            if store.withBytes(of: Int(index), { $0.first == 0 || $0.last == 0 }) {
                lost += 1
                continue
            }
            if format == .json {
                compacted.removeAll(keepingCapacity: true)
                compact(store, Int(index), to: &compacted)
                PrettyJSON.arrayElement(compacted, index: written, to: &out)
            } else {
                writeLine(store, Int(index), format: format, to: &out)
                if !blocks.isEmpty { writeBlocks(Int(index), to: &out) }
            }
            written += 1
            if out.count >= 1 << 20 {
                flush(out)
                out.removeAll(keepingCapacity: true)
                // Printed crumbs' pages go back to the kernel, as while loading: printing a
                // whole 200 MB file then costs no more memory than loading it.
                let (source, offset, _) = store.location(of: Int(index))
                source.release(from: 0, upTo: offset)
            }
        }
        if format == .json {
            PrettyJSON.arrayEnd(count: written, to: &out)
            out.append(0x0A)
        }
        writeBlocks(-1, to: &out)
        flush(out)
        return lost
    }
}
