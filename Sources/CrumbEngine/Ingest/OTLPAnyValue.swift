@_spi(CrumbCodec) import CrumbCodec

/// OTLP's `AnyValue` as the JSON value a crumb holds, so the crumb shows and filters it like
/// any other: a string as that string (its bytes copied as written), an integer or double as a
/// JSON number, a boolean as `true`/`false`, an array as a JSON array, a map (`kvlistValue`) as
/// a JSON object with its keys in order, bytes as a string of hex digits, an empty value as
/// `null`. Anything that is not an `AnyValue` after all is kept as its compact JSON.
///
/// 64-bit integers arrive as strings (`{"intValue":"42"}`) and become numbers (`42`): that is
/// how a crumb's count field (`"count":17`) reads back from our own OTLP live file.
struct OTLPValueWriter {
    /// Values nested deeper than this are kept as their compact JSON (no deep recursion on
    /// hostile input).
    static let maxDepth = 32

    /// Decoded base64, reused.
    private var decoded: [UInt8] = []
    /// Where the first `bytesValue` that is not base64 was (it is shown as written), since the
    /// last `takeBadBytes()`.
    private(set) var badBytes: Int?

    mutating func takeBadBytes() -> Int? {
        defer { badBytes = nil }
        return badBytes
    }

    /// Appends the AnyValue at `start..<end` (one JSON value, already skipped by the scanner).
    mutating func append(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8], depth: Int = 0) {
        let mark = out.count
        if depth < Self.maxDepth, appendValue(base, from: start, to: end, into: &out, depth: depth) { return }
        out.removeSubrange(mark...)
        JSONCompactor.compact(base, from: start, to: end, into: &out)
    }

    /// False when the value is not an AnyValue (the caller writes its compact JSON instead).
    private mutating func appendValue(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int,
                                      into out: inout [UInt8], depth: Int) -> Bool {
        var s = JSONScanner(base: base, position: start, end: end)
        guard var members = JSONMembers(&s) else { return false }
        while let key = members.next(&s) {
            let valueStart = s.position
            guard s.skipValue() else { return false }
            let valueEnd = s.position
            let isString = base[valueStart] == 0x22
            if s.key(key, is: "stringValue", or: "string_value") {
                guard isString else { return false }
                JSONCopy.string(base, from: valueStart + 1, to: valueEnd - 1, into: &out)
            } else if s.key(key, is: "intValue", or: "int_value") {
                if isString, Self.isInteger(base, from: valueStart + 1, to: valueEnd - 1) {
                    out.append(contentsOf: UnsafeBufferPointer(start: base + valueStart + 1, count: valueEnd - valueStart - 2))
                } else {
                    JSONCompactor.compact(base, from: valueStart, to: valueEnd, into: &out)
                }
            } else if s.key(key, is: "doubleValue", or: "double_value") {
                // Protobuf JSON writes NaN and the infinities as strings: they stay strings.
                let number = isString && Self.isNumber(base, from: valueStart + 1, to: valueEnd - 1)
                JSONCompactor.compact(base, from: number ? valueStart + 1 : valueStart, to: number ? valueEnd - 1 : valueEnd, into: &out)
            } else if s.key(key, is: "boolValue", or: "bool_value") {
                JSONCompactor.compact(base, from: valueStart, to: valueEnd, into: &out)
            } else if s.key(key, is: "bytesValue", or: "bytes_value") {
                guard isString else { return false }
                let escaped = findByte(0x5C, in: base, from: valueStart, to: valueEnd) < valueEnd
                if OTLPBytes.base64(base, JSONString(start: valueStart + 1, end: valueEnd - 1, escaped: escaped), into: &decoded) {
                    out.append(0x22)
                    OTLPBytes.appendHex(decoded, to: &out)
                    out.append(0x22)
                } else {
                    if badBytes == nil { badBytes = valueStart }
                    JSONCompactor.compact(base, from: valueStart, to: valueEnd, into: &out)
                }
            } else if s.key(key, is: "arrayValue", or: "array_value") {
                return appendArray(base, from: valueStart, to: valueEnd, into: &out, depth: depth)
            } else if s.key(key, is: "kvlistValue", or: "kvlist_value") {
                return appendMap(base, from: valueStart, to: valueEnd, into: &out, depth: depth)
            } else {
                continue
            }
            return true
        }
        guard members.closed else { return false }
        out.append(contentsOf: "null".utf8)
        return true
    }

    /// `{"values":[AnyValue, …]}` as `[…]`.
    private mutating func appendArray(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int,
                                      into out: inout [UInt8], depth: Int) -> Bool {
        out.append(0x5B)
        let read = Self.forEachValue(base, from: start, to: end) { s, first in
            let elementStart = s.position
            guard s.skipValue() else { return false }
            if !first { out.append(0x2C) }
            append(base, from: elementStart, to: s.position, into: &out, depth: depth + 1)
            return true
        }
        out.append(0x5D)
        return read
    }

    /// `{"values":[{"key":K,"value":AnyValue}, …]}` as `{K:…, …}`, keys in their order.
    private mutating func appendMap(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int,
                                    into out: inout [UInt8], depth: Int) -> Bool {
        out.append(0x7B)
        let read = Self.forEachValue(base, from: start, to: end) { s, first in
            guard let pair = OTLPKeyValue.read(&s), let name = pair.key else { return false }
            if !first { out.append(0x2C) }
            JSONCopy.string(base, name, into: &out)
            out.append(0x3A)
            if let value = pair.value {
                append(base, from: value.lowerBound, to: value.upperBound, into: &out, depth: depth + 1)
            } else {
                out.append(contentsOf: "null".utf8)
            }
            return true
        }
        out.append(0x7D)
        return read
    }

    /// Calls `body` with the scanner at each element of the `values` array of the object at
    /// `start..<end` (an ArrayValue or a KeyValueList), and whether it is the first; other keys
    /// are skipped. False when the object is malformed or `body` says an element was.
    private static func forEachValue(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int,
                                     _ body: (inout JSONScanner, Bool) -> Bool) -> Bool {
        var s = JSONScanner(base: base, position: start, end: end)
        guard var members = JSONMembers(&s) else { return false }
        while let key = members.next(&s) {
            guard s.key(key, is: "values") else {
                guard s.skipValue() else { return false }
                continue
            }
            guard var elements = JSONElements(&s) else { return false }
            var first = true
            while elements.next(&s) {
                guard body(&s, first) else { return false }
                first = false
            }
            guard elements.closed else { return false }
        }
        return members.closed
    }

    /// The entries of the AnyValue at `range` when it is a map (`kvlistValue`).
    static func entries(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> [(key: JSONString, value: Range<Int>?)]? {
        var s = JSONScanner(base: base, position: range.lowerBound, end: range.upperBound)
        guard var members = JSONMembers(&s) else { return nil }
        while let key = members.next(&s) {
            guard s.key(key, is: "kvlistValue", or: "kvlist_value") else {
                guard s.skipValue() else { return nil }
                continue
            }
            guard var list = JSONMembers(&s) else { return nil }
            var entries: [(key: JSONString, value: Range<Int>?)] = []
            while let name = list.next(&s) {
                guard s.key(name, is: "values") else {
                    guard s.skipValue() else { return nil }
                    continue
                }
                guard var elements = JSONElements(&s) else { return nil }
                while elements.next(&s) {
                    guard let pair = OTLPKeyValue.read(&s), let name = pair.key else { return nil }
                    entries.append((name, pair.value))
                }
                guard elements.closed else { return nil }
            }
            return list.closed ? entries : nil
        }
        return nil
    }

    /// The contents of the AnyValue's `stringValue` at `start..<end`, when it is a string.
    static func string(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> JSONString? {
        var s = JSONScanner(base: base, position: start, end: end)
        guard var members = JSONMembers(&s) else { return nil }
        while let key = members.next(&s) {
            if s.key(key, is: "stringValue", or: "string_value"), s.peek == 0x22 { return s.scanString() }
            guard s.skipValue() else { return nil }
        }
        return nil
    }

    /// `-?(0|[1-9][0-9]*)`: an integer that is valid JSON as it is.
    static func isInteger(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        if index < end, base[index] == 0x2D { index += 1 }
        guard index < end, end - index <= 20 else { return false }
        if base[index] == 0x30 { return index + 1 == end }
        return (index..<end).allSatisfy { base[$0] &- 0x30 < 10 }
    }

    /// A finite JSON number (not NaN or an infinity) that is valid JSON as it is.
    static func isNumber(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        if index < end, base[index] == 0x2D { index += 1 }
        // A digit first (NaN and Infinity start with letters); a leading zero only alone or
        // before a fraction or an exponent.
        guard index < end, base[index] &- 0x30 < 10 else { return false }
        if base[index] == 0x30, index + 1 < end, base[index + 1] != 0x2E, base[index + 1] | 0x20 != 0x65 { return false }
        var s = JSONScanner(base: base, position: start, end: end)
        return s.skipScalar() && s.atEnd
    }
}

/// One `KeyValue` of OTLP: `{"key":"…","value":AnyValue}`, in either order.
enum OTLPKeyValue {
    /// Reads the object at the scanner's position: its key's contents and where its value lies
    /// (either may be missing); nil when it is malformed.
    static func read(_ s: inout JSONScanner) -> (key: JSONString?, value: Range<Int>?)? {
        guard var members = JSONMembers(&s) else { return nil }
        var key: JSONString?, value: Range<Int>?
        while let name = members.next(&s) {
            if s.key(name, is: "key"), s.peek == 0x22 {
                guard let string = s.scanString() else { return nil }
                key = string
            } else {
                let start = s.position
                guard s.skipValue() else { return nil }
                if s.key(name, is: "value") { value = start..<s.position }
            }
        }
        return members.closed ? (key, value) : nil
    }
}
