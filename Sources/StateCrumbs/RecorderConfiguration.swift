/// Everything `Crumbs.enable` set, frozen: a new call makes a new configuration, so the
/// recording path reads one consistent set without a lock.
final class RecorderConfiguration: Sendable {
    let maxCrumbs: Int
    let onCrash: CrashAction
    let outputFile: String
    let includeTimestamp: Bool
    let includeThread: Bool
    let redaction: Redaction
    let limits: CrumbLimits
    /// nil when `maxCrumbs` is 0 or less, or the memory could not be had.
    let ring: CrumbRing?

    init(
        maxCrumbs: Int, onCrash: CrashAction, outputFile: String, includeTimestamp: Bool,
        includeThread: Bool, redaction: Redaction, limits: CrumbLimits, ring: CrumbRing?
    ) {
        self.maxCrumbs = maxCrumbs
        self.onCrash = onCrash
        self.outputFile = outputFile
        self.includeTimestamp = includeTimestamp
        self.includeThread = includeThread
        self.redaction = redaction
        self.limits = limits
        self.ring = ring
    }

    /// What crumbs use before `Crumbs.enable` is called: the defaults of `enable`.
    static func defaults() -> RecorderConfiguration {
        let limits = CrumbLimits(crumbBytes: Crumbs.defaultMaxCrumbBytes)
        return RecorderConfiguration(
            maxCrumbs: Crumbs.defaultMaxCrumbs, onCrash: .stderr, outputFile: "statecrumbs.json",
            includeTimestamp: true, includeThread: true,
            redaction: Redaction(keys: Redaction.defaultKeys), limits: limits,
            ring: CrumbRing(capacity: Crumbs.defaultMaxCrumbs, slotBytes: limits.crumbBytes))
    }
}
