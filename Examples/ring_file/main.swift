// Records from a few threads into a ring file until it is killed: the last crumbs survive
// `kill -9` (and the OOM killer), because the kernel holds them in the file.
//
//     swift run ring_file [PATH] [--seconds N]     (defaults: /tmp/ring_file.crumbs, 60 s)
//     kill -9 PID                                  (it prints its pid)
//     crumbtui /tmp/ring_file.crumbs               (the last 200 crumbs before the kill)
//
// Run it again: the killed run's file is kept as PATH.1 (then .2, .3) and a new one started.
import Foundation
import StateCrumbs

var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 60.0
if let flag = arguments.firstIndex(of: "--seconds"), flag + 1 < arguments.count {
    seconds = Double(arguments[flag + 1]) ?? seconds
    arguments.removeSubrange(flag...(flag + 1))
}
let path = arguments.first ?? "/tmp/ring_file.crumbs"

let earlier = FileManager.default.fileExists(atPath: path)
Crumbs.enable(maxCrumbs: 200, ringFile: path)
print("pid \(getpid()) records into \(path) for \(seconds) s; kill -9 it, then: crumbtui \(path)")
if earlier && FileManager.default.fileExists(atPath: path + ".1") {
    print("the earlier run's crumbs are in \(path).1")
}
fflush(nil)  // printed now, even into a pipe: this process is meant to be killed

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
            Thread.sleep(forTimeInterval: 0.005)
        }
        group.leave()
    }.start()
}
group.wait()
crumb("shutdown")
print("done: \(path) keeps the last \(Crumbs.snapshot().count) crumbs")
