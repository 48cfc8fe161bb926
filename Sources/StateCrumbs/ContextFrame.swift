/// The context in effect: the merged keys of every enclosing ``Crumbs/withContext(_:_:)``
/// scope, and the same keys already serialised as the `,"context":{...}` bytes every crumb in
/// the scope copies, so a crumb pays for its context with one copy, not a dictionary walk.
final class ContextFrame: Sendable {
    /// Outer keys first; a key set again by an inner scope keeps its outer position (as Python's
    /// `{**outer, **inner}` does).
    let pairs: [(key: String, value: String)]
    /// `,"context":{"k":"v",...}`, or empty when there are no keys.
    let fragment: [UInt8]

    /// The task-local frame; nil outside every scope.
    @TaskLocal static var current: ContextFrame?

    init(pairs: [(key: String, value: String)], limits: CrumbLimits) {
        self.pairs = pairs
        self.fragment = ContextFrame.serialise(pairs, limits: limits)
    }

    /// The frame of `outer` with `values` laid over it.
    static func merge(
        _ outer: [(key: String, value: String)],
        _ values: KeyValuePairs<String, Any>,
        redaction: Redaction,
        limits: CrumbLimits
    ) -> ContextFrame {
        var pairs = outer
        for (key, value) in values {
            let text = redaction.redacts(key) ? Redaction.marker : FieldValue.text(value)
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].value = text
            } else {
                pairs.append((key, text))
            }
        }
        return ContextFrame(pairs: pairs, limits: limits)
    }

    /// The context object is kept to half a crumb, so fields always have room.
    private static func serialise(_ pairs: [(key: String, value: String)], limits: CrumbLimits) -> [UInt8] {
        guard !pairs.isEmpty else { return [] }
        let capacity = limits.crumbBytes / 2
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialised in
            var writer = CrumbJSONWriter(base: buffer.baseAddress!, capacity: capacity)
            writer.raw(",\"context\":{")
            var written = 0
            for (index, pair) in pairs.enumerated() {
                let remaining = pairs.count - index - 1
                // Keep room to close the object and to say how many keys did not fit.
                let reserve = 2 + (remaining > 0 ? 32 : 0)
                if writer.room < reserve + 12 {
                    break
                }
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.string(pair.key, limit: min(limits.keyBytes, writer.room - reserve - 8))
                writer.byte(UInt8(ascii: ":"))
                writer.string(pair.value, limit: min(limits.contextValueBytes, writer.room - reserve - 1))
                written += 1
            }
            if written < pairs.count {
                writer.raw(",\"…\":")
                writer.string("\(pairs.count - written) more keys", limit: 24)
            }
            writer.byte(UInt8(ascii: "}"))
            initialised = writer.count
        }
    }
}
