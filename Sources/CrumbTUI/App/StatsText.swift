@_spi(CrumbCodec) import CrumbCodec
import CrumbEngine

/// The `--stats` report: counts per thread, per event and per context key, then per service
/// and host when the input names them (OTLP), and crashes by reason.
enum StatsText {
    static func render(_ stats: CrumbStats, crashes: [CrashReport] = []) -> String {
        var text = "\(stats.crumbs) crumbs\n"
        var reasons: [String: Int] = [:]
        for crash in crashes { reasons[DisplayText.escaped(crash.reason), default: 0] += 1 }
        let crashCounts = reasons.map { CrumbStats.Count(name: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        var sections = [("threads", stats.threads), ("events", stats.events), ("context keys", stats.contextKeys)]
        if !stats.services.isEmpty { sections.append(("services", stats.services)) }
        if !stats.hosts.isEmpty { sections.append(("hosts", stats.hosts)) }
        if !crashes.isEmpty { sections.append(("crashes", crashCounts)) }
        for (title, counts) in sections {
            text += "\n\(title) (\(counts.count)):\n"
            let width = String(counts.first?.count ?? 0).count
            for count in counts {
                let number = String(count.count)
                text += "  " + String(repeating: " ", count: width - number.count) + number + "  " + count.name + "\n"
            }
        }
        return text
    }
}
