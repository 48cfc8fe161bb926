/// Walks a crumb's fields without copying them.
///
/// Reading an element of `KeyValuePairs<String, Any>` copies its key and its existential
/// value (value witnesses, retain, release): about 30 ns per field, more than the rest of the
/// field costs. `crumb()` hands over the elements of its `KeyValuePairs` (which is `@frozen`
/// around an array of `(String, Any)`) as a buffer, and this reads them in place. An `Any` container is a three-word
/// inline buffer followed by the type's metadata pointer; a `String` or `Int` sits inline at
/// the buffer's start.
enum FieldReader {
    /// What a field's value is, read in place.
    enum Value {
        case string(UnsafePointer<String>)
        case integer(Int)
        case other(UnsafePointer<Any>)
    }

    @inline(__always) private static var stringMetadata: UInt { unsafeBitCast(String.self as Any.Type, to: UInt.self) }
    @inline(__always) private static var intMetadata: UInt { unsafeBitCast(Int.self as Any.Type, to: UInt.self) }
    private static let valueOffset = MemoryLayout<(String, Any)>.offset(of: \(String, Any).1)!
    private static let metadataOffset = 3 * MemoryLayout<Int>.size

    @inline(__always)
    static func forEach(
        _ fields: UnsafeBufferPointer<(String, Any)>,
        _ body: (_ key: UnsafePointer<String>, _ value: Value) -> Void
    ) {
        for index in fields.indices {
            let element = UnsafeRawPointer(fields.baseAddress! + index)
            let key = element.assumingMemoryBound(to: String.self)
            let container = element + valueOffset
            let metadata = (container + metadataOffset).load(as: UInt.self)
            let value: Value
            if metadata == stringMetadata {
                value = .string(container.assumingMemoryBound(to: String.self))
            } else if metadata == intMetadata {
                value = .integer(container.load(as: Int.self))
            } else {
                value = .other(container.assumingMemoryBound(to: Any.self))
            }
            body(key, value)
        }
    }
}
