/// Records a crumb: what happened, with a few fields, stamped with the time, the thread and
/// the current context.
///
/// ```swift
/// crumb("db.query", ["table": "users", "rows": 42])
/// crumb("cache.miss")
/// crumb("login", ["user": user, "attempt": attempt])
/// ```
///
/// Every value is stored as `String(describing:)` of it (an `Optional` is unwrapped, `nil` when
/// empty). A field whose key looks like a secret (`password`, `token`, … see
/// ``Crumbs/enable(maxCrumbs:onCrash:outputFile:includeTimestamp:includeThread:redactKeys:maxCrumbBytes:liveFile:liveFlushInterval:liveFileMaxBytes:liveFileKeep:liveFileMode:ringFile:liveFileFormat:)``)
/// is stored as `<redacted>`. A field named `event`, `ts`, `thread` or `context` is stored as
/// `_event`, `_ts`, and so on. Values too long for the crumb are cut and end with `…`.
///
/// It never throws and never traps; an empty event records nothing. It takes no lock: it is
/// safe to call from any thread or task, often. In an optimized build it allocates nothing for
/// values that are strings, integers, Booleans or `Optional`s of them, in variables or not:
/// Swift keeps the call's array of fields in the caller's frame, and each value is read where
/// it is, by its type. A value of another type is written with `String(describing:)`, which
/// may allocate, and one bigger than three words (a `Substring`) is boxed by Swift when it
/// becomes an `Any`. When every key and value is a literal, Swift picks the overload that takes
/// ``CrumbKey``s and ``CrumbValue``s, which builds no `Any` and costs a little less. The crumb
/// is the same.
// Disfavoured so that a call whose values are all literals takes the CrumbValue overload.
@_disfavoredOverload
@inlinable
public func crumb(_ event: String, _ fields: KeyValuePairs<String, Any> = [:]) {
    _recordCrumb(event, fields)
}

/// Records a crumb whose keys and values are all literals (strings, interpolations in
/// values, numbers, Booleans), without boxing any value in `Any`.
///
/// You call it as `crumb(_:_:)`; Swift picks this overload by itself when every key and value
/// is a literal. The crumb is the same as the other overload records.
///
/// ```swift
/// crumb("db.query", ["table": "users", "rows": 42])
/// crumb("tick")
/// ```
// Inlined into the caller, and each field handed over by value, so that the literal never
// escapes and Swift keeps it on the stack.
@inlinable
public func crumb(_ event: String, _ fields: KeyValuePairs<CrumbKey, CrumbValue> = [:]) {
    var draft = _CrumbDraft()
    guard draft.begin(event, fieldCount: fields.count) else { return }
    for (key, value) in fields {
        draft.add(key, value)
    }
    draft.finish()
}

/// The recorder's entry point for `crumb()` (internal; visible to inlined callers only).
///
/// Declared not to let the fields' array escape, which it does not: it reads the array in
/// place and keeps nothing. Knowing that, Swift keeps the array a call builds in the caller's
/// frame rather than on the heap. Only the array is promised (`value**`: the reference, through
/// the structs that hold it), not the values in it, which a value's `description` may keep.
@usableFromInline
@_effects(notEscaping fields.value**)
func _recordCrumb(_ event: String, _ fields: KeyValuePairs<String, Any>) {
    FieldReader.record(event, FieldReader.elements(of: fields))
}
