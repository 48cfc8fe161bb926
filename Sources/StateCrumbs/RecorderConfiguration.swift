import Synchronization

/// Everything `Crumbs.enable` set, frozen: a new call makes a new configuration, so the
/// recording path reads one consistent set without a lock.
final class RecorderConfiguration: @unchecked Sendable {
    // @unchecked: every property is a constant; the one non-Sendable type, the live queue's
    // pointer, names a queue that any thread may push to (live_queue.h).
    let maxCrumbs: Int
    let onCrash: CrashAction
    let outputFile: String
    let includeTimestamp: Bool
    let includeThread: Bool
    let redaction: Redaction
    let limits: CrumbLimits
    /// nil when `maxCrumbs` is 0 or less, or the memory could not be had.
    let ring: CrumbRing?
    /// The live file's queue (never freed, so a plain pointer), nil when there is no live file.
    let liveQueue: OpaquePointer?
    /// This configuration's number: a thread's cached judgement of a literal key (see
    /// `_CrumbDraft`) holds only under the configuration it was made under.
    let generation = RecorderConfiguration.generations.add(1, ordering: .relaxed).newValue
    private static let generations = Atomic<UInt32>(0)
    /// `ContextFrame.currentKey`, read once here rather than on every crumb.
    let contextKey = ContextFrame.currentKey

    init(
        maxCrumbs: Int, onCrash: CrashAction, outputFile: String, includeTimestamp: Bool,
        includeThread: Bool, redaction: Redaction, limits: CrumbLimits, ring: CrumbRing?,
        liveQueue: OpaquePointer? = nil
    ) {
        self.maxCrumbs = maxCrumbs
        self.onCrash = onCrash
        self.outputFile = outputFile
        self.includeTimestamp = includeTimestamp
        self.includeThread = includeThread
        self.redaction = redaction
        self.limits = limits
        self.ring = ring
        self.liveQueue = liveQueue
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
