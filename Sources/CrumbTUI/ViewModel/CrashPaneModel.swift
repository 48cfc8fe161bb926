import CrumbEngine

/// The crash pane (`x`): what killed the process (reason, signal, code, address), where the
/// evidence came from, then the crashed thread's frames and the other threads', with a few lines
/// of source around each frame in the app's own code when the file is on this machine.
struct CrashPaneModel: Equatable {
    /// User frames per thread whose source lines are read and shown.
    static let sourcedFrames = 8
    /// Frames shown of a thread that did not crash.
    static let otherThreadFrames = 16

    var title = ""
    var lines: [CrashPaneLine] = []
    /// Lines scrolled past (J/K); the view stops at the last page.
    var scroll = 0
}

/// One line of the pane, in pieces of text with what they are (the view gives each its style).
struct CrashPaneLine: Equatable {
    enum Role: Equatable {
        case reason, facts, heading, frame, systemFrame, location, sourceNumber, source, currentSource, note
    }

    struct Piece: Equatable {
        var text: String
        var role: Role
    }

    var pieces: [Piece]

    init(_ pieces: [Piece]) { self.pieces = pieces }
    init(_ text: String, _ role: Role) { pieces = [Piece(text: text, role: role)] }
}

extension CrashPaneModel {
    init(_ state: ViewerState, _ list: CrumbList) {
        let crashes = list.store.crashes
        guard !crashes.isEmpty else { return }
        let index = min(state.crashIndex, crashes.count - 1)
        let crash = crashes[index]
        scroll = state.crashScroll
        let file = crash.source.map { list.store.sources[$0].name.split(separator: "/").last.map(String.init) ?? "" }
        title = " crash \(index + 1) of \(crashes.count)" + (file.map { " · \($0)" } ?? "")
            + (crashes.count > 1 ? " · ] [ other crashes" : "") + " · J/K scroll · x closes "
        lines.append(CrashPaneLine(crash.reason, .reason))
        var facts: [String] = []
        var signal = [crash.signal, crash.code].compactMap { $0 }.joined(separator: " ")
        if let address = crash.address { signal += (signal.isEmpty ? "at " : " at ") + address }
        if !signal.isEmpty { facts.append(signal) }
        if let thread = crash.thread { facts.append("thread \(thread)") }
        if let pid = crash.pid { facts.append("pid \(pid)") }
        if let sender = crash.senderPID { facts.append("sent by pid \(sender)") }
        if let time = crash.time { facts.append(TimeText.clock(time) + " UTC") }
        if !facts.isEmpty { lines.append(CrashPaneLine(facts.joined(separator: " · "), .facts)) }
        if let message = crash.message, message != crash.reason { lines.append(CrashPaneLine(message, .facts)) }
        let evidence = crash.evidence.map { $0.kind.rawValue + " " + ($0.file.split(separator: "/").last.map(String.init) ?? $0.file)
            + ($0.line.map { ":\($0)" } ?? "") }
        if !evidence.isEmpty { lines.append(CrashPaneLine("from: " + evidence.joined(separator: ", "), .note)) }
        if crash.threads.isEmpty {
            lines.append(CrashPaneLine("", .note))
            lines.append(CrashPaneLine("no backtrace: run with Swift's backtracer on (the default) and keep its output, or give its JSON crash log", .note))
        }
        for thread in crash.threads {
            lines.append(CrashPaneLine("", .note))
            lines += Self.lines(thread, sources: state.sources)
        }
    }

    static func lines(_ thread: CrashThread, sources: [String: SourceLines?]) -> [CrashPaneLine] {
        var name = "Thread" + (thread.number.map { " \($0)" } ?? "")
        if let threadName = thread.name { name += " \"\(threadName)\"" }
        var result = [CrashPaneLine(name + (thread.crashed ? " crashed:" : ":"), .heading)]
        let frames = thread.crashed ? thread.frames : Array(thread.frames.prefix(otherThreadFrames))
        var sourced = 0
        for (position, frame) in frames.enumerated() {
            let number = String(frame.number ?? position)
            var pieces = [CrashPaneLine.Piece(text: String(repeating: " ", count: max(4 - number.count, 1)) + number + "  ", role: .note)]
            pieces.append(.init(text: frame.symbol, role: frame.isUserCode ? .frame : .systemFrame))
            if let location = frame.location { pieces.append(.init(text: "  at " + location, role: frame.isUserCode ? .location : .systemFrame)) }
            if let image = frame.image, !frame.isUserCode { pieces.append(.init(text: "  in " + image, role: .systemFrame)) }
            result.append(CrashPaneLine(pieces))
            guard frame.isUserCode, sourced < sourcedFrames, let file = frame.file, let line = frame.line else { continue }
            sourced += 1
            guard case .some(.some(let source)) = sources[file] else { continue }
            for number in SourceLines.around(line) {
                guard let text = source.lines[number] else { continue }
                let current = number == line
                result.append(CrashPaneLine([
                    .init(text: (current ? "     ▶ " : "       ") + String(number).leftPadded(5) + " │ ", role: .sourceNumber),
                    .init(text: text, role: current ? .currentSource : .source),
                ]))
            }
        }
        if thread.isTruncated || frames.count < thread.frames.count {
            result.append(CrashPaneLine("     … frames left out", .note))
        }
        return result
    }
}

extension String {
    /// Padded with spaces on the left to `width` characters.
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(width - count, 0)) + self }
}
