#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CStateCrumbs
import Synchronization

/// The process-wide recorder behind ``Crumbs`` and ``crumb(_:_:)``.
///
/// `crumb()` reads the current configuration through one atomic load and no lock, and writes
/// into the lock-free ring. `enable` publishes a new configuration and keeps the replaced one
/// alive for a grace period, because a `crumb()` that loaded it a moment ago may still be
/// writing into its ring; a crumb takes well under a microsecond, the grace is two seconds.
enum Recorder {
    /// The current configuration's address (0 until the first use): a plain integer, so the
    /// atomic is Sendable; the object it names is kept alive by `state`.
    private static let published = Atomic<UInt>(0)
    private static let state = Mutex(State())

    private struct State: ~Copyable {
        var current: RecorderConfiguration?
        var retired: [(configuration: RecorderConfiguration, at: ContinuousClock.Instant)] = []
    }

    static let gracePeriod = Duration.seconds(2)

    // MARK: Configuration

    /// Runs `body` with the current configuration (the defaults until `enable`).
    @inline(__always)
    static func withConfiguration<R>(_ body: (RecorderConfiguration) -> R) -> R {
        let address = published.load(ordering: .acquiring)
        if address != 0, let raw = UnsafeRawPointer(bitPattern: address) {
            return Unmanaged<RecorderConfiguration>.fromOpaque(raw)._withUnsafeGuaranteedRef(body)
        }
        return body(installDefaults())
    }

    /// The current configuration, retained (for work longer than a crumb).
    static var configuration: RecorderConfiguration {
        withConfiguration { $0 }
    }

    private static func installDefaults() -> RecorderConfiguration {
        state.withLock { state in
            if let current = state.current { return current }
            let defaults = RecorderConfiguration.defaults()
            publish(defaults, in: &state)
            return defaults
        }
    }

    /// Makes `make(previous)` the configuration; the newest crumbs that fit move to its ring.
    static func configure(_ make: (RecorderConfiguration?) -> RecorderConfiguration) {
        state.withLock { state in
            let next = make(state.current)
            if let old = state.current?.ring, let new = next.ring, old !== new {
                carryOver(from: old, to: new)
            }
            publish(next, in: &state)
        }
    }

    private static func publish(_ next: RecorderConfiguration, in state: inout State) {
        let now = ContinuousClock.now
        if let old = state.current {
            state.retired.append((old, now))
        }
        state.retired.removeAll { now - $0.at > gracePeriod }
        state.current = next
        sc_set_current_ring(next.ring?.pointer)
        published.store(UInt(bitPattern: Unmanaged.passUnretained(next).toOpaque()), ordering: .releasing)
    }

    private static func carryOver(from old: CrumbRing, to new: CrumbRing) {
        var kept: [[UInt8]] = []
        old.forEachCrumb { bytes in
            if bytes.count <= new.slotBytes { kept.append(Array(bytes)) }
        }
        for bytes in kept.suffix(new.capacity) {
            bytes.withUnsafeBufferPointer { new.write($0) }
        }
    }

    // MARK: Recording

    /// Bytes kept free at the end of every crumb for `}` and the "N more fields" marker.
    private static let closingReserve = 40
    /// Bytes a field after the current one is promised, so one long value cannot starve them.
    private static let perFieldReserve = 32

    static func record(_ event: String, _ fields: UnsafeBufferPointer<(String, Any)>) {
        if event.isEmpty { return }
        withConfiguration { configuration in
            let ring = configuration.ring
            let liveQueue = configuration.liveQueue
            guard ring != nil || liveQueue != nil else { return }
            let info = sc_thread_info_current()!
            if info.pointee.has_alt_stack == 0 {
                sc_crash_prepare_thread()  // once per thread: room to dump after a stack overflow
            }
            let capacity = configuration.limits.crumbBytes
            if info.pointee.scratch_cap < UInt32(capacity) {
                guard sc_thread_info_reserve(info, UInt32(capacity)) != 0 else { return }
            }
            var writer = CrumbJSONWriter(base: info.pointee.scratch, capacity: capacity)
            write(event, fields, configuration, info, &writer)
            ring?.write(writer.bytes)
            if let liveQueue {
                // Handed over, not written: the live file's writer thread does the system calls.
                sc_live_queue_push(liveQueue, writer.base, UInt32(writer.count))
            }
        }
    }

    @inline(__always)
    private static func write(
        _ event: String,
        _ fields: UnsafeBufferPointer<(String, Any)>,
        _ configuration: RecorderConfiguration,
        _ info: UnsafeMutablePointer<sc_thread_info>,
        _ writer: inout CrumbJSONWriter
    ) {
        let limits = configuration.limits
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
                refreshThreadName(info)
            }
            info.pointee.since_name_check &+= 1
            writer.raw(",\"thread\":")
            _ = withUnsafeBytes(of: &info.pointee.json_name) { name in
                writer.raw(UnsafeRawBufferPointer(rebasing: name[..<Int(info.pointee.json_name_len)]))
            }
        }
        if let frame = ContextFrame.current, frame.fragment.count <= writer.room - closingReserve {
            writer.raw(frame.fragment)
        }
        let count = fields.count
        var dropped = 0
        let redaction = configuration.redaction
        FieldReader.forEach(fields) { index, key, value in
            if writer.room < closingReserve + 16 {
                dropped = count - index
                return false
            }
            let after = count - index - 1
            writer.byte(UInt8(ascii: ","))
            writeKey(key.pointee, limits: limits, into: &writer)
            writer.byte(UInt8(ascii: ":"))
            let limit = max(5, writer.room - closingReserve - after * perFieldReserve)
            if redaction.redacts(key.pointee) {
                writer.raw("\"<redacted>\"")
                return true
            }
            switch value {
            case .string(let string): writer.string(string.pointee, limit: limit)
            case .integer(let integer) where limit >= 22: writer.integerString(integer)
            case .integer(let integer): writer.string(String(integer), limit: limit)
            case .other(let any): writer.string(FieldValue.text(any.pointee), limit: limit)
            }
            return true
        }
        if dropped > 0 {
            writer.raw(",\"…\":")
            writer.string("\(dropped) more fields", limit: 30)
        }
        writer.byte(UInt8(ascii: "}"))
    }

    /// Reads the thread's name from the system (about 300 ns, so every 128 crumbs) and keeps
    /// it as the JSON string a crumb copies.
    static func refreshThreadName(_ info: UnsafeMutablePointer<sc_thread_info>) {
        sc_thread_info_refresh_name(info)
        withUnsafeBytes(of: &info.pointee.name) { name in
            withUnsafeMutableBytes(of: &info.pointee.json_name) { json in
                var writer = CrumbJSONWriter(base: json.baseAddress!.assumingMemoryBound(to: UInt8.self), capacity: json.count)
                writer.escaped(UnsafeBufferPointer(start: name.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                                   count: Int(info.pointee.name_len)), limit: json.count)
                info.pointee.json_name_len = UInt32(writer.count)
            }
        }
    }

    /// A field named like a key of the crumb itself is stored with a leading underscore.
    @inline(__always)
    static func writeKey(_ key: String, limits: CrumbLimits, into writer: inout CrumbJSONWriter) {
        if isReservedKey(key) {
            writer.string("_" + key, limit: limits.keyBytes)
        } else {
            writer.string(key, limit: limits.keyBytes)
        }
    }

    @inline(__always)
    static func isReservedKey(_ key: String) -> Bool {
        switch key.utf8.count {
        case 2: return key == "ts"
        case 5: return key == "event"
        case 6: return key == "thread"
        case 7: return key == "context"
        default: return false
        }
    }
}
