// The ring-file scenarios: `crash-fixture ring-NAME PATH [ARGUMENT]` records into the ring
// file PATH and ends the way NAME says (Tests/StateCrumbsTests/RingFileProcessTests.swift).
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StateCrumbs

/// The letters of the `ring-kill` threads' padding: a torn crumb would mix them.
let ringKillLetters = Array("abcd")

func runRingScenario(_ scenario: String, _ arguments: [String]) -> Never {
    let path = arguments.count > 2 ? arguments[2] : "ring.crumbs"
    switch scenario {
    case "ring-kill":
        // Four threads record flat out, each numbering its crumbs; the test kills the process.
        Crumbs.enable(maxCrumbs: 2_000, onCrash: .off, ringFile: path)
        for t in 0..<4 {
            _ = startThread(name: "w\(t)") {
                let letter = String(ringKillLetters[t])
                var n = 0
                while true {
                    crumb("r", ["n": n, "pad": String(repeating: letter, count: n % 61)])
                    n += 1
                }
            }
        }
        say("ready")
        waitForTheCrash()
    case "ring-run":
        // One run of a service: what a restart finds. enable twice, as an app that reconfigures
        // would: a path that is refused is reported once.
        Crumbs.enable(maxCrumbs: 20, onCrash: .off, ringFile: path)
        crumb("run", ["label": arguments.count > 3 ? arguments[3] : ""])
        Crumbs.enable(maxCrumbs: 20, onCrash: .off, ringFile: path)
        crumb("run.again")
        say("snapshot=" + Crumbs.snapshot().map(\.event).joined(separator: ","))
        exit(0)
    case "ring-crash":
        Crumbs.enable(maxCrumbs: 20, ringFile: path)
        crumb("work", ["i": 1])
        beforeCrash()
        fatalError("crash-fixture: ring-crash")
    case "ring-fork":
        Crumbs.enable(maxCrumbs: 20, onCrash: .off, ringFile: path)
        crumb("parent.before.fork")
        let child = fork()
        if child == 0 {
            crumb("child.after.fork")
            say("child snapshot=" + Crumbs.snapshot().map(\.event).joined(separator: ","))
            _exit(0)
        }
        var status: Int32 = 0
        waitpid(child, &status, 0)
        crumb("parent.after.fork")
        say("parent snapshot=" + Crumbs.snapshot().map(\.event).joined(separator: ","))
        exit(0)
    case "ring-full":
        // The ring file is made, then the rest of its filesystem is filled (ARGUMENT names the
        // filler): recording into it must go on without SIGBUS.
        Crumbs.enable(maxCrumbs: 20, onCrash: .off, ringFile: path)
        let filler = open(arguments[3], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let block = [UInt8](repeating: 0x2A, count: 4096)
        var filled = 0
        while write(filler, block, block.count) > 0 { filled += 1 }
        let full = errno == ENOSPC
        close(filler)
        for i in 0..<20_000 { crumb("after.full", ["i": i, "pad": String(repeating: "x", count: i % 500)]) }
        say("alive disk-full=\(full) snapshot=\(Crumbs.snapshot().count)")
        exit(0)
    default:
        say("unknown scenario \(scenario)")
        exit(2)
    }
}
