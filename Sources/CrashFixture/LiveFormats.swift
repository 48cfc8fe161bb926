// `crash-fixture live-formats JSONL OTLP`: the same crumbs recorded twice in one process, into
// a JSON Lines live file and then into an OTLP/JSON one, for crumbtui's test that both read
// back as the same crumbs (Tests/CrumbTUITests/OTLPRoundTripTests.swift).
import Foundation
import StateCrumbs

func recordInBothFormats(jsonLines: String, otlp: String) {
    // Lines of at most 64 KiB: the crumb of many tiny fields does not fit in one OTLP record
    // and is written as the raw crumb line, as the live file does with a crumb that big.
    for (path, format) in [(jsonLines, LiveFileFormat.jsonLines), (otlp, LiveFileFormat.otlpJSON)] {
        Crumbs.enable(maxCrumbs: 100, onCrash: .off, maxCrumbBytes: 65_536, liveFile: path,
                      liveFileMaxBytes: 64 * 1024, liveFileFormat: format)
        recordTheCrumbs()
        Crumbs.flush()
    }
}

private func recordTheCrumbs() {
    crumb("app.start", ["version": "1.2.3", "debug": "false"])
    Crumbs.withContext(["request_id": "req-7", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                        "span_id": "00f067aa0ba902b7"]) {
        crumb("db.query", ["table": "users", "rows": 42])
        Crumbs.withContext(["step": "cache", "trace_id": "4BF92F3577B34DA6A3CE929D0E0E4736"]) {
            crumb("cache.put", ["key": "cart:Zoë", "value": #"{"items":[1,2]}"#, "empty": ""])
        }
    }
    let done = DispatchSemaphore(value: 0)
    Thread {
        Crumbs.setThreadName("worker \"ü\" 李")
        crumb("worker.tick", ["n": 1])
        done.signal()
    }.start()
    done.wait()
    let hostile = "quote\"d back\\slash control\u{0}\u{1}\u{1f}\u{7f}\n\t\r Zoë 李雷 🦊 \u{202E}rtl \"}]},{\"key\":\"x"
    Crumbs.withContext(["who \"am\" i\n": hostile]) {
        crumb("hostile \"event\"\n", ["k \"\\\u{1}": hostile, "🦊": "fox"])
    }
    // Keys a crumb uses itself: the recorder stores them as _event, _thread, _ts, _context.
    crumb("reserved", ["event": "e", "thread": "t", "ts": "s", "context": "c"])
    crumb("long", ["text": String(repeating: "long ", count: 3_000)])
    crumb("many", pairs: (0..<2_000).map { ("k\($0)", "" as Any) })
    crumb("after.many")
}
