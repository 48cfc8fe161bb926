/// ISO-8601 timestamps as microseconds since 1970-01-01 UTC, read by hand from bytes: the
/// loader reads a million of them, and Foundation's parser costs ~250 ns each.
///
/// Accepts `2025-12-30T10:23:45.123456+00:00`, `Z`, no offset (UTC), a space instead of `T`,
/// any number of fraction digits, and prefixes (`2025-12-30T10:23`) for filters.
public enum CrumbTime {
    /// The parsed start of the period the text names, and the period's length in microseconds
    /// (a minute for `2025-12-30T10:23`, one microsecond for a full timestamp).
    public static func parsePrefix(_ text: UnsafeBufferPointer<UInt8>) -> (start: Int64, period: Int64)? {
        var index = 0
        let count = text.count
        func digits(_ n: Int) -> Int? {
            guard count - index >= n else { return nil }
            var value = 0
            for _ in 0..<n {
                let digit = Int(text[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
                index += 1
            }
            return value
        }
        func take(_ byte: UInt8) -> Bool {
            guard index < count, text[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = digits(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0
        var period: Int64 = 0
        let dayMicros: Int64 = 86_400_000_000
        var complete = false
        parse: do {
            guard take(0x2D), let m = digits(2) else { period = -1; break parse }
            month = m
            guard take(0x2D), let d = digits(2) else { period = -2; break parse }
            day = d
            guard take(0x54) || take(0x74) || take(0x20), let h = digits(2) else { period = dayMicros; break parse }
            hour = h
            guard take(0x3A), let mi = digits(2) else { period = 3_600_000_000; break parse }
            minute = mi
            guard take(0x3A), let s = digits(2) else { period = 60_000_000; break parse }
            second = s
            period = 1_000_000
            if take(0x2E) || take(0x2C) {
                var scale: Int64 = 100_000
                var any = false
                while index < count, text[index] &- 48 < 10 {
                    if scale > 0 { micros += Int(text[index] - 48) * Int(scale); period = scale; scale /= 10 }
                    index += 1
                    any = true
                }
                guard any else { return nil }
            }
            complete = true
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var offsetSeconds = 0
        if complete, index < count {
            if take(0x5A) || take(0x7A) {
            } else if text[index] == 0x2B || text[index] == 0x2D {
                let sign = text[index] == 0x2D ? -1 : 1
                index += 1
                guard let oh = digits(2) else { return nil }
                _ = take(0x3A)
                let om = digits(2) ?? 0
                offsetSeconds = sign * (oh * 3600 + om * 60)
            }
        }
        guard index == count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        let start = seconds * 1_000_000 + Int64(micros)
        switch period {
        case -1:
            return (start, Int64(daysFromCivil(year: year + 1, month: 1, day: 1)) * dayMicros - start)
        case -2:
            let next = month == 12 ? daysFromCivil(year: year + 1, month: 1, day: 1) : daysFromCivil(year: year, month: month + 1, day: 1)
            return (start, Int64(next) * dayMicros - start)
        default:
            return (start, period)
        }
    }

    /// A full crumb timestamp; nil when the text is not one. The common shape
    /// (`2025-12-30T10:23:45.123456+00:00`) is read without the general parser's bookkeeping.
    @inline(__always)
    static func parse(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int64? {
        if let fast = parseCommon(base + start, count: end - start) { return fast }
        return parsePrefix(UnsafeBufferPointer(start: base + start, count: end - start))?.start
    }

    @inline(__always)
    private static func two(_ p: UnsafePointer<UInt8>, _ at: Int) -> Int? {
        let a = p[at] &- 48, b = p[at + 1] &- 48
        guard a < 10, b < 10 else { return nil }
        return Int(a) * 10 + Int(b)
    }

    private static func parseCommon(_ p: UnsafePointer<UInt8>, count: Int) -> Int64? {
        guard count >= 19, let seconds = secondsOfPrefix(p), let rest = fractionAndOffset(p, count: count) else { return nil }
        return (seconds - rest.offset) * 1_000_000 + rest.micros
    }

    /// `2025-12-30T10:23:45` (the first 19 bytes, at least that many) as seconds since 1970,
    /// the offset not yet applied.
    @inline(__always)
    fileprivate static func secondsOfPrefix(_ p: UnsafePointer<UInt8>) -> Int64? {
        guard p[4] == 0x2D, p[7] == 0x2D, p[10] == 0x54, p[13] == 0x3A, p[16] == 0x3A,
              let c = two(p, 0), let y = two(p, 2), let month = two(p, 5), let day = two(p, 8),
              let hour = two(p, 11), let minute = two(p, 14), let second = two(p, 17),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = daysFromCivil(year: c * 100 + y, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// What follows the seconds: `.123456` (any number of digits) and `+00:00`, `-05:30` or `Z`
    /// (both optional), as microseconds and the offset in seconds.
    @inline(__always)
    fileprivate static func fractionAndOffset(_ p: UnsafePointer<UInt8>, count: Int) -> (micros: Int64, offset: Int64)? {
        var index = 19
        var micros = 0
        if index < count, p[index] == 0x2E {
            index += 1
            var scale = 100_000
            let digitsStart = index
            while index < count, p[index] &- 48 < 10 {
                micros += Int(p[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > digitsStart else { return nil }
        }
        var offset = 0
        if index < count {
            if p[index] == 0x5A, index + 1 == count {
                index += 1
            } else if count - index == 6, p[index] == 0x2B || p[index] == 0x2D, p[index + 3] == 0x3A,
                      let oh = two(p, index + 1), let om = two(p, index + 4) {
                offset = (p[index] == 0x2D ? -1 : 1) * (oh * 3600 + om * 60)
                index += 6
            } else {
                return nil
            }
        }
        return (Int64(micros), Int64(offset))
    }

    public static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parsePrefix($0)?.start }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension CrumbTime {
    /// Reads a loader's timestamps, remembering the last one's date and time to the second:
    /// crumbs come about in time order, so most share those 19 bytes with the crumb before, and
    /// then only the fraction and the offset are read.
    struct Reader {
        private var prefix: (UInt64, UInt64, UInt32) = (0, 0, 0)
        private var prefixSeconds: Int64?

        /// The timestamp in `base[start..<end]`, as `CrumbTime.parse` reads it.
        @inline(__always)
        mutating func parse(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int64? {
            let count = end - start
            guard count >= 19 else { return CrumbTime.parse(base, from: start, to: end) }
            let p = UnsafeRawPointer(base + start)
            let words = (p.loadUnaligned(as: UInt64.self), p.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                         p.loadUnaligned(fromByteOffset: 15, as: UInt32.self))
            if words != prefix || prefixSeconds == nil {
                prefix = words
                prefixSeconds = secondsOfPrefix(base + start)
            }
            guard let seconds = prefixSeconds, let rest = fractionAndOffset(base + start, count: count) else {
                return CrumbTime.parse(base, from: start, to: end)
            }
            return (seconds - rest.offset) * 1_000_000 + rest.micros
        }
    }
}
