#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StateCrumbs

/// Resident memory after 1,000 crumbs and after 10,000,000 (ring of 50, default crumb size):
/// the ring is fixed slots, so the two should match.
func measureMemory() {
    Crumbs.enable(maxCrumbs: 50, onCrash: .off)
    for i in 0..<1_000 { crumb("db.query", ["table": "users", "rows": i]) }
    let afterThousand = residentKiB()
    for i in 0..<10_000_000 { crumb("db.query", ["table": "users", "rows": i]) }
    let afterTenMillion = residentKiB()
    print("swift memory rss_kib_after_1k=\(afterThousand) rss_kib_after_10m=\(afterTenMillion)")
}

/// VmRSS from /proc/self/status.
private func residentKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
}
