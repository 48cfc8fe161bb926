import CrumbEngine
@_spi(CrumbCodec) import CrumbCodec

/// Input problems on stderr: every problem with file and line, up to a limit per file, then a
/// summary, so a binary file given by mistake does not flood the terminal.
enum ProblemReport {
    static let shownPerFile = 10

    static func write(_ problems: [LoadProblem], _ reports: [InputReport]) {
        var shown: [String: Int] = [:]
        var text = ""
        for problem in problems {
            let count = shown[problem.file, default: 0]
            shown[problem.file] = count + 1
            if count < shownPerFile { text += "crumbtui: \(problem)\n" }
        }
        for report in reports {
            let total = shown[report.file, default: 0]
            let file = DisplayText.escaped(report.file)
            if total > shownPerFile {
                text += "crumbtui: \(file): \(total - shownPerFile) more problems not shown\n"
            }
            if report.skipped > 0, report.crumbs > 0 {
                text += "crumbtui: \(file): loaded \(report.crumbs) crumbs, skipped \(report.skipped) broken parts\n"
            }
        }
        if !text.isEmpty { StandardStream.error(text) }
    }
}
