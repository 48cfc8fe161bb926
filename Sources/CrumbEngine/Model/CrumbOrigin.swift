/// Where a crumb comes from when its input says so (OpenTelemetry logs): the service and host in
/// the record's resource, and the trace the record belongs to. These are facts about the crumb,
/// not part of its JSON: `--print --format jsonl` still writes the crumb itself.

/// A service name's number in `CrumbStore.serviceNames`.
public struct ServiceID: InternID {
    public let number: UInt32
    public init(number: UInt32) { self.number = number }
}

/// A host name's number in `CrumbStore.hostNames`.
public struct HostID: InternID {
    public let number: UInt32
    public init(number: UInt32) { self.number = number }
}

/// A trace id's number in `CrumbStore.traceIDs` (32 lowercase hex digits).
public struct TraceID: InternID {
    public let number: UInt32
    public init(number: UInt32) { self.number = number }
}

/// One id per crumb, kept only as far as the last crumb that has one: crumbs from inputs that
/// carry no origin (dumps, JSON Lines) cost nothing, and crumbs past the end have none.
struct SparseIDColumn<ID: InternID> {
    private static var absent: UInt32 { UInt32.max }
    private var numbers: [UInt32] = []

    var isEmpty: Bool { numbers.isEmpty }

    subscript(crumb: Int) -> ID? {
        @inline(__always) get {
            guard crumb < numbers.count else { return nil }
            let number = numbers[crumb]
            return number == Self.absent ? nil : ID(number: number)
        }
    }

    /// Gives crumb `crumb` the id (crumbs before it that have none stay without).
    mutating func set(_ crumb: Int, _ id: ID) {
        if numbers.count <= crumb { numbers.append(contentsOf: repeatElement(Self.absent, count: crumb + 1 - numbers.count)) }
        numbers[crumb] = id.number
    }

    /// Forgets the ids of crumbs `count...`.
    mutating func truncate(to count: Int) {
        if numbers.count > count { numbers.removeSubrange(count...) }
    }

    /// Puts `other`'s ids, translated by `map`, at crumbs `offset...`.
    mutating func append(_ other: SparseIDColumn<ID>, mappedBy map: [ID], at offset: Int) {
        guard !other.numbers.isEmpty else { return }
        truncate(to: offset)
        if numbers.count < offset { numbers.append(contentsOf: repeatElement(Self.absent, count: offset - numbers.count)) }
        let absent = Self.absent
        numbers.append(contentsOf: other.numbers.lazy.map { $0 == absent ? absent : map[Int($0)].number })
    }
}

/// The origin of each crumb, beside `CrumbColumns`' other columns.
struct OriginColumns {
    var services = SparseIDColumn<ServiceID>()
    var hosts = SparseIDColumn<HostID>()
    var traces = SparseIDColumn<TraceID>()

    mutating func truncate(to count: Int) {
        services.truncate(to: count)
        hosts.truncate(to: count)
        traces.truncate(to: count)
    }

    /// Gives crumb `crumb` (at `at` here) the origin crumb `crumb` has in `other`, mapping its ids.
    mutating func append(_ crumb: Int, of other: OriginColumns, map: OriginNames.Map, at: Int) {
        if let id = other.services[crumb] { services.set(at, map.services[id.index]) }
        if let id = other.hosts[crumb] { hosts.set(at, map.hosts[id.index]) }
        if let id = other.traces[crumb] { traces.set(at, map.traces[id.index]) }
    }

    /// Puts all of `other`'s origins at crumbs `offset...`.
    mutating func append(_ other: OriginColumns, map: OriginNames.Map, at offset: Int) {
        services.append(other.services, mappedBy: map.services, at: offset)
        hosts.append(other.hosts, mappedBy: map.hosts, at: offset)
        traces.append(other.traces, mappedBy: map.traces, at: offset)
    }
}

/// The distinct services, hosts and trace ids of a batch or a store.
struct OriginNames {
    var services = InternTable<ServiceID>()
    var hosts = InternTable<HostID>()
    var traces = InternTable<TraceID>()

    var isEmpty: Bool { services.count == 0 && hosts.count == 0 && traces.count == 0 }

    /// A batch's ids translated to a store's.
    struct Map {
        var services: [ServiceID]
        var hosts: [HostID]
        var traces: [TraceID]
    }

    /// Interns `other`'s names here and returns the translation of its ids.
    mutating func map(_ other: OriginNames) -> Map {
        func map<ID>(_ local: InternTable<ID>, _ global: inout InternTable<ID>) -> [ID] {
            local.ids.map { id in local.withBytes(id) { global.intern($0) } }
        }
        return Map(services: map(other.services, &services), hosts: map(other.hosts, &hosts),
                   traces: map(other.traces, &traces))
    }
}

/// Crumb numbers per service and per host, for `service:` and `host:` terms; built on first
/// need and extended like `ThreadEventIndex`. Trace ids have no index: there are about as many
/// as requests, and a `trace:` term decides once per id and then compares numbers.
struct OriginIndex: Sendable {
    var services: [[UInt32]] = []
    var hosts: [[UInt32]] = []
    var indexed = 0

    mutating func extend(_ columns: CrumbColumns, services serviceCount: Int, hosts hostCount: Int) {
        while services.count < serviceCount { services.append([]) }
        while hosts.count < hostCount { hosts.append([]) }
        for crumb in indexed..<columns.count {
            let number = UInt32(truncatingIfNeeded: crumb)
            if let service = columns.origins.services[crumb] { services[service.index].append(number) }
            if let host = columns.origins.hosts[crumb] { hosts[host.index].append(number) }
        }
        indexed = columns.count
    }
}

extension CrumbStore {
    /// The distinct services (`service.name` of an OpenTelemetry resource).
    public var serviceNames: InternTable<ServiceID> { originNames.services }
    /// The distinct hosts (`host.name` of an OpenTelemetry resource).
    public var hostNames: InternTable<HostID> { originNames.hosts }
    /// The distinct trace ids, as 32 lowercase hex digits.
    public var traceIDs: InternTable<TraceID> { originNames.traces }

    /// The service of crumb `index`; nil when its input names none.
    @inline(__always) public func service(of index: Int) -> ServiceID? { columns.origins.services[index] }
    /// The host of crumb `index`; nil when its input names none.
    @inline(__always) public func host(of index: Int) -> HostID? { columns.origins.hosts[index] }
    /// The trace of crumb `index` (its log record's `traceId`); nil when it has none.
    @inline(__always) public func trace(of index: Int) -> TraceID? { columns.origins.traces[index] }

    /// Crumb numbers per service id, ascending (built or extended on first use).
    public var serviceIndex: [[UInt32]] { serviceHostIndex.services }
    /// Crumb numbers per host id, ascending (built or extended on first use).
    public var hostIndex: [[UInt32]] { serviceHostIndex.hosts }

    /// The service and host index, brought up to date with the crumbs.
    var serviceHostIndex: OriginIndex {
        if originIndex.indexed < count || originIndex.services.count < serviceNames.count
            || originIndex.hosts.count < hostNames.count {
            originIndex.extend(columns, services: serviceNames.count, hosts: hostNames.count)
        }
        return originIndex
    }
}
