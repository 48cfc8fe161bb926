#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Asks the kernel to back the reserved storage of a big array with 2 MiB pages.
///
/// Loading a million crumbs fills about 150 MB of fresh arrays; with 4 KiB pages that is ~40,000
/// page faults, a fifth of the load time. Only the array's own reserved range is advised, and
/// only when it spans whole 2 MiB pages; elsewhere (or without transparent huge pages) this does
/// nothing.
@inline(__always)
func adviseHugePages<Element>(_ array: inout [Element]) {
    #if os(Linux)
    let bytes = array.capacity * MemoryLayout<Element>.stride
    guard bytes >= 4 << 20 else { return }
    array.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        let address = Int(bitPattern: base)
        let huge = 2 << 20
        let start = (address + huge - 1) & ~(huge - 1)
        let end = (address + bytes) & ~(huge - 1)
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, Int32(MADV_HUGEPAGE)) }
    }
    #endif
}
