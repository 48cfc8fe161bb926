/// The context in effect: the merged keys of every enclosing ``Crumbs/withContext(_:_:)``
/// scope, and the same keys already serialised as the `,"context":{...}` bytes every crumb in
/// the scope copies, so a crumb pays for its context with one copy, not a dictionary walk.
final class ContextFrame: @unchecked Sendable {
    // @unchecked: every property is a constant, and the fragment's memory is written once in
    // init and freed in deinit.

    /// Outer keys first; a key set again by an inner scope keeps its outer position (as Python's
    /// `{**outer, **inner}` does).
    let pairs: [(key: String, value: String)]
    /// `,"context":{"k":"v",...}`, or empty when there are no keys. Kept in memory of its own
    /// rather than an array, so a crumb copies it without retaining anything.
    let fragment: UnsafeRawBufferPointer

    /// The task-local frame; nil outside every scope.
    @TaskLocal static var current: ContextFrame?

    init(pairs: [(key: String, value: String)], limits: CrumbLimits) {
        self.pairs = pairs
        let bytes = ContextFrame.serialise(pairs, limits: limits)
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        memory.copyBytes(from: bytes)
        self.fragment = UnsafeRawBufferPointer(memory)
    }

    deinit {
        fragment.deallocate()
    }

    /// The task-local's key: the address of the `TaskLocal` object, as the runtime knows it.
    static var currentKey: UnsafeRawPointer { UnsafeRawPointer(Unmanaged.passUnretained(ContextFrame.$current).toOpaque()) }

    /// Calls `body` with the current frame's fragment, when there is a frame, without retaining
    /// the frame: on the recording path the task-local getter (generic, copying the value
    /// through value witnesses, retaining and releasing it) costs ten times the lookup. The
    /// scope that bound the frame keeps it alive while code inside the scope runs.
    ///
    /// `key` is ``currentKey`` (passed in, so the crumb path does not check a lazy global).
    @inline(__always)
    static func withCurrentFragment(key: UnsafeRawPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let slot = _taskLocalValueGet(key),
              let frame = slot.load(as: UnsafeRawPointer?.self) else { return }
        Unmanaged<ContextFrame>.fromOpaque(frame)._withUnsafeGuaranteedRef { body($0.fragment) }
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

/// The Swift runtime's task-local lookup, the function `TaskLocal.get()` calls: the address of
/// the value bound to `key` in the current task (or, outside a task, on this thread), nil when
/// there is none. The value of `ContextFrame.$current` is a `ContextFrame?`: one word, the
/// object's address or 0.
@_silgen_name("swift_task_localValueGet")
private func _taskLocalValueGet(_ key: UnsafeRawPointer) -> UnsafeMutableRawPointer?
