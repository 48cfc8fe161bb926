#if canImport(Glibc)
import Glibc
#else
#error("StateCrumbs supports Linux with glibc only (x86_64 and arm64)")
#endif
import CStateCrumbs
@_spi(CrumbCodec) import CrumbCodec
import Synchronization

/// The process-wide recorder behind ``Crumbs`` and `crumb()`.
///
/// `crumb()` reads the current configuration through one atomic load and no lock, and writes
/// into the lock-free ring. `enable` publishes a new configuration and keeps the replaced one
/// alive for a grace period, because a `crumb()` that loaded it a moment ago may still be
/// writing into its ring; a crumb takes well under a microsecond, the grace is two seconds.
/// (A crumb that runs the app's code, a value's `description`, retains it instead.)
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

    /// The current configuration, retained (for work longer than a crumb).
    static var configuration: RecorderConfiguration {
        currentConfiguration.takeUnretainedValue()
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
    /// A new ring file gets its name once they are in it; a ring no longer used stops taking
    /// crumbs (a ring file stays on disk, saying so in its header).
    static func configure(_ make: (RecorderConfiguration?) -> RecorderConfiguration) {
        state.withLock { state in
            let next = make(state.current)
            let old = state.current?.ring
            if let old, let new = next.ring, old !== new {
                carryOver(from: old, to: new)
            }
            if next.ring !== old { next.ring?.file?.place() }
            publish(next, in: &state)
            if let old, old !== next.ring { old.detach() }
        }
    }

    private static func publish(_ next: RecorderConfiguration, in state: inout State) {
        sc_clock_setup()  // before any crumb can see the configuration
        sc_thread_info_setup()
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

    /// The current configuration (the defaults until `enable`), unretained: it stays alive for
    /// the grace period after it is replaced, far longer than a crumb takes.
    @inline(__always)
    static var currentConfiguration: Unmanaged<RecorderConfiguration> {
        let address = published.load(ordering: .acquiring)
        if address != 0, let raw = UnsafeRawPointer(bitPattern: address) {
            return Unmanaged<RecorderConfiguration>.fromOpaque(raw)
        }
        return Unmanaged.passUnretained(installDefaults())
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
    static func writeKey(_ key: String, limit: Int, into writer: inout CrumbJSONWriter) {
        if ReservedKey.isReserved(key) {
            writer.string("_" + key, limit: limit)
        } else {
            writer.string(key, limit: limit)
        }
    }
}
