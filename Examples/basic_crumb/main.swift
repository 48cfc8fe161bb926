// The Python package's quick start, in Swift: enable with a small ring, leave a few crumbs,
// then crash. The crash hook writes the last crumbs to stderr as JSON, then Swift's runtime
// prints its backtrace, and the process dies by the trap's signal (SIGILL, status 132).
//
//     swift run basic_crumb
import StateCrumbs

Crumbs.enable(maxCrumbs: 5, onCrash: .stderr)

crumb("start", ["user": "alice"])
crumb("before_error", ["x": 10])

let divisor = CommandLine.arguments.count - 1  // 0, but not a constant the compiler can see
print(1 / divisor)  // Swift traps on division by zero: the crumbs above appear on stderr
