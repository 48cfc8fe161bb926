import Foundation
import Testing
@testable import StateCrumbs

/// The shapes of `crumb()` calls people write must compile without ambiguity between its two
/// overloads, and each records its fields. (Which overload a shape takes shows in the
/// benchmark, Benchmarks/CrumbBench: the literal one allocates nothing and builds no `Any`.)
extension GlobalRecorder {
    @Suite struct CallShapes {
        struct Point { var x = 1, y = 2 }
        struct Described: CustomStringConvertible { var description: String { "described" } }
        enum Mode { case fast }

        /// The fields of the crumb `body` records, in order.
        private func fields(_ body: () -> Void) throws -> [String] {
            Crumbs.clear()
            body()
            let crumb = try #require(Crumbs.snapshot().last)
            return crumb.fields.map { "\($0.key)=\($0.value)" }
        }

        @Test func everyShapeCompilesAndRecordsItsFields() throws {
            Fixture.reset()
            let user = "bob", attempt = 2, ratio = 0.5, ok = true, name: Substring = "sub"
            let maybe: String? = nil, small: Int8 = -3, big = UInt64.max
            #expect(try fields { crumb("empty") } == [])
            #expect(try fields { crumb("empty", [:]) } == [])
            #expect(try fields { crumb("one", ["k": "v"]) } == ["k=v"])
            #expect(try fields { crumb("one", ["k": user]) } == ["k=bob"])
            #expect(try fields { crumb("mixed", ["user": user, "source": "web", "n": 3]) }
                    == ["user=bob", "source=web", "n=3"])
            #expect(try fields {
                crumb("trailing", [
                    "user": user,
                    "attempt": attempt,
                ])
            } == ["user=bob", "attempt=2"])
            #expect(try fields { crumb("literal-trailing", ["a": 1, "b": "2",]) } == ["a=1", "b=2"])
            #expect(try fields {
                crumb("types", ["r": ratio, "ok": ok, "s": name, "i8": small, "u64": big, "opt": maybe as Any])
            } == ["r=0.5", "ok=true", "s=sub", "i8=-3", "u64=18446744073709551615", "opt=nil"])
            #expect(try fields { crumb("other", ["p": Point(), "d": Described(), "m": Mode.fast, "a": [1, 2]]) }
                    == ["p=Point(x: 1, y: 2)", "d=described", "m=fast", "a=[1, 2]"])
            #expect(try fields { crumb("interpolated", ["k": "\(user)-\(attempt)"]) } == ["k=bob-2"])
            let pairs: KeyValuePairs<String, Any> = ["user": user, "attempt": attempt]
            #expect(try fields { crumb("pairs", pairs) } == ["user=bob", "attempt=2"])
            let record: (String, KeyValuePairs<String, Any>) -> Void = crumb
            #expect(try fields { record("by-type", ["k": 1]) } == ["k=1"])
            let key = "dynamic"
            #expect(try fields { crumb("key-in-variable", [key: 1]) } == ["dynamic=1"])
        }
    }
}
