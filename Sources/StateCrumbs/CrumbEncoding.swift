import CStateCrumbs

/// A ``Crumb`` value as compact JSON, in the key order of a recorded crumb.
enum CrumbEncoding {
    static func compact(_ crumb: Crumb) -> [UInt8] {
        // Every byte may escape to six, plus quotes, separators and key names.
        var estimate = 64 + 6 * crumb.event.utf8.count
        estimate += 6 * (crumb.timestamp?.utf8.count ?? 0) + 6 * (crumb.thread?.utf8.count ?? 0)
        for field in crumb.context + crumb.fields {
            estimate += 8 + 6 * (field.key.utf8.count + field.value.utf8.count)
        }
        return [UInt8](unsafeUninitializedCapacity: estimate) { buffer, initialised in
            var writer = CrumbJSONWriter(base: buffer.baseAddress!, capacity: estimate)
            writer.raw("{\"event\":")
            writer.string(crumb.event, limit: .max)
            if let timestamp = crumb.timestamp {
                writer.raw(",\"ts\":")
                writer.string(timestamp, limit: .max)
            }
            if let thread = crumb.thread {
                writer.raw(",\"thread\":")
                writer.string(thread, limit: .max)
            }
            if !crumb.context.isEmpty {
                writer.raw(",\"context\":{")
                for (index, field) in crumb.context.enumerated() {
                    if index > 0 { writer.byte(UInt8(ascii: ",")) }
                    pair(field, into: &writer)
                }
                writer.byte(UInt8(ascii: "}"))
            }
            for field in crumb.fields {
                writer.byte(UInt8(ascii: ","))
                pair(field, into: &writer)
            }
            writer.byte(UInt8(ascii: "}"))
            initialised = writer.count
        }
    }

    private static func pair(_ field: Crumb.Field, into writer: inout CrumbJSONWriter) {
        writer.string(field.key, limit: .max)
        writer.byte(UInt8(ascii: ":"))
        writer.string(field.value, limit: .max)
    }

    /// Compact crumbs as the pretty JSON array of a dump (the layout of Python's
    /// `json.dumps(crumbs, indent=2)`), through the same C code the crash path uses.
    static func prettyArray(_ crumbs: [[UInt8]]) -> String {
        final class Output { var bytes: [UInt8] = [] }
        let output = Output()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buffer in
            var sink = sc_sink()
            sink.buffer = buffer.baseAddress
            sink.capacity = buffer.count
            sink.context = Unmanaged.passUnretained(output).toOpaque()
            sink.write = { context, bytes, length in
                let output = Unmanaged<Output>.fromOpaque(context!).takeUnretainedValue()
                output.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
            }
            withExtendedLifetime(output) {
                sc_pretty_array_begin(&sink)
                for (index, crumb) in crumbs.enumerated() {
                    crumb.withUnsafeBufferPointer {
                        sc_pretty_array_element(&sink, $0.baseAddress, $0.count, Int32(index))
                    }
                }
                sc_pretty_array_end(&sink, Int32(crumbs.count))
                sc_sink_flush(&sink)
            }
        }
        return String(decoding: output.bytes, as: UTF8.self)
    }
}
