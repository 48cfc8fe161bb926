import InMemoryLogging
import Logging
import StateCrumbs
import StateCrumbsLogging
import Testing

extension GlobalRecorder {
    /// The swift-log bridge, with real `Logger`s.
    @Suite struct LoggingBridge {
        struct Timeout: Error, CustomStringConvertible { var description: String { "timed out" } }

        @Test func aLogRecordBecomesACrumb() throws {
            Fixture.reset()
            var logger = Logger(label: "api") { CrumbLogHandler(label: $0) }
            logger[metadataKey: "service"] = "billing"
            logger.info("user.login", metadata: ["user": "bob", "attempt": "2"])
            logger.debug("below the level: not recorded")
            logger.error("payment.failed", error: Timeout(), metadata: ["password": "hunter2"])
            let crumbs = Crumbs.snapshot()
            #expect(crumbs.map(\.event) == ["user.login", "payment.failed"])
            #expect(crumbs[0].fields.map(\.key) == ["level", "label", "source", "attempt", "service", "user"])
            #expect(crumbs[0]["level"] == "info")
            #expect(crumbs[0]["label"] == "api")
            #expect(crumbs[0]["source"] == "StateCrumbsTests")
            #expect(crumbs[0]["attempt"] == "2")
            #expect(crumbs[0]["service"] == "billing")
            #expect(crumbs[1]["level"] == "error")
            #expect(crumbs[1]["error"] == "timed out")
            #expect(crumbs[1]["password"] == "<redacted>")
        }

        @Test func itCombinesWithOtherHandlers() throws {
            Fixture.reset()
            let memory = InMemoryLogHandler()
            let logger = Logger(label: "both") { label in
                MultiplexLogHandler([CrumbLogHandler(label: label), memory])
            }
            logger.warning("disk.low", metadata: ["free": "2%"])
            #expect(Crumbs.snapshot().last?.event == "disk.low")
            #expect(Crumbs.snapshot().last?["free"] == "2%")
            #expect(memory.entries.map(\.message.description) == ["disk.low"])
        }

        @Test func theCrumbContextIsLogMetadata() async throws {
            Fixture.reset()
            var memory = InMemoryLogHandler()
            memory.metadataProvider = .crumbContext
            let logger = Logger(label: "ctx") { [memory] _ in memory }
            await Crumbs.withContext(["request_id": "req-7"]) {
                await Task.yield()
                logger.info("handling")
            }
            logger.info("outside")
            #expect(memory.entries.map { $0.metadata["request_id"]?.description } == ["req-7", nil])

            let crumbs = Logger(label: "both") { CrumbLogHandler(label: $0, metadataProvider: .crumbContext) }
            Crumbs.withContext(["request_id": "req-8"]) { crumbs.info("inside") }
            let last = try #require(Crumbs.snapshot().last)
            #expect(last.contextValue("request_id") == "req-8")
            #expect(last["request_id"] == "req-8")
        }
    }
}
