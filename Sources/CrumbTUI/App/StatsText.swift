import CrumbEngine

/// The `--stats` report: counts per thread, per event and per context key.
enum StatsText {
    static func render(_ stats: CrumbStats) -> String {
        var text = "\(stats.crumbs) crumbs\n"
        for (title, counts) in [("threads", stats.threads), ("events", stats.events), ("context keys", stats.contextKeys)] {
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
