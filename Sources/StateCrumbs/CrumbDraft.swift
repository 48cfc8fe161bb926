#if canImport(Glibc)
import Glibc
#else
#error("StateCrumbs supports Linux with glibc only (x86_64 and arm64)")
#endif
import CStateCrumbs
@_spi(CrumbCodec) import CrumbCodec

/// One crumb being written: `crumb()` begins it (event, time, thread, context), adds its
/// fields one by one, and finishes it into the ring and the live file.
///
/// Split in three so that the literal `crumb()`, inlined into the caller, can hand over each
/// field by value: the literal then never escapes and Swift keeps it on the stack. (Handing
/// over a pointer to the literal's elements makes Swift put it on the heap.) The draft lives
/// in the caller's frame and is changed in place: returning it by value cost a copy that the
/// processor stalls on.
@usableFromInline
struct _CrumbDraft {
    var writer = CrumbJSONWriter()
    var configuration: UnsafeRawPointer?
    var limits = CrumbLimits(crumbBytes: 0)
    var generation: UInt32 = 0
    var ring: OpaquePointer?
    var liveQueue: OpaquePointer?
    var info: UnsafeMutablePointer<sc_thread_info>?
    var fieldCount = 0
    var index = 0
    var dropped = 0
    /// Set when this crumb is written inside another one on the same thread (a value's
    /// `description` that records a crumb): it has its own buffer, freed by `finish`.
    var nested = false
    /// Set once the configuration has been retained because code of the app's (a value's
    /// `description`) runs while this crumb is written: that may take longer than the grace
    /// period that otherwise keeps the configuration, and its ring, alive.
    var retained = false

    /// Bytes kept free at the end of every crumb for `}` and the "N more fields" marker.
    static var closingReserve: Int { 40 }
    /// Bytes a field after the current one is promised, so one long value cannot starve them.
    static var perFieldReserve: Int { 32 }

    /// An empty draft; ``begin(_:fieldCount:)`` starts the crumb.
    @usableFromInline
    init() {}

    /// The configuration the crumb began under (alive for the grace period; see ``Recorder``).
    var recorder: RecorderConfiguration {
        @inline(__always) _read {
            yield Unmanaged<RecorderConfiguration>.fromOpaque(configuration!)._withUnsafeGuaranteedRef { $0 }
        }
    }

    /// Starts a crumb with `fieldCount` fields; false when nothing is to be recorded (empty
    /// event, `maxCrumbs` of 0 and no live file, no memory).
    @usableFromInline
    mutating func begin(_ event: String, fieldCount: Int) -> Bool {
        inlinedBegin(event, fieldCount: fieldCount)
    }

    /// ``begin(_:fieldCount:)``, inlined into the `Any` overload's one function.
    @inline(__always)
    mutating func inlinedBegin(_ event: String, fieldCount: Int) -> Bool {
        if event.isEmpty { return false }
        let configuration = Recorder.currentConfiguration
        return configuration._withUnsafeGuaranteedRef { object in
            begin(event, fieldCount: fieldCount, UnsafeRawPointer(configuration.toOpaque()), object)
        }
    }

    @inline(__always)
    private mutating func begin(
        _ event: String, fieldCount: Int, _ address: UnsafeRawPointer, _ object: RecorderConfiguration
    ) -> Bool {
        let ring = object.ring?.pointer
        guard ring != nil || object.liveQueue != nil else { return false }
        let info = sc_thread_info_current()!
        if info.pointee.has_alt_stack == 0 {
            sc_crash_prepare_thread()  // once per thread: room to dump after a stack overflow
        }
        let capacity = object.limits.crumbBytes
        let nested = info.pointee.writing != 0
        let base: UnsafeMutablePointer<UInt8>
        if nested {
            // malloc, not allocate(capacity:), which traps when memory runs out.
            guard let memory = malloc(capacity) else { return false }
            base = memory.assumingMemoryBound(to: UInt8.self)
        } else {
            if info.pointee.scratch_cap < UInt32(capacity) || info.pointee.keys == nil {
                guard sc_thread_info_reserve(info, UInt32(capacity)) != 0 else { return false }
            }
            base = info.pointee.scratch
            info.pointee.writing = 1
        }
        self.writer = CrumbJSONWriter(base: base, capacity: capacity)
        self.configuration = address
        self.limits = object.limits
        self.generation = object.generation
        self.ring = ring
        self.liveQueue = object.liveQueue
        self.info = info
        self.fieldCount = fieldCount
        self.nested = nested
        writeHeader(event, object, info)
        return true
    }

    @inline(__always)
    private mutating func writeHeader(
        _ event: String, _ configuration: RecorderConfiguration, _ info: UnsafeMutablePointer<sc_thread_info>
    ) {
        writer.raw("{\"event\":")
        writer.string(event, limit: limits.eventBytes)
        if configuration.includeTimestamp, writer.room >= CrumbJSONWriter.timeTokenWidth + 6 {
            writer.raw(",\"ts\":")
            writer.time(info)
        }
        if configuration.includeThread {
            if info.pointee.json_name_len == 0 || info.pointee.since_name_check >= 128 {
                Recorder.refreshThreadName(info)
            }
            info.pointee.since_name_check &+= 1
            writer.raw(",\"thread\":")
            _ = withUnsafeBytes(of: &info.pointee.json_name) { name in
                writer.raw(UnsafeRawBufferPointer(rebasing: name[..<Int(info.pointee.json_name_len)]))
            }
        }
        let room = writer.room - Self.closingReserve
        ContextFrame.withCurrentFragment(key: configuration.contextKey) { fragment in
            if fragment.count <= room { writer.raw(fragment) }
        }
    }

    /// Makes room for the next field: nil, and the field counted as dropped, when the crumb
    /// is full. Otherwise returns how many fields come after it.
    @inline(__always)
    mutating func nextField() -> Int? {
        if writer.room < Self.closingReserve + 32 {
            if dropped == 0 { dropped = fieldCount - index }
            return nil
        }
        index += 1
        return fieldCount - index
    }

    /// The most bytes a key may take, quotes included: its own limit, and never so much that
    /// a `<redacted>` value and the closing reserve would not fit after it (at least 12, since
    /// ``nextField()`` keeps 32 bytes beyond the reserve).
    @inline(__always)
    var keyLimit: Int {
        min(limits.keyBytes, writer.room - Self.closingReserve - 20)
    }

    @inline(__always)
    func valueLimit(fieldsAfter after: Int) -> Int {
        max(5, writer.room - Self.closingReserve - after * Self.perFieldReserve)
    }

    @inline(__always)
    private mutating func write(_ value: CrumbValue, limit: Int) {
        switch value.storage {
        case .string(let string): writer.string(string, limit: limit)
        case .integer(let integer): writer.integer(integer, limit: limit)
        case .double(let double): writer.described(double, limit: limit)
        case .boolean(let boolean): writer.boolean(boolean, limit: limit)
        }
    }

    /// Adds a field whose key and value are literals.
    @usableFromInline
    mutating func add(_ key: CrumbKey, _ value: CrumbValue) {
        guard let after = nextField(), writeKey(key) else { return }
        write(value, limit: valueLimit(fieldsAfter: after))
    }

    /// Keeps the configuration, and its ring, alive until ``finish()``: called before code of
    /// the app's (a value's `description`) runs, which may take longer than the grace period.
    mutating func holdConfiguration() {
        if !retained, let configuration {
            _ = Unmanaged<RecorderConfiguration>.fromOpaque(configuration).retain()
            retained = true
        }
    }

    /// Closes the crumb and hands it to the ring and the live file.
    @usableFromInline
    mutating func finish() {
        inlinedFinish()
    }

    /// ``finish()``, inlined into the `Any` overload's one function.
    @inline(__always)
    mutating func inlinedFinish() {
        if dropped > 0 {
            // Fits: the closing reserve keeps 40 bytes for these 7 + 30 and the brace.
            writer.raw(",\"…\":")
            writer.string("\(dropped) more fields", limit: 30)
        }
        writer.byte(UInt8(ascii: "}"))
        if let ring {
            sc_ring_write(ring, writer.base, UInt32(writer.count))
        }
        if let liveQueue {
            // Handed over, not written: the live file's writer thread does the system calls.
            sc_live_queue_push(liveQueue, writer.base, UInt32(writer.count))
        }
        if nested {
            free(writer.base)
        } else {
            info!.pointee.writing = 0
        }
        if retained, let configuration {
            Unmanaged<RecorderConfiguration>.fromOpaque(configuration).release()
        }
    }
}
