import Foundation
import Testing
@testable import StateCrumbs
#if canImport(Glibc)
import Glibc
#endif

extension GlobalRecorder {
    /// The live file in OTLP/JSON, every line of it read by the official OpenTelemetry protos
    /// (Fixtures/check_otlp.py) and compared with the crumbs the ring kept.
    @Suite struct LiveFileOTLPTests {
        static func enable(_ path: String, includeTimestamp: Bool = true, includeThread: Bool = true,
                           maxBytes: Int = 64 << 20, keep: Int = 3, maxCrumbBytes: Int = 65_536) {
            Crumbs.enable(maxCrumbs: 1_000, onCrash: .off, includeTimestamp: includeTimestamp,
                          includeThread: includeThread, maxCrumbBytes: maxCrumbBytes, liveFile: path,
                          liveFileMaxBytes: maxBytes, liveFileKeep: keep, liveFileFormat: .otlpJSON)
            Crumbs.clear()
        }

        static func realtimeNanoseconds() -> UInt64 {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        }

        /// Compares every record with the crumb the ring kept, and the observed times with the
        /// wall clock around the writing.
        static func expectRecordsMatchTheRing(_ check: OTLPCheck, observedWithin range: ClosedRange<UInt64>) {
            let crumbs = Crumbs.snapshot()
            #expect(check.records.count == crumbs.count)
            for (record, crumb) in zip(check.records, crumbs) {
                #expect(record == OTLPCheck.expected(crumb, observed: record.observed))
                let observed = record.observed.flatMap { UInt64($0) } ?? 0
                #expect(range.contains(observed), "observedTimeUnixNano \(observed) not in \(range)")
            }
        }

        @Test func crumbsBecomeLogRecordsWithTheirFieldsContextThreadAndTraceIds() throws {
            let folder = try LiveFileTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/live.otlp.jsonl"
            let before = Self.realtimeNanoseconds()
            Self.enable(path)
            defer { Fixture.reset() }
            crumb("start", ["user": "alice", "rows": 42])
            Crumbs.withContext(["trace_id": "4BF92F3577B34DA6A3CE929D0E0E4736", "span_id": "00F067AA0BA902B7",
                                "request_id": "req-7"]) {
                crumb("db.query", ["table": "users"])
            }
            // Context values that are not ids stay attributes and fill no id: too short, too
            // long, not hex, all zero (OTLP's "no id"), a space inside.
            let notIDs = [
                ("4bf92f3577b34da6a3ce929d0e0e473", "00f067aa0ba902b"),
                ("4bf92f3577b34da6a3ce929d0e0e47360", "00f067aa0ba902b70"),
                ("4bf92f3577b34da6a3ce929d0e0e473g", "00f067aa0ba902bz"),
                (String(repeating: "0", count: 32), String(repeating: "0", count: 16)),
                ("4bf92f3577b34da6 3ce929d0e0e4736", "00f067aa 0ba902b"),
            ]
            for (trace, span) in notIDs {
                Crumbs.withContext(["trace_id": trace, "span_id": span]) { crumb("not.ids") }
            }
            let done = DispatchSemaphore(value: 0)
            Thread {
                Crumbs.setThreadName("worker \"ü\"")
                crumb("worker.tick", ["n": 1])
                done.signal()
            }.start()
            done.wait()
            #expect(Crumbs.flush())
            let after = Self.realtimeNanoseconds()

            let check = try OTLPCheck.run([path])
            #expect(check.errors == [])
            #expect(check.lines >= 1)
            Self.expectRecordsMatchTheRing(check, observedWithin: before...after)
            let records = check.records
            #expect(records.map(\.event) == ["start", "db.query"] + notIDs.map { _ in "not.ids" } + ["worker.tick"])
            #expect(records[1].traceId == "4bf92f3577b34da6a3ce929d0e0e4736")
            #expect(records[1].spanId == "00f067aa0ba902b7")
            #expect(records[1].attribute("context.request_id") == "req-7")
            #expect(records[1].attribute("context.trace_id") == "4BF92F3577B34DA6A3CE929D0E0E4736")
            #expect(records.filter { $0.event == "not.ids" }.allSatisfy { $0.traceId == nil && $0.spanId == nil })
            #expect(records.last?.attribute("thread.name") == "worker \"ü\"")
            #expect(records.allSatisfy { $0.time != nil })

            // The resource says which process on which machine; the scope, which library.
            let resource = try #require(check.resources.first)
            #expect(check.resources.count == 1)
            let executable = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                .lastPathComponent
            let service = ProcessInfo.processInfo.environment["OTEL_SERVICE_NAME"].flatMap { $0.isEmpty ? nil : $0 }
            var host = [UInt8](repeating: 0, count: 256)
            gethostname(&host, 255)
            #expect(resource.attributes == [
                "service.name": service ?? executable, "host.name": String(decoding: host.prefix { $0 != 0 }, as: UTF8.self),
                "process.pid": String(getpid()), "process.executable.name": executable,
            ])
            #expect(resource.scopes == [["StateCrumbs", Crumbs.version]])
        }

        @Test func hostileKeysAndValuesArriveAsTheRingHasThem() throws {
            let folder = try LiveFileTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/live.otlp.jsonl"
            let before = Self.realtimeNanoseconds()
            Self.enable(path)
            defer { Fixture.reset() }
            let values = [
                "quote\"d", "back\\slash\\", "control\u{0}\u{1}\u{1f}\u{7f}\n\t\r", "Zoë 李雷 🦊 \u{202E}rtl",
                "\"}]},{\"key\":\"injected", String(repeating: "long ", count: 20_000),
            ]
            Crumbs.withContext(["who \"am\" i\n": values[2], "trace_id": values[4]]) {
                for (index, value) in values.enumerated() {
                    let key = "k\(index) \"\\\u{1}", event = "hostile \"\(index)\"\n"
                    crumb(event, [key: value, "🦊": value])
                }
            }
            #expect(Crumbs.flush())
            let check = try OTLPCheck.run([path])
            #expect(check.errors == [])
            #expect(check.records.count == values.count)
            Self.expectRecordsMatchTheRing(check, observedWithin: before...Self.realtimeNanoseconds())
            // The long value was cut by the recorder (maxCrumbBytes), not by the conversion.
            let last = try #require(Crumbs.snapshot().last)
            #expect(last.fields.contains { $0.value.hasSuffix("…") && $0.value.utf8.count > 30_000 })
        }

        @Test func withoutTimestampOrThreadOnlyTheObservedTimeRemains() throws {
            let folder = try LiveFileTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/live.otlp.jsonl"
            let before = Self.realtimeNanoseconds()
            Self.enable(path, includeTimestamp: false, includeThread: false)
            defer { Fixture.reset() }
            crumb("bare", ["a": "b"])
            #expect(Crumbs.flush())
            let check = try OTLPCheck.run([path])
            #expect(check.errors == [])
            let record = try #require(check.records.first)
            #expect(record.time == nil)
            #expect(record.attributes == [["a", "string", "b"]])
            Self.expectRecordsMatchTheRing(check, observedWithin: before...Self.realtimeNanoseconds())
        }

        @Test func dropsAreCountedInAWarnRecord() throws {
            let folder = try LiveFileTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            // As in LiveFileTests: the folder is not there yet, so lines pile up and the queue
            // overflows; once it exists, the writer catches up and says how many it dropped.
            let path = folder + "/later/live.otlp.jsonl"
            Self.enable(path, maxCrumbBytes: 32_768)
            defer { Fixture.reset() }
            let payload = String(repeating: "x", count: 20_000)
            let burst = 2_000
            for i in 0..<burst { crumb("big", ["i": i, "payload": payload]) }
            #expect(!Crumbs.flush(timeout: .milliseconds(300)), "nothing can be written yet")
            try FileManager.default.createDirectory(atPath: folder + "/later", withIntermediateDirectories: true)
            crumb("after")
            #expect(Crumbs.flush())
            let check = try OTLPCheck.run([path], cut: 40)
            #expect(check.errors == [])
            #expect(check.lines > 1, "a backlog of 16 MiB is written as many lines of at most 512 KiB")
            let markers = check.records.filter { $0.event == "statecrumbs.dropped" }
            let marker = try #require(markers.first)
            #expect(markers.count == 1)
            #expect(marker.severity == 13 && marker.severityText == "WARN")
            #expect(marker.attribute("thread.name") == "statecrumbs-live")
            let count = try #require(marker.attributes.first { $0[0] == "count" })
            #expect(count[1] == "int")
            let kept = check.records.filter { $0.event == "big" }
            #expect(kept.count + (Int(count[2]) ?? 0) == burst)
            #expect(kept.indices.first { kept[$0].attribute("i") != String($0) } == nil)
            #expect(check.records.last?.event == "after")
        }

        @Test func rotationKeepsEveryLineWholeAndEveryFileWithinItsSize() throws {
            let folder = try LiveFileTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/live.otlp.jsonl"
            let rotationsBefore = LiveFile.statistics.rotations
            Self.enable(path, maxBytes: 64 * 1024, keep: 2)
            defer { Fixture.reset() }
            let total = 20_000
            for i in 0..<total {
                crumb("rotating", ["i": i, "pad": "0123456789abcdef"])
                if i % 400 == 399 { Crumbs.flush() }
            }
            #expect(Crumbs.flush())
            let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            #expect(files == ["live.otlp.jsonl", "live.otlp.jsonl.1", "live.otlp.jsonl.2"])
            for file in files {
                let size = try FileManager.default.attributesOfItem(atPath: folder + "/" + file)[.size] as? Int ?? 0
                #expect(size <= 64 * 1024)
            }
            #expect(LiveFile.statistics.rotations - rotationsBefore > 2)
            // Oldest file first: the newest crumbs, whole and in order, up to the last one.
            let check = try OTLPCheck.run(files.reversed().map { folder + "/" + $0 })
            #expect(check.errors == [])
            let numbers = check.records.compactMap { $0.attribute("i").flatMap(Int.init) }
            // A line never straddles two files, so a file may close well short of 64 KiB: the
            // newest file may hold little, but the one before it holds a line of about 190
            // records (lines are at most 64 KiB here, records about 340 bytes).
            #expect(numbers.count > 150, "at least a full line before the newest file's")
            #expect(numbers == Array((total - numbers.count)..<total))
        }

        @Test func changingTheFormatWritesWhatCameBeforeInTheOldOne() throws {
            let folder = try LiveFileTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/live.jsonl"
            Crumbs.enable(onCrash: .off, liveFile: path)
            defer { Fixture.reset() }
            crumb("one")
            Crumbs.enable(onCrash: .off, liveFile: path, liveFileFormat: .otlpJSON)
            crumb("two")
            #expect(Crumbs.flush())
            let lines = try LiveFileTests.lines(path)
            #expect(lines.count == 2)
            #expect(try LiveFileTests.object(lines[0])["event"] as? String == "one")
            let otlp = folder + "/otlp-part.jsonl"
            try (lines[1] + "\n").write(toFile: otlp, atomically: true, encoding: .utf8)
            let check = try OTLPCheck.run([otlp])
            #expect(check.errors == [])
            #expect(check.records.map(\.event) == ["two"])
        }
    }
}
