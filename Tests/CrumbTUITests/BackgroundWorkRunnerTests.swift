import CrumbEngine
@testable import CrumbTUI
import Foundation
import Testing

/// The session's runner of background work, with real threads (run under ThreadSanitizer in
/// CI): it reports the result of work over a snapshot of the store while the store grows,
/// reports nothing for cancelled work, and lets work that reads context wait for the context
/// being read in the background.
@Suite struct BackgroundWorkRunnerTests {
    typealias S = ViewerTestSupport

    static func work(_ id: Int, _ expression: String, _ purpose: BackgroundWork.Purpose = .filter) throws -> BackgroundWork {
        BackgroundWork(id: id, purpose: purpose, text: expression, filter: try CrumbFilter(expression))
    }

    /// Polls, as the session does between keys, until the work with these ids is done; returns
    /// each one's result and the progress (crumbs checked) it reported before. `meanwhile` runs
    /// between polls, as the rest of the session's loop does.
    static func waitForResults(_ runner: WorkRunner, _ ids: Set<Int>, _ list: CrumbList, meanwhile: () -> Void = {})
        throws -> [Int: (result: WorkResult, progress: [Int])] {
        var progress: [Int: [Int]] = [:]
        var results: [Int: (result: WorkResult, progress: [Int])] = [:]
        let end = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < end {
            for action in runner.poll(list.store) {
                switch action {
                case .workDone(let id, let result): results[id] = (result, progress[id] ?? [])
                case .workProgress(let id, let checked, _): progress[id, default: []].append(checked)
                default: Issue.record("unexpected report \(action)")
                }
            }
            if Set(results.keys) == ids { return results }
            meanwhile()
            Thread.sleep(forTimeInterval: 0.002)
        }
        Issue.record("work \(ids.subtracting(results.keys)) did not end")
        throw CancellationError()
    }

    static func waitForResult(_ runner: WorkRunner, _ id: Int, _ list: CrumbList, meanwhile: () -> Void = {}) throws -> WorkResult {
        try waitForResults(runner, [id], list, meanwhile: meanwhile)[id]!.result
    }

    @Test func reportsTheResultOfWorkOverASnapshotWhileTheStoreGrows() throws {
        let list = try S.list(S.jsonLines(50_000))
        let runner = WorkRunner()
        runner.start(try Self.work(1, "e1 thread:w2"), store: list.store)
        runner.start(try Self.work(2, "req-1", .search), store: list.store)
        #expect(runner.isBusy)
        var appended = 0
        let grow = {
            // Following a live file: lines arrive while the work runs.
            if appended < 40 {
                list.append(Array(S.jsonLines(50, from: 50_000 + appended * 50).utf8), name: "test.jsonl", firstLine: 1)
                appended += 1
            }
        }
        let results = try Self.waitForResults(runner, [1, 2], list, meanwhile: grow)
        let filtered = try #require(results[1]), searched = try #require(results[2])
        #expect(filtered.progress == filtered.progress.sorted(), "progress only goes forward")
        list.adoptFilter(filtered.result)
        #expect(list.result.matches == FilterResult(try CrumbFilter("e1 thread:w2"), in: list.store).matches,
                "crumbs appended while the work ran are checked when its result is taken")
        list.adoptSearch(searched.result)
        #expect(list.searchResult?.matches.count == list.total / 2)
        #expect(!runner.isBusy)
    }

    @Test func cancelledWorkReportsNothing() throws {
        let list = try S.list(S.jsonLines(20_000))
        let runner = WorkRunner()
        runner.start(try Self.work(1, "req"), store: list.store)
        runner.start(try Self.work(2, "thread:w1", .count), store: list.store)
        runner.cancel(1)
        let counted = try Self.waitForResult(runner, 2, list)
        #expect(list.count(of: counted) == 6667)
        #expect(runner.poll(list.store).isEmpty && !runner.isBusy, "nothing came of the cancelled work")
    }

    @Test func workThatReadsContextWaitsForTheContextBeingRead() throws {
        let store = CrumbStore()
        var loader = CrumbLoader()
        loader.parts = []
        loader.load(bytes: Array(S.jsonLines(3000).utf8), name: "test.jsonl", into: store)
        let reading = store.readPartsLater(.all)
        let list = CrumbList(store: store, files: ["test.jsonl"])
        let runner = WorkRunner()
        runner.start(try Self.work(1, "ctx.request_id:req-1"), store: store)
        runner.start(try Self.work(2, "thread:w1"), store: store)
        let threads = try Self.waitForResult(runner, 2, list)
        #expect(list.count(of: threads) == 1000, "work that does not need the context starts at once")
        for _ in 0..<20 {
            #expect(runner.poll(store).isEmpty, "the context work waits while the context is being read")
            Thread.sleep(forTimeInterval: 0.002)
        }
        #expect(runner.isBusy && store.isReadingParts)
        Thread.detachNewThread { reading.run() }
        let context = try Self.waitForResult(runner, 1, list) { _ = store.addReadParts() }
        #expect(list.count(of: context) == 1500)
    }
}
