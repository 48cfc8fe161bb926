import Foundation
import StateCrumbs
import Synchronization

/// `crumbtui --demo`: a small in-process app whose worker threads handle made-up requests,
/// recording crumbs with StateCrumbs into a live file in a temporary folder, while the viewer
/// follows that file. Now and then a query times out and is retried, or a request fails: error
/// events, not crashes.
final class Demo: Sendable {
    let directory: String
    let liveFile: String
    private let running = Atomic<Bool>(true)
    private let workers = 4

    private init(directory: String) {
        self.directory = directory
        liveFile = directory + "/demo.jsonl"
    }

    static func start() -> Demo? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crumbtui-demo-\(getpid())").path
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else {
            return nil
        }
        let demo = Demo(directory: directory)
        _ = FileManager.default.createFile(atPath: demo.liveFile, contents: nil)
        Crumbs.enable(maxCrumbs: 100, onCrash: .off, liveFile: demo.liveFile, liveFlushInterval: .milliseconds(20))
        crumb("demo.start", ["workers": demo.workers, "live_file": demo.liveFile])
        for number in 1...demo.workers {
            Thread.detachNewThread { demo.work(number) }
        }
        return demo
    }

    /// Stops the workers and the live file, then removes the temporary folder: a live file
    /// still streaming when its folder goes would report, on stderr, that it cannot open it.
    func stop() {
        running.store(false, ordering: .relaxed)
        crumb("demo.stop")
        Crumbs.flush(timeout: .seconds(1))
        Crumbs.enable(maxCrumbs: 100, onCrash: .off)  // no live file: its writer stops
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static let users = ["alice", "bob", "carol", "Zoë", "李雷", "dmitri"]
    private static let paths = ["/cart", "/checkout", "/profile", "/search?q=tea", "/orders/42"]
    private static let tables = ["users", "orders", "items", "sessions"]

    private func work(_ number: Int) {
        Crumbs.setThreadName("worker-\(number)")
        var request = 0
        while running.load(ordering: .relaxed) {
            request += 1
            handle(request: "req-\(number)-\(request)")
            usleep(UInt32.random(in: 150_000...900_000))
        }
    }

    private func handle(request: String) {
        let user = Self.users.randomElement()!
        Crumbs.withContext(["request_id": request, "user": user]) {
            crumb("request.start", ["path": Self.paths.randomElement()!])
            Crumbs.withContext(["step": "db"]) {
                let table = Self.tables.randomElement()!
                crumb("db.query", ["table": table, "rows": Int.random(in: 0...500)])
                if Int.random(in: 0..<6) == 0 {
                    crumb("db.timeout", ["table": table, "error": "timed out after 250 ms"])
                    Crumbs.withContext(["attempt": 2]) {
                        crumb("db.retry", ["table": table, "backoff_ms": 100])
                    }
                }
            }
            if Int.random(in: 0..<4) == 0 {
                crumb("cache.put", ["key": "cart:\(user)", "value": #"{"items":[{"sku":"tea-01","qty":2},{"sku":"mug","qty":1}],"total":17.5}"#])
            }
            if Int.random(in: 0..<12) == 0 {
                crumb("request.failed", ["status": 503, "error": "payment service unavailable"])
            } else {
                crumb("request.done", ["status": 200, "ms": Int.random(in: 3...240)])
            }
        }
    }
}
