/// Why ``Crumbs/exportJSON(to:)`` could not write its file.
///
/// ```swift
/// do { try Crumbs.exportJSON(to: "/read-only/crumbs.json") }
/// catch let error as CrumbExportError { print(error) }   // cannot write /read-only/crumbs.json: Permission denied
/// ```
public struct CrumbExportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file that was to be written.
    public var path: String
    /// What went wrong, as the system said it.
    public var reason: String

    /// An export error.
    ///
    /// ```swift
    /// let error = CrumbExportError(path: "crumbs.json", reason: "No space left on device")
    /// ```
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `cannot write PATH: REASON`.
    public var description: String { "cannot write \(path): \(reason)" }
}
