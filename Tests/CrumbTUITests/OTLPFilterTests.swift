import CrumbEngine
import Foundation
import Testing

/// `service:`, `host:` and `trace:` on OTLP inputs, and the command line on them.
@Suite struct OTLPFilterTests {
    let store = TestSupport.loadFixture(OTLPReaderTests.fixture).0
    let fixture = TestSupport.fixture(OTLPReaderTests.fixture)
    static let trace = "4bf92f3577b34da6a3ce929d0e0e4736"

    func events(_ expression: String) throws -> [String] {
        TestSupport.events(store, FilterResult(try CrumbFilter(expression), in: store).matches)
    }

    func count(_ expression: String) throws -> Int { try TestSupport.count(store, expression) }

    @Test func serviceAndHost() throws {
        #expect(try events("service:payments") == ["charge.start", "charge.retry", "statecrumbs.dropped", "statecrumbs.crash"])
        #expect(try count("service:checkout") == 5)
        #expect(try count("service:pay*") == 4)
        #expect(try count("service:checkout|payments") == 9)
        #expect(try count("service:check") == 0, "the whole value must match")
        #expect(try events("-service:checkout thread:payments") == ["charge.start", "charge.retry", "statecrumbs.crash"])
        #expect(try count("host:build-host") == 9)
        #expect(try count("host:build-*") == 9)
        #expect(try count("-host:build-host") == 0)
        #expect(try events("service:checkout event:db.*") == ["db.query"])
    }

    @Test func traceIsTheRecordsTraceID() throws {
        #expect(try events("trace:\(Self.trace)") == ["request.start", "db.query", "GET /cart 200", "charge.start", "statecrumbs.crash"])
        #expect(try count("trace:\(Self.trace.uppercased())") == 5, "ids in any case")
        #expect(try events("trace:0af7*") == ["cache.put"])
        #expect(try count("trace:*") == 6)
        #expect(try events("-trace:*") == ["-", "charge.retry", "statecrumbs.dropped"])
        #expect(try events("trace:\(Self.trace) service:payments") == ["charge.start", "statecrumbs.crash"])
        #expect(try count("trace:4bf9") == 0)
    }

    @Test func inputsWithoutOriginsMatchNone() throws {
        let (live, _) = TestSupport.loadFixture("python-live.jsonl")
        #expect(try TestSupport.count(live, "service:*") == 0)
        #expect(try TestSupport.count(live, "-service:*") == 12)
        #expect(try TestSupport.count(live, "trace:*") == 0)
    }

    @Test func aQuotedKeyIsAlwaysAField() throws {
        let (store, _) = TestSupport.load("""
        {"event":"a","service":"billing","host":"h1","trace":"t1","thread":"main"}
        {"event":"b","_thread":"x","thread":"other"}

        """)
        #expect(try TestSupport.count(store, "service:billing") == 0, "the crumb names no service")
        #expect(try TestSupport.count(store, #""service":billing"#) == 1)
        #expect(try TestSupport.count(store, #""host":h1 "trace":t1"#) == 1)
        #expect(try TestSupport.count(store, #""thread":main"#) == 0, "a field named thread, not the thread")
        #expect(try TestSupport.count(store, "thread:main") == 1)
    }

    @Test func indexedTermsAgreeWithAScanAndGrowWithTheStore() throws {
        let store = CrumbStore()
        let lines = try String(contentsOfFile: fixture, encoding: .utf8)
        store.appendLines(Array(lines.utf8), name: "live.otlp.jsonl")
        let result = FilterResult(try CrumbFilter("service:payments"), in: store)
        #expect(result.matches == [3, 6, 7, 8])
        #expect(store.serviceIndex[store.serviceNames.id(of: "payments")!.index] == [3, 6, 7, 8])
        store.appendLines(Array(lines.utf8), name: "live.otlp.jsonl")
        result.extend()
        #expect(result.matches == [3, 6, 7, 8, 12, 15, 16, 17])
        #expect(FilterResult(result.filter, in: store).matches == result.matches)
        #expect(store.problems.isEmpty)
    }

    @Test func countPrintAndStats() throws {
        let count = try TestSupport.crumbtui(fixture, "--count", "-f", "service:checkout trace:\(Self.trace)")
        #expect(count.status == 0 && count.error.isEmpty)
        #expect(count.output == "3\n")
        let printed = try TestSupport.crumbtui(fixture, "--print", "-f", "service:payments -event:statecrumbs.*")
        #expect(printed.outputLines == [
            "2025-12-30T10:23:45.125456+00:00 [payments] charge.start {trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=53995c3f42cd8ad8} amount=18.40 currency=EUR",
            "2025-12-30T10:23:45.135456+00:00 [payments] charge.retry body=retry attempt=2",
        ])
        let json = try TestSupport.crumbtui(fixture, "--print", "--format", "json", "-f", "host:build-host")
        let array = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        #expect(array?.count == 9)
        let stats = try TestSupport.crumbtui(fixture, "--stats")
        #expect(stats.output.hasPrefix("9 crumbs\n\nthreads (5):\n"))
        #expect(stats.output.hasSuffix("services (2):\n  5  checkout\n  4  payments\n\nhosts (1):\n  9  build-host\n\ncrashes (1):\n  1  SIGILL\n"))
        let filtered = try TestSupport.crumbtui(fixture, "--stats", "-f", "service:payments")
        #expect(filtered.output.contains("services (1):\n  4  payments\n"))
        // Inputs that name no service have no such sections.
        #expect(try !TestSupport.crumbtui(TestSupport.fixture("python-live.jsonl"), "--stats").output.contains("services"))
    }

    @Test func helpNamesOTLPAndTheNewTerms() throws {
        let help = try TestSupport.crumbtui("--help").output
        #expect(help.contains("OTLP/JSON"))
        #expect(help.contains("service:NAME  host:NAME"))
        #expect(help.contains("trace:"))
    }
}
