// Release-mode benchmark of crumb(): the cost of one crumb for the workloads of
// BENCHMARKS.md, as the median over batches, and heap allocations per crumb when run under
// Benchmarks/malloc_counter.so (see Benchmarks/run.sh, which also runs Python statecrumbs on
// the same workloads and prints the ratio).
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StateCrumbs

let batch = 1_000
let batches = Int(CommandLine.arguments.dropFirst().first { $0.hasPrefix("--batches=") }?.dropFirst(10) ?? "") ?? 3_000
let hookArgument = CommandLine.arguments.contains("--hook")

func nanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// The malloc count of the LD_PRELOADed counter, or nil without it.
let mallocCount: (@convention(c) () -> UInt64)? = {
    // nil is RTLD_DEFAULT: look in every loaded object, the preloaded counter first.
    guard let symbol = dlsym(nil, "malloc_counter_calls") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) () -> UInt64).self)
}()

struct Result {
    var medianNs: Double
    var p99Ns: Double
    var allocationsPerCrumb: Double?
    /// Crumbs recorded, warm-up included.
    var recorded = 0
}

/// Times `body` (which records `batch` crumbs) `batches` times; per-crumb median and p99.
func measure(_ body: () -> Void) -> Result {
    // Warm up for 100 ms: ring full, caches hot, and the recorder's clock calibrated (it reads
    // the system clock for the first 50 ms after the first enable; see crumb_clock.c).
    let warmUpEnd = nanoseconds() + 100_000_000
    var warmUps = 0
    repeat { body(); warmUps += 1 } while nanoseconds() < warmUpEnd
    var samples: [Double] = []
    samples.reserveCapacity(batches)
    let mallocsBefore = mallocCount?()
    for _ in 0..<batches {
        let start = nanoseconds()
        body()
        samples.append(Double(nanoseconds() - start) / Double(batch))
    }
    let allocations = mallocCount.map { Double($0() - mallocsBefore!) / Double(batches * batch) }
    samples.sort()
    return Result(medianNs: samples[samples.count / 2], p99Ns: samples[samples.count * 99 / 100],
                  allocationsPerCrumb: allocations, recorded: (warmUps + batches) * batch)
}

/// Runs `body` inside the benchmark's 4-key context.
func inFourKeyContext<R>(_ body: () -> R) -> R {
    Crumbs.withContext(["request_id": "req-0005000", "user": "alice", "tenant": "acme", "step": "db"], body)
}

func fieldsWorkload() {
    for _ in 0..<batch { crumb("db.query", ["table": "users", "rows": 42]) }
}

/// The same crumb with its values in variables, the row count the loop's own variable.
func variablesWorkload() {
    let table = tableName
    for i in 0..<batch { crumb("db.query", ["table": table, "rows": i]) }
}
// A global the optimizer cannot fold into a literal.
nonisolated(unsafe) var tableName = "users"

func bareWorkload() {
    for _ in 0..<batch { crumb("tick") }
}

/// Two threads recording the fields workload at once; the figure is per crumb per thread.
func twoThreads() -> Result {
    var results: [Result] = []
    let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    pthread_mutex_init(lock, nil)
    final class Box: @unchecked Sendable { var result: Result? }  // written once, read after join
    let box = Box()
    let mallocsBefore = mallocCount?()
    var other = pthread_t()
    pthread_create(&other, nil, { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeUnretainedValue()
        box.result = inFourKeyContext { measure(fieldsWorkload) }
        return nil
    }, Unmanaged.passUnretained(box).toOpaque())
    results.append(inFourKeyContext { measure(fieldsWorkload) })
    pthread_join(other, nil)
    results.append(box.result!)
    // The counter is process-wide: divide by what both threads recorded (with their warm-ups).
    let recorded = results.map(\.recorded).reduce(0, +)
    let allocations = mallocCount.map { Double($0() - mallocsBefore!) / Double(recorded) }
    return Result(medianNs: results.map(\.medianNs).max()!, p99Ns: results.map(\.p99Ns).max()!,
                  allocationsPerCrumb: allocations)
}

func report(_ name: String, _ result: Result) {
    var line = "swift \(name) median_ns=\(String(format2: result.medianNs)) p99_ns=\(String(format2: result.p99Ns))"
    if let allocations = result.allocationsPerCrumb { line += " allocs_per_crumb=\(String(format2: allocations))" }
    print(line)
}

extension String {
    init(format2 value: Double) {
        let scaled = Int((value * 100).rounded())
        self = "\(scaled / 100).\(String(repeating: "0", count: scaled % 100 < 10 ? 1 : 0))\(scaled % 100)"
    }
}

let liveArgument = CommandLine.arguments.contains("--live")
let livePath = "/tmp/crumbbench-\(getpid()).jsonl"
/// `--ring-file[=FOLDER]`: the ring in a file, in /tmp (a local disk here) unless told otherwise.
let ringFileOption = CommandLine.arguments.first { $0 == "--ring-file" || $0.hasPrefix("--ring-file=") }
let ringFileArgument = ringFileOption != nil
let ringPath = (ringFileOption?.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init) ?? "/tmp")
    + "/crumbbench-\(getpid()).crumbs"
// The live file never rotates here: the throughput run counts its lines.
Crumbs.enable(maxCrumbs: 5_000, onCrash: .stderr, liveFile: liveArgument ? livePath : nil, liveFileMaxBytes: 1 << 40,
              ringFile: ringFileArgument ? ringPath : nil)
if !hookArgument { Crumbs.disable() }  // the same recorder, without the crash hook
defer { unlink(livePath); unlink(ringPath); for i in 1...3 { unlink(livePath + ".\(i)") } }
if CommandLine.arguments.contains("--memory") {
    measureMemory()
    exit(0)
}

let mode = liveArgument ? "live-on" : ringFileArgument ? "ring-file-on" : hookArgument ? "hook-on" : "hook-off"
/// `--workload=NAME` runs one workload only (for profiling).
let only = CommandLine.arguments.first { $0.hasPrefix("--workload=") }.map { String($0.dropFirst(11)) }
    ?? (CommandLine.arguments.contains { $0.hasPrefix("--throughput=") } ? "none" : nil)
/// `--instructions=N`: see Instructions.swift.
if let countArgument = CommandLine.arguments.first(where: { $0.hasPrefix("--instructions=") }) {
    countInstructions(batches: Int(countArgument.dropFirst(15)) ?? 100)
    exit(0)
}

if only == nil || only == "fields" { report("fields+4ctx \(mode)", inFourKeyContext { measure(fieldsWorkload) }) }
if only == nil || only == "variables" { report("fields-in-variables+4ctx \(mode)", inFourKeyContext { measure(variablesWorkload) }) }
if only == nil || only == "bare" { report("no-fields \(mode)", measure(bareWorkload)) }
if only == nil || only == "threads" { report("2-threads fields+4ctx \(mode)", twoThreads()) }

/// `--throughput=RATE`: see Throughput.swift.
if let rateArgument = CommandLine.arguments.first(where: { $0.hasPrefix("--throughput=") }) {
    measureThroughput(rate: Int(rateArgument.dropFirst(13)) ?? 0, livePath: livePath)
}
