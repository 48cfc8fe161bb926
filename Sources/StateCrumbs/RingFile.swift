#if canImport(Glibc)
import Glibc
#else
#error("StateCrumbs supports Linux with glibc only (x86_64 and arm64)")
#endif
import CStateCrumbs

/// A ring file: the file a ring's slots live in when `Crumbs.enable(ringFile:)` names one, so
/// that the kernel keeps the crumbs whatever ends the process (`ring_file.h`; the format is in
/// Docs/ring-file-format.md).
struct RingFile: Sendable {
    let path: String
    /// The file, to tell whether `path` still names it.
    let device: UInt64
    let inode: UInt64
    /// The process that made it: a forked child is another process, whose ring is in memory.
    let pid: pid_t
    /// The name it was made under, until `place()` gives it `path`.
    let temporary: String
    /// Whether `place()` replaces the file at `path`: this process's own ring file, made again
    /// in another size.
    let replaces: Bool

    /// How many earlier ring files are kept (`NAME.1` … `NAME.3`), as for the live file.
    static let keep: Int32 = 3

    enum Choice {
        /// The current ring already is that ring file, in that size.
        case current
        /// A new ring file, to be placed once the crumbs are carried over.
        case new(CrumbRing)
        /// No ring file (reported once on stderr): record in memory.
        case memory
    }

    /// What `enable(ringFile: path)` records into. `current` is the ring in use, `sameSize`
    /// whether it has the size asked for.
    static func choose(path: String, capacity: Int, slotBytes: Int, current: CrumbRing?, sameSize: Bool) -> Choice {
        guard let path = CrashHook.absolutePath(path) else {
            return refuse("ringFile \(CrashHook.tooLong(path))")
        }
        var found = sc_ring_path()
        sc_ring_path_inspect(path, &found)
        var replaces = false
        switch Int(found.kind) {
        case Int(SC_RING_PATH_ABSENT):
            break
        case Int(SC_RING_PATH_RING):
            if found.this_process != 0, let file = current?.file, file.pid == getpid(),
               file.device == found.device, file.inode == found.inode {
                if sameSize { return .current }
                replaces = true  // this process's file in another size: its crumbs carry over
            } else if found.writer_running != 0 && found.state == 0 {
                return refuse("ring file \(path) is in use by process \(found.pid)")
            } else {
                let error = sc_ring_file_keep_earlier(path, keep)
                if error != 0 {
                    return refuse("cannot keep the earlier ring file \(path) as \(path).1: \(describe(error))")
                }
            }
        case Int(SC_RING_PATH_NO_FOLDER):
            return refuse("ring file \(path): its folder does not exist")
        case Int(SC_RING_PATH_SYMLINK):
            return refuse("ring file \(path) is a symbolic link; it is left alone")
        case Int(SC_RING_PATH_NOT_REGULAR):
            return refuse("ring file \(path) is not a regular file; it is left alone")
        case Int(SC_RING_PATH_OTHER_USER):
            return refuse("ring file \(path) belongs to another user (uid \(found.owner)); it is left alone")
        case Int(SC_RING_PATH_NOT_RING):
            return refuse("\(path) is not a ring file (\(String(cString: found.problem))); it is left alone")
        default:
            return refuse("cannot look at ring file \(path): \(describe(found.error))")
        }

        var template = Array((path + ".XXXXXX.tmp").utf8CString)
        var device: UInt64 = 0, inode: UInt64 = 0, error: Int32 = 0
        var step: UnsafePointer<CChar>?
        guard let pointer = sc_ring_file_create(&template, UInt32(capacity), UInt32(slotBytes), &device, &inode, &error, &step)
        else {
            return refuse("ring file \(path): \(String(cString: step!)): \(describe(error))")
        }
        sc_ring_file_prepare_fork()
        let file = RingFile(path: path, device: device, inode: inode, pid: getpid(),
                            temporary: String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                            replaces: replaces)
        return .new(CrumbRing(pointer: pointer, file: file))
    }

    /// Gives a new ring file its name. If that fails, the ring goes on in the unnamed file
    /// (as good as memory) and the failure is reported once.
    func place() {
        let error = sc_ring_file_place(temporary, path, replaces ? 1 : 0)
        if error != 0 {
            unlink(temporary)
            SelfReport.once("cannot name the ring file \(path): \(Self.describe(error)); crumbs are kept in memory")
        }
    }

    private static func refuse(_ message: String) -> Choice {
        SelfReport.once(message + "; crumbs are kept in memory")
        return .memory
    }

    private static func describe(_ error: Int32) -> String {
        String(cString: strerror(error))
    }
}

extension CrumbRing {
    /// The ring `enable` records into: `previous`'s when it is what was asked for (same size,
    /// same place), else a new one, in the ring file if one is named and usable, else in memory.
    /// nil when `capacity` is 0 or the memory cannot be had (reported).
    static func forEnable(capacity: Int, limits: CrumbLimits, ringFile: String?,
                          previous: RecorderConfiguration?) -> CrumbRing? {
        guard capacity > 0 else { return nil }
        let old = previous?.ring
        let sameSize = old?.capacity == capacity && previous?.limits == limits
        if let ringFile, !ringFile.isEmpty {
            switch RingFile.choose(path: ringFile, capacity: capacity, slotBytes: limits.crumbBytes,
                                   current: old, sameSize: sameSize) {
            case .current: return old
            case .new(let ring): return ring
            case .memory: break
            }
        }
        if let old, sameSize, old.file == nil { return old }
        let ring = CrumbRing(capacity: capacity, slotBytes: limits.crumbBytes)
        if ring == nil {
            SelfReport.once("cannot reserve memory for \(capacity) crumbs of \(limits.crumbBytes) bytes; recording nothing")
        }
        return ring
    }
}
