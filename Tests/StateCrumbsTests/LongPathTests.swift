import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A crash dump or live file path too long for the C side's path buffers (4096 bytes with its
/// NUL) is refused and said so, never cut: cut, it would name another file, and the crash or
/// the live writer would write there.
@Suite struct LongPathTests {
    /// An empty folder, and a path relative to it whose absolute form is over 4096 bytes but
    /// whose first 3900 or so bytes name a file in that folder (`./` repeated, then a 212-byte
    /// file name): a cut anywhere past that point would create a file in the folder.
    static func folderAndLongPath() throws -> (folder: String, path: String) {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("long-path-\(UUID())").path
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let folder = try #require(realpath(temporary, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        })
        let name = "crumbs-" + String(repeating: "c", count: 200) + ".json"
        let repeats = (3_900 - folder.utf8.count - 1) / 2
        let path = String(repeating: "./", count: repeats) + name
        #expect(folder.utf8.count + 1 + path.utf8.count > 4_096)
        return (folder, path)
    }

    static func contents(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
    }

    @Test func aTooLongCrashDumpPathIsSaidOnceAndTheDumpGoesToStderr() throws {
        let (folder, path) = try Self.folderAndLongPath()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try CrashTests.run("file", .debug, .off, extra: [path], directory: folder)
        #expect(outcome.signal == SIGILL)
        let said = outcome.stderr.components(separatedBy: "StateCrumbs: outputFile \"././").count - 1
        #expect(said == 1, "\(outcome.stderr.prefix(600))")
        #expect(outcome.stderr.contains("is too long: an absolute path must be under 4096 bytes; crash dumps go to stderr instead"))
        let dumps = CrashTests.dumps(in: outcome.stderr)
        try #require(dumps.count == 1, "\(outcome.stderr.prefix(600))")
        let crumbs = try CrashTests.trap.check(dump: dumps[0], pid: outcome.pid)
        #expect(crumbs.last?["event"] as? String == "before.crash")
        #expect(try Self.contents(folder).isEmpty, "no file under a cut name")
    }

    @Test func aTooLongLiveFilePathIsSaidOnceAndNothingIsStreamed() throws {
        let (folder, path) = try Self.folderAndLongPath()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try CrashTests.run("live-crash", .debug, .off, extra: [path], directory: folder)
        #expect(outcome.signal == SIGILL, "\(outcome.stderr.prefix(600))")
        let said = outcome.stderr.components(separatedBy: "StateCrumbs: liveFile \"././").count - 1
        #expect(said == 1, "\(outcome.stderr.prefix(600))")
        #expect(outcome.stderr.contains("is too long: an absolute path must be under 4096 bytes; crumbs are not streamed"))
        #expect(try Self.contents(folder).isEmpty, "no file under a cut name")
    }
}
