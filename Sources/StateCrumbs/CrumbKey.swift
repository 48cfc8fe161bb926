/// A field key written as a string literal.
///
/// You do not name this type: when every key and value of a `crumb()` call is a literal,
/// Swift picks the overload of `crumb()` that takes ``CrumbKey``s and ``CrumbValue``s. A
/// literal key's text sits in the program's constant data, so the recorder remembers, per
/// thread, how it writes each key (and whether its value is a secret) instead of checking the
/// key on every crumb.
///
/// ```swift
/// crumb("db.query", ["table": "users", "rows": 42])   // "table" and "rows" are CrumbKeys
/// ```
public struct CrumbKey: Sendable, ExpressibleByStringLiteral {
    @usableFromInline
    let text: StaticString

    /// A key from a string literal.
    @inlinable
    public init(stringLiteral value: StaticString) {
        text = value
    }
}

extension CrumbKey: CustomStringConvertible {
    /// The key's text.
    ///
    /// ```swift
    /// let key: CrumbKey = "table"
    /// print(key.description)   // table
    /// ```
    public var description: String {
        text.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
    }
}
