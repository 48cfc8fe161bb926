import CrumbEngine
import Foundation
import Synchronization
import Testing

/// Loading without context or fields (`CrumbLoader.parts`), as `crumbtui --count` does for a
/// filter that reads neither, and reading them later from the crumbs' bytes (the viewer reads
/// them behind the first screen): every answer must be the one a full load gives.
@Suite struct LoadPartsTests {
    /// Every kind of input the fixtures hold: dumps (pretty, compact, cut off), live files
    /// (with broken lines), stderr logs with dumps and crashes, StateCrumbs' own live file, OTLP.
    static let inputs = [
        "python-dump.json", "python-compact.json", "python-truncated.json", "python-live.jsonl",
        "python-malformed.jsonl", "python-unsorted.jsonl", "python-crash-stderr.log",
        "swift-crash-stderr.log", "statecrumbs-swift.jsonl", "otlp-two-services.jsonl",
    ]

    /// Terms of every kind, alone and together.
    static let filters = [
        "", "thread:worker-2", "event:db.*", "thread:worker-1|worker-3 event:http.*", "-thread:MainThread",
        "ctx.request_id:req-2", "ctx.user:alice", "ctx.attempt:3", "ctx.request_id:*", "-ctx.gone:*",
        "table:users", "rows:*", "status:200", "-nosuchkey:*", "ALICE", "brien", "since:2026", "ts:*",
        "event:db.query ctx.user:alice rows:*", "service:checkout", "host:*", "-ctx.user:alice table:*",
    ]

    static func load(_ name: String, parts: CrumbParts, parallelThreshold: Int = 4 << 20) -> CrumbStore {
        let store = CrumbStore()
        var loader = CrumbLoader()
        loader.parts = parts
        loader.parallelThreshold = parallelThreshold
        loader.load([TestSupport.fixture(name)], into: store)
        return store
    }

    /// The crumbs as `--print` writes them, as text and as JSON Lines.
    static func printed(_ store: CrumbStore, _ crumbs: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        for crumb in crumbs {
            CrumbWriter.writeLine(store, Int(crumb), format: .text, to: &out)
            CrumbWriter.writeLine(store, Int(crumb), format: .jsonl, to: &out)
        }
        return out
    }

    /// Every crumb's context and fields, by their text.
    static func parts(_ store: CrumbStore) -> [[String]] {
        let keys = store.contextKeys, values = store.contextValues, fieldKeys = store.fieldKeys
        return (0..<store.count).map { crumb in
            store.contextEntries(of: crumb).map { keys.string($0.key) + "=" + values.string($0.value) }
                + store.fieldEntries(of: crumb).map { "\(fieldKeys.string($0.key))@\($0.valueRange)" }
        }
    }

    /// The first crumb whose context or fields differ between the stores, with both versions;
    /// nil when they agree.
    static func firstDifference(_ a: CrumbStore, _ b: CrumbStore) -> String? {
        let partsA = parts(a), partsB = parts(b)
        guard partsA.count == partsB.count else { return "\(partsA.count) crumbs against \(partsB.count)" }
        guard let crumb = partsA.indices.first(where: { partsA[$0] != partsB[$0] }) else { return nil }
        return "crumb \(crumb): \(partsA[crumb]) against \(partsB[crumb])"
    }

    @Test(arguments: inputs) func aLoadOfWhatTheFilterReadsGivesTheSameCountAndCrumbs(_ name: String) throws {
        let full = Self.load(name, parts: .all)
        #expect(full.count > 0)
        for expression in Self.filters {
            let filter = try CrumbFilter(expression)
            let projected = Self.load(name, parts: filter.parts)
            #expect(projected.count == full.count)
            let expected = FilterResult(filter, in: full).matches
            let matches = FilterResult(filter, in: projected).matches
            #expect(matches == expected, "\(name): \(expression)")
            #expect(Self.printed(projected, matches) == Self.printed(full, expected), "\(name): \(expression)")
            #expect(projected.parts == filter.parts, "\(name): \(expression) read only what it needs")
            #expect(projected.problems == full.problems)
            #expect(projected.crashes == full.crashes)
        }
    }

    @Test(arguments: inputs) func partsReadOnFirstUseEqualPartsLoaded(_ name: String) {
        let full = Self.load(name, parts: .all)
        let bare = Self.load(name, parts: [])
        #expect(bare.parts == [])
        #expect(Self.firstDifference(bare, full) == nil)
        #expect(bare.parts == .all)
        let everything = (0..<UInt32(full.count)).map { $0 }
        #expect(CrumbStats(bare, everything) == CrumbStats(full, everything))
    }

    @Test func onlyTheMissingPartIsRead() throws {
        let store = Self.load("python-live.jsonl", parts: .context)
        #expect(try TestSupport.count(store, "ctx.user:alice") == 3)
        #expect(store.parts == .context)
        #expect(try TestSupport.count(store, "table:users") == 3)
        #expect(store.parts == .all)
        #expect(Self.firstDifference(store, Self.load("python-live.jsonl", parts: .all)) == nil)
    }

    /// Python's live file, StateCrumbs' and Python's crumbs from 8 racing threads, many times
    /// over: enough crumbs for the parts to be read in two halves on two threads, and the
    /// halves' ids mapped into one table.
    static let manyCrumbs: [UInt8] = {
        let bytes = ["python-live.jsonl", "statecrumbs-swift.jsonl", "python-unsorted.jsonl"].flatMap {
            try! [UInt8](contentsOf: TestSupport.fixture($0))
        }
        return Array(repeating: bytes, count: 25).flatMap { $0 }
    }()

    static let manyFilters = [
        "ctx.request_id:req-7", "ctx.user:alice", "-ctx.request_id:*", "ctx.attempt:1", "i:1*",
        "thread:racer-3 i:4*", "table:users", "event:work ctx.request_id:req-7 i:2",
    ]

    static func loadMany(parts: CrumbParts) -> CrumbStore {
        let store = CrumbStore()
        var loader = CrumbLoader()
        loader.parts = parts
        loader.parallelThreshold = 1 << 16
        loader.load(bytes: manyCrumbs, name: "many.jsonl", into: store)
        return store
    }

    @Test func manyCrumbsReadOnTwoThreadsEqualAFullLoad() throws {
        let full = Self.loadMany(parts: .all)
        let bare = Self.loadMany(parts: [])
        #expect(bare.count == full.count)
        #expect(bare.count > 50_000)
        for expression in Self.manyFilters {
            let filter = try CrumbFilter(expression)
            let matches = FilterResult(filter, in: full).matches
            #expect(!matches.isEmpty, "\(expression)")
            #expect(FilterResult(filter, in: bare).matches == matches, "\(expression)")
        }
        #expect(Self.firstDifference(bare, full) == nil)
    }

    @Test func aBackgroundReadingGivesTheSameResultsOnceDone() throws {
        let full = Self.loadMany(parts: .all)
        let store = Self.loadMany(parts: [])
        let reading = store.readPartsLater(.all)
        #expect(!store.addReadParts(), "nothing to add before the reading ends")
        let thread = Thread { reading.run() }
        thread.start()
        while !reading.isFinished { usleep(1000) }
        #expect(store.parts == [], "the store changes only when it takes the parts")
        #expect(store.addReadParts())
        #expect(store.parts == .all)
        #expect(Self.firstDifference(store, full) == nil)
        for expression in Self.manyFilters {
            let filter = try CrumbFilter(expression)
            #expect(FilterResult(filter, in: store).matches == FilterResult(filter, in: full).matches, "\(expression)")
        }
    }

    @Test func aReadingAtLowPriorityGivesTheSameResultsAndLowersNoOtherThread() throws {
        let full = Self.loadMany(parts: .all)
        let store = Self.loadMany(parts: [])
        let reading = store.readPartsLater(.all)
        let process = __priority_which_t(PRIO_PROCESS.rawValue)
        let before = getpriority(process, 0)
        reading.run(lowPriority: true)
        #expect(getpriority(process, 0) == before, "the calling thread keeps its priority")
        // The pool's threads neither: they run the filters a person waits for.
        let lowered = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if getpriority(process, 0) != before { lowered.add(1, ordering: .relaxed) }
        }
        #expect(lowered.load(ordering: .relaxed) == 0)
        #expect(store.addReadParts())
        #expect(Self.firstDifference(store, full) == nil)
    }

    @Test func whatNeedsThePartsBeforeTheReadingRunsReadsThemItself() throws {
        let full = Self.loadMany(parts: .all)
        let store = Self.loadMany(parts: [])
        let reading = store.readPartsLater(.all)
        let filter = try CrumbFilter("ctx.request_id:req-7")
        #expect(FilterResult(filter, in: store).matches == FilterResult(filter, in: full).matches)
        #expect(reading.isFinished)
        reading.run()  // too late: nothing left to do
        #expect(store.parts == .all)
        #expect(Self.firstDifference(store, full) == nil)
    }

    @Test func crumbsAppendedWhileThePartsAreReadGetThemToo() throws {
        let live = try [UInt8](contentsOf: TestSupport.fixture("python-live.jsonl"))
        let store = Self.loadMany(parts: [])
        let reading = store.readPartsLater(.all)
        store.appendLines(live, name: "live.jsonl")
        reading.run()
        #expect(store.addReadParts())
        let full = Self.loadMany(parts: .all)
        full.appendLines(live, name: "live.jsonl")
        #expect(store.count == full.count)
        #expect(Self.firstDifference(store, full) == nil)
        #expect(try TestSupport.count(store, "ctx.user:alice") == TestSupport.count(full, "ctx.user:alice"))
    }

    @Test func aStoreKeepsItsPartsForWhatIsAddedLater() throws {
        // A load into a store that has crumbs reads what it asks for, for the old crumbs too.
        let store = Self.load("python-live.jsonl", parts: [])
        var loader = CrumbLoader()
        loader.parts = .context
        loader.load([TestSupport.fixture("python-dump.json")], into: store)
        #expect(store.parts == .context)
        #expect(try TestSupport.count(store, "ctx.user:alice") == 6)
        // Lines appended to a store without parts are read with the rest when asked for.
        let bare = Self.load("python-live.jsonl", parts: [])
        bare.appendLines(try [UInt8](contentsOf: TestSupport.fixture("python-live.jsonl")), name: "again.jsonl")
        #expect(bare.parts == [])
        #expect(try TestSupport.count(bare, "table:users") == 6)
    }
}

/// The loader remembers the last timestamp's date and time to the second: each crumb's time
/// must still be its own timestamp's.
@Suite struct LoadedTimeTests {
    @Test(arguments: LoadPartsTests.inputs) func everyTimeIsItsTimestamp(_ name: String) {
        let store = LoadPartsTests.load(name, parts: [])
        for crumb in 0..<store.count {
            let text = store.crumb(at: crumb).timestamp
            #expect(store.time(of: crumb) == text.flatMap(CrumbTime.parse), "\(name) crumb \(crumb): \(text ?? "none")")
        }
    }

    @Test func sameSecondWithOtherFractionsAndOffsets() {
        let stamps = [
            "2025-12-30T10:23:45.123456+00:00", "2025-12-30T10:23:45.5+00:00", "2025-12-30T10:23:45+01:00",
            "2025-12-30T10:23:45Z", "2025-12-30T10:23:45.000001-05:30", "2025-12-30T10:23:45", "2025-12-30T10:23:45.x",
            "2025-12-30T10:23:46.1Z", "2025-12-31T10:23:46.1Z", "2025-13-31T10:23:46.1Z", "2025-12-31T10:23:46.1Z",
            "2025-12-31 10:23:46.1Z", "2025-12-31T10:23", "2025-12-31T10:23:46,25",
        ]
        let lines = stamps.map { #"{"event":"e","ts":"\#($0)"}"# }.joined(separator: "\n") + "\n"
        let (store, _) = TestSupport.load(lines)
        #expect(store.count == stamps.count)
        for (crumb, stamp) in stamps.enumerated() {
            #expect(store.time(of: crumb) == CrumbTime.parse(stamp), "\(stamp)")
        }
        #expect(store.time(of: 0) == 1_767_090_225_123_456)
        #expect(store.time(of: 2) == 1_767_086_625_000_000, "10:23:45+01:00 is 09:23:45 UTC")
    }
}

/// A store notes which input each crumb came from only once a second input adds crumbs.
@Suite struct CrumbSourceTests {
    @Test func everyCrumbPointsIntoItsOwnInput() throws {
        // An input without crumbs first, then two files whose times interleave.
        let (store, _) = TestSupport.load([TestSupport.fixture("empty.json"), MergeInputs.paths.a, MergeInputs.paths.b])
        #expect(store.count == 9)
        for crumb in 0..<store.count {
            let event = try #require(store.crumb(at: crumb).event)
            let file = store.location(of: crumb).source.name
            #expect(file.hasSuffix(event.hasPrefix("a") ? "merge-a.jsonl" : "merge-b.jsonl"), "\(event) from \(file)")
            #expect(store.sources[store.sourceIndex(of: crumb)].name == file)
        }
        // Lines appended to a one-file store come from inputs of their own.
        let (live, _) = TestSupport.load([MergeInputs.paths.a])
        live.appendLines(Array(MergeInputs.b.utf8), name: "more.jsonl")
        live.appendLines(Array(MergeInputs.a.utf8), name: "again.jsonl")
        #expect(live.count == 14)
        #expect((0..<5).allSatisfy { live.location(of: $0).source.name.hasSuffix("merge-a.jsonl") })
        #expect((5..<9).allSatisfy { live.location(of: $0).source.name == "more.jsonl" })
        #expect((9..<14).allSatisfy { live.location(of: $0).source.name == "again.jsonl" })
    }
}
