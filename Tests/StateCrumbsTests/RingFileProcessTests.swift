import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Ring files written by other processes (Sources/CrashFixture/RingScenarios.swift): killed with
/// SIGKILL, crashed, forked, restarted, pointed at paths that hold something else, on a full
/// disk. Read back with RingFileReader, which follows Docs/ring-file-format.md.
@Suite struct RingFileProcessTests {
    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ring-process-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// `crash-fixture ring-run PATH LABEL` (debug): records "run" and "run.again", exits 0.
    static func runOnce(_ path: String, label: String = "", shell: String? = nil) throws -> ChildProcess.Outcome {
        guard let shell else { return try CrashTests.run("ring-run", .debug, .off, extra: [path, label]) }
        // `sh -c 'SETTING; exec "$0" "$@"' FIXTURE ARGUMENTS`: the fixture under a shell setting.
        var child = ChildProcess(path: "/bin/sh", arguments: ["-c", shell + #"; exec "$0" "$@""#,
                                                              try CrashTests.fixture(.debug), "ring-run", path, label])
        child.environment["SWIFT_BACKTRACE"] = "enable=no"
        return try child.run()
    }

    /// The library's own reports on stderr.
    static func reports(_ outcome: ChildProcess.Outcome) -> [String] {
        outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("StateCrumbs: ") }.map(String.init)
    }

    static func events(_ path: String) throws -> [String] {
        try RingFileReader(path: path).objects().map { $0["event"] as? String ?? "?" }
    }

    // MARK: Whatever ends the process

    @Test(arguments: CrashTests.Build.allCases)
    func sigkillAtRandomMomentsLeavesTheNewestCrumbsWholeAndInOrder(build: CrashTests.Build) throws {
        var checked = 0
        for run in 0..<60 {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/app.crumbs"
            // Every fourth run is killed while it starts (maybe inside enable), the others while
            // four threads record flat out.
            let starting = run % 4 == 0
            let outcome = try CrashTests.run("ring-kill", build, .off, extra: [path]) { pid, stdoutPath in
                if starting {
                    usleep(UInt32.random(in: 0...8_000))
                } else {
                    CrashTests.waitUntilReady(stdoutPath)
                    usleep(UInt32.random(in: 0...30_000))
                }
                kill(pid, SIGKILL)
            }
            #expect(outcome.signal == SIGKILL)
            if starting && !FileManager.default.fileExists(atPath: path) { continue }  // killed before it was named

            let reader = try RingFileReader(path: path)
            #expect(!reader.writerRunning)
            #expect(reader.header.state == 0)
            let crumbs = reader.crumbs()
            var last: [String: Int] = [:]
            var problems: [String] = []
            for crumb in crumbs {
                let text = String(decoding: crumb.bytes, as: UTF8.self)
                guard let object = try? JSONSerialization.jsonObject(with: Data(crumb.bytes)) as? [String: Any],
                      object["event"] as? String == "r", let thread = object["thread"] as? String,
                      let index = ["w0", "w1", "w2", "w3"].firstIndex(of: thread),
                      let n = (object["n"] as? String).flatMap(Int.init),
                      object["pad"] as? String == String(repeating: Array("abcd")[index], count: n % 61)
                else { problems.append("not whole: \(text)"); continue }
                // In order. (Not always without gaps: on a loaded machine a writer that finds its
                // slot still held by a preempted writer a whole ring older gives up rather than
                // wait, as crumb() never hangs; the window check below bounds how many are missing.)
                if let previous = last[thread], n <= previous { problems.append("\(thread): \(previous) then \(n)") }
                last[thread] = n
            }
            #expect(problems.isEmpty, "run \(run): \(problems.prefix(5))")
            // The newest are there: every ticket still in the ring but those whose crumb was being
            // written when the kill came (one at most per thread).
            let head = reader.head
            let window = min(head, UInt64(reader.header.capacity))
            #expect(UInt64(crumbs.count) + 4 >= window, "run \(run): \(crumbs.count) of \(window)")
            #expect((crumbs.last?.ticket ?? 0) + 5 >= head)
            // Nothing but the ring file is left in the folder once enable has returned.
            if !starting { #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["app.crumbs"]) }
            checked += 1
        }
        #expect(checked >= 45)
    }

    @Test func theCrashHookStillDumpsAndTheFileSaysItCrashed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        let outcome = try CrashTests.run("ring-crash", .debug, .off, extra: [path])
        #expect(outcome.signal == SIGILL)
        let dump = try #require(CrashTests.dumps(in: outcome.stderr).last)
        #expect(try CrashTests.crumbs(dump).map { $0["event"] as? String } == ["work", "before.crash", "statecrumbs.crash"])
        let reader = try RingFileReader(path: path)
        #expect(reader.header.state == 1)
        #expect(try Self.events(path) == ["work", "before.crash"])
    }

    @Test func aForkedChildRecordsInItsOwnMemoryNotInTheParentsFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        let outcome = try CrashTests.run("ring-fork", .debug, .off, extra: [path])
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("child snapshot=child.after.fork\n"))
        #expect(outcome.stdout.contains("parent snapshot=parent.before.fork,parent.after.fork\n"))
        #expect(try Self.events(path) == ["parent.before.fork", "parent.after.fork"])
    }

    // MARK: A restart keeps the evidence

    @Test func aRestartKeepsTheEarlierRunsAsName1To3() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        for run in 1...5 {
            let outcome = try Self.runOnce(path, label: "run-\(run)")
            #expect(outcome.exitStatus == 0)
            #expect(Self.reports(outcome).isEmpty, "\(outcome.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                == ["app.crumbs", "app.crumbs.1", "app.crumbs.2", "app.crumbs.3"])
        for (suffix, run) in [("", 5), (".1", 4), (".2", 3), (".3", 2)] {
            let labels = try RingFileReader(path: path + suffix).objects().compactMap { $0["label"] as? String }
            #expect(labels == ["run-\(run)"], "\(suffix)")
        }
    }

    @Test func aRingFileWhoseWriterStillRecordsIsLeftAlone() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        var second: ChildProcess.Outcome?
        var writer: pid_t = 0
        var inode: Int?
        _ = try CrashTests.run("ring-kill", .debug, .off, extra: [path]) { pid, stdoutPath in
            CrashTests.waitUntilReady(stdoutPath)
            writer = pid
            inode = (try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? Int
            second = try? Self.runOnce(path)
            kill(pid, SIGKILL)
        }
        let outcome = try #require(second)
        #expect(Self.reports(outcome) == ["StateCrumbs: ring file \(path) is in use by process \(writer); crumbs are kept in memory"])
        #expect(outcome.stdout == "snapshot=run,run.again\n")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == inode)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["app.crumbs"])
    }

    // MARK: A new file

    @Test func aNewFileIsPrivateWhateverTheUmask() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        for umask in ["000", "077", "777"] {
            unlink(path)
            let outcome = try Self.runOnce(path, shell: "umask \(umask)")
            #expect(outcome.exitStatus == 0)
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600, "umask \(umask)")
        }
    }

    @Test func aFileSizeLimitBelowTheRingIsReportedNotFatal() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        // 20 slots of 1 KiB are about 21 KB; `ulimit -f 16` allows 16 KiB. Reserving past it
        // would raise SIGXFSZ, which ends a process by default.
        let outcome = try Self.runOnce(path, shell: "ulimit -f 16")
        #expect(outcome.exitStatus == 0, "status \(outcome.shellStatus) \(outcome.stderr)")
        #expect(Self.reports(outcome) == ["StateCrumbs: ring file \(path): cannot reserve its size: File too large; crumbs are kept in memory"])
        #expect(outcome.stdout == "snapshot=run,run.again\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    // MARK: A full disk

    /// Mounts a 64 KiB tmpfs at `folder` (root only); nil when that is not possible here.
    static func mountSmallTmpfs(at folder: String) -> Bool {
        let mount = try? ChildProcess(path: "/bin/mount", arguments: ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder]).run()
        return mount?.exitStatus == 0
    }

    static func unmount(_ folder: String) {
        _ = try? ChildProcess(path: "/bin/umount", arguments: [folder]).run()
    }

    static let canMountTmpfs: Bool = {
        guard let folder = try? folder() else { return false }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard mountSmallTmpfs(at: folder) else { return false }
        unmount(folder)
        return true
    }()

    @Test(.enabled(if: canMountTmpfs, "mounting a small tmpfs needs root"))
    func aRingFileOnAFullTmpfsRecordsWithoutSIGBUS() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #require(Self.mountSmallTmpfs(at: folder))
        defer { Self.unmount(folder) }
        let path = folder + "/app.crumbs"
        // The ring file (21 KB) is made, then the rest of the 64 KiB filled: the ring's blocks were
        // reserved, so crumbs go on into every slot.
        let outcome = try CrashTests.run("ring-full", .debug, .off, extra: [path, folder + "/filler"])
        #expect(outcome.exitStatus == 0, "status \(outcome.shellStatus) \(outcome.stderr)")
        #expect(outcome.stdout == "alive disk-full=true snapshot=20\n")
        let objects = try RingFileReader(path: path).objects()
        #expect(objects.map { $0["i"] as? String } == (19_980..<20_000).map { String($0) })
    }

    @Test(.enabled(if: canMountTmpfs, "mounting a small tmpfs needs root"))
    func noRoomForTheRingFileIsReportedAndTheCrumbsStayInMemory() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #require(Self.mountSmallTmpfs(at: folder))
        defer { Self.unmount(folder) }
        try Data(count: 48 * 1024).write(to: URL(fileURLWithPath: folder + "/filler"))  // 16 KiB left
        let path = folder + "/app.crumbs"
        let outcome = try Self.runOnce(path)
        #expect(outcome.exitStatus == 0)
        #expect(Self.reports(outcome) == ["StateCrumbs: ring file \(path): cannot reserve its size: No space left on device; crumbs are kept in memory"])
        #expect(outcome.stdout == "snapshot=run,run.again\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["filler"])
    }

    // MARK: Other readers

    @Test func theFormatDocumentsPythonReaderReadsWhatAKilledProcessLeft() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        _ = try CrashTests.run("ring-kill", .debug, .off, extra: [path]) { pid, stdoutPath in
            CrashTests.waitUntilReady(stdoutPath)
            usleep(20_000)
            kill(pid, SIGKILL)
        }
        let document = try String(contentsOfFile: CrashTests.packageRoot + "/Docs/ring-file-format.md", encoding: .utf8)
        let code = try #require(document.components(separatedBy: "```python\n").dropFirst().first?
            .components(separatedBy: "```").first)
        let script = folder + "/read.py"
        try (code + "\nimport sys\nprint(json.dumps(read_ring(sys.argv[1])))\n").write(toFile: script, atomically: true, encoding: .utf8)
        let python = try ChildProcess(path: "/usr/bin/env", arguments: ["python3", script, path]).run()
        #expect(python.exitStatus == 0, "\(python.stderr)")
        let fromPython = try #require(try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [[String: Any]])
        let fromSwift = try RingFileReader(path: path).objects()
        #expect(fromPython.count > 1_000)
        // Every key, the time and integer tokens written out by each reader.
        func lines(_ crumbs: [[String: Any]]) -> [String] {
            crumbs.map { crumb in crumb.keys.sorted().map { "\($0)=\(crumb[$0]!)" }.joined(separator: " ") }
        }
        #expect(lines(fromPython) == lines(fromSwift))
        #expect(fromSwift.allSatisfy { ($0["ts"] as? String)?.hasSuffix("+00:00") == true && $0["n"] is String })
    }
}
