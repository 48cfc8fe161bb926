/// A growable run of bytes that the writers (`JSONCompactor`, `PrettyJSON`, `CrumbLine`) fill
/// through a raw pointer: they make room once for a stretch of work and then store bytes, or
/// whole words, without a capacity check per byte, which `[UInt8].append` pays.
///
///     var out = ByteBuffer(capacity: 1 << 20)
///     out.append("[")
///     JSONCompactor.compact(base, from: start, to: end, into: &out)
///     out.withBytes { write(1, $0.baseAddress, $0.count) }
///
/// Room is always counted beyond `count`: a writer that stores an eight-byte word at the end
/// makes room for those eight bytes first, even when it keeps fewer.
@_spi(CrumbCodec) public struct ByteBuffer: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    /// Bytes written.
    @_spi(CrumbCodec) public var count: Int

    @inlinable
    @_spi(CrumbCodec) public init(capacity: Int = 256) {
        self.capacity = Swift.max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    deinit { base.deallocate() }

    /// Makes sure `bytes` more can be stored after the written ones.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public mutating func reserve(_ bytes: Int) {
        if capacity - count < bytes { grow(count + bytes) }
    }

    @usableFromInline
    mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Where the next byte goes (valid until the next `reserve`).
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public var cursor: UnsafeMutablePointer<UInt8> { base + count }

    @inlinable @inline(__always)
    @_spi(CrumbCodec) public mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inlinable @inline(__always)
    @_spi(CrumbCodec) public mutating func append(_ bytes: UnsafePointer<UInt8>, count length: Int) {
        reserve(length + 16)
        Self.copy(bytes, length, to: base + count)
        count += length
    }

    @inlinable @inline(__always)
    @_spi(CrumbCodec) public mutating func append(_ text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    @inlinable
    @_spi(CrumbCodec) public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        append(start, count: bytes.count)
    }

    /// Copies `length` bytes to `target`, which has room for `length + 16`: short copies (most
    /// tokens of a crumb) are two overlapping loads and stores instead of a call to `memcpy`.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func copy(_ source: UnsafePointer<UInt8>, _ length: Int, to target: UnsafeMutablePointer<UInt8>) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        switch length {
        case 16...:
            to.copyMemory(from: from, byteCount: length)
        case 8...:
            let first = from.loadUnaligned(as: UInt64.self)
            let last = from.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            to.storeBytes(of: first, as: UInt64.self)
            to.storeBytes(of: last, toByteOffset: length - 8, as: UInt64.self)
        case 4...:
            let first = from.loadUnaligned(as: UInt32.self)
            let last = from.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
            to.storeBytes(of: first, as: UInt32.self)
            to.storeBytes(of: last, toByteOffset: length - 4, as: UInt32.self)
        default:
            for offset in 0..<length { target[offset] = source[offset] }
        }
    }

    /// Forgets the written bytes, keeping the memory.
    @inlinable
    @_spi(CrumbCodec) public mutating func removeAll() { count = 0 }

    /// The written bytes, for as long as `body` runs.
    @inlinable
    @_spi(CrumbCodec) public func withBytes<R, Failure: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> R) throws(Failure) -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// A copy of the written bytes.
    @_spi(CrumbCodec) public var array: [UInt8] { withBytes { Array($0) } }
}
