import CrumbEngine
import Testing

/// A malformed expression says what is wrong and where.
@Suite struct FilterErrorTests {
    func parseError(_ expression: String) -> FilterSyntaxError? {
        do {
            _ = try CrumbFilter(expression)
            return nil
        } catch {
            return error
        }
    }

    @Test func unterminatedQuotePointsAtTheQuote() throws {
        let error = try #require(parseError(#"event:db.* user:"o'brien"#))
        #expect(error.column == 17)
        #expect(error.message == "unterminated quote")
        #expect(error.description == """
        column 17: unterminated quote
          event:db.* user:"o'brien
                          ^
        """)
    }

    @Test func missingValue() throws {
        let error = try #require(parseError("thread: event:x"))
        #expect(error.column == 8)
        #expect(error.message.contains("missing value after 'thread:'"))
    }

    @Test func missingKey() throws {
        let error = try #require(parseError("event:x :y"))
        #expect(error.column == 9)
        #expect(error.message == "missing key before ':'")
    }

    @Test func loneMinus() throws {
        let error = try #require(parseError("event:x - thread:y"))
        #expect(error.column == 9)
    }

    @Test func emptyContextKey() throws {
        #expect(try #require(parseError("ctx.:x")).column == 5)
    }

    @Test func emptyAlternatives() throws {
        #expect(try #require(parseError("event:a||b")).column == 9)
        #expect(try #require(parseError("event:|b")).column == 7)
        #expect(try #require(parseError("event:a|")).column == 9)
    }

    @Test func badTimes() throws {
        let error = try #require(parseError("event:x since:yesterday"))
        #expect(error.column == 15)
        #expect(error.message.contains("ISO-8601"))
        #expect(try #require(parseError("until:2025-13-01")).column == 7)
        #expect(try #require(parseError("since:2025-12-30T25")).column == 7)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        #expect(try #require(parseError(#"ctx.note:ünï "x"#)).column == 14)
    }

    @Test func goodExpressionsParse() throws {
        let filter = try CrumbFilter(#"-thread:Main* ctx.a:"x y"|z KEY:* word since:2025"#)
        #expect(filter.clauses.count == 5)
        #expect(filter.clauses[0].negated)
        #expect(filter.clauses[1].term == .context(key: "a", .alternatives([.init(pieces: [Array("x y".utf8)]), .init(pieces: [Array("z".utf8)])])))
        #expect(filter.clauses[2].term == .field(key: "KEY", .any))
        #expect(filter.clauses[3].term == .text("word"))
    }
}
