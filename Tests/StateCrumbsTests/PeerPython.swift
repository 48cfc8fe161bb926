import Foundation
import Testing

/// The Python that has the test peers (the OpenTelemetry packages, Python statecrumbs):
/// STATECRUMBS_OTEL_PYTHON, else the venv `.ci/run` makes. Neither is a failure, not a skip: the
/// tests would prove nothing.
enum PeerPython {
    static func path() throws -> String {
        if let python = ProcessInfo.processInfo.environment["STATECRUMBS_OTEL_PYTHON"], !python.isEmpty { return python }
        let venv = CrashTests.packageRoot + "/.build-venv/bin/python"
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        Issue.record("""
            No Python with the test peers: run `bash .ci/run`, or `python3 -m venv .build-venv && \
            .build-venv/bin/pip install -r .ci/python-requirements.txt` in the package folder, or set \
            STATECRUMBS_OTEL_PYTHON to a python that has them.
            """)
        throw CocoaError(.fileNoSuchFile)
    }
}
