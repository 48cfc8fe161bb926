import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Ring files written by real processes: the CrashFixture's ring scenarios
/// (Sources/CrashFixture/RingScenarios.swift) and the `ring_file` example, built beside
/// `crumbtui`.
enum RingFileSupport {
    static func sibling(_ name: String) -> String {
        URL(fileURLWithPath: TestSupport.binary).deletingLastPathComponent().appendingPathComponent(name).path
    }

    static let fixture = sibling("CrashFixture")
    static let example = sibling("ring_file")

    /// A process writing a ring file, with its standard output in a file.
    final class Writer {
        let process = Process()
        let stdoutPath: String

        /// Starts `program arguments` (Swift's backtracer off: a crash ends it at once).
        init(_ program: String, _ arguments: [String]) throws {
            let folder = try TestSupport.temporaryDirectory()
            stdoutPath = folder.appendingPathComponent("stdout").path
            _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            var environment = ProcessInfo.processInfo.environment
            environment["SWIFT_BACKTRACE"] = "enable=no"
            process.environment = environment
            try process.run()
        }

        deinit { kill() }

        var pid: Int32 { process.processIdentifier }

        /// Waits (at most 20 s) until its standard output contains `text`.
        func waitFor(_ text: String) throws {
            for _ in 0..<2_000 {
                if (try? String(contentsOfFile: stdoutPath, encoding: .utf8))?.contains(text) == true { return }
                guard process.isRunning else { break }
                usleep(10_000)
            }
            Issue.record("the writer did not say \(text)")
        }

        /// Kills it with SIGKILL, as the OOM killer would, and waits until it is gone.
        func kill() {
            guard process.isRunning else { return }
            _ = Glibc.kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Runs a ring scenario of the fixture to its end; returns the exit status.
    @discardableResult
    static func run(_ scenario: String, _ path: String, _ extra: [String] = []) throws -> Int32 {
        let writer = try Writer(fixture, [scenario, path] + extra)
        writer.process.waitUntilExit()
        return writer.process.terminationStatus
    }

    /// A ring file of four threads recording flat out, killed with SIGKILL (2,000 slots).
    static func killedRing() throws -> (path: String, pid: Int32) {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("app.crumbs").path
        let writer = try Writer(fixture, ["ring-kill", path])
        try writer.waitFor("ready")
        usleep(50_000)
        writer.kill()
        return (path, writer.pid)
    }

    /// The bytes of a ring file that a process wrote and ended (`ring-run`: 20 slots, two crumbs).
    static let finishedRing: [UInt8] = {
        guard let folder = try? TestSupport.temporaryDirectory() else { return [] }
        let path = folder.appendingPathComponent("app.crumbs").path
        _ = try? run("ring-run", path, ["finished"])
        return (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
    }()

    /// Header fields of a ring file, for the tests that damage one.
    enum Field: Int {
        case version = 8, byteOrder = 12, headerBytes = 16, capacity = 20, slotBytes = 24, stride = 28
        case totalBytes = 32, state = 40, pid = 44, head = 64, start = 128
    }

    static func set<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }

    static func get<T: FixedWidthInteger>(_: T.Type, at offset: Int, in bytes: [UInt8]) -> T {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }

    /// The JSON object of each line of `--print --format jsonl` output.
    static func objects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    /// What is wrong with the `ring-kill` crumbs in `objects`: a crumb that is not whole (its
    /// padding is its thread's letter, `n % 61` times), or a thread's crumbs out of order.
    static func ringKillProblems(_ objects: [[String: Any]], last: inout [String: Int]) -> [String] {
        var problems: [String] = []
        for object in objects {
            guard object["event"] as? String == "r", let thread = object["thread"] as? String,
                  let index = ["w0", "w1", "w2", "w3"].firstIndex(of: thread),
                  let n = (object["n"] as? String).flatMap(Int.init),
                  object["pad"] as? String == String(repeating: Array("abcd")[index], count: n % 61)
            else { problems.append("not whole: \(object)"); continue }
            if let previous = last[thread], n <= previous { problems.append("\(thread): \(previous) then \(n)") }
            last[thread] = n
        }
        return problems
    }
}
