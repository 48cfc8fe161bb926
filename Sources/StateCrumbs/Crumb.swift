/// One breadcrumb: what happened (`event`), when, on which thread, in which context, and the
/// fields recorded with it, in the order given.
///
/// Crumbs come from ``Crumbs/snapshot()`` or from a crash handler:
///
/// ```swift
/// crumb("db.query", ["table": "users", "rows": 42])
/// let last = Crumbs.snapshot().last!
/// last.event            // "db.query"
/// last["rows"]          // "42"
/// last.thread           // "MainThread"
/// ```
///
/// Its JSON form is the one Python statecrumbs writes: `event`, `ts`, `thread`, `context`
/// (when not empty), then the fields.
public struct Crumb: Sendable, Equatable, Hashable {
    /// A key and its value, as stored (values are always text).
    public struct Field: Sendable, Equatable, Hashable {
        /// The key.
        public var key: String
        /// The value, as `String(describing:)` gave it.
        public var value: String

        /// A field.
        ///
        /// ```swift
        /// let field = Crumb.Field(key: "rows", value: "42")
        /// ```
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// What happened, such as `"db.query"`.
    public var event: String
    /// When, as ISO-8601 text in UTC with microseconds (`2025-12-30T10:23:45.123456+00:00`);
    /// nil when timestamps were off.
    public var timestamp: String?
    /// The recording thread's name (`MainThread`, a name you gave it, or `Thread-<tid>`);
    /// nil when thread names were off.
    public var thread: String?
    /// The context in effect when the crumb was recorded, outer keys first.
    public var context: [Field]
    /// The fields recorded with the crumb, in the order given.
    public var fields: [Field]

    /// A crumb, as a test or a handler might build one.
    ///
    /// ```swift
    /// let crumb = Crumb(event: "start", fields: [.init(key: "user", value: "alice")])
    /// ```
    public init(
        event: String,
        timestamp: String? = nil,
        thread: String? = nil,
        context: [Field] = [],
        fields: [Field] = []
    ) {
        self.event = event
        self.timestamp = timestamp
        self.thread = thread
        self.context = context
        self.fields = fields
    }

    /// The value of the field `key`, or nil.
    ///
    /// ```swift
    /// crumb["rows"]   // "42"
    /// ```
    public subscript(key: String) -> String? {
        fields.last(where: { $0.key == key })?.value
    }

    /// The value of the context key `key`, or nil.
    ///
    /// ```swift
    /// crumb.contextValue("request_id")   // "req-7"
    /// ```
    public func contextValue(_ key: String) -> String? {
        context.last(where: { $0.key == key })?.value
    }
}
