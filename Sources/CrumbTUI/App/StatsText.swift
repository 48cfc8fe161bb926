import CrumbEngine

/// The `--stats` report: counts per thread, per event and per context key, then per service
/// and host when the input names them (OTLP).
enum StatsText {
    static func render(_ stats: CrumbStats) -> String {
        var text = "\(stats.crumbs) crumbs\n"
        var sections = [("threads", stats.threads), ("events", stats.events), ("context keys", stats.contextKeys)]
        if !stats.services.isEmpty { sections.append(("services", stats.services)) }
        if !stats.hosts.isEmpty { sections.append(("hosts", stats.hosts)) }
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
