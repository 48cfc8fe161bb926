import Foundation
import Testing

/// `crumb()` puts nothing on the heap for common values, in variables too: Swift keeps the
/// caller's array of fields on its stack in an optimized build (in a debug build it does not,
/// so only the release fixture is asked).
@Suite struct AllocationTests {
    @Test func crumbsWithValuesInVariablesAllocateNothing() throws {
        let counter = FileManager.default.temporaryDirectory.appendingPathComponent("malloc-counter-\(UUID()).so").path
        defer { try? FileManager.default.removeItem(atPath: counter) }
        let compile = try ChildProcess(
            path: "/usr/bin/env",
            arguments: ["gcc", "-O2", "-shared", "-fPIC", "-o", counter,
                        CrashTests.packageRoot + "/Benchmarks/malloc_counter.c", "-ldl"]
        ).run()
        try #require(compile.exitStatus == 0, "\(compile.stderr)")
        let outcome = try CrashTests.run("crumb-allocations", .release, .off, environment: ["LD_PRELOAD": counter])
        #expect(outcome.exitStatus == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("crumb-mallocs=0\n"), "\(outcome.stdout)")
    }
}
