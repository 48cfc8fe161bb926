import Foundation
import Testing
@testable import StateCrumbs

extension GlobalRecorder {
    @Suite struct Concurrency {
        /// Runs `body(thread)` on `count` threads at once and waits for all.
        static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
            let group = DispatchGroup()
            let start = DispatchSemaphore(value: 0)
            for index in 0..<count {
                group.enter()
                Thread {
                    Crumbs.setThreadName("writer-\(index)")
                    start.wait()
                    body(index)
                    group.leave()
                }.start()
            }
            for _ in 0..<count { start.signal() }
            group.wait()
        }

        @Test func eightThreadsLoseAndTearNothing() throws {
            let threads = 8, perThread = 100_000
            Fixture.reset(maxCrumbs: 1_000_000)
            Self.onThreads(threads) { thread in
                Crumbs.withContext(["writer": thread]) {
                    for i in 0..<perThread { crumb("write", ["thread": thread, "i": i]) }
                }
            }
            let crumbs = Crumbs.snapshot()
            #expect(crumbs.count == threads * perThread)
            var next = [Int](repeating: 0, count: threads)
            var outOfOrder = 0, torn = 0
            for crumb in crumbs {
                guard let thread = crumb["_thread"].flatMap(Int.init), let i = crumb["i"].flatMap(Int.init),
                      crumb.event == "write", crumb.thread == "writer-\(thread)",
                      crumb.contextValue("writer") == String(thread)
                else { torn += 1; continue }
                if i != next[thread] { outOfOrder += 1 }
                next[thread] = i + 1
            }
            #expect(torn == 0)
            #expect(outOfOrder == 0)
            #expect(next == [Int](repeating: perThread, count: threads))
        }

        @Test func aSmallRingUnderContentionKeepsOnlyWholeCrumbs() {
            Fixture.reset(maxCrumbs: 64)
            Self.onThreads(4) { thread in
                for i in 0..<50_000 { crumb("spin", ["thread": thread, "i": i, "pad": String(repeating: "x", count: i % 300)]) }
            }
            let crumbs = Crumbs.snapshot()
            #expect(crumbs.count <= 64 && crumbs.count >= 60)
            #expect(crumbs.allSatisfy { $0.event == "spin" && $0["pad"] != nil })
        }

        @Test func snapshotsTakenWhileWritingSeeOnlyWholeCrumbs() {
            Fixture.reset(maxCrumbs: 256)
            let stop = ManagedAtomicFlag()
            let group = DispatchGroup()
            group.enter()
            Thread {
                var i = 0
                while !stop.isSet {
                    crumb("live", ["i": i, "pad": String(repeating: "y", count: i % 200)])
                    i += 1
                }
                group.leave()
            }.start()
            // Wait (bounded) for the writer to be under way before sampling.
            var waited = 0
            while Crumbs.snapshot().isEmpty && waited < 10_000 {
                usleep(1000)
                waited += 1
            }
            var seen = 0
            for _ in 0..<200 {
                let crumbs = Crumbs.snapshot()
                #expect(crumbs.allSatisfy { $0.event == "live" && $0["pad"]?.count == Int($0["i"] ?? "")! % 200 })
                seen += crumbs.count
            }
            stop.set()
            group.wait()
            #expect(seen > 0)
        }

        @Test func reconfiguringWhileOtherThreadsRecordIsSafe() {
            Fixture.reset(maxCrumbs: 100)
            let stop = ManagedAtomicFlag()
            let group = DispatchGroup()
            for _ in 0..<2 {
                group.enter()
                Thread {
                    while !stop.isSet { crumb("busy", ["k": "v"]) }
                    group.leave()
                }.start()
            }
            for size in [10, 1000, 5, 300, 50] {
                Crumbs.enable(maxCrumbs: size, onCrash: .off)
                #expect(Crumbs.snapshot().count <= size)
            }
            stop.set()
            group.wait()
            #expect(Crumbs.snapshot().allSatisfy { $0.event == "busy" })
        }
    }
}

/// A flag one thread sets and others poll.
final class ManagedAtomicFlag: @unchecked Sendable {
    // @unchecked: the value is only touched under the lock.
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
