import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Set by SIGINT, SIGTERM and SIGHUP; the main loop sees it within one key timeout and leaves
/// through the normal path, which restores the terminal.
let interruptRequested = Atomic<Bool>(false)

enum Interrupt {
    static func install() {
        // Touch the global first: its lazy initialisation must not happen inside the handler.
        interruptRequested.store(false, ordering: .relaxed)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            _ = Glibc.signal(signal) { _ in interruptRequested.store(true, ordering: .relaxed) }
        }
    }

    static var requested: Bool { interruptRequested.load(ordering: .relaxed) }
}
