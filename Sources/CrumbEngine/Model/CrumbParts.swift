/// The parts of each crumb a store may keep besides where its bytes are, its thread, event and
/// time: its context entries, and its other fields' keys and where their values lie.
///
/// Reading them is most of the cost of loading (every context value is interned: a million
/// request ids in a million crumbs) and most of a store's memory, and a count by thread or
/// event needs neither. A load can leave them out (`CrumbLoader.parts`). A store that lacks a
/// part reads it from the crumbs' bytes the first time anything asks for it (a `ctx.` filter,
/// `CrumbStats`, `contextEntries(of:)`), so no answer depends on what was loaded.
///
/// ```swift
/// let filter = try CrumbFilter("thread:worker-3 event:db.*")
/// var loader = CrumbLoader()
/// loader.parts = filter.parts  // [] : neither context nor fields
/// let store = CrumbStore()
/// loader.load(["app.jsonl"], into: store)
/// print(FilterResult(filter, in: store).matches.count)
/// ```
public struct CrumbParts: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Each crumb's context entries (`ctx.KEY:VALUE` terms, context keys in `--stats` and facets).
    public static let context = CrumbParts(rawValue: 1)
    /// Each crumb's other fields (`KEY:VALUE` terms).
    public static let fields = CrumbParts(rawValue: 2)
    /// Everything a crumb has.
    public static let all: CrumbParts = [.context, .fields]
}

extension CrumbFilter {
    /// The parts of crumbs this filter reads: `.context` for `ctx.` terms, `.fields` for field
    /// terms (but `ts`, which is read from the crumb's bytes). Bare words, threads, events,
    /// times, services, hosts and traces need neither.
    ///
    /// ```swift
    /// try CrumbFilter("ctx.user:alice table:users").parts  // [.context, .fields]
    /// ```
    public var parts: CrumbParts {
        var parts: CrumbParts = []
        for clause in clauses {
            switch clause.term {
            case .context: parts.insert(.context)
            case .field(let key, _) where key != "ts": parts.insert(.fields)
            default: break
            }
        }
        return parts
    }
}
