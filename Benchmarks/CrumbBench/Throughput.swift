#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StateCrumbs

/// Two threads record `rate` crumbs a second between them for 3 seconds (flat out when 0) into
/// the live file; prints how fast they reached the file and whether any were dropped.
func measureThroughput(rate: Int, livePath: String) {
    let seconds = 3
    let perThread = rate > 0 ? rate / 2 * seconds : 3_000_000
    let start = nanoseconds()
    let worker = Thread { recordSteadily(thread: 1, count: perThread, rate: rate, start: start) }
    worker.start()
    recordSteadily(thread: 0, count: perThread, rate: rate, start: start)
    while !worker.isFinished { usleep(100) }
    let recorded = nanoseconds()
    Crumbs.flush()
    let flushed = nanoseconds()
    let lines = (try? String(contentsOfFile: livePath, encoding: .utf8))?.split(separator: "\n") ?? []
    let markers = lines.filter { $0.hasPrefix(#"{"event":"statecrumbs.dropped""#) }.count
    let total = 2 * perThread
    let perSecond = Double(total) / (Double(flushed - start) / 1e9)
    print("swift live-throughput target_per_s=\(rate) crumbs=\(total) recorded_s=\(String(format2: Double(recorded - start) / 1e9)) in_file_s=\(String(format2: Double(flushed - start) / 1e9)) per_s=\(Int(perSecond)) lines=\(lines.count - markers) drop_markers=\(markers)")
}

private func recordSteadily(thread: Int, count: Int, rate: Int, start: UInt64) {
    Crumbs.withContext(["request_id": "req-\(thread)", "user": "alice", "tenant": "acme", "step": "db"]) {
        for i in 0..<count {
            crumb("db.query", ["table": "users", "rows": i])
            if rate > 0, i % 1_000 == 999 {
                // Keep to the rate: sleep until this thread's next thousand is due.
                let due = start + UInt64(i + 1) * 2_000_000_000 / UInt64(rate)
                let now = nanoseconds()
                if due > now { usleep(useconds_t((due - now) / 1_000)) }
            }
        }
    }
}
