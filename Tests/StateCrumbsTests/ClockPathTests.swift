import CStateCrumbs
import Foundation
import Testing
@testable import StateCrumbs

/// Which way the recorder reads the clock. The portable build (`-Xcc -DSC_PORTABLE -Xswiftc
/// -DSC_PORTABLE`, a line of .ci/run) must take the portable path, or the recorder suites it
/// runs would test the x86 counter path again; the ordinary build on x86-64 takes the counter
/// path wherever the kernel keeps time with the counter.
extension GlobalRecorder {
    @Suite struct ClockPath {
        @Test func theBuildTakesItsClockPath() throws {
            Fixture.reset()
            crumb("tick")
            #if SC_PORTABLE
            // Swift was told SC_PORTABLE: the C code must have been built with it too.
            #expect(sc_clock_path() == Int32(SC_CLOCK_PORTABLE))
            #elseif arch(x86_64)
            let source = try? String(contentsOfFile: "/sys/devices/system/clocksource/clocksource0/current_clocksource",
                                     encoding: .utf8)
            if source == "tsc\n" {
                // The counter's rate is measured 50 ms after setup, on a crumb that takes a real
                // reading: record until then (at most 2 s).
                let start = Date()
                while sc_clock_path() != Int32(SC_CLOCK_COUNTER) && Date().timeIntervalSince(start) < 2 {
                    crumb("tick")
                    usleep(1_000)
                }
                #expect(sc_clock_path() == Int32(SC_CLOCK_COUNTER))
            } else {
                #expect(sc_clock_path() == Int32(SC_CLOCK_SYSTEM))
            }
            #else
            #expect(sc_clock_path() == Int32(SC_CLOCK_PORTABLE))
            #endif
        }
    }
}
