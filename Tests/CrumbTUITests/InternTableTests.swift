@testable import CrumbEngine
import Testing

/// A big table (hundreds of thousands of request ids, where new strings wait in a small table
/// and a filter before they reach the main one) still gives each string one id, whatever order
/// the strings come back in.
@Suite struct InternTableTests {
    static let distinct = 300_000

    static func name(_ number: Int) -> String { "req-\(number)" }

    @Test func everyStringKeepsOneIDInABigTable() {
        var table = InternTable<ContextValueID>()
        var ids = [ContextValueID]()
        var wrong: [String] = []
        for number in 0..<Self.distinct {
            ids.append(table.intern(Self.name(number)))
            // A short-lived value seen again a few strings later, as a request id is.
            if number >= 3, table.intern(Self.name(number - 3)) != ids[number - 3] { wrong.append(Self.name(number - 3)) }
        }
        #expect(table.count == Self.distinct)
        var random = SplitMix64(seed: 15)
        for number in (0..<Self.distinct).shuffled(using: &random) {
            if table.intern(Self.name(number)) != ids[number] || table.id(of: Self.name(number)) != ids[number] {
                wrong.append(Self.name(number))
            }
        }
        #expect(wrong.count == 0, "strings that got another id, first: \(wrong.prefix(3))")
        #expect(table.count == Self.distinct)
        #expect(table.id(of: "req-\(Self.distinct)") == nil)
        #expect(table.string(ids[12_345]) == "req-12345")
    }

    @Test func addingATableKeepsTheStringsBothHaveOnce() {
        var first = InternTable<ContextValueID>(), second = InternTable<ContextValueID>()
        for number in 0..<Self.distinct { _ = first.intern(Self.name(number)) }
        for number in Self.distinct / 2..<Self.distinct * 3 / 2 { _ = second.intern(Self.name(number)) }
        let map = first.intern(contentsOf: second)
        #expect(first.count == Self.distinct * 3 / 2)
        let wrong = second.ids.enumerated().filter { first.string(map[$0.offset]) != second.string($0.element) }
        #expect(wrong.count == 0)
        #expect(first.id(of: Self.name(Self.distinct + 7)) == map[Self.distinct / 2 + 7])
    }

    @Test func anEmptyStringHasOneIDWithOrWithoutAnAddress() {
        // An empty buffer made from a String has an address; one made without one (start nil)
        // has none. Either way it is the same "".
        var table = InternTable<ContextValueID>()
        let fromText = table.intern("")
        let noAddress = table.intern(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(noAddress == fromText)
        #expect(table.count == 1)
        #expect(table.id(of: UnsafeRawBufferPointer(start: nil, count: 0)) == fromText)
    }
}
