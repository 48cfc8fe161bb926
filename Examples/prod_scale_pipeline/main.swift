// A large batch job: several worker threads process 200,000 items with nested contexts, 200,200
// crumbs in all. The ring is tuned to keep the last 500 crumbs (what a crash dump would show),
// while the live file keeps every crumb on disk (about 35 MB; it says where, and how big).
//
//     swift run -c release prod_scale_pipeline [LIVE.jsonl]
//     (default: pipeline-live.jsonl in the temporary folder, $TMPDIR or /tmp)
import Foundation
import StateCrumbs

let livePath = CommandLine.arguments.count > 1
    ? CommandLine.arguments[1]
    : FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-live.jsonl").path
let workers = 4
let itemsPerWorker = 50_000

Crumbs.enable(maxCrumbs: 500, onCrash: .stderr, liveFile: livePath)

let start = Date()
let group = DispatchGroup()
for worker in 0..<workers {
    group.enter()
    Thread {
        Crumbs.setThreadName("worker-\(worker)")
        Crumbs.withContext(["job": "nightly-export", "worker": worker]) {
            for chunk in 0..<(itemsPerWorker / 1_000) {
                Crumbs.withContext(["chunk": chunk]) {
                    for item in 0..<1_000 {
                        let id = worker * itemsPerWorker + chunk * 1_000 + item
                        crumb("item.processed", ["id": id, "bytes": id % 4096])
                    }
                    crumb("chunk.done")
                }
            }
        }
        group.leave()
    }.start()
}
group.wait()
Crumbs.flush()
let seconds = Date().timeIntervalSince(start)

let ring = Crumbs.snapshot()
let lines = (try? String(contentsOfFile: livePath, encoding: .utf8))?.split(separator: "\n").count ?? 0
let total = workers * (itemsPerWorker + itemsPerWorker / 1_000)
print("recorded \(total) crumbs from \(workers) threads in \(String(format: "%.2f", seconds)) s")
let bytes = ((try? FileManager.default.attributesOfItem(atPath: livePath))?[.size] as? Int) ?? 0
print("ring keeps the last \(ring.count); live file \(livePath) has \(lines) lines")
print("the live file takes \(String(format: "%.1f", Double(bytes) / 1_000_000)) MB: remove it when done (rm \(livePath))")
print("last crumb: \(ring.last.map(CrumbFormatter.jsonLine) ?? "none")")
