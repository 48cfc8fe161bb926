// crash-fixture SCENARIO [ARGUMENT]: records a few crumbs, then crashes the way SCENARIO
// says. The crash tests (Tests/StateCrumbsTests/CrashTests.swift) run it in a child process
// and check the dump, the exit signal and what is left behind.
#if canImport(Glibc)
import Glibc
#endif
import CrashFixtureSupport
import Foundation
import StateCrumbs

let arguments = CommandLine.arguments
let scenario = arguments.count > 1 ? arguments[1] : "help"
/// A number the optimizer cannot see through (0: the argument count is always at least 2).
let opaqueZero = arguments.count >= 2 ? 0 : 1

func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

/// The last crumb before every crash: the tests look for it.
func beforeCrash() {
    crumb("before.crash", ["scenario": scenario])
}

func startThread(name: String, _ body: @escaping @Sendable () -> Void) -> Thread {
    let thread = Thread {
        Crumbs.setThreadName(name)
        body()
    }
    thread.start()
    return thread
}

@inline(never)
func recurse(_ depth: Int) -> Int {
    if depth < 0 { return 0 }  // never: the recursion is meant to overflow the stack
    var frame = [Int](repeating: depth, count: 4)  // some stack and work per frame
    frame[depth % 4] = recurse(depth + 1 + opaqueZero)
    return frame.reduce(0, +)
}

func sleepMilliseconds(_ ms: Int) { usleep(useconds_t(ms * 1000)) }

/// Waits for another thread's crash to end the process. (One long sleep would not do: the
/// runtime's backtracer interrupts sleeping threads, and the main thread would go on.)
func waitForTheCrash() -> Never {
    while true { sleep(1) }
}

func trap() -> Never {
    beforeCrash()
    fatalError("crash-fixture: \(scenario)")
}

/// Enables like an app would; `.file` and `.handler` scenarios pass their own action.
/// Scenarios where other threads record all the time get a ring big enough to still hold the
/// crash thread's last crumb.
func enable(_ action: CrashAction = .stderr, file: String = "statecrumbs.json") {
    let busy = ["background-crash", "crash-during-crumb"].contains(scenario)
    Crumbs.enable(maxCrumbs: busy ? 100_000 : 20, onCrash: action, outputFile: file)
}

if scenario == "live-formats" {
    recordInBothFormats(jsonLines: arguments[2], otlp: arguments[3])
    exit(0)
}
if scenario.hasPrefix("ring-") {
    runRingScenario(scenario, arguments)
}

if scenario == "ignored" {
    signal(SIGSYS, SIG_IGN)  // the app's choice, made before enable
}

switch scenario {
case "file": enable(.file, file: arguments[2])
case "handler":
    enable(.handler { crumbs in
        let crash = crumbs.last.map { crash in
            "\(crash["signal"] ?? "-")/\(crash["code"] ?? "-")/\(crash.thread ?? "-") pid=\(crash["pid"] ?? "-")"
        }
        let snapshot = Crumbs.snapshot()
        let line = """
            handler-called count=\(crumbs.count) last=\(crumbs.last?.event ?? "none") crash=\(crash ?? "none")
            snapshot count=\(snapshot.count) last=\(snapshot.last?.event ?? "none")

            """
        line.utf8CString.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count - 1) }
    })
case "handler-crashes": enable(.handler { _ in fatalError("the handler itself crashes") })
case "off": enable(.off)
case "empty-ring": Crumbs.enable(maxCrumbs: 0)
case "checkout-service": Crumbs.enable(maxCrumbs: 200, liveFile: arguments.count > 2 ? arguments[2] : nil)
case "live-crash", "live-kill", "live-ulimit", "live-crash-dropped":
    if scenario == "live-ulimit" {
        var limit = rlimit(rlim_cur: 64 * 1024, rlim_max: 64 * 1024)  // as `ulimit -f 64` would
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
    }
    Crumbs.enable(maxCrumbs: 50, onCrash: .off, liveFile: arguments[2])
case "live-crash-otlp":
    Crumbs.enable(maxCrumbs: 50, onCrash: .off, liveFile: arguments[2], liveFileFormat: .otlpJSON)
default: enable()
}
if scenario == "malloc-probe" && fixture_count_mallocs_during_dump() == 0 {
    say("malloc counter not preloaded")
    exit(3)
}

crumb("start", ["scenario": scenario, "pid": getpid()])
let helper = Thread { crumb("helper.tick") }  // a thread nobody named: Thread-<tid>
helper.start()
while !helper.isFinished { usleep(100) }
Crumbs.withContext(["request_id": "req-7"]) {
    for i in 0..<3 { crumb("work", ["i": i]) }
}

switch scenario {
case "fatalError", "off", "handler", "file", "malloc-probe", "empty-ring":
    trap()
case "precondition":
    beforeCrash()
    precondition(opaqueZero == 1, "crash-fixture: precondition")
case "nil-unwrap":
    let value: Int? = opaqueZero == 0 ? nil : 1
    beforeCrash()
    print(value!)
case "index":
    let values = [1, 2, 3]
    beforeCrash()
    print(values[3 + opaqueZero])
case "overflow":
    var value = Int.max - opaqueZero
    beforeCrash()
    value += 1
    print(value)
case "divide-by-zero":
    beforeCrash()
    print(1 / opaqueZero)
case "as-cast":
    let any: Any = opaqueZero == 0 ? "text" : 1
    beforeCrash()
    print(any as! Int)
case "abort", "handler-crashes":
    beforeCrash()
    abort()
case "mmap-bus":
    let path = NSTemporaryDirectory() + "crash-fixture-\(getpid())"
    let fd = open(path, O_RDWR | O_CREAT, 0o600)
    ftruncate(fd, 8192)
    let memory = mmap(nil, 8192, PROT_READ, MAP_SHARED, fd, 0)!
    ftruncate(fd, 0)
    unlink(path)
    beforeCrash()
    print(memory.load(fromByteOffset: 4096, as: UInt8.self))
case "sigfpe":
    beforeCrash()
    print(fixture_divide_by_zero(Int32(opaqueZero)))
case "sigtrap":
    beforeCrash()
    fixture_breakpoint()
case "sigsys":
    beforeCrash()
    raise(SIGSYS)
case "ignored":
    var action = sigaction()
    sigaction(SIGSYS, nil, &action)
    let ignored = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 1  // SIG_IGN
    say(ignored ? "sigsys-still-ignored" : "sigsys-taken-over")
    raise(SIGSYS)
    say("survived-ignored-signal")
    trap()
case "stack-overflow-main":
    beforeCrash()
    print(recurse(0))
case "stack-overflow-thread":
    let thread = startThread(name: "deep") {
        beforeCrash()
        print(recurse(0))
    }
    _ = thread
    waitForTheCrash()
case "background-crash":
    _ = startThread(name: "doomed") {
        sleepMilliseconds(20)
        trap()
    }
    for i in 0..<1_000_000 {
        crumb("main.busy", ["i": i])
        if i % 1000 == 0 { sleepMilliseconds(1) }
    }
case "crash-during-crumb":
    for t in 0..<2 {
        _ = startThread(name: "busy-\(t)") {
            var i = 0
            while true {
                crumb("busy", ["i": i, "pad": String(repeating: "z", count: i % 400)])
                i += 1
            }
        }
    }
    sleepMilliseconds(30)
    trap()
case "eight-threads":
    let go = DispatchSemaphore(value: 0)
    for t in 0..<8 {
        _ = startThread(name: "crasher-\(t)") {
            go.wait()
            trap()
        }
    }
    sleepMilliseconds(20)
    for _ in 0..<8 { go.signal() }
    waitForTheCrash()
case "kill-segv":
    say("ready")
    for i in 0..<30_000 {
        crumb("waiting", ["i": i])
        sleepMilliseconds(1)
    }
case "exit-race":
    // The main thread calls exit(0) while the crash on the other thread is being handled (the
    // hook is slowed down to make that window wide): the crash must still end the process.
    fixture_slow_crash_handling()
    _ = startThread(name: "doomed") {
        trap()
    }
    while fixture_crash_being_handled() == 0 { usleep(100) }
    exit(0)
case "live-crash":
    for i in 0..<100_000 { crumb("n", ["i": i]) }
    trap()
case "live-crash-otlp":
    // The live file's folder goes away while the crumbs are recorded: the writer cannot open
    // the file, so they wait in the queue. It is back just before the crash, and the crash
    // flush writes them (the writer looks again only every few milliseconds).
    crumb("first")
    Crumbs.flush()
    let folder = URL(fileURLWithPath: arguments[2]).deletingLastPathComponent().path
    rename(folder, folder + ".away")
    sleepMilliseconds(20)
    Crumbs.withContext(["trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id": "00f067aa0ba902b7"]) {
        for i in 0..<50_000 { crumb("n", ["i": i]) }
    }
    rename(folder + ".away", folder)
    trap()
case "live-crash-dropped":
    // The live file's folder is away until the crash: more crumbs than the queue holds wait for
    // the crash flush, the rest are dropped, and the crash flush writes the drop marker that
    // counts them, the crumbs, then the crash crumb.
    crumb("first")
    Crumbs.flush()
    let folder = URL(fileURLWithPath: arguments[2]).deletingLastPathComponent().path
    rename(folder, folder + ".away")
    fixture_rename_on_crash(folder + ".away", folder)
    sleepMilliseconds(20)
    for i in 0..<200_000 { crumb("n", ["i": i, "pad": "a line long enough that 200,000 of them overflow the queue"]) }
    trap()
case "live-kill":
    for i in 0..<10_000_000 {
        crumb("n", ["i": i, "pad": "some text to make the line longer"])
        if i == 10_000 { say("ready") }
        if i % 1_000 == 0 { usleep(1_000) }  // about a million a second: what the writer keeps up with
    }
case "live-ulimit":
    for i in 0..<10_000 { crumb("n", ["i": i]) }
    let flushed = Crumbs.flush(timeout: .seconds(2))
    say("alive flushed=\(flushed)")
    exit(0)
case "checkout-service":
    // A small service whose payment worker crashes: the dump the screenshots show.
    let users = ["alice", "bob", "李雷", "Zoë"]
    let done = DispatchSemaphore(value: 0)
    for worker in 0..<3 {
        _ = startThread(name: "http-\(worker)") {
            for request in 0..<6 {
                let user = users[(worker + request) % users.count]
                Crumbs.withContext(["request_id": "req-\(worker)\(request)", "user": user]) {
                    crumb("request.start", ["path": request % 2 == 0 ? "/checkout" : "/cart", "method": "POST"])
                    Crumbs.withContext(["step": "db"]) {
                        crumb("db.query", ["table": "orders", "rows": (worker * 7 + request * 3) % 20])
                        if request == 3 { crumb("db.retry", ["attempt": 2, "error": "deadlock detected"]) }
                    }
                    crumb("cache.put", ["key": "cart:\(user)", "value": #"{"items":[{"sku":"tea-01","qty":2}],"total":"18.40"}"#])
                    crumb("request.done", ["status": 200, "ms": 40 + (worker * 13 + request * 29) % 180])
                }
                sleepMilliseconds(3)
            }
            done.signal()
        }
    }
    for _ in 0..<3 { done.wait() }
    _ = startThread(name: "payments") {
        Crumbs.withContext(["request_id": "req-99", "user": "Zoë", "step": "charge"]) {
            crumb("payment.start", ["amount": "18.40", "currency": "EUR", "card": "visa"])
            crumb("payment.gateway", ["response": "\u{1B}[31mdeclined\u{1B}[0m\r\nretry later"])
            let charges: [String: Int] = [:]
            beforeCrash()
            print(charges["req-99"]!)  // the bug: no charge was recorded
        }
    }
    waitForTheCrash()
case "crumb-allocations":
    // Counts heap allocations while crumbs with values in variables are recorded (with
    // Benchmarks/malloc_counter.so preloaded): the test expects none in a release build.
    guard let symbol = dlsym(nil, "malloc_counter_calls") else {
        say("malloc counter not preloaded")
        exit(3)
    }
    let mallocs = unsafeBitCast(symbol, to: (@convention(c) () -> UInt64).self)
    let table = arguments[1].isEmpty ? "" : "users", flag = opaqueZero == 0
    let maybe: Int? = opaqueZero == 0 ? nil : 1
    func record(_ i: Int) {
        crumb("db.query", ["table": table, "rows": i])
        crumb("mixed", ["table": table, "source": "web", "ok": flag, "maybe": maybe as Any, "ratio": 0.5])
    }
    Crumbs.withContext(["request_id": "req-1", "user": "alice"]) {
        for i in 0..<1_000 { record(i) }  // first uses set up the thread and the recorder's tables
        let before = mallocs()
        for i in 0..<10_000 { record(i) }
        let count = mallocs() - before
        say("crumb-mallocs=\(count)")
    }
    exit(0)
case "no-crash":
    crumb("clean.exit")
    exit(0)
default:
    say("unknown scenario \(scenario)")
    exit(2)
}
say("should not get here")
exit(4)
