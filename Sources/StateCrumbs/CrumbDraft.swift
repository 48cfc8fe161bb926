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
    fileprivate var writer = CrumbJSONWriter()
    fileprivate var configuration: UnsafeRawPointer?
    fileprivate var limits = CrumbLimits(crumbBytes: 0)
    fileprivate var generation: UInt32 = 0
    fileprivate var ring: OpaquePointer?
    fileprivate var liveQueue: OpaquePointer?
    fileprivate var info: UnsafeMutablePointer<sc_thread_info>?
    fileprivate var fieldCount = 0
    fileprivate var index = 0
    fileprivate var dropped = 0
    /// Set when this crumb is written inside another one on the same thread (a value's
    /// `description` that records a crumb): it has its own buffer, freed by `finish`.
    fileprivate var nested = false
    /// Set once the configuration has been retained because code of the app's (a value's
    /// `description`) runs while this crumb is written: that may take longer than the grace
    /// period that otherwise keeps the configuration, and its ring, alive.
    fileprivate var retained = false

    /// Bytes kept free at the end of every crumb for `}` and the "N more fields" marker.
    fileprivate static var closingReserve: Int { 40 }
    /// Bytes a field after the current one is promised, so one long value cannot starve them.
    fileprivate static var perFieldReserve: Int { 32 }

    /// An empty draft; ``begin(_:fieldCount:)`` starts the crumb.
    @usableFromInline
    init() {}

    /// The configuration the crumb began under (alive for the grace period; see ``Recorder``).
    private var recorder: RecorderConfiguration {
        @inline(__always) _read {
            yield Unmanaged<RecorderConfiguration>.fromOpaque(configuration!)._withUnsafeGuaranteedRef { $0 }
        }
    }

    /// Starts a crumb with `fieldCount` fields; false when nothing is to be recorded (empty
    /// event, `maxCrumbs` of 0 and no live file, no memory).
    @usableFromInline
    mutating func begin(_ event: String, fieldCount: Int) -> Bool {
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
        if configuration.includeTimestamp, writer.room >= Timestamp.width + 8 {
            writer.raw(",\"ts\":\"")
            Timestamp.writeNow(into: writer.base + writer.count, cache: info)
            writer.advance(by: Timestamp.width)
            writer.byte(UInt8(ascii: "\""))
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
    private mutating func nextField() -> Int? {
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
    private var keyLimit: Int {
        min(limits.keyBytes, writer.room - Self.closingReserve - 20)
    }

    @inline(__always)
    private func valueLimit(fieldsAfter after: Int) -> Int {
        max(5, writer.room - Self.closingReserve - after * Self.perFieldReserve)
    }

    /// Writes `,"key":` and, for a secret, its `<redacted>` value; false when the value is
    /// not to be written. A key of up to 16 bytes goes through the thread's key cache.
    private mutating func writeKey(_ key: String) -> Bool {
        let count = key.utf8.count
        if count > 0, count <= 16,
           let written = key.utf8.withContiguousStorageIfAvailable({ writeShortKey($0) }),
           let keep = written {
            return keep
        }
        return writeKeyUncached(key)
    }

    /// Writes a key the cache does not take: escaped, renamed or cut as need be.
    private mutating func writeKeyUncached(_ key: String) -> Bool {
        let limit = keyLimit
        writer.byte(UInt8(ascii: ","))
        Recorder.writeKey(key, limit: limit, into: &writer)
        writer.byte(UInt8(ascii: ":"))
        if recorder.redaction.redacts(key) {
            writer.raw("\"<redacted>\"")
            return false
        }
        return true
    }

    /// Writes `,"key":` (and `<redacted>`) for a key the cache has judged; false when the
    /// value is not to be written.
    @inline(__always)
    private mutating func writeJudged(_ bytes: UnsafeRawPointer, count: Int, _ entry: UnsafeMutablePointer<sc_key_entry>) -> Bool {
        writer.byte(UInt8(ascii: ","))
        writer.quotedClean(bytes, count: count)
        writer.byte(UInt8(ascii: ":"))
        if entry.pointee.redacted != 0 {
            writer.raw("\"<redacted>\"")
            return false
        }
        return true
    }

    /// The cache entry for a key with this identity.
    @inline(__always)
    private func entry(_ first: UInt64, _ last: UInt64, count: Int) -> UnsafeMutablePointer<sc_key_entry> {
        let mixed = (first ^ last &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        // The top bits, as many as index the table.
        let bits = UInt64(64 - Int(SC_KEY_CACHE_SIZE).trailingZeroBitCount)
        return info!.pointee.keys + Int(truncatingIfNeeded: mixed >> bits)
    }

    /// Writes a key of 1 to 16 bytes through the cache, which knows such a key by its bytes
    /// (two overlapping words and the count are the whole key); nil for a key the cache does
    /// not take, or that does not fit whole here.
    @inline(__always)
    private mutating func writeShortKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool? {
        let count = key.count
        let bytes = UnsafeRawPointer(key.baseAddress!)
        let first: UInt64, last: UInt64
        if count >= 8 {
            first = bytes.loadUnaligned(as: UInt64.self)
            last = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            first = UInt64(bytes.loadUnaligned(as: UInt32.self))
                | UInt64(bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
            last = 0
        } else {
            var word: UInt64 = 0
            for index in 0..<count { word |= UInt64(key[index]) << (8 * index) }
            first = word
            last = 0
        }
        let entry = entry(first, last, count: count)
        if entry.pointee.first != first || entry.pointee.last != last || entry.pointee.length != UInt32(count)
            || entry.pointee.generation != generation || entry.pointee.by_content != 1 {
            guard let redacted = judge(key) else { return nil }
            remember(entry, first: first, last: last, byContent: true, count: count, redacted: redacted)
        }
        guard count + 2 <= keyLimit else { return nil }
        return writeJudged(bytes, count: count, entry)
    }

    /// Writes `,"key":` for a literal key, from the thread's key cache when it has the key.
    @inline(__always)
    private mutating func writeKey(_ key: CrumbKey) -> Bool {
        guard key.text.hasPointerRepresentation else { return writeKey(key.description) }
        let address = UnsafeRawPointer(key.text.utf8Start)
        let count = key.text.utf8CodeUnitCount
        let bits = UInt64(UInt(bitPattern: address))
        let entry = entry(bits, 0, count: count)
        if entry.pointee.first != bits || entry.pointee.length != UInt32(count)
            || entry.pointee.generation != generation || entry.pointee.by_content != 0 {
            guard let redacted = judge(UnsafeBufferPointer(start: key.text.utf8Start, count: count)) else {
                return writeKeyUncached(key.description)
            }
            remember(entry, first: bits, last: 0, byContent: false, count: count, redacted: redacted)
        }
        // A key that does not fit whole here is cut the way the String path cuts it.
        guard count + 2 <= keyLimit else { return writeKeyUncached(key.description) }
        return writeJudged(address, count: count, entry)
    }

    /// Decides how a key is written: whether its value is a secret, or nil for a key the cache
    /// does not take (one to escape or rename, or longer than a key may be), which goes the
    /// slow way every time. A key is kept whole when it fits with its quotes, as the String
    /// path does.
    private func judge(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count > 0, bytes.count + 2 <= limits.keyBytes, !JSONEscape.needsEscape(bytes),
              ReservedKey.named(bytes) == nil else { return nil }
        return recorder.redaction.redacts(bytes)
    }

    /// Fills a cache entry. The generation goes last and is cleared first, so the entry never
    /// pairs one key's identity with another's judgement, even seen half-written (from a crumb
    /// that interrupts this one on the same thread).
    @inline(__always)
    private func remember(
        _ entry: UnsafeMutablePointer<sc_key_entry>, first: UInt64, last: UInt64, byContent: Bool,
        count: Int, redacted: Bool
    ) {
        entry.pointee.generation = 0
        entry.pointee.first = first
        entry.pointee.last = last
        entry.pointee.by_content = byContent ? 1 : 0
        entry.pointee.length = UInt32(count)
        entry.pointee.redacted = redacted ? 1 : 0
        entry.pointee.generation = generation
    }

    @inline(__always)
    private mutating func write(_ value: CrumbValue, limit: Int) {
        switch value.storage {
        case .string(let string): writer.string(string, limit: limit)
        case .integer(let integer): writer.integerString(integer, limit: limit)
        case .double(let double): writer.string(String(describing: double), limit: limit)
        case .boolean(let boolean): writer.string(boolean ? "true" : "false", limit: limit)
        }
    }

    /// Adds a field whose key and value are literals.
    @usableFromInline
    mutating func add(_ key: CrumbKey, _ value: CrumbValue) {
        guard let after = nextField(), writeKey(key) else { return }
        write(value, limit: valueLimit(fieldsAfter: after))
    }

    /// Adds a field whose value is read in place from an `Any` (see ``FieldReader``).
    mutating func add(_ key: String, _ value: FieldReader.Value) {
        guard let after = nextField(), writeKey(key) else { return }
        let limit = valueLimit(fieldsAfter: after)
        switch value {
        case .string(let string): writer.string(string.pointee, limit: limit)
        case .integer(let integer): writer.integerString(integer, limit: limit)
        case .other(let any):
            if !retained, let configuration {
                _ = Unmanaged<RecorderConfiguration>.fromOpaque(configuration).retain()
                retained = true
            }
            writer.string(FieldValue.text(any.pointee), limit: limit)
        }
    }

    /// Closes the crumb and hands it to the ring and the live file.
    @usableFromInline
    mutating func finish() {
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
