/// A parsed filter expression: terms separated by spaces, all of which must hold.
///
/// | term | matches crumbs |
/// |---|---|
/// | `thread:NAME`, `event:NAME` | with that thread or event |
/// | `ctx.KEY:VALUE` | whose context has KEY with that value |
/// | `KEY:VALUE` | whose field KEY has that value (a Python `repr` value `'alice'` also matches `alice`) |
/// | `KEY:*`, `ctx.KEY:*` | that have the key, with any value |
/// | `event:db.*`, `thread:a\|b` | `*` is any text; `\|` separates alternatives |
/// | `user:"o'brien jr"` | quotes allow spaces (and make `*` and `\|` literal) |
/// | `ctx.attempt:3` | a number, list, object, `true` or `null` matches its compact JSON text |
/// | `-term` | that do not match the term |
/// | `word` | containing `word` anywhere, ignoring case |
/// | `since:TIME`, `until:TIME` | at or after / up to the end of an ISO-8601 time or prefix (`2025-12-30T10:23`) |
/// | `service:NAME`, `host:NAME` | from that service or host (OTLP: the resource's `service.name`, `host.name`) |
/// | `trace:ID` | whose log record has that trace id (32 hex digits, any case) |
/// | `"service":VALUE` | a quoted key is always a field's (here the field named `service`) |
///
/// ```swift
/// let filter = try CrumbFilter("thread:worker-3 event:db.* -ctx.attempt:1")
/// ```
public struct CrumbFilter: Sendable, Equatable {
    public enum Term: Sendable, Equatable {
        case thread(ValuePattern)
        case event(ValuePattern)
        case context(key: String, ValuePattern)
        case field(key: String, ValuePattern)
        /// Case-insensitive substring, stored lowercased.
        case text(String)
        /// Microseconds since 1970 UTC: the crumb's time is at or after this.
        case since(Int64)
        /// The crumb's time is before this (the end of the period the prefix names).
        case until(Int64)
        /// The crumb's service, host or trace id (inputs that name them: OTLP).
        case service(ValuePattern)
        case host(ValuePattern)
        /// Lowercase hex.
        case trace(ValuePattern)
    }

    public struct Clause: Sendable, Equatable {
        public var term: Term
        public var negated: Bool
    }

    public var clauses: [Clause]
    /// The expression as given.
    public var expression: String

    /// Parses `expression`; an empty one matches every crumb.
    public init(_ expression: String) throws(FilterSyntaxError) {
        self.expression = expression
        var parser = FilterParser(expression)
        clauses = try parser.parse()
    }

    /// True when the filter has no terms.
    public var matchesEverything: Bool { clauses.isEmpty }
}
