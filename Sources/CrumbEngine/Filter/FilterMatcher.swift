@_spi(CrumbCodec) import CrumbCodec

/// A filter bound to a store: decides whether one crumb matches.
///
/// Decisions about interned strings (does thread #3 match `worker-*`?) are made once per id and
/// remembered, so checking a crumb is a few array lookups; the caches grow when appended crumbs
/// bring new ids. Fields are decoded from the crumb's bytes only when a term asks for them.
final class FilterMatcher {
    let store: CrumbStore
    let clauses: [CrumbFilter.Clause]
    /// Per clause: per id, 0 = not decided yet, 1 = matches, 2 = does not.
    private var caches: [[UInt8]]
    /// Per clause: the context or field key's id number, once it has been seen.
    private var keyIDs: [UInt32?]
    private var scratch: [UInt8] = []
    /// Per clause: the bare word, prepared once.
    private let needles: [CrumbTextSearch.Needle?]
    /// What checking has cost so far (tests hold it to the size of the input).
    var work = FilterWork()

    init(_ filter: CrumbFilter, store: CrumbStore) {
        self.store = store
        // Read once here what the terms look at, not on the first crumb checked.
        store.ensure(filter.parts)
        clauses = filter.clauses
        caches = Array(repeating: [], count: filter.clauses.count)
        keyIDs = Array(repeating: nil, count: filter.clauses.count)
        needles = filter.clauses.map {
            if case .text(let word) = $0.term { return CrumbTextSearch.Needle(word) }
            return nil
        }
    }

    func matches(_ crumb: Int) -> Bool {
        for index in clauses.indices where holds(index, crumb) == clauses[index].negated {
            return false
        }
        return true
    }

    /// True when clause `index`'s term (ignoring `-`) holds for `crumb`.
    func holds(_ index: Int, _ crumb: Int) -> Bool {
        switch clauses[index].term {
        case .thread(let pattern):
            guard let id = store.thread(of: crumb) else { return false }
            return decide(index, id, store.threadNames, pattern)
        case .event(let pattern):
            guard let id = store.event(of: crumb) else { return false }
            return decide(index, id, store.eventNames, pattern)
        case .context(let key, let pattern):
            guard let keyID = contextKeyID(index, key) else { return false }
            for entry in store.contextEntries(of: crumb) where entry.key == keyID {
                if decide(index, entry.value, store.contextValueTable, pattern) { return true }
            }
            return false
        case .field("ts", let pattern):
            // `ts` is kept as a time, not as a field: its text is read from the crumb's bytes.
            guard let range = store.timestampRange(of: crumb) else { return false }
            return fieldMatches(crumb, range, pattern)
        case .field(let key, let pattern):
            guard let keyID = keyID(index, key, store.fieldKeyTable) else { return false }
            for entry in store.fieldEntries(of: crumb) where entry.key == keyID {
                if fieldMatches(crumb, entry.valueRange, pattern) { return true }
            }
            return false
        case .text:
            return CrumbTextSearch.contains(store, crumb, needles[index]!, work: &work.bytes)
        case .since(let time):
            guard let t = store.time(of: crumb) else { return false }
            return t >= time
        case .until(let time):
            guard let t = store.time(of: crumb) else { return false }
            return t < time
        case .service(let pattern):
            guard let id = store.service(of: crumb) else { return false }
            return decide(index, id, store.serviceNames, pattern)
        case .host(let pattern):
            guard let id = store.host(of: crumb) else { return false }
            return decide(index, id, store.hostNames, pattern)
        case .trace(let pattern):
            guard let id = store.trace(of: crumb) else { return false }
            return decide(index, id, store.traceIDs, pattern)
        }
    }

    /// Whether interned string `id` matches, decided once per id. The table is fetched only to
    /// decide: a store's table is a copy (three array references) each time it is fetched, which
    /// costs more than the whole check when a million crumbs are checked.
    @inline(__always)
    func decide<ID>(_ index: Int, _ id: ID, _ table: @autoclosure () -> InternTable<ID>, _ pattern: ValuePattern) -> Bool {
        let slot = id.index
        if slot < caches[index].count {
            switch caches[index][slot] {
            case 1: return true
            case 2: return false
            default: break
            }
        }
        return decideOnce(index, id, table(), pattern)
    }

    private func decideOnce<ID>(_ index: Int, _ id: ID, _ table: InternTable<ID>, _ pattern: ValuePattern) -> Bool {
        let slot = id.index
        if slot >= caches[index].count {
            caches[index].append(contentsOf: repeatElement(0, count: table.count - caches[index].count))
        }
        work.valueChecks += 1
        let result = table.withBytes(id) { pattern.matches($0, work: &work.bytes) }
        caches[index][slot] = result ? 1 : 2
        return result
    }

    private func keyID<ID>(_ index: Int, _ key: String, _ table: InternTable<ID>) -> ID? {
        if let number = keyIDs[index] { return ID(number: number) }
        // Looked up again on later calls: a live file can bring the key later.
        let id = table.id(of: key)
        keyIDs[index] = id?.number
        return id
    }

    private func fieldMatches(_ crumb: Int, _ range: Range<Int>, _ pattern: ValuePattern) -> Bool {
        if case .any = pattern { return true }
        work.valueChecks += 1
        return store.withBytes(of: crumb) { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let start = range.lowerBound, end = range.upperBound
            scratch.removeAll(keepingCapacity: true)
            if base[start] == 0x22 {
                JSONStringDecoder.decode(base, from: start + 1, to: end - 1, into: &scratch)
                if scratch.withUnsafeBytes({ pattern.matches($0, work: &work.bytes) }) { return true }
                // Python statecrumbs stores repr(): 'alice' should also match alice.
                if scratch.count >= 2, let quote = scratch.first, quote == 0x27 || quote == 0x22, scratch.last == quote {
                    return scratch.withUnsafeBytes { pattern.matches(UnsafeRawBufferPointer(rebasing: $0.dropFirst().dropLast()), work: &work.bytes) }
                }
                return false
            }
            JSONCompactor.compact(base, from: start, to: end, into: &scratch)
            return scratch.withUnsafeBytes { pattern.matches($0, work: &work.bytes) }
        }
    }

    /// The ids in `table` that clause `index` accepts (looked up directly for exact values).
    func matchingIDs<ID>(_ index: Int, _ table: InternTable<ID>, _ pattern: ValuePattern) -> [ID] {
        if let exact = pattern.exactValues {
            return exact.compactMap { value in value.withUnsafeBytes { table.id(of: $0) } }
        }
        return table.ids.filter { decide(index, $0, table, pattern) }
    }

    func contextKeyID(_ index: Int, _ key: String) -> ContextKeyID? { keyID(index, key, store.contextKeyTable) }
}

/// What a filter's checks cost: how many times a value was held against a pattern, and how many
/// bytes the searches looked at. Deterministic, so tests can hold it to the input's size.
struct FilterWork {
    var valueChecks = 0
    var bytes = 0
}
