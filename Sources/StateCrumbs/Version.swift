extension Crumbs {
    /// This library's version, as a release names it: the OTLP live file's scope version.
    static let version = "0.2.0"
}
