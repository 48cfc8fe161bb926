import CTerminalGuard

/// SIGINT (Ctrl-C), SIGTERM and SIGHUP end the viewer by its normal path: the terminal guard
/// (`Terminal.open` arms it) records the signal, the main loop sees it within one key timeout
/// and leaves, the terminal is put back and the demo stopped, and then the process dies by that
/// signal, as the shell expects of a program a signal ended (status 128 + N). A second one before
/// that ends the process at once, terminal restored (see terminal_guard.h).
enum Interrupt {
    static var requested: Bool { tg_quit_signal() != 0 }

    /// Ends the process by the signal that asked the viewer to quit, if one did.
    static func endIfRequested() {
        tg_end_by_quit_signal()
    }
}
