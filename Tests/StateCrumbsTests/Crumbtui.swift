import Foundation

/// The `crumbtui` built beside this test bundle, run on what the recorder and the crash
/// fixture wrote: the viewer's reading is checked against real output, not hand-made files.
enum Crumbtui {
    static func run(_ arguments: [String]) throws -> ChildProcess.Outcome {
        let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let path = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("crumbtui").path
        return try ChildProcess(path: path, arguments: arguments).run()
    }

    /// A new empty folder for a test's files.
    static func folder(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}
