#if canImport(Glibc)
import Glibc
#else
#error("StateCrumbs supports Linux with glibc only (x86_64 and arm64)")
#endif

/// Writes a file so that a reader sees the old content or the whole new one, never half:
/// a temporary file in the same folder, written, flushed to disk, then renamed over the path.
enum AtomicFile {
    /// The file is created readable and writable by its owner only (crumbs can hold private data).
    static func write(_ bytes: [UInt8], to path: String) throws(CrumbExportError) {
        func failure(_ what: String) -> CrumbExportError {
            CrumbExportError(path: path, reason: what + String(cString: strerror(errno)))
        }
        guard !path.isEmpty else { throw CrumbExportError(path: path, reason: "empty path") }
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure("") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                let error = failure("")
                close(descriptor)
                unlink(temporary)
                throw error
            }
            written += result
        }
        let synced = fsync(descriptor) == 0
        let syncError = failure("")
        if close(descriptor) != 0 || !synced {
            let error = synced ? failure("") : syncError
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("")
            unlink(temporary)
            throw error
        }
    }
}
