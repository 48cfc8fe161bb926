// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "StateCrumbs",
    products: [
        .library(name: "StateCrumbs", targets: ["StateCrumbs"]),
        .library(name: "StateCrumbsLogging", targets: ["StateCrumbsLogging"]),
        .executable(name: "crumbtui", targets: ["CrumbTUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Only for `swift package generate-documentation`; nothing links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The fatal-signal handler chain that StateCrumbs' crash hook and crumbtui's guards share:
        // install in front of the handler there, hand over to it, die by the signal. C, because
        // it runs inside signal handlers; no dependencies.
        .target(name: "CSignalChain"),

        // The recording library. Its lock-free ring and the crash path live in
        // CStateCrumbs, because code that runs inside a signal handler must not touch the
        // Swift runtime (no retain/release, no metadata, no allocation).
        .target(name: "CStateCrumbs", dependencies: ["CSignalChain", "CCrumbFormat"]),
        // The compact form of a crumb the ring and the live queue hold (its timestamp and
        // integers as tokens, formatted by whoever reads them), and the digits and timestamps
        // both halves write. C and async-signal-safe: the crash path expands tokens too.
        .target(name: "CCrumbFormat"),
        .target(name: "StateCrumbs", dependencies: ["CStateCrumbs", "CrumbCodec"]),
        // The crumb's format, shared by both halves: reserved keys, JSON escaping and
        // unescaping, the one reader of a crumb object, pretty-printing, and the readable line
        // with its escaping for display. No dependencies.
        .target(name: "CrumbCodec"),
        // The swift-log bridge, apart so that StateCrumbs itself needs nothing but the toolchain.
        .target(
            name: "StateCrumbsLogging",
            dependencies: ["StateCrumbs", .product(name: "Logging", package: "swift-log")]
        ),

        // ncursesw for the viewer's terminal layer only.
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Signal handlers for crumbtui, in C because they run in a signal handler: reads past
        // the end of a mapped file that was cut short read zeros instead of killing the process,
        // and the terminal is put back if the viewer dies by a signal.
        .target(name: "CMapGuard", dependencies: ["CSignalChain"]),
        .target(name: "CTerminalGuard", dependencies: ["CMapGuard", "CSignalChain"]),
        // The crumbtui engine: loading, indexing and filtering dumps. No StateCrumbs import: it
        // reads what any writer (Swift or Python) wrote.
        .target(name: "CrumbEngine", dependencies: ["CMapGuard", "CrumbCodec", "CCrumbFormat"]),
        // libFuzzer target for the engine's scanner; see README "Development".
        .executableTarget(name: "ScannerFuzz", dependencies: ["CrumbEngine", "CrumbCodec"], path: "Fuzz/ScannerFuzz"),
        .executableTarget(
            name: "CrumbTUI",
            dependencies: [
                "CrumbEngine",
                "CrumbCodec",
                "StateCrumbs",
                "CNcurses",
                "CTerminalGuard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // A program that records crumbs and crashes in the way its argument says: the crash
        // tests run it in child processes (it is not a product).
        .target(name: "CrashFixtureSupport", dependencies: ["CStateCrumbs"]),
        .executableTarget(name: "CrashFixture", dependencies: ["StateCrumbs", "CrashFixtureSupport"]),

        // Runnable examples (`swift run NAME`), each mirroring one of the Python package's.
        .executableTarget(name: "basic_crumb", dependencies: ["StateCrumbs"], path: "Examples/basic_crumb"),
        .executableTarget(name: "basic_context", dependencies: ["StateCrumbs"], path: "Examples/basic_context"),
        .executableTarget(name: "nested_context", dependencies: ["StateCrumbs"], path: "Examples/nested_context"),
        .executableTarget(name: "web_request", dependencies: ["StateCrumbs"], path: "Examples/web_request"),
        .executableTarget(name: "data_ingest", dependencies: ["StateCrumbs"], path: "Examples/data_ingest"),
        .executableTarget(
            name: "prod_scale_pipeline", dependencies: ["StateCrumbs"], path: "Examples/prod_scale_pipeline"),
        .executableTarget(name: "live_file", dependencies: ["StateCrumbs"], path: "Examples/live_file"),
        .executableTarget(name: "ring_file", dependencies: ["StateCrumbs"], path: "Examples/ring_file"),

        .executableTarget(
            name: "CrumbBench",
            dependencies: ["StateCrumbs"],
            path: "Benchmarks/CrumbBench"
        ),

        .testTarget(
            name: "StateCrumbsTests",
            dependencies: [
                "StateCrumbs", "StateCrumbsLogging", "CCrumbFormat",
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CrumbTUITests", dependencies: ["CrumbEngine", "CrumbCodec", "CrumbTUI", "CMapGuard"],
            resources: [.copy("Fixtures")]),
    ]
)
