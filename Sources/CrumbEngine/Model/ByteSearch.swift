#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

// The scanner works on mapped bytes with libc's memchr and memcmp; these wrappers keep the
// platform import in one file.

@inline(__always)
func memcmp(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Int32 {
    Glibc.memcmp(a, b, count)
}

/// Offset of the first `byte` in `base[from..<to]`, or `to`.
@inline(__always)
func findByte(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
    guard from < to else { return to }
    guard let hit = memchr(base + from, Int32(byte), to - from) else { return to }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
}
