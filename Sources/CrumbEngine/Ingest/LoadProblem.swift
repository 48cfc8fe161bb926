@_spi(CrumbCodec) import CrumbCodec

/// Something in the input that could not be loaded as crumbs.
public struct LoadProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it (`-` for standard input).
    public var file: String
    /// 1-based line, or nil for a problem with the whole file (missing, a directory, ...).
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, one line, escaped as crumbs are (`DisplayText`): a file's name and
    /// the text a message quotes from the input may hold control or bidi characters.
    public var description: String {
        let text = line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
        return DisplayText.escaped(text)
    }
}

/// What loading one input gave.
public struct InputReport: Sendable, Equatable {
    public var file: String
    /// What the content was; nil when the input could not be read at all.
    public var kind: DumpKind?
    public var crumbs: Int
    /// Lines or dump parts skipped.
    public var skipped: Int
    /// Crashes found in it.
    public var crashes = 0
    /// Why the input could not be read at all (missing, a directory, unreadable, a damaged ring
    /// file).
    public var failure: String?

    /// True when nothing could be used: the input could not be read, or it is not empty and
    /// not one crumb came out of it (`[]` is a usable, empty dump, as is a ring file with no
    /// crumbs yet).
    public var isUnusable: Bool {
        if failure != nil { return true }
        if crumbs > 0 || crashes > 0 || kind == .empty || kind == .crashLog || kind == .ring { return false }
        return skipped > 0 || kind == .text
    }
}
