#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// Unbuffered writes to file descriptors 1 and 2: the command writes large buffers itself, and
/// libc's `stdout` global is not usable from Swift 6 code anyway.
enum StandardStream {
    static func output(_ text: String) { write(1, Array(text.utf8)) }
    static func output(_ bytes: [UInt8]) { write(1, bytes) }
    static func error(_ text: String) { write(2, Array(text.utf8)) }

    static func write(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    // A closed pipe (`| head`): nothing more can be shown; stop quietly.
                    if errno == EPIPE { Glibc.exit(0) }
                    return
                }
                offset += written
            }
        }
    }

    static func exit(_ status: Int32) -> Never { Glibc.exit(status) }
}
