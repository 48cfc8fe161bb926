/// The number an `InternTable` gives one distinct string of its namespace. Each namespace has its
/// own type, so a thread's number cannot be used as an event's by mistake.
public protocol InternID: Hashable, Comparable, Sendable {
    /// The number, from 0 in the order the strings were first seen.
    var number: UInt32 { get }
    init(number: UInt32)
}

extension InternID {
    /// The number as an array index.
    @inline(__always) public var index: Int { Int(number) }

    public static func < (a: Self, b: Self) -> Bool { a.number < b.number }
}

/// A thread name's number in `CrumbStore.threadNames`.
public struct ThreadID: InternID {
    public let number: UInt32
    public init(number: UInt32) { self.number = number }
}

/// An event name's number in `CrumbStore.eventNames`.
public struct EventID: InternID {
    public let number: UInt32
    public init(number: UInt32) { self.number = number }
}

/// A context key's number in `CrumbStore.contextKeys`.
public struct ContextKeyID: InternID {
    public let number: UInt32
    public init(number: UInt32) { self.number = number }
}

/// A context value's number in `CrumbStore.contextValues`.
public struct ContextValueID: InternID {
    public let number: UInt32
    public init(number: UInt32) { self.number = number }
}

/// A field key's number in `CrumbStore.fieldKeys`.
public struct FieldKeyID: InternID {
    public let number: UInt32
    public init(number: UInt32) { self.number = number }
}

/// One id per crumb where a crumb may have none (a crumb without a thread or an event): four
/// bytes a crumb, as a plain `[UInt32]` would take, where `[ID?]` would take eight. The value that
/// stands for "none" never leaves this type.
struct OptionalIDColumn<ID: InternID> {
    private static var absent: UInt32 { UInt32.max }
    private var numbers: [UInt32] = []

    var count: Int { numbers.count }

    subscript(crumb: Int) -> ID? {
        @inline(__always) get {
            let number = numbers[crumb]
            return number == Self.absent ? nil : ID(number: number)
        }
    }

    mutating func append(_ id: ID?) { numbers.append(id?.number ?? Self.absent) }

    mutating func reserveCapacity(_ count: Int) { numbers.reserveCapacity(count) }

    mutating func removeLast() { numbers.removeLast() }

    /// Adds to `counts` (indexed by id number) how many crumbs from `first` on have each id.
    func count(into counts: inout [Int], from first: Int) {
        numbers.withUnsafeBufferPointer { numbers in
            counts.withUnsafeMutableBufferPointer { counts in
                for index in first..<numbers.count where numbers[index] != Self.absent {
                    counts[Int(numbers[index])] += 1
                }
            }
        }
    }

    /// The crumbs from `first` on whose id is one of `ids`, ascending; `expected` is about how
    /// many there are. One pass over the column: with ten million crumbs it costs a few tens of
    /// milliseconds, less than building lists for every id would.
    func crumbs(withAnyOf ids: [ID], from first: Int = 0, expected: Int = 0) -> [UInt32] {
        guard let largest = ids.max() else { return [] }
        var wanted = [Bool](repeating: false, count: largest.index + 1)
        for id in ids { wanted[id.index] = true }
        var crumbs: [UInt32] = []
        crumbs.reserveCapacity(expected)
        numbers.withUnsafeBufferPointer { numbers in
            wanted.withUnsafeBufferPointer { wanted in
                for index in first..<numbers.count {
                    let number = Int(numbers[index])
                    if number < wanted.count, wanted[number] { crumbs.append(UInt32(truncatingIfNeeded: index)) }
                }
            }
        }
        return crumbs
    }

    /// Appends `other`'s ids, each translated by `map` (indexed by `other`'s id numbers).
    mutating func append(contentsOf other: OptionalIDColumn<ID>, mappedBy map: [ID]) {
        let absent = Self.absent
        numbers.append(contentsOf: other.numbers.lazy.map { $0 == absent ? absent : map[Int($0)].number })
    }
}
