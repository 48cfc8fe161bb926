@_spi(CrumbCodec) import CrumbCodec
import Foundation

/// A JSON crash log from Swift's runtime backtracer
/// (`SWIFT_BACKTRACE=enable=yes,format=json,output-to=FILE_OR_DIR`; the Swift runtime's
/// docs/Backtracing.rst, "JSON Crash Logs"): one object with `timestamp`, `kind` ("crashReport"),
/// `description`, `faultAddress`, `threads[]` (`name`, `crashed`, `frames[]` with `description`,
/// `image`, `sourceLocation`, and the flags `inlined`, `runtimeFailure`, `thunk`, `system`). It
/// has no place for crumbs: the loader pairs it with the crash crumb nearest in time.
struct SwiftCrashLog: Sendable, Equatable {
    var time: Int64?
    var description: String?
    var address: String?
    var threads: [CrashThread] = []

    /// Whether the bytes are a crash log rather than crumbs: a JSON object whose `kind` is
    /// `crashReport`, among its first 32 keys and 64 KiB (the runtime writes it second).
    static func isCrashLog(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Bool {
        var s = JSONScanner(base: base, position: start, end: min(count, start + 65536))
        s.skipSpace()
        guard s.take(0x7B) else { return false }
        for _ in 0..<32 {
            s.skipSpace()
            guard let key = s.scanString() else { return false }
            s.skipSpace()
            guard s.take(0x3A) else { return false }
            s.skipSpace()
            let isKind = !key.escaped && key.end - key.start == 4 && bytesEqual(base + key.start, "kind", 4)
            if isKind {
                guard let value = s.scanString() else { return false }
                return !value.escaped && value.end - value.start == 11 && bytesEqual(base + value.start, "crashReport", 11)
            }
            guard s.skipValue() else { return false }
            s.skipSpace()
            guard s.take(0x2C) else { return false }
        }
        return false
    }

    /// Reads a crash log; unknown keys are ignored. Nil, with the reason, when it cannot be read.
    static func read(_ bytes: UnsafeRawBufferPointer) -> (log: SwiftCrashLog?, problems: [String]) {
        let data = Data(bytes)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return (nil, ["a Swift crash log that is not valid JSON; skipped"])
        }
        var problems: [String] = []
        var log = SwiftCrashLog()
        if let timestamp = object["timestamp"] as? String { log.time = CrumbTime.parse(timestamp) }
        log.description = object["description"] as? String
        log.address = object["faultAddress"] as? String
        if let threads = object["threads"] as? [[String: Any]] {
            for (number, thread) in threads.enumerated() { log.threads.append(Self.thread(thread, number: number)) }
        } else {
            problems.append("a Swift crash log without threads (another version?): the crash is shown without frames")
        }
        if log.description == nil, log.threads.isEmpty { problems.append("a Swift crash log with neither a description nor threads") }
        return (log, problems)
    }

    static func thread(_ object: [String: Any], number: Int) -> CrashThread {
        var thread = CrashThread(name: object["name"] as? String, number: number, crashed: object["crashed"] as? Bool ?? false)
        for (index, frame) in (object["frames"] as? [[String: Any]] ?? []).enumerated() {
            let kind = frame["kind"] as? String
            if kind == "truncated" || kind == "omittedFrames" {
                thread.isTruncated = true
                continue
            }
            guard let description = frame["description"] as? String ?? frame["symbol"] as? String else { continue }
            var parsed = CrashFrame(symbol: description)
            parsed.number = index
            parsed.image = frame["image"] as? String
            if let location = frame["sourceLocation"] as? [String: Any] {
                parsed.file = location["file"] as? String
                parsed.line = (location["line"] as? Int).flatMap { $0 > 0 ? $0 : nil }
                parsed.column = (location["column"] as? Int).flatMap { $0 > 0 ? $0 : nil }
            }
            parsed.isRuntimeFailure = frame["runtimeFailure"] as? Bool ?? description.hasPrefix("Swift runtime failure: ")
            parsed.isSystem = frame["system"] as? Bool ?? false || frame["thunk"] as? Bool ?? false
            thread.frames.append(parsed)
        }
        return thread
    }
}
