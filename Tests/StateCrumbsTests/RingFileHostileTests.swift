import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A ring file path that holds something else is left exactly as it is, reported once, and the
/// crumbs are kept in memory; a damaged ring file is refused by readers too.
@Suite struct RingFileHostileTests {
    /// Everything about a path a change would show: the entry itself (lstat), and what it names.
    struct Snapshot: Equatable {
        var type: String?
        var inode: Int?
        var owner: Int?
        var mode: Int?
        var bytes: Data?
        var link: String?
        var targetBytes: Data?
        var folder: [String]

        init(_ path: String) {
            let manager = FileManager.default
            let folderPath = (path as NSString).deletingLastPathComponent
            folder = ((try? manager.contentsOfDirectory(atPath: folderPath)) ?? []).sorted()
            var status = stat()
            guard lstat(path, &status) == 0 else { return }
            type = String(status.st_mode & S_IFMT, radix: 8)
            inode = Int(status.st_ino)
            owner = Int(status.st_uid)
            mode = Int(status.st_mode & 0o7777)
            if status.st_mode & S_IFMT == S_IFREG { bytes = manager.contents(atPath: path) }
            link = try? manager.destinationOfSymbolicLink(atPath: path)
            if link != nil { targetBytes = manager.contents(atPath: path) }
        }
    }

    struct Hostile: Sendable, CustomTestStringConvertible {
        var name: String
        /// Puts the hostile thing at `path` (in `folder`); returns the path to give enable.
        var make: @Sendable (_ folder: String, _ path: String) throws -> String
        /// What the one report says after "StateCrumbs: ".
        var report: @Sendable (_ path: String) -> String
        var testDescription: String { name }
    }

    /// A real ring file, made by the fixture.
    static func ringFile(at path: String) throws {
        let outcome = try RingFileProcessTests.runOnce(path, label: "earlier")
        try #require(outcome.exitStatus == 0)
    }

    static let hostiles: [Hostile] = [
        .init(name: "a file that is not a ring file", make: { _, path in
            try "my notes, not crumbs\n".write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }, report: { "\($0) is not a ring file (it is shorter than a ring file's header); it is left alone" }),
        .init(name: "a long file that is not a ring file", make: { _, path in
            try String(repeating: "not crumbs\n", count: 1_000).write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }, report: { "\($0) is not a ring file (it does not start with CRUMRING); it is left alone" }),
        .init(name: "a symlink to a ring file", make: { folder, path in
            try ringFile(at: folder + "/real.crumbs")
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: folder + "/real.crumbs")
            return path
        }, report: { "ring file \($0) is a symbolic link; it is left alone" }),
        .init(name: "a symlink to another file", make: { folder, path in
            try "precious\n".write(toFile: folder + "/precious.txt", atomically: false, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: folder + "/precious.txt")
            return path
        }, report: { "ring file \($0) is a symbolic link; it is left alone" }),
        .init(name: "a dangling symlink", make: { folder, path in
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: folder + "/nowhere")
            return path
        }, report: { "ring file \($0) is a symbolic link; it is left alone" }),
        .init(name: "a folder", make: { _, path in
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            return path
        }, report: { "ring file \($0) is not a regular file; it is left alone" }),
        .init(name: "a FIFO", make: { _, path in
            try #require(mkfifo(path, 0o600) == 0)
            return path
        }, report: { "ring file \($0) is not a regular file; it is left alone" }),
        .init(name: "a folder that does not exist", make: { folder, _ in folder + "/missing/app.crumbs" },
              report: { "ring file \($0): its folder does not exist" }),
    ]

    @Test(arguments: hostiles)
    func isLeftAloneAndReportedOnce(hostile: Hostile) throws {
        let folder = try RingFileProcessTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try hostile.make(folder, folder + "/app.crumbs")
        try Self.checkLeftAlone(path, report: hostile.report(path))
    }

    /// Runs a process that enables (twice) with `path`: it records in memory, says `report` once,
    /// and the path and its folder are as they were.
    static func checkLeftAlone(_ path: String, report: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = Snapshot(path)
        let outcome = try RingFileProcessTests.runOnce(path)
        #expect(outcome.exitStatus == 0, sourceLocation: sourceLocation)
        #expect(outcome.stdout == "snapshot=run,run.again\n", "recording goes on in memory", sourceLocation: sourceLocation)
        #expect(RingFileProcessTests.reports(outcome) == ["StateCrumbs: \(report); crumbs are kept in memory"],
                sourceLocation: sourceLocation)
        #expect(Snapshot(path) == before, sourceLocation: sourceLocation)
    }

    static var isRoot: Bool { geteuid() == 0 }

    @Test(.enabled(if: isRoot, "chown to another user needs root"))
    func aRingFileOfAnotherUserIsLeftAlone() throws {
        let folder = try RingFileProcessTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        try Self.ringFile(at: path)
        try #require(chown(path, 65534, 65534) == 0)  // nobody
        try Self.checkLeftAlone(path, report: "ring file \(path) belongs to another user (uid 65534); it is left alone")
    }

    // MARK: Damaged ring files

    struct Damage: Sendable, CustomTestStringConvertible {
        var name: String
        /// Offset and bytes to write, or the size to cut the file to, or bytes to append.
        var write: (offset: Int, bytes: [UInt8])? = nil
        var cutTo: Int? = nil
        var append: Int? = nil
        var refusal: RingFileReader.Refusal
        var problem: String
        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        .init(name: "empty", cutTo: 0, refusal: .tooShort, problem: "it is shorter than a ring file's header"),
        .init(name: "cut inside the header", cutTo: 100, refusal: .tooShort, problem: "it is shorter than a ring file's header"),
        .init(name: "cut inside the slots", cutTo: 10_000, refusal: .size(header: 21_056, file: 10_000), problem: "it is cut short"),
        .init(name: "bytes after the last slot", append: 10, refusal: .size(header: 21_056, file: 21_066),
              problem: "it is longer than its header says"),
        .init(name: "another magic", write: (0, Array("CRUMBS!!".utf8)), refusal: .magic, problem: "it does not start with CRUMRING"),
        .init(name: "format version 3", write: (8, [3, 0, 0, 0]), refusal: .version(3), problem: "its format version is not 1 or 2"),
        .init(name: "the other byte order", write: (12, [1, 2, 3, 4]), refusal: .byteOrder,
              problem: "it was written with the other byte order"),
        .init(name: "a stride that does not match", write: (28, [0x18, 4, 0, 0]), refusal: .geometry, problem: "its slot sizes are wrong"),
        .init(name: "no slots", write: (20, [0, 0, 0, 0]), refusal: .geometry, problem: "its slot sizes are wrong"),
        .init(name: "a capacity its size does not have", write: (20, [21, 0, 0, 0]), refusal: .size(header: 21_056, file: 21_056),
              problem: "its size fields disagree"),
    ]

    @Test(arguments: damages)
    func aDamagedRingFileIsRefusedByReadersAndLeftAlone(damage: Damage) throws {
        let folder = try RingFileProcessTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        try Self.ringFile(at: path)
        #expect(try RingFileReader(path: path).header.totalBytes == 21_056, "20 slots of 1024 bytes")
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        if let write = damage.write {
            try handle.seek(toOffset: UInt64(write.offset))
            try handle.write(contentsOf: write.bytes)
        }
        if let size = damage.cutTo { try handle.truncate(atOffset: UInt64(size)) }
        if let count = damage.append {
            try handle.seekToEnd()
            try handle.write(contentsOf: [UInt8](repeating: 0, count: count))
        }
        try handle.close()

        #expect(throws: damage.refusal) { try RingFileReader(path: path) }
        try Self.checkLeftAlone(path, report: "\(path) is not a ring file (\(damage.problem)); it is left alone")
    }

    @Test func damagedSlotsAreSkippedAndTheFileIsKeptAsEvidence() throws {
        let folder = try RingFileProcessTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        try Self.ringFile(at: path)  // crumbs "run" (ticket 0, slot 0) and "run.again" (ticket 1, slot 1)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 256 + 8)  // slot 0's length: more than a slot holds
        try handle.write(contentsOf: [0xFF, 0xFF, 0, 0])
        try handle.close()
        #expect(try RingFileReader(path: path).objects().map { $0["event"] as? String } == ["run.again"])
        // Its header is whole: it is a ring file of an earlier run, kept as NAME.1.
        let outcome = try RingFileProcessTests.runOnce(path)
        #expect(RingFileProcessTests.reports(outcome).isEmpty)
        #expect(try RingFileReader(path: path + ".1").objects().map { $0["event"] as? String } == ["run.again"])
    }
}
