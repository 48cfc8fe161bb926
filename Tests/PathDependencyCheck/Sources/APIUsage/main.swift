// Every public call of StateCrumbs, written as the issues and README show it.
import Foundation
import Logging
import StateCrumbs
import StateCrumbsLogging

Crumbs.enable()
Crumbs.enable(maxCrumbs: 50, onCrash: .stderr, outputFile: "statecrumbs.json", includeTimestamp: true, includeThread: true)
Crumbs.enable(maxCrumbs: 5, onCrash: .file, outputFile: "/tmp/crumbs.json")
Crumbs.enable(onCrash: .off)
Crumbs.enable(onCrash: .handler { (crumbs: [Crumb]) in print(crumbs.count) })
Crumbs.enable(redactKeys: ["ssn"], maxCrumbBytes: 2048)
Crumbs.enable(liveFile: "/tmp/api-usage.jsonl", liveFlushInterval: .milliseconds(50), liveFileMaxBytes: 1 << 20,
              liveFileKeep: 3, liveFileMode: 0o600)

crumb("db.query", ["table": "users", "rows": 42])
crumb("cache.miss")
let fields: KeyValuePairs<String, Any> = ["user": "alice", "attempt": Optional(3) as Any]
crumb("login", fields)
// The signature as the issue wrote it, named by its type among the overloads.
let record: (String, KeyValuePairs<String, Any>) -> Void = crumb
record("login", ["user": "alice"])
// Literal keys and values (the CrumbKey/CrumbValue overload), variables, and both mixed.
let user = "bob", attempt = 2
crumb("kinds", ["ratio": 0.5, "ok": true, "note": "try \(attempt)"])
crumb("login", ["user": user, "attempt": attempt])
crumb("login", ["user": user, "source": "web"])
crumb("empty", [:])
// Values in variables of the common types, and of any other type.
let table = "users", ratio = 0.5, ok = true, small: Int8 = 1, big = UInt64.max, name: Substring = "sub"
let maybe: Int? = nil
for i in 0..<2 {
    crumb("db.query", ["table": table, "rows": i])
}
crumb("kinds", [
    "ratio": ratio, "ok": ok, "small": small, "big": big, "name": name, "maybe": maybe as Any,
    "date": Date(timeIntervalSince1970: 0),
])
let literal: CrumbValue = 42
let key: CrumbKey = "rows"
print(literal.description, key.description)

let snapshot: [Crumb] = Crumbs.snapshot()
Crumbs.clear()
Crumbs.dump()
let value: Int = Crumbs.withContext(["request_id": "req-7"]) { 42 }
struct Failure: Error {}
do {
    try Crumbs.withContext(["step": "db"]) { () throws -> Void in throw Failure() }
} catch {}
func asyncUse() async throws -> String {
    try await Crumbs.withContext(["request_id": "req-8"]) { () async throws -> String in "done" }
}
let context: [String: String] = Crumbs.currentContext
let json: String = CrumbFormatter.json(snapshot)
let text: String = CrumbFormatter.text(snapshot)
let line: String = snapshot.first.map(CrumbFormatter.jsonLine) ?? ""
do { try Crumbs.exportJSON(to: "/tmp/api-usage.json") } catch let error as CrumbExportError { print(error.path, error.reason) }
Crumbs.setThreadName("worker-1")
_ = Crumbs.flush()
_ = Crumbs.flush(timeout: .seconds(1))
Crumbs.disable()

// Crumb is a Sendable, Equatable, Codable value.
let crumbValue = Crumb(event: "e", timestamp: nil, thread: "MainThread", context: [.init(key: "k", value: "v")],
                       fields: [Crumb.Field(key: "x", value: "1")])
func needsSendable<T: Sendable & Equatable & Codable>(_: T) {}
needsSendable(crumbValue)
_ = crumbValue["x"]
_ = crumbValue.contextValue("k")

// The swift-log bridge.
let logger = Logger(label: "api") { label in
    MultiplexLogHandler([CrumbLogHandler(label: label), StreamLogHandler.standardError(label: label)])
}
logger.info("hello")
let provider: Logger.MetadataProvider = .crumbContext
print(value, context, json.count, text.count, line.count, provider.get().count)
