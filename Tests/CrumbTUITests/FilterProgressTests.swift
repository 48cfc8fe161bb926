import CrumbEngine
import Foundation
import Synchronization
import Testing

/// The engine's hooks for filtering off the viewer's input thread: a check that says how far it
/// got and can be stopped, a snapshot of a store to read on another thread while the store
/// grows, and a result carried over from the snapshot to the store.
@Suite struct FilterProgressTests {
    typealias S = ViewerTestSupport

    static func store(_ text: String) -> CrumbStore {
        let store = CrumbStore()
        CrumbLoader().load(bytes: Array(text.utf8), name: "test.jsonl", into: store)
        return store
    }

    @Test func aCheckSaysHowFarItGotAndStopsWhenTold() throws {
        let store = Self.store(S.jsonLines(10_000))
        let filter = try CrumbFilter("e1")
        var calls: [[Int]] = []
        let whole = FilterResult(filter, in: store) { checked, total in
            calls.append([checked, total])
            return true
        }
        #expect(whole?.matches == FilterResult(filter, in: store).matches)
        #expect(calls == [[0, 10_000], [4096, 10_000], [8192, 10_000]])

        calls = []
        let stopped = FilterResult(filter, in: store) { checked, total in
            calls.append([checked, total])
            return checked == 0
        }
        #expect(stopped == nil, "told to stop, the check gives no result")
        #expect(calls == [[0, 10_000], [4096, 10_000]], "and stops at once")

        // Each term may read the whole crumb: four terms, a quarter of the crumbs between calls.
        calls = []
        _ = FilterResult(try CrumbFilter("e1 e2 e3 e4"), in: store) { checked, total in
            calls.append([checked, total])
            return true
        }
        #expect(calls.map { $0[0] } == Array(stride(from: 0, through: 10_000, by: 1024)))
    }

    @Test func aCheckOfFewLongCrumbsStillSaysHowFarItGot() throws {
        // Five crumbs of 600 KB each: progress comes every megabyte, not every 4,096 crumbs.
        let long = String(repeating: "x", count: 600_000)
        let text = (0..<5).map { #"{"event":"e\#($0)","thread":"w","value":"\#(long)"}"# }.joined(separator: "\n") + "\n"
        let store = Self.store(text)
        var checked: [Int] = []
        let result = FilterResult(try CrumbFilter("needle"), in: store) { done, _ in
            checked.append(done)
            return true
        }
        #expect(result?.matches == [])
        #expect(checked == [0, 2, 4])
    }

    @Test func aSnapshotStaysAsItWasAndItsResultIsCarriedOverToTheGrownStore() throws {
        let store = Self.store(S.jsonLines(30))
        let snapshot = store.snapshot()
        store.appendLines(Array(S.jsonLines(6, from: 30).utf8), name: "test.jsonl")
        #expect(snapshot.count == 30 && store.count == 36)
        let filter = try CrumbFilter("thread:w2")
        let result = FilterResult(filter, in: snapshot)
        #expect(result.matches.count == 10 && result.checked == 30)
        let moved = result.moved(to: store)
        #expect(moved.store === store)
        #expect(moved.matches == FilterResult(filter, in: store).matches)
        #expect(moved.matches.suffix(2) == [31, 34])
        store.appendLines(Array(S.jsonLines(3, from: 36).utf8), name: "test.jsonl")
        moved.extend()
        #expect(moved.matches.last == 37, "the carried-over result goes on growing with the store")
    }

    /// Run under ThreadSanitizer in CI: a snapshot read on another thread (bytes, thread and
    /// event counts, context, the intern tables) while the store appends and builds its indexes.
    @Test func aSnapshotIsFilteredOnAnotherThreadWhileTheStoreGrows() throws {
        let store = Self.store(S.jsonLines(20_000))
        let filters = try ["e1", "thread:w2 -event:e2*", "ctx.request_id:req-1", "n:12*"].map { try CrumbFilter($0) }
        let results = Mutex<[[UInt32]]>([])
        let done = DispatchSemaphore(value: 0)
        let snapshot = Box(store.snapshot())
        Thread.detachNewThread {
            let found = filters.map { FilterResult($0, in: snapshot.store).matches }
            results.withLock { $0 = found }
            done.signal()
        }
        for batch in 0..<50 {
            store.appendLines(Array(S.jsonLines(100, from: 20_000 + batch * 100).utf8), name: "live.jsonl")
            _ = store.threadIndex
            _ = store.contextKeyIndex
        }
        done.wait()
        let found = results.withLock { $0 }
        for (filter, matches) in zip(filters, found) {
            #expect(matches == FilterResult(filter, in: store).matches.filter { $0 < 20_000 }, "\(filter.expression)")
        }
    }

    /// A store handed to one other thread, which alone uses it from then on.
    final class Box: @unchecked Sendable {
        let store: CrumbStore
        init(_ store: CrumbStore) { self.store = store }
    }
}
