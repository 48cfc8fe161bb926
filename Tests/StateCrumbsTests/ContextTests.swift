import Foundation
import Testing
@testable import StateCrumbs

extension GlobalRecorder {
    @Suite struct Context {
        struct Boom: Error {}

        @Test func nestedScopesMergeAndRestore() throws {
            Fixture.reset()
            Crumbs.withContext(["request_id": "r1", "user": "bob"]) {
                crumb("outer")
                Crumbs.withContext(["user": "alice", "step": "db"]) {
                    crumb("inner")
                    #expect(Crumbs.currentContext == ["request_id": "r1", "user": "alice", "step": "db"])
                }
                crumb("outer.again")
            }
            crumb("outside")
            let crumbs = Crumbs.snapshot()
            #expect(crumbs.map(\.context) == [
                [.init(key: "request_id", value: "r1"), .init(key: "user", value: "bob")],
                [.init(key: "request_id", value: "r1"), .init(key: "user", value: "alice"), .init(key: "step", value: "db")],
                [.init(key: "request_id", value: "r1"), .init(key: "user", value: "bob")],
                [],
            ])
            #expect(Crumbs.currentContext.isEmpty)
        }

        @Test func contextValuesAreText() throws {
            Fixture.reset()
            let attempt: Int? = 3
            Crumbs.withContext(["attempt": attempt as Any, "ratio": 0.25]) { crumb("x") }
            let last = try #require(Crumbs.snapshot().last)
            #expect(last.contextValue("attempt") == "3")
            #expect(last.contextValue("ratio") == "0.25")
        }

        @Test func aThrowInsideAScopeRestoresTheOuterContextAndPropagates() {
            Fixture.reset()
            Crumbs.withContext(["request_id": "r1"]) {
                #expect(throws: Boom.self) {
                    try Crumbs.withContext(["step": "db"]) {
                        crumb("before.throw")
                        throw Boom()
                    }
                }
                #expect(Crumbs.currentContext == ["request_id": "r1"])
                crumb("after.throw")
            }
            let crumbs = Crumbs.snapshot()
            #expect(crumbs.last?.context == [.init(key: "request_id", value: "r1")])
            #expect(crumbs.first?.contextValue("step") == "db")
        }

        @Test func theBodysResultIsReturned() async throws {
            Fixture.reset()
            let sync = Crumbs.withContext(["a": 1]) { 41 + 1 }
            let async = await Crumbs.withContext(["a": 1]) { () async -> String in
                await Task.yield()
                return "done"
            }
            #expect(sync == 42 && async == "done")
        }

        @Test func asyncLetChildrenSeeTheContext() async throws {
            Fixture.reset()
            try await Crumbs.withContext(["request_id": "r-async"]) {
                async let first: Void = record("child.one")
                async let second: Void = record("child.two")
                _ = try await (first, second)
            }
            let children = Crumbs.snapshot().filter { $0.event.hasPrefix("child.") }
            #expect(children.count == 2)
            #expect(children.allSatisfy { $0.contextValue("request_id") == "r-async" })
        }

        @Test func taskGroupChildrenAndUnstructuredTasksSeeTheContext() async {
            Fixture.reset()
            await Crumbs.withContext(["job": "j1"]) {
                await withTaskGroup(of: Void.self) { group in
                    for i in 0..<4 {
                        group.addTask { Crumbs.withContext(["worker": i]) { crumb("group.task") } }
                    }
                }
                await Task { crumb("unstructured") }.value
                await Task.detached { crumb("detached") }.value
            }
            let crumbs = Crumbs.snapshot()
            let group = crumbs.filter { $0.event == "group.task" }
            #expect(group.count == 4)
            #expect(group.allSatisfy { $0.contextValue("job") == "j1" && $0.contextValue("worker") != nil })
            #expect(Set(group.compactMap { $0.contextValue("worker") }) == ["0", "1", "2", "3"])
            #expect(crumbs.first { $0.event == "unstructured" }?.contextValue("job") == "j1")
            #expect(crumbs.first { $0.event == "detached" }?.context == [])
        }

        @Test func anAsyncThrowRestoresAndPropagates() async {
            Fixture.reset()
            await #expect(throws: Boom.self) {
                try await Crumbs.withContext(["step": "fetch"]) {
                    await Task.yield()
                    throw Boom()
                }
            }
            #expect(Crumbs.currentContext.isEmpty)
        }

        @Test func aNewThreadStartsWithoutContext() {
            Fixture.reset()
            Crumbs.withContext(["request_id": "r1"]) {
                let done = DispatchSemaphore(value: 0)
                Thread { crumb("on.thread"); done.signal() }.start()
                done.wait()
            }
            #expect(Crumbs.snapshot().first { $0.event == "on.thread" }?.context == [])
        }
    }
}

private func record(_ event: String) async throws {
    await Task.yield()
    crumb(event)
}
