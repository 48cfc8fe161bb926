#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("CrumbCodec supports Linux with glibc (x86_64 and arm64)")
#endif

// The scanner works on mapped bytes with libc's memchr and memcmp; these wrappers keep the
// platform import in one file.

/// Whether `count` bytes at `a` and `b` are the same.
@inlinable @inline(__always)
@_spi(CrumbCodec) public func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    Glibc.memcmp(a, b, count) == 0
}

/// Offset of the first `byte` in `base[from..<to]`, or `to`.
@inlinable @inline(__always)
@_spi(CrumbCodec) public func findByte(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
    guard from < to else { return to }
    guard let hit = memchr(base + from, Int32(byte), to - from) else { return to }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
}

/// Whether `needle` occurs in `base[0..<count]`: memchr for its first byte, then a compare.
@_spi(CrumbCodec) public func containsBytes(_ needle: UnsafeBufferPointer<UInt8>, in base: UnsafePointer<UInt8>, count: Int) -> Bool {
    guard let first = needle.first, let start = needle.baseAddress else { return true }
    var from = 0
    let last = count - needle.count
    while from <= last {
        let hit = findByte(first, in: base, from: from, to: last + 1)
        if hit > last { return false }
        if bytesEqual(base + hit, start, needle.count) { return true }
        from = hit + 1
    }
    return false
}
