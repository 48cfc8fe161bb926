#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// Unbuffered writes to file descriptors 1 and 2: the command writes large buffers itself, and
/// libc's `stdout` global is not usable from Swift 6 code anyway.
enum StandardStream {
    static func output(_ text: String) { output(Array(text.utf8)) }
    static func output(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { output($0) } }
    static func output(_ bytes: UnsafeBufferPointer<UInt8>) { write(1, bytes) }
    static func error(_ text: String) { Array(text.utf8).withUnsafeBufferPointer { write(2, $0) } }

    static func write(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                // A closed pipe (`| head`): nothing more can be shown; stop quietly.
                if errno == EPIPE { Glibc.exit(0) }
                return
            }
            offset += written
        }
    }

    static func exit(_ status: Int32) -> Never { Glibc.exit(status) }
}
