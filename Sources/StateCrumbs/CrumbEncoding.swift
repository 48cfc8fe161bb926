@_spi(CrumbCodec) import CrumbCodec

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
    /// `json.dumps(crumbs, indent=2)`), byte for byte what the crash path writes.
    static func prettyArray(_ crumbs: [[UInt8]]) -> String {
        var out: [UInt8] = []
        PrettyJSON.arrayStart(to: &out)
        for (index, crumb) in crumbs.enumerated() {
            PrettyJSON.arrayElement(crumb, index: index, to: &out)
        }
        PrettyJSON.arrayEnd(count: crumbs.count, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
