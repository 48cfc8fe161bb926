/// Records a crumb: what happened, with a few fields, stamped with the time, the thread and
/// the current context.
///
/// ```swift
/// crumb("db.query", ["table": "users", "rows": 42])
/// crumb("cache.miss")
/// ```
///
/// Every value is stored as `String(describing:)` of it (an `Optional` is unwrapped, `nil` when
/// empty). A field whose key looks like a secret (`password`, `token`, … see
/// ``Crumbs/enable(maxCrumbs:onCrash:outputFile:includeTimestamp:includeThread:redactKeys:maxCrumbBytes:liveFile:liveFlushInterval:liveFileMaxBytes:liveFileKeep:liveFileMode:)``)
/// is stored as `<redacted>`. A field named `event`, `ts`, `thread` or `context` is stored as
/// `_event`, `_ts`, and so on. Values too long for the crumb are cut and end with `…`.
///
/// It never throws and never traps; an empty event records nothing. It takes no lock and,
/// for short values, allocates nothing: it is safe to call from any thread or task, often.
// Inlined into the caller so that its array literal stays on the stack: only a pointer to the
// elements crosses into the recorder, and nothing keeps it past the call.
@inlinable
public func crumb(_ event: String, _ fields: KeyValuePairs<String, Any> = [:]) {
    // KeyValuePairs is @frozen around one stored property, its elements array: reading the
    // elements in place through a pointer saves copying each key and existential value.
    unsafeBitCast(fields, to: [(String, Any)].self).withUnsafeBufferPointer {
        _recordCrumb(event, $0)
    }
}

/// The recorder's entry point for ``crumb(_:_:)`` (internal; visible to inlined callers only).
@usableFromInline
func _recordCrumb(_ event: String, _ fields: UnsafeBufferPointer<(String, Any)>) {
    Recorder.record(event, fields)
}
