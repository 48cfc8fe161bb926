import CrumbEngine
import Foundation
import Testing

/// Fixture files, temporary files and the built `crumbtui` binary, for the tests.
enum TestSupport {
    /// The copied `Fixtures` folder in the test bundle.
    static let fixtures: URL = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("Fixtures missing from the test bundle")
        }
        return url
    }()

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// Loads `files` with the default loader (both cores for big inputs).
    static func load(_ files: [String], parallel: Bool = true) -> (CrumbStore, [InputReport]) {
        let store = CrumbStore()
        var loader = CrumbLoader()
        loader.parallel = parallel
        let reports = loader.load(files, into: store)
        return (store, reports)
    }

    static func loadFixture(_ name: String) -> (CrumbStore, InputReport) {
        let (store, reports) = load([fixture(name)])
        return (store, reports[0])
    }

    static func load(bytes: [UInt8], parallelThreshold: Int? = nil) -> (CrumbStore, InputReport) {
        let store = CrumbStore()
        var loader = CrumbLoader()
        if let parallelThreshold { loader.parallelThreshold = parallelThreshold }
        let report = loader.load(bytes: bytes, name: "input", into: store)
        return (store, report)
    }

    static func load(_ text: String) -> (CrumbStore, InputReport) { load(bytes: Array(text.utf8)) }

    static func events(_ store: CrumbStore, _ indexes: [UInt32]? = nil) -> [String] {
        (indexes.map { $0.map(Int.init) } ?? Array(0..<store.count)).map { store.crumb(at: $0).event ?? "-" }
    }

    static func count(_ store: CrumbStore, _ expression: String) throws -> Int {
        FilterResult(try CrumbFilter(expression), in: store).matches.count
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crumbtui-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to a file `name` in `folder` (a new temporary folder by default).
    static func write(_ bytes: [UInt8], named name: String, in folder: String? = nil) throws -> String {
        let url = try URL(fileURLWithPath: folder ?? temporaryDirectory().path).appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// The `crumbtui` built next to the test bundle (`swift build --show-bin-path`).
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["CRUMBTUI_BIN"] { return path }
        var directory = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        for _ in 0..<4 {
            directory.deleteLastPathComponent()
            let candidate = directory.appendingPathComponent("crumbtui").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("crumbtui").path
    }()

    struct Run {
        var status: Int32
        var output: String
        var error: String
        var outputLines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    /// Runs a program with `arguments`, standard input from `input` (a path), and collects its
    /// output through files (no pipe can fill up and block it).
    static func run(_ program: String, _ arguments: [String], input: String? = nil) throws -> Run {
        let directory = try temporaryDirectory()
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = input.map { FileHandle(forReadingAtPath: $0)! } ?? FileHandle(forReadingAtPath: "/dev/null")!
        try process.run()
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   output: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                   error: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    static func crumbtui(_ arguments: String..., input: String? = nil) throws -> Run {
        try run(binary, arguments, input: input)
    }

    static func crumbtui(arguments: [String], input: String? = nil) throws -> Run {
        try run(binary, arguments, input: input)
    }

    /// A shell command's output (for jq).
    static func shell(_ command: String) throws -> Run {
        try run("/bin/sh", ["-c", command])
    }
}
