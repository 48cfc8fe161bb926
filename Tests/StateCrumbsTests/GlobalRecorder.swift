import Foundation
import Testing
@testable import StateCrumbs

/// Every suite that uses the process-wide recorder nests in here, so they run one at a time.
@Suite(.serialized) enum GlobalRecorder {}

/// Helpers shared by the recorder suites.
enum Fixture {
    /// A fresh recorder with a roomy ring and the default options otherwise.
    static func reset(maxCrumbs: Int = 1000, includeTimestamp: Bool = true, includeThread: Bool = true,
                      redactKeys: [String] = Crumbs.defaultRedactKeys, maxCrumbBytes: Int = Crumbs.defaultMaxCrumbBytes) {
        Crumbs.enable(maxCrumbs: maxCrumbs, onCrash: .off, includeTimestamp: includeTimestamp,
                      includeThread: includeThread, redactKeys: redactKeys, maxCrumbBytes: maxCrumbBytes)
        Crumbs.clear()
    }

    /// The compact JSON of the one crumb `body` records, byte for byte as the ring holds it,
    /// with its timestamp blanked.
    static func recorded(_ body: () -> Void) throws -> String {
        Crumbs.clear()
        body()
        var crumbs: [String] = []
        Recorder.configuration.ring?.forEachCrumb { crumbs.append(String(decoding: $0, as: UTF8.self)) }
        try #require(crumbs.count == 1)
        return crumbs[0].replacing(/"ts":"[^"]*"/, with: #""ts":"-""#)
    }

    /// The keys of a JSON object in the order they appear in its text (JSONSerialization forgets order).
    static func keyOrder(ofObjectsIn json: String) -> [[String]] {
        json.utf8.withContiguousStorageIfAvailable { bytes in
            var result: [[String]] = []
            var depth = 0, inString = false, escaped = false, stringStart = 0
            var current: [String] = []
            var lastString = ""
            for (i, b) in bytes.enumerated() {
                if inString {
                    if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") {
                        inString = false
                        lastString = String(decoding: bytes[(stringStart + 1)..<i], as: UTF8.self)
                    }
                    continue
                }
                switch b {
                case UInt8(ascii: "\""): inString = true; stringStart = i
                case UInt8(ascii: "{"): depth += 1; if depth == 1 { current = [] }
                case UInt8(ascii: "}"): if depth == 1 { result.append(current) }; depth -= 1
                case UInt8(ascii: ":"): if depth == 1 { current.append(lastString) }
                default: break
                }
            }
            return result
        } ?? []
    }

    static func parseArray(_ json: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return try #require(object as? [[String: Any]])
    }
}
