import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What the crash crumb (`statecrumbs.crash`, the last crumb of every dump) should say about a
/// crash of the CrashFixture.
struct ExpectedCrash: Sendable {
    var signal: Int32
    /// The name of si_code.
    var code: String
    /// Whether it names the faulting address (a fault, not a signal someone sent).
    var address = false
    /// The crashing thread's name as its crumbs carry it; nil: the thread of one of the
    /// `before.crash` crumbs (several threads crashed at once, and one of them got to dump).
    var thread: String? = "MainThread"
    /// The process that sent the signal (`sender_pid`); nil when none is expected.
    var sender: pid_t?

    func on(_ thread: String?) -> ExpectedCrash {
        var copy = self
        copy.thread = thread
        return copy
    }

    static let names: [Int32: String] = [
        SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
        SIGSEGV: "SIGSEGV", SIGSYS: "SIGSYS",
    ]

    /// Checks that the last crumb of `dump` (its text) is the crash crumb this expects, from
    /// process `pid`, and returns the crumbs before it (the ring's).
    @discardableResult
    func check(dump: String, pid: pid_t, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        var crumbs = try CrashTests.crumbs(dump)
        let last = crumbs.popLast()
        let crash = try #require(last, sourceLocation: sourceLocation)
        try check(crash, keyOrder: Fixture.keyOrder(ofObjectsIn: dump).last ?? [], before: crumbs, pid: pid,
                  sourceLocation: sourceLocation)
        return crumbs
    }

    /// Checks one crash crumb: its keys (in this order), its values, its thread against the
    /// crumbs `before` it, and that its time is not before theirs.
    func check(_ crash: [String: Any], keyOrder: [String], before: [[String: Any]], pid: pid_t,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(crash["event"] as? String == "statecrumbs.crash", "\(crash)", sourceLocation: sourceLocation)
        #expect(crash["signal"] as? String == Self.names[signal], sourceLocation: sourceLocation)
        #expect(crash["code"] as? String == code, sourceLocation: sourceLocation)
        #expect(crash["pid"] as? String == String(pid), sourceLocation: sourceLocation)
        var keys = ["event", "ts", "thread", "signal", "code"]
        if address {
            let value = try #require(crash["address"] as? String, sourceLocation: sourceLocation)
            #expect(value.wholeMatch(of: /0x[0-9a-f]+/) != nil && value != "0x0", "\(value)", sourceLocation: sourceLocation)
            keys.append("address")
        }
        keys.append("pid")
        if let sender {
            #expect(crash["sender_pid"] as? String == String(sender), sourceLocation: sourceLocation)
            keys.append("sender_pid")
        }
        #expect(keyOrder == keys, sourceLocation: sourceLocation)

        let name = try #require(crash["thread"] as? String, sourceLocation: sourceLocation)
        if let thread {
            #expect(name == thread, sourceLocation: sourceLocation)
        } else {
            let crashed = before.filter { $0["event"] as? String == "before.crash" }.compactMap { $0["thread"] as? String }
            #expect(crashed.contains(name), "\(name) is not among \(crashed)", sourceLocation: sourceLocation)
        }
        // Stamps in one format compare as text.
        let stamp = try #require(crash["ts"] as? String, sourceLocation: sourceLocation)
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00/) != nil, sourceLocation: sourceLocation)
        let latest = before.compactMap { $0["ts"] as? String }.max() ?? ""
        #expect(stamp >= latest, "\(stamp) is before \(latest)", sourceLocation: sourceLocation)
    }
}
