import CrumbEngine
@testable import CrumbTUI
import Testing

/// A row shows the start of a long value and looks at no more of it than the cells it has: a
/// 4 MB value costs a frame what a short one does, not a piece per character.
@Suite struct LongValueRowTests {
    @Test func aRowMakesPiecesOnlyForTheCellsItHas() throws {
        let value = String(repeating: "lorem ipsum\u{1B}[31m ", count: 200_000)
        let pieces = VisibleText.pieces(value, SystemCharacterWidth.width, cells: 60)
        #expect(pieces.reduce(0) { $0 + $1.width } <= 60 + 4, "\(pieces.count) pieces")
        #expect(pieces.count <= 61)
        #expect(VisibleText.pieces(value, SystemCharacterWidth.width).count == 3_400_000, "without a limit: all of it")
    }

    @Test func aFrameShowsTheStartOfALongValue() throws {
        let value = String(repeating: "lorem ipsum ", count: 350_000)
        let list = try ViewerTestSupport.list(#"{"event":"big","ts":"2025-12-30T10:23:45.000001+00:00","thread":"t","v":""# + value + "\"}\n")
        let state = ViewerTestSupport.state(width: 60, height: 10, list)
        let lines = ViewerTestSupport.render(state, list)
        #expect(lines[1] == "10:23:45.000001 t      big   v=\"lorem ipsum lorem ipsum lore")
    }
}
