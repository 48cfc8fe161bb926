/// Which field and context keys hold secrets: a key is redacted when it contains one of the
/// patterns, ignoring ASCII case (`X-Api_Key`, `db_password`, `sessionToken`).
struct Redaction: Sendable {
    /// The patterns `Crumbs.enable` uses unless told otherwise.
    static let defaultKeys = ["password", "passwd", "secret", "token", "api_key", "authorization", "cookie"]

    /// What a redacted value is stored as.
    static let marker = "<redacted>"

    private let patterns: [[UInt8]]
    private let shortest: Int

    init(keys: [String]) {
        patterns = keys.map { Array($0.utf8).map(Redaction.lowercase) }.filter { !$0.isEmpty }
        shortest = patterns.map(\.count).min() ?? Int.max
    }

    /// Whether the value under `key` must not be stored.
    func redacts(_ key: String) -> Bool {
        guard !patterns.isEmpty, key.utf8.count >= shortest else { return false }
        var key = key
        return key.withUTF8 { redacts($0) }
    }

    /// Whether the value under the key with these UTF-8 bytes must not be stored.
    func redacts(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !patterns.isEmpty, key.count >= shortest else { return false }
        for pattern in patterns where pattern.count <= key.count {
            if Self.contains(key, pattern) { return true }
        }
        return false
    }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let last = haystack.count - needle.count
        let first = needle[0]
        var start = 0
        while start <= last {
            if lowercase(haystack[start]) == first {
                var matched = 1
                while matched < needle.count, lowercase(haystack[start + matched]) == needle[matched] {
                    matched += 1
                }
                if matched == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    @inline(__always)
    private static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte | 0x20 : byte
    }
}
