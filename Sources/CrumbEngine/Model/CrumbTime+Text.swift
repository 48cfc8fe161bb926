extension CrumbTime {
    /// Bytes in a timestamp as `appendText(micros:to:)` writes it.
    static let textWidth = 32

    /// Appends `micros` (since 1970 UTC) as a crumb's timestamp, the way the recorders write it:
    /// `2025-12-30T10:23:45.123456+00:00`.
    static func appendText(micros: Int64, to out: inout [UInt8]) {
        let day: Int64 = 86_400_000_000
        let days = micros >= 0 ? micros / day : (micros - day + 1) / day
        let inDay = micros - days * day
        let (year, month, dayOfMonth) = civilFromDays(Int(days))
        let seconds = Int(inDay / 1_000_000)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: textWidth) { text in
            var at = 0
            func digits(_ value: Int, _ count: Int) {
                var rest = value
                for index in stride(from: at + count - 1, through: at, by: -1) {
                    text[index] = UInt8(0x30 + rest % 10)
                    rest /= 10
                }
                at += count
            }
            func put(_ byte: UInt8) {
                text[at] = byte
                at += 1
            }
            digits(year, 4)
            put(0x2D)
            digits(month, 2)
            put(0x2D)
            digits(dayOfMonth, 2)
            put(0x54)
            digits(seconds / 3600, 2)
            put(0x3A)
            digits(seconds / 60 % 60, 2)
            put(0x3A)
            digits(seconds % 60, 2)
            put(0x2E)
            digits(Int(inDay % 1_000_000), 6)
            for byte in "+00:00".utf8 { put(byte) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<at]))
        }
    }

    /// The date of a day counted from 1970-01-01 (Howard Hinnant's algorithm, the inverse of
    /// `daysFromCivil`).
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
