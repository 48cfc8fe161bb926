#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The scanner works on mapped bytes with libc's memchr and memcmp; these wrappers keep the
// platform import in one file.

@inline(__always)
func memcmp(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Int32 {
    #if canImport(Glibc)
    return Glibc.memcmp(a, b, count)
    #else
    return Darwin.memcmp(a, b, count)
    #endif
}

/// Offset of the first `byte` in `base[from..<to]`, or `to`.
@inline(__always)
func findByte(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
    guard from < to else { return to }
    guard let hit = memchr(base + from, Int32(byte), to - from) else { return to }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
}
