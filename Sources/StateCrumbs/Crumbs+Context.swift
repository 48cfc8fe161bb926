extension Crumbs {
    /// The context in effect here: the keys of every enclosing ``withContext(_:_:)`` scope.
    ///
    /// ```swift
    /// Crumbs.withContext(["request_id": "req-7"]) {
    ///     Crumbs.currentContext   // ["request_id": "req-7"]
    /// }
    /// ```
    public static var currentContext: [String: String] {
        guard let frame = ContextFrame.current else { return [:] }
        return Dictionary(frame.pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
    }

    /// Runs `body` with `values` added to the context of every crumb recorded inside it.
    ///
    /// Scopes nest: inner keys override outer ones until the inner scope ends, also when it
    /// throws. Values are stored as `String(describing:)` of them, secrets redacted.
    ///
    /// ```swift
    /// try Crumbs.withContext(["request_id": "req-7", "user": "bob"]) {
    ///     crumb("request.start")
    ///     try Crumbs.withContext(["step": "db"]) {
    ///         crumb("db.query")        // context: request_id, user, step
    ///         try database.run()
    ///     }
    /// }
    /// ```
    ///
    /// The context lives in a task-local value: child tasks (`async let`, task groups,
    /// `Task {}`) see it. `Task.detached` does not, and neither does a new `Thread`: enter a
    /// scope there yourself (pass the values along).
    public static func withContext<Result>(
        _ values: KeyValuePairs<String, Any>,
        _ body: () throws -> Result
    ) rethrows -> Result {
        try ContextFrame.$current.withValue(frame(adding: values)) {
            try body()
        }
    }

    /// Runs the async `body` with `values` added to the context of every crumb recorded inside
    /// it, including in its child tasks.
    ///
    /// ```swift
    /// await Crumbs.withContext(["request_id": request.id]) {
    ///     async let user = loadUser()      // crumbs there carry request_id too
    ///     crumb("request.start")
    ///     await render(try await user)
    /// }
    /// ```
    public static func withContext<Result>(
        _ values: KeyValuePairs<String, Any>,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        try await ContextFrame.$current.withValue(frame(adding: values), operation: body, isolation: isolation)
    }

    private static func frame(adding values: KeyValuePairs<String, Any>) -> ContextFrame {
        let configuration = Recorder.configuration
        return ContextFrame.merge(
            ContextFrame.current?.pairs ?? [], values,
            redaction: configuration.redaction, limits: configuration.limits)
    }
}
