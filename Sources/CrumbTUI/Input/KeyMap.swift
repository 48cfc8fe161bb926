/// Keys to actions, by what is on screen: a prompt takes text, a facet panel or the help
/// overlay take their own keys, the list takes less and vim habits.
enum KeyMap {
    static let wheelStep = 3

    static func action(for key: Key, in state: ViewerState) -> Action? {
        if case .resize(let width, let height) = key { return .resize(width: width, height: height) }
        if key == .control("c") { return .quit }
        if case .mouse(let event) = key {
            switch event {
            case .wheelUp: return .scroll(-wheelStep)
            case .wheelDown: return .scroll(wheelStep)
            case .press(let x, let y): return state.prompt == nil ? .click(x: x, y: y) : nil
            }
        }
        if state.helpOpen { return .toggleHelp }
        if state.prompt != nil { return promptAction(key) }
        // Esc stops a filter or search running in the background before it closes anything.
        if key == .escape, state.filtering != nil || state.searching != nil { return .cancelWork }
        if state.facets != nil, let action = facetAction(key) { return action }
        return listAction(key, timeline: state.timelineOpen)
    }

    private static func promptAction(_ key: Key) -> Action? {
        switch key {
        case .character(let character): return .type(character)
        case .backspace, .control("h"): return .backspace
        case .delete, .control("d"): return .deleteForward
        case .left, .control("b"): return .cursorLeft
        case .right, .control("f"): return .cursorRight
        case .home, .control("a"): return .cursorHome
        case .end, .control("e"): return .cursorEnd
        case .up, .control("p"): return .historyUp
        case .down, .control("n"): return .historyDown
        case .enter: return .submit
        case .escape, .control("g"): return .cancel
        case .tab: return .type(" ")
        default: return nil
        }
    }

    private static func facetAction(_ key: Key) -> Action? {
        switch key {
        case .enter, .character(" "), .character("+"): return .facetInclude
        case .character("-"), .character("x"), .character("!"): return .facetExclude
        case .character("q"), .escape: return .escape
        case .character("t"): return .openFacets(.threads)
        case .character("e"): return .openFacets(.events)
        case .character("c"): return .openFacets(.context)
        default: return nil
        }
    }

    private static func listAction(_ key: Key, timeline: Bool) -> Action? {
        switch key {
        case .down, .character("j"), .control("n"): return .move(1)
        case .up, .character("k"), .control("p"): return .move(-1)
        case .pageDown, .character(" "), .control("f"), .control("d"): return .pageDown
        case .pageUp, .character("b"), .control("b"), .control("u"): return .pageUp
        case .home, .character("g"), .character("<"): return .first
        case .end, .character("G"), .character(">"): return .last
        case .enter, .tab: return .toggleDetail
        case .character("J"): return .scrollDetail(1)
        case .character("K"): return .scrollDetail(-1)
        case .character("/"): return .openSearch
        case .character("n"): return .searchNext
        case .character("N"): return .searchPrevious
        case .character("f"), .character(":"): return .openFilter
        case .character("t"): return .openFacets(.threads)
        case .character("e"): return .openFacets(.events)
        case .character("c"): return .openFacets(.context)
        case .character("l"): return .toggleTimeline
        case .left, .character("h"): return timeline ? .sameThread(forward: false) : nil
        case .right: return timeline ? .sameThread(forward: true) : nil
        case .character("F"): return .toggleFollow
        case .character("T"): return .cycleTimeMode
        case .character("w"): return .openWrite
        case .character("x"), .character("!"): return .toggleCrash
        case .character("]"): return .nextCrash(forward: true)
        case .character("["): return .nextCrash(forward: false)
        case .character("?"), .character("H"): return .toggleHelp
        case .character("q"): return .quit
        case .escape: return .escape
        default: return nil
        }
    }
}
