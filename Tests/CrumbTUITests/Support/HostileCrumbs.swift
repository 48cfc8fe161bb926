/// Crumbs made to trip the output writers: strings with every control character, C1 controls,
/// bidirectional overrides, invalid and cut-off UTF-8, escapes good and broken (lone
/// surrogates, `\uZZZZ`), long runs that cross eight-byte steps at every offset; values of every
/// JSON type (Python statecrumbs writes numbers, `null` and lists); reserved keys missing,
/// repeated, escaped or holding other types; spacing as compact or as pretty as a file may have.
struct HostileCrumbs {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// Pieces of string contents, raw JSON.
    static let pieces: [[UInt8]] = {
        // Every control character but the line feed, which ends a line before its crumb ends.
        var pieces: [[UInt8]] = (0..<0x20).filter { $0 != 0x0A }.map { [UInt8($0)] } + [[0x7F]]
        pieces += [#"\\"#, #"\""#, #"\n"#, #"\t"#, #"\u0000"#, #"\u001b"#, #"\u007f"#, #"\u0085"#, #"\u009b"#,
                   #"\u202e"#, #"\u2066"#, #"\u2028"#, #"\ud83d\ude00"#, #"\ud800"#, #"\udc00x"#, #"\uZZZZ"#,
                   #"\u00"#, #"\q"#, #"\/"#, #"\u00e9"#].map { Array($0.utf8) }
        pieces += ["a", "b c", "=", "{", "}", "|", "~", "!", "'GET'", "é", "李", "😀", "\u{202E}", "\u{2069}",
                   "\u{85}", "\u{9B}", "\u{2028}", "\u{FFFD}", " ", "  "].map { Array($0.utf8) }
        pieces += [[0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98], [0xF4, 0x90, 0x80, 0x80],
                   [0xC0, 0xAF], [0xFF], [0xFE], [0xE0, 0x80, 0xAF], [0xC3] + Array(#"\u00a9"#.utf8),
                   Array(#"\u00e9"#.utf8) + [0x80], Array(repeating: 0x78, count: 40)]
        return pieces
    }()

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    mutating func chance(_ p: Double) -> Bool { Double(random.next() % 1_000_000) < p * 1_000_000 }

    mutating func string() -> [UInt8] {
        var count = pick([0, 1, 1, 2, 3, 5, 12])
        if chance(0.02) { count = 300 }
        var out: [UInt8] = [0x22]
        for _ in 0..<count { out += pick(Self.pieces) }
        return out + [0x22]
    }

    mutating func space(pretty: Bool) -> [UInt8] {
        pick([[], [], [0x20], [0x09], [0x20, 0x20], pretty ? [0x0D, 0x0A, 0x20, 0x20] : [0x20]])
    }

    mutating func scalar() -> [UInt8] {
        Array(pick(["0", "-1.5e10", "3", "true", "false", "null", "NaN", "Infinity", "-Infinity", "1E+2", "12345678901234567890"]).utf8)
    }

    mutating func value(pretty: Bool, depth: Int = 0) -> [UInt8] {
        let kind = Double(random.next() % 100) / 100
        if kind < 0.6 { return string() }
        if kind < 0.8 || depth > 3 { return scalar() }
        let comma = [0x2C] + space(pretty: pretty)
        if kind < 0.9 {
            let items = (0..<pick([0, 1, 2, 3])).map { _ in value(pretty: pretty, depth: depth + 1) }
            return [0x5B] + space(pretty: pretty) + Array(items.joined(separator: comma)) + space(pretty: pretty) + [0x5D]
        }
        return object((0..<pick([0, 1, 2])).map { _ in (string(), value(pretty: pretty, depth: depth + 1)) }, pretty: pretty)
    }

    mutating func object(_ members: [([UInt8], [UInt8])], pretty: Bool) -> [UInt8] {
        var parts: [[UInt8]] = []
        for (key, value) in members { parts.append(key + space(pretty: pretty) + [0x3A] + space(pretty: pretty) + value) }
        return [0x7B] + space(pretty: pretty) + Array(parts.joined(separator: [0x2C] + space(pretty: pretty))) + space(pretty: pretty) + [0x7D]
    }

    mutating func crumb(pretty: Bool) -> [UInt8] {
        let keys = [#""event""#, #""ts""#, #""thread""#, #""context""#, #""\u0065vent""#, #""k""#, #""a b""#, #""""#, #""=x""#]
            .map { Array($0.utf8) }
        var members: [([UInt8], [UInt8])] = []
        for key in ["event", "ts", "thread"] where chance(0.85) {
            members.append((Array("\"\(key)\"".utf8), chance(0.9) ? string() : value(pretty: pretty)))
        }
        if chance(0.7) {
            let entries = (0..<pick([0, 1, 2, 3])).map { _ in (chance(0.5) ? string() : pick(keys), value(pretty: pretty)) }
            members.append((Array(#""context""#.utf8), chance(0.9) ? object(entries, pretty: pretty) : value(pretty: pretty)))
        }
        for _ in 0..<pick([0, 1, 2, 4]) { members.append((chance(0.4) ? pick(keys) : string(), value(pretty: pretty))) }
        members.shuffle(using: &random)
        return object(members, pretty: pretty)
    }

    /// `count` crumbs as JSON Lines.
    mutating func jsonLines(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<count { out += crumb(pretty: false) + [0x0A] }
        return out
    }

    /// `count` crumbs as a dump's pretty array.
    mutating func dump(_ count: Int) -> [UInt8] {
        let crumbs = (0..<count).map { _ in [0x20, 0x20] + crumb(pretty: true) }
        return Array("[\n".utf8) + Array(crumbs.joined(separator: Array(",\n".utf8))) + Array("\n]\n".utf8)
    }
}
