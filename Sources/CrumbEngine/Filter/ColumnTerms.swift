/// The terms of a filter that look at one column or key (the thread, the event, one context
/// key, one field...), checked together: a value passes when every positive term matches it and
/// no negated one does. The negated terms are merged into one pattern, and the positive ones are
/// tried cheapest first and stop at the first that fails, so hundreds of terms on one column cost
/// about one check per value, not one per term.
struct ColumnTerms {
    enum Column: Hashable {
        case thread, event, service, host, trace
        case context(String)
        /// A field, or `ts` (the crumb's time as written).
        case field(String)

        /// Cheaper columns are checked first: a crumb's one id, then its context, then fields
        /// (decoded from its bytes).
        var cost: Int {
            switch self {
            case .thread, .event, .service, .host, .trace: 1
            case .context: 2
            case .field: 3
            }
        }
    }

    let column: Column
    /// The positive terms' patterns as written (`KEY:*` left out: having the key is enough).
    let positivePatterns: [ValuePattern]
    /// Whether any term is positive: a crumb without the value then fails.
    let hasPositive: Bool
    private let positives: [CompiledPattern]
    /// Every negated term's pattern in one; nil when there is none.
    let negative: CompiledPattern?

    init(_ column: Column, positive: [ValuePattern], negated: [ValuePattern]) {
        self.column = column
        hasPositive = !positive.isEmpty
        positivePatterns = positive.filter { $0 != .any }
        // Exact values and plain prefixes or suffixes are looked up; other globs are scanned.
        positives = positivePatterns.map { CompiledPattern($0) }.enumerated().sorted {
            ($0.element.isLookup ? 0 : 1, $0.offset) < ($1.element.isLookup ? 0 : 1, $1.offset)
        }.map(\.element)
        negative = negated.isEmpty ? nil : CompiledPattern(negated)
    }

    /// Whether a crumb whose value is `value` passes; `other` is another form the value may
    /// match in (a Python repr `'alice'` read as `alice`).
    func holds(_ value: UnsafeRawBufferPointer, or other: UnsafeRawBufferPointer? = nil, work: inout FilterWork) -> Bool {
        for pattern in positives {
            work.valueChecks += 1
            guard pattern.matches(value, work: &work.bytes) || other.map({ pattern.matches($0, work: &work.bytes) }) == true
            else { return false }
        }
        if let negative {
            work.valueChecks += 1
            if negative.matches(value, work: &work.bytes) || other.map({ negative.matches($0, work: &work.bytes) }) == true {
                return false
            }
        }
        return true
    }

    /// Whether a negated term matches `value`: no crumb with it passes.
    func excludes(_ value: UnsafeRawBufferPointer, work: inout FilterWork) -> Bool {
        guard let negative else { return false }
        work.valueChecks += 1
        return negative.matches(value, work: &work.bytes)
    }
}
