import Logging
import StateCrumbs

extension Logger.MetadataProvider {
    /// Exposes the current crumb context (`Crumbs.withContext`) as log
    /// metadata, so every log line carries the request id the crumbs carry.
    ///
    /// ```swift
    /// LoggingSystem.bootstrap({ label, provider in
    ///     StreamLogHandler.standardError(label: label, metadataProvider: provider)
    /// }, metadataProvider: .crumbContext)
    ///
    /// Crumbs.withContext(["request_id": "req-7"]) {
    ///     logger.info("handling")   // ... request_id=req-7 handling
    /// }
    /// ```
    public static let crumbContext = Logger.MetadataProvider {
        Crumbs.currentContext.mapValues { Logger.MetadataValue.string($0) }
    }
}
