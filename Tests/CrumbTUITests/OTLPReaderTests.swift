import CrumbEngine
import Foundation
import Testing

/// OTLP/JSON written by another implementation (the OpenTelemetry Python SDK's own encoder,
/// Fixtures/make_otlp_fixtures.py): two services, several resourceLogs and scopeLogs per line,
/// attributes of every type, trace ids; read as crumbs.
@Suite struct OTLPReaderTests {
    static let fixture = "otlp-two-services.jsonl"

    static func jsonl(_ store: CrumbStore) -> [String] {
        (0..<store.count).map { index in
            var out: [UInt8] = []
            CrumbWriter.writeLine(store, index, format: .jsonl, to: &out)
            return String(decoding: out.dropLast(), as: UTF8.self)
        }
    }

    @Test func recognisedByItsContentAndLoadedWhole() {
        let (store, report) = TestSupport.loadFixture(Self.fixture)
        #expect(report.kind == .otlpJSON)
        #expect(report.crumbs == 9 && report.skipped == 0)
        #expect(store.problems.isEmpty)
        // One input, one source: the crumbs' own bytes, named after the file.
        #expect(store.sources.count == 1)
        #expect(store.location(of: 0).source.name.hasSuffix(Self.fixture))
    }

    @Test func everyRecordBecomesTheCrumbItStandsFor() {
        let (store, _) = TestSupport.loadFixture(Self.fixture)
        // File order: line 1 holds checkout (scopes StateCrumbs, then app.http), then payments.
        #expect(Self.jsonl(store) == [
            #"{"event":"request.start","ts":"2025-12-30T10:23:45.123456+00:00","thread":"http-0","context":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","request_id":"req-7","user":"alice"},"path":"/checkout","method":"POST"}"#,
            #"{"event":"db.query","ts":"2025-12-30T10:23:45.126456+00:00","thread":"http-0","context":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","request_id":"req-7","user":"alice"},"table":"orders","rows":"3"}"#,
            // Another scope's log line: its body is the event, its DEBUG severity a field.
            #"{"event":"GET /cart 200","ts":"2025-12-30T10:23:45.124456+00:00","severity":"DEBUG","http.response.status_code":200,"http.route":"/cart"}"#,
            #"{"event":"charge.start","ts":"2025-12-30T10:23:45.125456+00:00","thread":"payments","context":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"53995c3f42cd8ad8"},"amount":"18.40","currency":"EUR"}"#,
            #"{"event":"cache.put","ts":"2025-12-30T10:23:45.133456+00:00","thread":"http-1","context":{"request_id":"req-8","user":"Zoë 李雷"},"key":"cart:Zoë","value":"{\"items\":[{\"sku\":\"tea-01\",\"qty\":2}]}","note":"tab\there\nnewline \u0001"}"#,
            // No event name and a map body: no event; the body and every attribute type as JSON.
            #"{"ts":"2025-12-30T10:23:45.134456+00:00","thread":"http-1","severity":"WARN","body":{"message":"slow request","ms":950},"string":"text","int":42,"double":2.5,"bool":true,"array":["a","b","c"],"ints":[1,2,3],"map":{"inner":"value","n":7,"nested":{"deep":true}},"bytes":"0001feff"}"#,
            // Only an observed time; an event name beside a different body.
            #"{"event":"charge.retry","ts":"2025-12-30T10:23:45.135456+00:00","thread":"payments","body":"retry","attempt":"2"}"#,
            // StateCrumbs' own WARN and FATAL say nothing the event does not: no severity field.
            #"{"event":"statecrumbs.dropped","ts":"2025-12-30T10:23:45.136456+00:00","thread":"statecrumbs-live","count":17}"#,
            #"{"event":"statecrumbs.crash","ts":"2025-12-30T10:23:45.143456+00:00","thread":"payments","context":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"},"signal":"SIGILL","reason":"Fatal error: Index out of range"}"#,
        ])
    }

    @Test func servicesHostsAndTracesAreTheCrumbsOrigins() {
        let (store, _) = TestSupport.loadFixture(Self.fixture)
        let services = (0..<store.count).map { store.service(of: $0).map { store.serviceNames.string($0) } ?? "-" }
        #expect(services == ["checkout", "checkout", "checkout", "payments", "checkout", "checkout", "payments", "payments", "payments"])
        #expect((0..<store.count).allSatisfy { store.host(of: $0).map { store.hostNames.string($0) } == "build-host" })
        let traces = (0..<store.count).map { store.trace(of: $0).map { store.traceIDs.string($0) } ?? "-" }
        let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
        #expect(traces == [trace, trace, trace, trace, "0af7651916cd43dd8448eb211c80319c", "-", "-", "-", trace])
        // Origins are facts beside the crumb, not in it: the crumb's JSON has no service key.
        #expect(!store.crumb(at: 0).fields.contains { $0.key == "service" })
    }

    @Test func valuesKeepTheirTypes() {
        let (store, _) = TestSupport.loadFixture(Self.fixture)
        let fields = store.crumb(at: 5).fields
        func value(_ key: String) -> DecodedValue? { fields.first { $0.key == key }?.value }
        #expect(value("string") == .string("text"))
        #expect(value("int") == .json("42"))
        #expect(value("double") == .json("2.5"))
        #expect(value("bool") == .json("true"))
        #expect(value("array") == .json(#"["a","b","c"]"#))
        #expect(value("map") == .json(#"{"inner":"value","n":7,"nested":{"deep":true}}"#))
        #expect(value("bytes") == .string("0001feff"))
        #expect(store.crumb(at: 4).fields.first { $0.key == "note" }?.value == .string("tab\there\nnewline \u{1}"))
        #expect(store.crumb(at: 4).context[1].value == .string("Zoë 李雷"))
    }

    @Test func severalFilesMergeByTimeWithTheOtherKinds() throws {
        let live = try TestSupport.write(Array("""
        {"event":"a1","ts":"2025-12-30T10:23:45.124000+00:00","thread":"main"}
        {"event":"a2","ts":"2025-12-30T10:23:45.130000+00:00","thread":"main"}
        {"event":"a3","ts":"2025-12-30T10:23:45.140000+00:00","thread":"main"}

        """.utf8), named: "app.jsonl")
        let (store, reports) = TestSupport.load([TestSupport.fixture(Self.fixture), live])
        #expect(reports.map(\.kind) == [.otlpJSON, .jsonLines])
        // Each file keeps its own order; across files the earliest next crumb goes first.
        #expect(TestSupport.events(store) == [
            "request.start", "a1", "db.query", "GET /cart 200", "charge.start", "a2", "cache.put", "-",
            "charge.retry", "statecrumbs.dropped", "a3", "statecrumbs.crash",
        ])
        #expect(store.service(of: 1) == nil && store.service(of: 2) != nil)
        #expect(store.sources.count == 2)
        #expect(store.location(of: 1).source.name == live)
    }

    /// A JSON Lines live file shipped by a Collector's filelog receiver (the README's pipeline)
    /// comes back as its crumbs: the event from the body, the context from the map attribute.
    /// Field order is the Collector's, so the crumbs are compared as objects.
    @Test func aLiveFileShippedThroughFilelogReadsBackAsItsCrumbs() throws {
        let (store, report) = TestSupport.loadFixture("otlp-filelog.jsonl")
        #expect(report.kind == .otlpJSON && store.problems.isEmpty)
        let source = try String(contentsOfFile: TestSupport.fixture("filelog-source.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let read = Self.jsonl(store)
        #expect(read.count == source.count && source.count == 3)
        for (a, b) in zip(read, source) {
            let readObject = try JSONSerialization.jsonObject(with: Data(a.utf8)) as? NSDictionary
            let sourceObject = try JSONSerialization.jsonObject(with: Data(b.utf8)) as? NSDictionary
            #expect(readObject == sourceObject)
        }
        #expect(store.crumb(at: 0).context.map(\.key) == ["request_id", "user"])
        #expect(store.serviceNames.string(store.service(of: 0)!) == "inventory")
        #expect(store.hostNames.string(store.host(of: 0)!) == "shop-2")
    }

    @Test func twoThreadsReadTheSameAsOne() {
        let bytes = Array(String(repeating: (try? String(contentsOfFile: TestSupport.fixture(Self.fixture), encoding: .utf8)) ?? "",
                                 count: 40).utf8)
        let (one, oneReport) = TestSupport.load(bytes: bytes)
        let (two, twoReport) = TestSupport.load(bytes: bytes, parallelThreshold: 1024)
        #expect(oneReport.crumbs == 360 && twoReport.crumbs == 360)
        #expect(Self.jsonl(one) == Self.jsonl(two))
        #expect((0..<360).allSatisfy { one.service(of: $0).map { one.serviceNames.string($0) } == two.service(of: $0).map { two.serviceNames.string($0) } })
        #expect((0..<360).allSatisfy { one.trace(of: $0).map { one.traceIDs.string($0) } == two.trace(of: $0).map { two.traceIDs.string($0) } })
        #expect(two.sources.count == 1)
    }
}
