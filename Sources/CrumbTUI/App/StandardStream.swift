#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif
@_spi(CrumbCodec) import CrumbCodec

/// Unbuffered writes to file descriptors 1 and 2: the command writes large buffers itself, and
/// libc's `stdout` global is not usable from Swift 6 code anyway.
///
/// Output that cannot be written (a full disk, `/dev/full`) throws, and the command ends with a
/// message and status 1 (``failed(_:)``). A reader that went away (`| head`) is not an error:
/// the process ends by SIGPIPE, quietly, as `cat` does, also when SIGPIPE was ignored.
enum StandardStream {
    /// Why standard output could not be written: the `errno` of the failed write.
    struct Failure: Error {
        var code: Int32
        var reason: String { String(cString: strerror(code)) }
    }

    static func output(_ text: String) throws(Failure) {
        var text = text
        if let code = text.withUTF8({ write(1, $0) }) { try failedOutput(code) }
    }

    static func output(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) {
        if let code = write(1, bytes) { try failedOutput(code) }
    }

    private static func failedOutput(_ code: Int32) throws(Failure) {
        if code == EPIPE { endByBrokenPipe() }
        throw Failure(code: code)
    }

    /// Writes `text` to standard error with every line escaped as crumbs are (`DisplayText`):
    /// messages name files and repeat filter expressions, which may hold control or bidi
    /// characters. Escaping text already escaped changes nothing. Errors are not reported:
    /// there is nowhere left to report them.
    static func error(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { DisplayText.escaped(String($0)) }
        var escaped = lines.joined(separator: "\n")
        _ = escaped.withUTF8 { write(2, $0) }
    }

    /// Writes all of `bytes`; the `errno` of a write that failed, nil when all were written.
    static func write(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Ends the command because its output cannot be written: the reason on standard error,
    /// status 1.
    static func failed(_ failure: Failure) -> Never {
        error("crumbtui: cannot write the output: \(failure.reason)\n")
        exit(1)
    }

    /// The reader of standard output is gone and SIGPIPE is ignored (else it would have ended
    /// the process already): end by it all the same, as a program that does not ignore it.
    static func endByBrokenPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        var pipe = sigset_t()
        sigemptyset(&pipe)
        sigaddset(&pipe, SIGPIPE)
        pthread_sigmask(SIG_UNBLOCK, &pipe, nil)
        raise(SIGPIPE)
        _exit(128 + SIGPIPE)
    }

    static func exit(_ status: Int32) -> Never { Glibc.exit(status) }
}
