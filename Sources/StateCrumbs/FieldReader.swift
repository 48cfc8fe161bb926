/// Writes the fields of the `Any` overload of `crumb()`, read in place.
///
/// `crumb()` hands over its `KeyValuePairs<String, Any>`, which is `@frozen` around one stored
/// property, an array of `(String, Any)`: the fields are read from that array where they are,
/// without copying a key or an existential value (value witnesses, retain, release). An `Any`
/// container is a three-word buffer followed by the value's type metadata. A value of up to
/// three words (a `String`, an `Int`, a `Double`, an `Optional` of one) sits in the buffer; a
/// bigger one (a `Substring`) in a box the buffer's first word points to, after the box's
/// two-word header. The type is told by comparing the metadata pointer with the known types'
/// ones: no dynamic cast. Values of other types take `FieldValue.text`.
enum FieldReader {
    /// What a field's value is, read in place.
    enum Value {
        case string(UnsafePointer<String>)
        case substring(UnsafePointer<Substring>)
        case signed(Int)
        case unsigned(UInt64)
        case double(Double)
        case float(Float)
        case boolean(Bool)
        /// An empty `Optional`, stored as `nil`.
        case empty
        case other(UnsafePointer<Any>)
    }

    /// Where the value sits in a `(String, Any)`: right after the key.
    @inline(__always) static var valueOffset: Int { MemoryLayout<String>.stride }
    @inline(__always) private static var metadataOffset: Int { 3 * MemoryLayout<UInt>.size }

    /// The fields' `(String, Any)` elements where their array keeps them, after the array
    /// object's header (the object's two words, then the count and the capacity). Read
    /// without retaining the array, which `crumb()`'s caller keeps alive across the call.
    @inline(__always)
    static func elements(of fields: KeyValuePairs<String, Any>) -> UnsafeBufferPointer<(String, Any)> {
        let array = unsafeBitCast(fields, to: UnsafeRawPointer.self)
        return UnsafeBufferPointer(
            start: (array + 4 * MemoryLayout<UInt>.size).assumingMemoryBound(to: (String, Any).self),
            count: fields.count)
    }

    /// Records a crumb with these fields (see `crumb()`).
    static func record(_ event: String, _ fields: UnsafeBufferPointer<(String, Any)>) {
        var draft = _CrumbDraft()
        guard draft.inlinedBegin(event, fieldCount: fields.count) else { return }
        for index in fields.indices {
            draft.add(field: UnsafeRawPointer(fields.baseAddress! + index))
        }
        draft.inlinedFinish()
    }

    /// The value in the `Any` container at `container`.
    @inline(__always)
    static func value(at container: UnsafeRawPointer) -> Value {
        let metadata = (container + metadataOffset).load(as: UInt.self)
        // The two commonest first, compared with constants.
        if metadata == UInt(bitPattern: unsafeBitCast(String.self as Any.Type, to: Int.self)) {
            return .string(container.assumingMemoryBound(to: String.self))
        }
        if metadata == UInt(bitPattern: unsafeBitCast(Int.self as Any.Type, to: Int.self)) {
            return .signed(container.load(as: Int.self))
        }
        return KnownType.value(at: container, metadata: metadata)
    }
}

/// The other value types `crumb()` writes without `String(describing:)`, and `Optional`s of
/// them and of `String` and `Int`.
private enum KnownType {
    case string, substring, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64
    case double, float, bool

    /// Each type's metadata, and whether it is the `Optional` of the kind.
    private static let table: [(metadata: UInt, kind: KnownType, optional: Bool)] = {
        func entry<T>(_ type: T.Type, _ kind: KnownType) -> [(UInt, KnownType, Bool)] {
            [(metadata(of: type), kind, false), (metadata(of: T?.self), kind, true)]
        }
        return entry(String.self, .string) + entry(Substring.self, .substring) + entry(Int.self, .int)
            + entry(Int8.self, .int8) + entry(Int16.self, .int16) + entry(Int32.self, .int32)
            + entry(Int64.self, .int64) + entry(UInt.self, .uint) + entry(UInt8.self, .uint8)
            + entry(UInt16.self, .uint16) + entry(UInt32.self, .uint32) + entry(UInt64.self, .uint64)
            + entry(Double.self, .double) + entry(Float.self, .float) + entry(Bool.self, .bool)
    }()

    private static func metadata(of type: Any.Type) -> UInt {
        UInt(bitPattern: unsafeBitCast(type, to: Int.self))
    }

    static func value(at container: UnsafeRawPointer, metadata: UInt) -> FieldReader.Value {
        guard let known = table.first(where: { $0.metadata == metadata }) else {
            return .other(container.assumingMemoryBound(to: Any.self))
        }
        return known.optional
            ? known.kind.optionalValue(at: container)
            : known.kind.value(at: container)
    }

    /// A value of this kind in the container.
    private func value(at container: UnsafeRawPointer) -> FieldReader.Value {
        switch self {
        case .string: .string(container.assumingMemoryBound(to: String.self))
        case .substring: .substring(Self.boxed(container).assumingMemoryBound(to: Substring.self))
        case .int: .signed(container.load(as: Int.self))
        case .int8: .signed(Int(container.load(as: Int8.self)))
        case .int16: .signed(Int(container.load(as: Int16.self)))
        case .int32: .signed(Int(container.load(as: Int32.self)))
        case .int64: .signed(Int(container.load(as: Int64.self)))
        case .uint: .unsigned(UInt64(container.load(as: UInt.self)))
        case .uint8: .unsigned(UInt64(container.load(as: UInt8.self)))
        case .uint16: .unsigned(UInt64(container.load(as: UInt16.self)))
        case .uint32: .unsigned(UInt64(container.load(as: UInt32.self)))
        case .uint64: .unsigned(container.load(as: UInt64.self))
        case .double: .double(container.load(as: Double.self))
        case .float: .float(container.load(as: Float.self))
        case .bool: .boolean(container.load(as: Bool.self))
        }
    }

    /// An `Optional` of this kind in the container: `.empty`, or the wrapped value, which
    /// sits where the `Optional` does.
    private func optionalValue(at container: UnsafeRawPointer) -> FieldReader.Value {
        let isEmpty = switch self {
        case .string: Self.isEmpty(container, String.self)
        case .substring: Self.isEmpty(Self.boxed(container), Substring.self)
        case .int: Self.isEmpty(container, Int.self)
        case .int8: Self.isEmpty(container, Int8.self)
        case .int16: Self.isEmpty(container, Int16.self)
        case .int32: Self.isEmpty(container, Int32.self)
        case .int64: Self.isEmpty(container, Int64.self)
        case .uint: Self.isEmpty(container, UInt.self)
        case .uint8: Self.isEmpty(container, UInt8.self)
        case .uint16: Self.isEmpty(container, UInt16.self)
        case .uint32: Self.isEmpty(container, UInt32.self)
        case .uint64: Self.isEmpty(container, UInt64.self)
        case .double: Self.isEmpty(container, Double.self)
        case .float: Self.isEmpty(container, Float.self)
        case .bool: Self.isEmpty(container, Bool.self)
        }
        return isEmpty ? .empty : value(at: container)
    }

    private static func isEmpty<T>(_ address: UnsafeRawPointer, _: T.Type) -> Bool {
        if case .none = address.assumingMemoryBound(to: T?.self).pointee { return true }
        return false
    }

    /// The address of a value too big for the container's buffer: in the box it points to.
    private static func boxed(_ container: UnsafeRawPointer) -> UnsafeRawPointer {
        container.load(as: UnsafeRawPointer.self) + 2 * MemoryLayout<UInt>.size
    }
}

extension _CrumbDraft {
    /// Adds the field of the `Any` overload at `field`, a `(String, Any)`, read in place.
    @inline(__always)
    mutating func add(field: UnsafeRawPointer) {
        guard let after = nextField(), writeKey(at: field.assumingMemoryBound(to: String.self)) else { return }
        let limit = valueLimit(fieldsAfter: after)
        switch FieldReader.value(at: field + FieldReader.valueOffset) {
        case .string(let string): writer.string(at: string, limit: limit)
        case .substring(let substring): writer.string(substring.pointee, limit: limit)
        case .signed(let integer): writer.integer(integer, limit: limit)
        case .unsigned(let integer): writer.integer(negative: false, magnitude: integer, limit: limit)
        case .double(let double): writer.described(double, limit: limit)
        case .float(let float): writer.described(float, limit: limit)
        case .boolean(let boolean): writer.boolean(boolean, limit: limit)
        case .empty: writer.string("nil", limit: limit)
        case .other(let any):
            holdConfiguration()
            writer.string(FieldValue.text(any.pointee), limit: limit)
        }
    }
}
