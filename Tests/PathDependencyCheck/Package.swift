// swift-tools-version: 6.0
// A separate package that depends on StateCrumbs by path and uses its public API exactly as
// the project's issue wrote it down. CI builds it (`swift build --package-path
// Tests/PathDependencyCheck`): if a public name or signature changes, this stops compiling.
import PackageDescription

let package = Package(
    name: "PathDependencyCheck",
    dependencies: [.package(name: "StateCrumbs", path: "../..")],
    targets: [
        .executableTarget(
            name: "APIUsage",
            dependencies: [
                .product(name: "StateCrumbs", package: "StateCrumbs"),
                .product(name: "StateCrumbsLogging", package: "StateCrumbs"),
            ]
        ),
    ]
)
