import Logging
import StateCrumbs

/// A swift-log `LogHandler` that records every log record as a crumb: the message is the event,
/// and the fields are `level`, `label`, `source`, then the metadata (sorted by key), then
/// `error` when the record carries one.
///
/// ```swift
/// import Logging
/// import StateCrumbsLogging
///
/// LoggingSystem.bootstrap { label in
///     MultiplexLogHandler([StreamLogHandler.standardError(label: label), CrumbLogHandler(label: label)])
/// }
/// Logger(label: "api").info("user.login", metadata: ["user": "bob"])
/// // crumb: {"event":"user.login",...,"level":"info","label":"api","source":"MyApp","user":"bob"}
/// ```
///
/// Records below ``logLevel`` (default `.info`) are not recorded; every record costs a crumb,
/// so `.trace` logging in a hot loop costs what the crumbs cost.
public struct CrumbLogHandler: LogHandler {
    /// The logger's label, stored in every crumb as `label`.
    public let label: String
    /// Metadata added to every record of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Metadata read at each record (for example `Logger.MetadataProvider.crumbContext`).
    public var metadataProvider: Logger.MetadataProvider?
    /// The least severe level that is recorded.
    public var logLevel: Logger.Level

    /// A handler for the logger labelled `label`.
    ///
    /// ```swift
    /// let logger = Logger(label: "db") { CrumbLogHandler(label: $0, logLevel: .debug) }
    /// ```
    public init(label: String, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    /// Records the log record as a crumb.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let recorded = event.metadata {
            merged.merge(recorded) { _, new in new }
        }
        var pairs: [(String, Any)] = [("level", event.level.rawValue), ("label", label), ("source", event.source)]
        pairs.reserveCapacity(3 + merged.count + 1)
        for key in merged.keys.sorted() {
            pairs.append((key, merged[key]!.description))
        }
        if let error = event.error {
            pairs.append(("error", String(describing: error)))
        }
        crumb(event.message.description, pairs: pairs)
    }

    /// Records the log record as a crumb (the form swift-log used before `log(event:)`).
    @available(*, deprecated, renamed: "log(event:)")
    public func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        log(event: LogEvent(level: level, message: message, metadata: metadata, source: source,
                            file: file, function: function, line: line))
    }

    /// One metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
