/// Crumb times as the screen shows them: a time of day, or seconds since another crumb.
enum TimeText {
    /// Cells of the list's time column (the longest text below, right-aligned in it).
    static let width = 15

    /// `HH:MM:SS.ffffff`, UTC.
    static func clock(_ micros: Int64) -> String {
        let day: Int64 = 86_400_000_000
        let inDay = ((micros % day) + day) % day
        let seconds = inDay / 1_000_000, fraction = inDay % 1_000_000
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let digits = String(fraction)
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))."
            + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// `+12.345678` seconds (or `-` for time going backwards), right-aligned in `width`.
    static func seconds(_ micros: Int64) -> String {
        let sign = micros < 0 ? "-" : "+"
        let magnitude = Swift.abs(micros)
        let digits = String(magnitude % 1_000_000)
        let text = sign + String(magnitude / 1_000_000) + "." + String(repeating: "0", count: 6 - digits.count) + digits
        return String(repeating: " ", count: max(width - text.count, 0)) + text
    }
}
