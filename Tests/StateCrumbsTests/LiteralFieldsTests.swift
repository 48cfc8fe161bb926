import Foundation
import Testing
@testable import StateCrumbs

/// `crumb()` has two overloads: one for literal keys and values (CrumbKey, CrumbValue), written
/// field by field with a per-thread cache of key judgements, and the `Any` one. Whatever the
/// path, a crumb must come out the same.
extension GlobalRecorder {
    @Suite struct LiteralFields {
        /// The crumb recorded by `body`, as compact JSON, with its timestamp blanked.
        private func recorded(_ body: () -> Void) throws -> String {
            try Fixture.recorded(body)
        }

        @Test func literalAndAnyOverloadsRecordTheSameCrumb() throws {
            Fixture.reset()
            let cases: [(literal: () -> Void, any: KeyValuePairs<String, Any>)] = [
                ({ crumb("db.query", ["table": "users", "rows": 42]) }, ["table": "users", "rows": 42]),
                ({ crumb("kinds", ["ratio": 0.25, "ok": false, "min": -9223372036854775807]) },
                 ["ratio": 0.25, "ok": false, "min": -9223372036854775807]),
                ({ crumb("escapes", ["s": "a\"b\\c\nd\u{01}", "a\"q": "v", "tab\tkey": "x"]) },
                 ["s": "a\"b\\c\nd\u{01}", "a\"q": "v", "tab\tkey": "x"]),
                ({ crumb("clash", ["event": "e", "ts": "t", "thread": "th", "context": "c"]) },
                 ["event": "e", "ts": "t", "thread": "th", "context": "c"]),
                ({ crumb("secrets", ["password": "p", "X-Api_Key": "k", "sessionToken": "t", "tokenizer": "x"]) },
                 ["password": "p", "X-Api_Key": "k", "sessionToken": "t", "tokenizer": "x"]),
                ({ crumb("short", ["a": "1", "é": "2", "🙂": "3", "": "4"]) }, ["a": "1", "é": "2", "🙂": "3", "": "4"]),
                ({ crumb("sizes", ["exactly8": "12345678", "sixteen-bytes-ok": "0123456789abcdef",
                                  "a-key-longer-than-sixteen-bytes": "a value longer than sixteen bytes"]) },
                 ["exactly8": "12345678", "sixteen-bytes-ok": "0123456789abcdef",
                  "a-key-longer-than-sixteen-bytes": "a value longer than sixteen bytes"]),
            ]
            for (literal, any) in cases {
                let typed = try recorded(literal)
                let event = try #require(Crumbs.snapshot().first?.event)
                let boxed = try recorded { crumb(event, any) }
                #expect(typed == boxed)
            }
        }

        @Test func valuesInVariablesRecordTheSameCrumbAsLiterals() throws {
            // The same calls with their values in variables: the Any overload, each value read
            // in place by its type.
            Fixture.reset()
            let table = "users", rows = 42, ratio = 0.25, ok = false, low = -9223372036854775807
            let escapes = "a\"b\\c\nd\u{01}", clash = "e", secret = "hunter2"
            let short = ["a", "é", "🙂", ""], fifteen = "123456789012345", sixteen = "0123456789abcdef"
            let long = "a value longer than sixteen bytes"
            let cases: [(literal: () -> Void, variables: () -> Void)] = [
                ({ crumb("db.query", ["table": "users", "rows": 42]) },
                 { crumb("db.query", ["table": table, "rows": rows]) }),
                ({ crumb("mixed", ["table": "users", "rows": 42, "source": "web"]) },
                 { crumb("mixed", ["table": table, "rows": rows, "source": "web"]) }),
                ({ crumb("kinds", ["ratio": 0.25, "ok": false, "min": -9223372036854775807]) },
                 { crumb("kinds", ["ratio": ratio, "ok": ok, "min": low]) }),
                ({ crumb("escapes", ["s": "a\"b\\c\nd\u{01}"]) }, { crumb("escapes", ["s": escapes]) }),
                ({ crumb("clash", ["event": "e", "ts": "e", "thread": "e", "context": "e"]) },
                 { crumb("clash", ["event": clash, "ts": clash, "thread": clash, "context": clash]) }),
                ({ crumb("secrets", ["password": "hunter2", "X-Api_Key": "hunter2", "tokenizer": "hunter2"]) },
                 { crumb("secrets", ["password": secret, "X-Api_Key": secret, "tokenizer": secret]) }),
                ({ crumb("short", ["a": "a", "b": "é", "c": "🙂", "d": ""]) },
                 { crumb("short", ["a": short[0], "b": short[1], "c": short[2], "d": short[3]]) }),
                ({ crumb("sizes", ["fifteen": "123456789012345", "sixteen": "0123456789abcdef",
                                  "long": "a value longer than sixteen bytes"]) },
                 { crumb("sizes", ["fifteen": fifteen, "sixteen": sixteen, "long": long]) }),
            ]
            for (literal, variables) in cases {
                #expect(try recorded(literal) == recorded(variables))
            }
        }

        @Test func anInterpolatedValueIsALiteralToo() throws {
            Fixture.reset()
            let id = 7
            crumb("cache.hit", ["key": "user:\(id)", "note": "\(id * 6) of \(id)"])
            let last = try #require(Crumbs.snapshot().last)
            #expect(last["key"] == "user:7")
            #expect(last["note"] == "42 of 7")
        }

        @Test func aCachedKeyFollowsTheRedactionOfTheCurrentConfiguration() throws {
            // The same literal key, judged under one configuration and then another: the
            // thread's cache must not carry the old judgement over.
            func record() { crumb("login", ["token": "abc", "user": "alice"]) }
            Fixture.reset(redactKeys: [])
            record()
            #expect(Crumbs.snapshot().last?["token"] == "abc")
            Fixture.reset()
            record()
            #expect(Crumbs.snapshot().last?["token"] == "<redacted>")
            Fixture.reset(redactKeys: ["user"])
            record()
            #expect(Crumbs.snapshot().last?["token"] == "abc")
            #expect(Crumbs.snapshot().last?["user"] == "<redacted>")
        }

        @Test func manyDifferentLiteralKeysKeepTheirOwnJudgement() throws {
            // More keys than one cache line of judgements would hold without collisions.
            Fixture.reset()
            for _ in 0..<3 {
                crumb("a", ["k01": 1, "k02": 2, "k03": 3, "k04": 4, "k05": 5, "k06": 6, "k07": 7, "k08": 8,
                            "password1": "p", "k10": 10, "k11": 11, "k12": 12, "secret_k13": "s"])
                crumb("b", ["k14": 14, "k15": 15, "k16": 16, "k17": 17, "k18": 18, "k19": 19, "k20": 20,
                            "cookie21": "c", "k22": 22, "k23": 23, "k24": 24, "k25": 25, "k26": 26])
            }
            for crumb in Crumbs.snapshot() {
                for field in crumb.fields {
                    let secret = ["password1", "secret_k13", "cookie21"].contains(field.key)
                    #expect((field.value == "<redacted>") == secret, "\(field.key)=\(field.value)")
                    if !secret { #expect(field.key == "k" + field.value.leftPadded(to: 2)) }
                }
            }
        }

        @Test func keysMadeAtRunTimeAreJudgedByTheirWholeText() throws {
            // Keys of up to 16 bytes are remembered by their bytes. Keys that share a length,
            // a beginning or an end must still each be judged on their own text, and a key
            // judged under one configuration again under the next.
            Fixture.reset()
            var keys: [String] = []
            for length in 1...16 {
                let filler = String(repeating: "x", count: length)
                keys.append(filler)
                keys.append("y" + filler.dropFirst())
                keys.append(filler.dropLast() + "z")
                if length >= 5 {
                    keys.append("token" + filler.dropFirst(5))
                    keys.append(filler.dropLast(5) + "token")
                    keys.append(filler.dropLast(5) + "TOKEN")
                }
            }
            // Differences only inside the key, away from both ends.
            keys.append(contentsOf: ["xxxtokenxxxx", "xxxtakenxxxx", "ab-secret-cd", "ab-secreT-cd", "ab-secrat-cd",
                                     "a234567token4567", "a234567tokan4567", "k1234m67", "k1234n67"])
            keys.append(contentsOf: ["a\"b", "tab\tkey", "event", "ts", "é", "clé-secret", "ünïcödé-token"])
            for round in 0..<2 {
                for key in keys {
                    Crumbs.clear()
                    let pairs: KeyValuePairs<String, Any> = [key: "v", "after": 1]
                    crumb("k", pairs)
                    let crumb = try #require(Crumbs.snapshot().last)
                    let secret = key.lowercased().contains("token") || key.lowercased().contains("secret")
                    let stored = ["event", "ts"].contains(key) ? "_" + key : key
                    #expect(crumb.fields.first?.key == stored, "round \(round): \(key)")
                    #expect(crumb.fields.first?.value == (secret ? "<redacted>" : "v"), "round \(round): \(key)")
                }
            }
            Fixture.reset(redactKeys: [])
            for key in keys {
                Crumbs.clear()
                crumb("k", [key: "v"] as KeyValuePairs<String, Any>)
                #expect(Crumbs.snapshot().last?.fields.first?.value == "v", "\(key)")
            }
        }

        @Test func longKeysAndValuesAreCutTheSameWay() throws {
            Fixture.reset(maxCrumbBytes: 256)
            let long = String(repeating: "x", count: 400)
            let typed = try recorded {
                crumb("cut", ["a-very-long-key-that-goes-on-and-on-and-on-beyond-the-limit": "v", "value": "\(long)"])
            }
            let any: KeyValuePairs<String, Any> = [
                "a-very-long-key-that-goes-on-and-on-and-on-beyond-the-limit": "v", "value": long,
            ]
            let boxed = try recorded { crumb("cut", any) }
            #expect(typed == boxed)
            #expect(typed.utf8.count <= 256)
            #expect(typed.contains("…"))
        }

        @Test func keysAtTheKeyLimitAreCutTheSameWay() throws {
            // maxCrumbBytes 256 allows keys of 32 bytes with their quotes.
            Fixture.reset(maxCrumbBytes: 256)
            let cases: [(literal: () -> Void, any: KeyValuePairs<String, Any>)] = [
                ({ crumb("k", ["k23456789012345678901234567890": 1]) }, ["k23456789012345678901234567890": 1]),
                ({ crumb("k", ["k234567890123456789012345678901": 1]) }, ["k234567890123456789012345678901": 1]),
                ({ crumb("k", ["k2345678901234567890123456789012": 1]) }, ["k2345678901234567890123456789012": 1]),
            ]
            for (literal, any) in cases {
                let typed = try recorded(literal)
                #expect(typed == (try recorded { crumb("k", any) }))
            }
        }

        @Test func aLongKeyAfterALongValueNeverOverrunsTheCrumb() throws {
            // Every amount of room a long value can leave before a long literal key: the key
            // must be cut or dropped as the Any overload does it, the crumb must stay valid
            // JSON within its size, and secrets stay redacted.
            Fixture.reset(maxCrumbBytes: 512)
            for length in stride(from: 250, through: 520, by: 1) {
                let value = String(repeating: "v", count: length)
                let typed = try recorded {
                    crumb("e", ["value": "\(value)",
                                "a-literal-key-of-sixty-bytes-that-is-long-enough-to-matter-x": 1,
                                "password-of-the-user": "hunter2"])
                }
                let any: KeyValuePairs<String, Any> = [
                    "value": value, "a-literal-key-of-sixty-bytes-that-is-long-enough-to-matter-x": 1,
                    "password-of-the-user": "hunter2",
                ]
                #expect(typed == (try recorded { crumb("e", any) }), "value of \(length) bytes")
                #expect(typed.utf8.count <= 512)
                #expect((try? JSONSerialization.jsonObject(with: Data(typed.utf8))) != nil, "\(typed)")
                #expect(!typed.contains("hunter2"))
            }
        }

        @Test func aCrumbRecordedWhileAnotherIsBeingWrittenKeepsBothIntact() throws {
            // A value's description that records a crumb runs while the outer crumb is half
            // written in the thread's scratch space.
            struct Chatty: CustomStringConvertible {
                var description: String {
                    crumb("inner", ["from": "description"])
                    return "chatty"
                }
            }
            Fixture.reset()
            crumb("outer", ["before": 1, "value": Chatty(), "after": 2] as KeyValuePairs<String, Any>)
            let crumbs = Crumbs.snapshot()
            #expect(crumbs.map(\.event) == ["inner", "outer"])
            #expect(crumbs.first?["from"] == "description")
            #expect(crumbs.last?.fields.map(\.value) == ["1", "chatty", "2"])
        }

        @Test func aSlowDescriptionOutlivesTheConfigurationsGracePeriod() throws {
            // The recorder keeps a replaced configuration (and its ring) for 2 s, for crumbs
            // that loaded it a moment before. A value's description can take longer: here it
            // waits until the app has reconfigured twice, 2.2 s apart, which frees the first
            // ring unless the crumb holds on to it; the crumb must still land safely (in the
            // ring it began in, no longer the recorder's), not in freed memory.
            struct Slow: CustomStringConvertible {
                let started: DispatchSemaphore
                let carryOn: DispatchSemaphore
                var description: String {
                    started.signal()
                    carryOn.wait()  // until the ring this crumb began in has been freed
                    return "slow"
                }
            }
            // Each reset with another ring size makes a new ring.
            Fixture.reset(maxCrumbs: 1000)
            let started = DispatchSemaphore(value: 0)
            let carryOn = DispatchSemaphore(value: 0)
            let done = DispatchSemaphore(value: 0)
            Thread {
                crumb("slow", ["value": Slow(started: started, carryOn: carryOn)] as KeyValuePairs<String, Any>)
                done.signal()
            }.start()
            started.wait()
            Fixture.reset(maxCrumbs: 500)
            usleep(2_200_000)
            Fixture.reset(maxCrumbs: 400)  // frees rings replaced more than 2 s ago
            carryOn.signal()
            done.wait()
            crumb("after")
            // The slow crumb went to the ring it began in, no longer the recorder's.
            #expect(Crumbs.snapshot().map(\.event) == ["after"])
        }

        @Test func timestampsFollowTheSystemClockAcrossClockResyncs() throws {
            // Within 400 ms the recorder's clock is calibrated (50 ms after the first enable),
            // then runs from the processor's counter with a real reading about every
            // millisecond: every stamp must stay within a millisecond of the system clock
            // around it, and never go back.
            Fixture.reset(maxCrumbs: 100_000)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let start = Date()
            var checked = 0
            var previous = ""
            while Date().timeIntervalSince(start) < 0.4 {
                Crumbs.clear()
                let before = Date()
                crumb("tick")
                let after = Date()
                let stamp = try #require(Crumbs.snapshot().last?.timestamp)
                #expect(stamp >= previous, "\(stamp) after \(previous)")
                previous = stamp
                let date = try #require(formatter.date(from: String(stamp.prefix(23)) + "Z"))
                // Whole milliseconds only (the formatter's precision), so a millisecond each way.
                #expect(date.timeIntervalSince(before) > -0.001, "\(stamp) before \(before)")
                #expect(after.timeIntervalSince(date) > -0.001, "\(stamp) after \(after)")
                checked += 1
                if checked % 100 == 0 { usleep(1_000) }
            }
            #expect(checked > 100)
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
