import Foundation
import Testing

/// Without tmux the end-to-end tests cannot run the real viewer; they are skipped, and this says
/// so loudly instead of letting a newcomer believe they passed.
@Suite struct TmuxPresenceTests {
    @Test func saysWhenTheEndToEndTestsAreSkipped() {
        guard !ViewerEndToEndTests.tmuxInstalled else { return }
        Issue.record(
            """
            tmux is not installed (/usr/bin/tmux): every end-to-end test that runs the real viewer \
            in tmux was SKIPPED (ViewerEndToEndTests, ViewerAppTests, CrashViewerTests, \
            RingFileViewerTests, MappedFileCutShortTests, SignalEndToEndTests, \
            StreamEndToEndTests). Install it with \
            `sudo apt-get install tmux` (README's setup line) and run the tests again.
            """,
            severity: .warning
        )
    }
}
