@_spi(CrumbCodec) import CrumbCodec

/// Counts over a set of crumbs: per thread, per event, per context key, and per service and
/// host when the input names them (for `--stats` and the viewer's facets).
public struct CrumbStats: Sendable, Equatable {
    public struct Count: Sendable, Equatable {
        public var name: String
        public var count: Int

        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    public var crumbs: Int
    /// Most frequent first; ties by name. Crumbs without a thread or event count as `(none)`.
    public var threads: [Count]
    public var events: [Count]
    public var contextKeys: [Count]
    /// Empty when no crumb has a service (or host); else crumbs without one count as `(none)`.
    public var services: [Count] = []
    public var hosts: [Count] = []

    public init(_ store: CrumbStore, _ crumbs: [UInt32]) {
        var threadCounts = [Int](repeating: 0, count: store.threadNames.count + 1)
        var eventCounts = [Int](repeating: 0, count: store.eventNames.count + 1)
        var keyCounts = [Int](repeating: 0, count: store.contextKeys.count)
        for crumb in crumbs {
            threadCounts[store.thread(of: Int(crumb))?.index ?? threadCounts.count - 1] += 1
            eventCounts[store.event(of: Int(crumb))?.index ?? eventCounts.count - 1] += 1
            var previous: ContextKeyID?
            for entry in store.contextEntries(of: Int(crumb)) where entry.key != previous {
                keyCounts[entry.key.index] += 1
                previous = entry.key
            }
        }
        func counts<ID>(_ values: [Int], _ table: InternTable<ID>, noneLast: Bool) -> [Count] {
            var result: [Count] = []
            for (id, count) in values.enumerated() where count > 0 {
                let name = noneLast && id == values.count - 1 ? "(none)" : DisplayText.escaped(table.string(ID(number: UInt32(id))))
                result.append(Count(name: name, count: count))
            }
            return result.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        }
        self.crumbs = crumbs.count
        threads = counts(threadCounts, store.threadNames, noneLast: true)
        events = counts(eventCounts, store.eventNames, noneLast: true)
        contextKeys = counts(keyCounts, store.contextKeys, noneLast: false)
        if store.serviceNames.count > 0 {
            var serviceCounts = [Int](repeating: 0, count: store.serviceNames.count + 1)
            for crumb in crumbs { serviceCounts[store.service(of: Int(crumb))?.index ?? serviceCounts.count - 1] += 1 }
            services = counts(serviceCounts, store.serviceNames, noneLast: true)
        }
        if store.hostNames.count > 0 {
            var hostCounts = [Int](repeating: 0, count: store.hostNames.count + 1)
            for crumb in crumbs { hostCounts[store.host(of: Int(crumb))?.index ?? hostCounts.count - 1] += 1 }
            hosts = counts(hostCounts, store.hostNames, noneLast: true)
        }
    }
}
