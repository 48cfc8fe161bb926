/// How a field or context value becomes the string a crumb stores: `String(describing:)`,
/// with an `Optional` unwrapped (`nil` when empty), as Python statecrumbs stores `repr(value)`.
enum FieldValue {
    static func text(_ value: Any) -> String {
        if let string = value as? String { return string }
        if let optional = value as? any OptionalUnwrapping {
            guard let wrapped = optional.wrappedAny else { return "nil" }
            return text(wrapped)
        }
        return String(describing: value)
    }
}

/// Lets `FieldValue` see through an `Optional` held in an `Any`.
protocol OptionalUnwrapping {
    var wrappedAny: Any? { get }
}

extension Optional: OptionalUnwrapping {
    var wrappedAny: Any? {
        switch self {
        case .some(let value): value
        case .none: nil
        }
    }
}
