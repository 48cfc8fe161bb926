// Streams crumbs from a few threads into a live file, for `crumbtui --follow` to watch.
//
//     swift run live_file [LIVE.jsonl] [--seconds N] [--otlp]   (defaults: live-crumbs.jsonl, 10 s)
//     swift run crumbtui --follow live-crumbs.jsonl             (in another terminal)
//
// With --otlp the file is OTLP/JSON (`liveFileFormat: .otlpJSON`), as a Collector ships it.
import Foundation
import StateCrumbs

var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 10.0
let format: LiveFileFormat = arguments.contains("--otlp") ? .otlpJSON : .jsonLines
arguments.removeAll { $0 == "--otlp" }
if let flag = arguments.firstIndex(of: "--seconds"), flag + 1 < arguments.count {
    seconds = Double(arguments[flag + 1]) ?? seconds
    arguments.removeSubrange(flag...(flag + 1))
}
let path = arguments.first ?? "live-crumbs.jsonl"

Crumbs.enable(maxCrumbs: 50, liveFile: path, liveFileFormat: format)
print("writing crumbs to \(path) for \(seconds) s; follow them with: swift run crumbtui --follow \(path)")

let deadline = Date().addingTimeInterval(seconds)
let group = DispatchGroup()
for (index, role) in ["api", "db", "cache"].enumerated() {
    group.enter()
    Thread {
        Crumbs.setThreadName("\(role)-worker")
        var request = 0
        while Date() < deadline {
            request += 1
            Crumbs.withContext(["request_id": "req-\(index)-\(request)"]) {
                crumb("\(role).start")
                if request % 7 == 0 {
                    crumb("\(role).retry", ["attempt": 2, "reason": "timeout"])
                }
                crumb("\(role).done", ["ms": (request * 37) % 90])
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        group.leave()
    }.start()
}
group.wait()
Crumbs.flush()
let lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").count ?? 0
print("done: \(lines) \(format == .otlpJSON ? "OTLP lines" : "crumbs") in \(path)")
