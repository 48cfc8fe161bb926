@_spi(CrumbCodec) import CrumbCodec

/// A filter bound to a store: decides whether one crumb matches.
///
/// The terms on one column or key are checked together (`ColumnTerms`), and the checks run
/// cheapest first (a time, the crumb's ids, its context, its fields, a bare word), stopping at
/// the first that fails. Decisions about interned strings (does thread #3 pass `worker-*`?) are
/// made once per id and remembered, so checking a crumb is a few array lookups; the caches grow
/// when appended crumbs bring new ids. Fields are decoded from the crumb's bytes only when a
/// term asks for them.
final class FilterMatcher {
    let store: CrumbStore
    private(set) var columns: [ColumnTerms] = []
    /// Per column: per id, 0 = not decided yet, 1 = passes, 2 = does not.
    /// Read for every crumb checked: not checked for overlapping access at run time (nothing
    /// holds it across a call; a matcher is used by one thread).
    @exclusivity(unchecked) private var caches: [[UInt8]] = []
    /// Per column: the context or field key's id number, once it has been seen.
    private var keyIDs: [UInt32?] = []
    private let steps: [Step]
    /// The bare words.
    private let text: CrumbTextSearch
    private var scratch: [UInt8] = []
    /// What checking has cost so far (tests hold it to the size of the input).
    var work = FilterWork()

    /// One check of a crumb, in the order they run.
    private enum Step {
        case column(Int)
        case since(Int64, negated: Bool)
        case until(Int64, negated: Bool)
        /// A bare word, by its index in `text`.
        case text(Int, negated: Bool)

        var cost: Int {
            switch self {
            case .since, .until: 0
            case .column: 1
            case .text: 4
            }
        }
    }

    init(_ filter: CrumbFilter, store: CrumbStore) {
        self.store = store
        // Read once here what the terms look at, not on the first crumb checked.
        store.ensure(filter.parts)
        var order: [ColumnTerms.Column] = []
        var patterns: [ColumnTerms.Column: (positive: [ValuePattern], negated: [ValuePattern])] = [:]
        var steps: [(cost: Int, step: Step)] = []
        var words: [String] = []
        for clause in filter.clauses {
            let column: ColumnTerms.Column, pattern: ValuePattern
            switch clause.term {
            case .thread(let p): (column, pattern) = (.thread, p)
            case .event(let p): (column, pattern) = (.event, p)
            case .service(let p): (column, pattern) = (.service, p)
            case .host(let p): (column, pattern) = (.host, p)
            case .trace(let p): (column, pattern) = (.trace, p)
            case .context(let key, let p): (column, pattern) = (.context(key), p)
            case .field(let key, let p): (column, pattern) = (.field(key), p)
            case .since(let time):
                steps.append((0, .since(time, negated: clause.negated)))
                continue
            case .until(let time):
                steps.append((0, .until(time, negated: clause.negated)))
                continue
            case .text(let word):
                words.append(word)
                steps.append((4, .text(words.count - 1, negated: clause.negated)))
                continue
            }
            if patterns[column] == nil {
                order.append(column)
                patterns[column] = ([], [])
                steps.append((column.cost, .column(order.count - 1)))
            }
            if clause.negated { patterns[column]!.negated.append(pattern) } else { patterns[column]!.positive.append(pattern) }
        }
        columns = order.map { ColumnTerms($0, positive: patterns[$0]!.positive, negated: patterns[$0]!.negated) }
        text = CrumbTextSearch(words)
        caches = Array(repeating: [], count: columns.count)
        keyIDs = Array(repeating: nil, count: columns.count)
        // Stable: checks of the same cost keep the order they were written in.
        self.steps = steps.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element.step)
    }

    func matches(_ crumb: Int) -> Bool {
        var bytes = 0
        defer { work.bytes &+= bytes }
        for step in steps {
            switch step {
            case .column(let index):
                guard holds(index, crumb) else { return false }
            case .since(let time, let negated):
                guard let t = store.time(of: crumb) else { if negated { continue } else { return false } }
                if (t >= time) == negated { return false }
            case .until(let time, let negated):
                guard let t = store.time(of: crumb) else { if negated { continue } else { return false } }
                if (t < time) == negated { return false }
            case .text(let index, let negated):
                if text.contains(store, crumb, word: index, work: &bytes) == negated { return false }
            }
        }
        return true
    }

    /// True when `crumb` passes every term on column `index`.
    func holds(_ index: Int, _ crumb: Int) -> Bool {
        switch columns[index].column {
        case .thread: decide(index, store.thread(of: crumb), store.threadNames)
        case .event: decide(index, store.event(of: crumb), store.eventNames)
        case .service: decide(index, store.service(of: crumb), store.serviceNames)
        case .host: decide(index, store.host(of: crumb), store.hostNames)
        case .trace: decide(index, store.trace(of: crumb), store.traceIDs)
        case .context(let key): contextHolds(index, key, crumb)
        case .field("ts"):
            // `ts` is kept as a time, not as a field: its text is read from the crumb's bytes.
            fieldHolds(index, crumb, store.timestampRange(of: crumb))
        case .field(let key):
            fieldHolds(index, key, crumb)
        }
    }

    /// Whether interned string `id` passes column `index`, decided once per id. The table is
    /// fetched only to decide: a store's table is a copy (three array references) each time it
    /// is fetched, which costs more than the whole check when a million crumbs are checked.
    @inline(__always)
    func decide<ID>(_ index: Int, _ id: ID?, _ table: @autoclosure () -> InternTable<ID>) -> Bool {
        guard let id else { return !columns[index].hasPositive }
        let slot = id.index
        if slot < caches[index].count {
            switch caches[index][slot] {
            case 1: return true
            case 2: return false
            default: break
            }
        }
        return decideOnce(index, id, table())
    }

    private func decideOnce<ID>(_ index: Int, _ id: ID, _ table: InternTable<ID>) -> Bool {
        let slot = id.index
        if slot >= caches[index].count {
            caches[index].append(contentsOf: repeatElement(0, count: table.count - caches[index].count))
        }
        let result = table.withBytes(id) { columns[index].holds($0, work: &work) }
        caches[index][slot] = result ? 1 : 2
        return result
    }

    // A crumb holds each context and field key once: the loader resolves a repeated key to
    // its last value (CrumbObject), so one value decides.
    private func contextHolds(_ index: Int, _ key: String, _ crumb: Int) -> Bool {
        guard let keyID = contextKeyID(index, key),
              let entry = store.contextEntries(of: crumb).first(where: { $0.key == keyID }) else { return !columns[index].hasPositive }
        return decide(index, entry.value, store.contextValueTable)
    }

    private func fieldHolds(_ index: Int, _ key: String, _ crumb: Int) -> Bool {
        guard let keyID = keyID(index, key, store.fieldKeyTable),
              let entry = store.fieldEntries(of: crumb).first(where: { $0.key == keyID }) else { return !columns[index].hasPositive }
        return fieldHolds(index, crumb, entry.valueRange)
    }

    /// Whether the field value at `range` of the crumb's bytes passes column `index`: a string
    /// decoded, anything else as compact JSON; a Python repr (`'alice'`) also as the text inside.
    private func fieldHolds(_ index: Int, _ crumb: Int, _ range: Range<Int>?) -> Bool {
        let terms = columns[index]
        guard let range else { return !terms.hasPositive }
        if terms.positivePatterns.isEmpty, terms.negative == nil { return true }
        return store.withBytes(of: crumb) { raw in
            Self.fieldValue(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), range, into: &scratch)
            return scratch.withUnsafeBytes { terms.holds($0, or: Self.reprInside($0), work: &work) }
        }
    }

    private static func fieldValue(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        if base[range.lowerBound] == 0x22 {
            JSONStringDecoder.decode(base, from: range.lowerBound + 1, to: range.upperBound - 1, into: &out)
        } else {
            JSONCompactor.compact(base, from: range.lowerBound, to: range.upperBound, into: &out)
        }
    }

    /// Python statecrumbs stores repr(): the text inside `'alice'` (or `"alice"`).
    private static func reprInside(_ value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard value.count >= 2, let quote = value.first, quote == 0x27 || quote == 0x22, value.last == quote else { return nil }
        return UnsafeRawBufferPointer(rebasing: value.dropFirst().dropLast())
    }

    private func keyID<ID>(_ index: Int, _ key: String, _ table: InternTable<ID>) -> ID? {
        if let number = keyIDs[index] { return ID(number: number) }
        // Looked up again on later calls: a live file can bring the key later.
        let id = table.id(of: key)
        keyIDs[index] = id?.number
        return id
    }

    func contextKeyID(_ index: Int, _ key: String) -> ContextKeyID? { keyID(index, key, store.contextKeyTable) }

    /// The ids in `table` that pass column `index` (looked up directly when its first positive
    /// term names exact values).
    func passingIDs<ID>(_ index: Int, _ table: InternTable<ID>) -> [ID] {
        if let exact = columns[index].positivePatterns.first?.exactValues {
            return exact.compactMap { value in value.withUnsafeBytes { table.id(of: $0) } }.filter { decide(index, $0, table) }
        }
        return table.ids.filter { decide(index, $0, table) }
    }

    /// The context values a crumb needs one of to pass context column `index` (nil: any value).
    func candidateValues(_ index: Int) -> [ContextValueID]? {
        let terms = columns[index]
        guard !terms.positivePatterns.isEmpty else { return nil }
        let table = store.contextValues
        if let exact = terms.positivePatterns.first?.exactValues {
            return exact.compactMap { value in value.withUnsafeBytes { table.id(of: $0) } }
                .filter { table.withBytes($0) { !terms.excludes($0, work: &work) } }
        }
        return table.ids.filter { table.withBytes($0) { terms.holds($0, work: &work) } }
    }
}

/// What a filter's checks cost: how many times a value was held against a pattern, and how many
/// bytes the searches and comparisons looked at. Deterministic, so tests can hold it to the
/// input's size where timing could not be trusted.
struct FilterWork {
    var valueChecks = 0
    var bytes = 0
}
