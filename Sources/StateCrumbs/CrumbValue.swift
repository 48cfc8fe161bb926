/// A field value written as a literal: a string, an integer, a floating-point number or a
/// Boolean, kept as what it is rather than boxed in `Any`.
///
/// You do not name this type: when every key and value in a `crumb()` call is a literal
/// (string interpolations included, in values), Swift picks the overload of `crumb()` that
/// takes ``CrumbKey``s and ``CrumbValue``s, and the crumb is recorded without building an `Any`
/// per field, which makes it a little cheaper (see BENCHMARKS.md). A value held in a variable
/// makes the call go through the `Any` overload, with the same result in the crumb.
///
/// ```swift
/// crumb("db.query", ["table": "users", "rows": 42])        // literals: CrumbValue
/// crumb("cache.hit", ["key": "user:\(id)", "ratio": 0.93])  // an interpolation is a literal too
/// crumb("login", ["user": user])                            // a variable: Any
/// ```
///
/// In the crumb a value is stored as `String(describing:)` of it, as for any other value.
public struct CrumbValue: Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case string(String)
        case integer(Int)
        case double(Double)
        case boolean(Bool)
    }

    @usableFromInline
    let storage: Storage

    @inlinable
    init(_ storage: Storage) {
        self.storage = storage
    }
}

extension CrumbValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// A string literal, or an interpolation: `"users"`, `"user:\(id)"`.
    @inlinable
    public init(stringLiteral value: String) {
        self.init(.string(value))
    }
}

extension CrumbValue: ExpressibleByIntegerLiteral {
    /// An integer literal: `42`.
    @inlinable
    public init(integerLiteral value: Int) {
        self.init(.integer(value))
    }
}

extension CrumbValue: ExpressibleByFloatLiteral {
    /// A floating-point literal: `0.25`.
    @inlinable
    public init(floatLiteral value: Double) {
        self.init(.double(value))
    }
}

extension CrumbValue: ExpressibleByBooleanLiteral {
    /// `true` or `false`.
    @inlinable
    public init(booleanLiteral value: Bool) {
        self.init(.boolean(value))
    }
}

extension CrumbValue: CustomStringConvertible {
    /// The text a crumb stores for this value: `String(describing:)` of what it holds.
    ///
    /// ```swift
    /// let value: CrumbValue = 42
    /// print(value.description)   // 42
    /// ```
    public var description: String {
        switch storage {
        case .string(let string): string
        case .integer(let integer): String(integer)
        case .double(let double): String(describing: double)
        case .boolean(let boolean): String(describing: boolean)
        }
    }
}
