#if canImport(Glibc)
import Glibc
#else
#error("StateCrumbs supports Linux with glibc only (x86_64 and arm64)")
#endif
import Synchronization

/// How the library reports its own trouble: once per message, on standard error, prefixed
/// `StateCrumbs:`. It cannot throw at its callers (a crumb never fails), so it says it here.
enum SelfReport {
    private static let said = Mutex<Set<String>>([])

    static func once(_ message: String) {
        let first = said.withLock { $0.insert(message).inserted }
        guard first else { return }
        let line = "StateCrumbs: " + message + "\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }
}
