@testable import CrumbEngine
import Testing

/// OTLP's nanoseconds become the crumb timestamp the recorders write, and read back the same.
@Suite struct OTLPTimeTests {
    func text(_ micros: Int64) -> String {
        var out: [UInt8] = []
        CrumbTime.appendText(micros: micros, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func knownTimes() {
        #expect(text(0) == "1970-01-01T00:00:00.000000+00:00")
        #expect(text(1_767_090_225_123_456) == "2025-12-30T10:23:45.123456+00:00")
        #expect(text(1_709_251_199_999_999) == "2024-02-29T23:59:59.999999+00:00")
        #expect(text(951_782_400_000_001) == "2000-02-29T00:00:00.000001+00:00")
        #expect(text(Int64(UInt64.max / 1000)) == "2554-07-21T23:34:33.709551+00:00")
    }

    @Test func everyDayOfFourHundredYearsReadsBack() {
        let day: Int64 = 86_400_000_000
        for days in stride(from: Int64(0), to: 146_097 + 366, by: 1) {
            let micros = days * day + (days * 7_919_000_003) % day
            let written = text(micros)
            #expect(CrumbTime.parse(written) == micros, "\(written)")
            if CrumbTime.parse(written) != micros { return }
        }
    }
}
