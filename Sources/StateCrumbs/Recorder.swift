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

    static func record(_ event: String, _ fields: KeyValuePairs<String, Any>) {
        if event.isEmpty { return }
        withConfiguration { configuration in
            guard let ring = configuration.ring else { return }
            let info = sc_thread_info_current()!
            let capacity = configuration.limits.crumbBytes
            if info.pointee.scratch_cap < UInt32(capacity) {
                guard sc_thread_info_reserve(info, UInt32(capacity)) != 0 else { return }
            }
            var writer = CrumbJSONWriter(base: info.pointee.scratch, capacity: capacity)
            write(event, fields, configuration, info, &writer)
            ring.write(writer.bytes)
        }
    }

    @inline(__always)
    private static func write(
        _ event: String,
        _ fields: KeyValuePairs<String, Any>,
        _ configuration: RecorderConfiguration,
        _ info: UnsafeMutablePointer<sc_thread_info>,
        _ writer: inout CrumbJSONWriter
    ) {
        let limits = configuration.limits
        writer.raw("{\"event\":")
        writer.string(event, limit: limits.eventBytes)
        if configuration.includeTimestamp, writer.room >= Timestamp.width + 8 {
            writer.raw(",\"ts\":\"")
            Timestamp.writeNow(into: writer.base + writer.count)
            writer.advance(by: Timestamp.width)
            writer.byte(UInt8(ascii: "\""))
        }
        if configuration.includeThread {
            if info.pointee.name_len == 0 || info.pointee.since_name_check >= 128 {
                sc_thread_info_refresh_name(info)
            }
            info.pointee.since_name_check &+= 1
            writer.raw(",\"thread\":")
            withUnsafeBytes(of: &info.pointee.name) { name in
                writer.escaped(
                    UnsafeBufferPointer(start: name.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                        count: Int(info.pointee.name_len)),
                    limit: 96)
            }
        }
        if let frame = ContextFrame.current, frame.fragment.count <= writer.room - closingReserve {
            writer.raw(frame.fragment)
        }
        var index = 0
        let count = fields.count
        var dropped = 0
        while index < count {
            let (key, value) = fields[index]
            let after = count - index - 1
            if writer.room < closingReserve + 16 {
                dropped = count - index
                break
            }
            writer.byte(UInt8(ascii: ","))
            writeKey(key, limits: limits, into: &writer)
            writer.byte(UInt8(ascii: ":"))
            let limit = max(5, writer.room - closingReserve - after * perFieldReserve)
            if configuration.redaction.redacts(key) {
                writer.raw("\"<redacted>\"")
            } else {
                writeValue(value, limit: limit, into: &writer)
            }
            index += 1
        }
        if dropped > 0 {
            writer.raw(",\"…\":")
            writer.string("\(dropped) more fields", limit: 30)
        }
        writer.byte(UInt8(ascii: "}"))
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

    @inline(__always)
    private static func writeValue(_ value: Any, limit: Int, into writer: inout CrumbJSONWriter) {
        if let string = value as? String {
            writer.string(string, limit: limit)
        } else if let integer = value as? Int, limit >= 22 {
            writer.integerString(integer)
        } else {
            writer.string(FieldValue.text(value), limit: limit)
        }
    }
}
