import CStateCrumbs

/// The StateCrumbs recorder: configure it, read the crumbs back, and scope context.
///
/// ```swift
/// import StateCrumbs
///
/// Crumbs.enable(maxCrumbs: 5)
/// crumb("start", ["user": "alice"])
/// Crumbs.withContext(["request_id": "req-7"]) {
///     crumb("db.query", ["table": "users", "rows": 42])
/// }
/// print(Crumbs.snapshot().count)   // 2
/// ```
///
/// Crumbs are recorded before `enable` too, with its defaults; `enable` is what installs the
/// crash hook.
public enum Crumbs {
    /// The ring size `enable` uses unless told otherwise.
    public static let defaultMaxCrumbs = 50
    /// The largest crumb, in bytes of compact JSON, unless told otherwise.
    public static let defaultMaxCrumbBytes = 1024
    /// The most crumbs a ring keeps; `enable` takes a larger `maxCrumbs` as this.
    public static let largestMaxCrumbs = 100_000_000
    /// The key patterns whose values are stored as `<redacted>` unless told otherwise:
    /// `password`, `passwd`, `secret`, `token`, `api_key`, `authorization`, `cookie`.
    public static let defaultRedactKeys = Redaction.defaultKeys

    /// Configures recording and installs the crash hook. Calling it again reconfigures, keeps
    /// the newest crumbs that fit, and does not install the hook twice.
    ///
    /// ```swift
    /// Crumbs.enable(maxCrumbs: 500, onCrash: .file, outputFile: "/var/tmp/app-crumbs.json")
    /// ```
    ///
    /// - Parameters:
    ///   - maxCrumbs: How many crumbs the ring keeps; older ones are dropped. 0 or less keeps none.
    ///   - onCrash: What the crash hook does with the crumbs when the process dies by a fatal
    ///     signal (a Swift trap, a bad memory access, `abort()`, `kill -SEGV`). After it, the
    ///     handler that was there before runs (Swift's backtracer prints its backtrace) and the
    ///     process dies by the same signal as it would have without StateCrumbs.
    ///   - outputFile: Where `.file` writes them (relative to the working directory at the time
    ///     of this call), replaced atomically, mode 0600.
    ///   - includeTimestamp: Whether crumbs carry `ts`.
    ///   - includeThread: Whether crumbs carry `thread`.
    ///   - redactKeys: Field and context keys containing one of these (ignoring case) have their
    ///     values stored as `<redacted>`. Empty turns redaction off.
    ///   - maxCrumbBytes: The most bytes one crumb takes as compact JSON (256 to 65,536); a
    ///     longer value is cut and ends with `…`. Memory is `maxCrumbs` times this.
    ///   - liveFile: A file that gets every crumb recorded from now on, whatever the ring's size:
    ///     by default JSON Lines, one compact object per line; nil (the default) for none. See
    ///     "Live file" below.
    ///   - liveFlushInterval: How long a line may wait before the background writer appends it.
    ///   - liveFileMaxBytes: The size at which the live file is renamed to `NAME.1` and a new one
    ///     started.
    ///   - liveFileKeep: How many renamed files (`NAME.1`, `NAME.2`, …) are kept.
    ///   - liveFileMode: The permissions a new live file gets.
    ///   - ringFile: A file the ring's slots live in, mapped shared, so the last `maxCrumbs`
    ///     crumbs survive whatever ends the process; nil (the default) keeps them in memory. See
    ///     "Ring file" below.
    ///   - liveFileFormat: The form of the live file's lines: ``LiveFileFormat/jsonLines`` (the
    ///     default), or ``LiveFileFormat/otlpJSON``, OpenTelemetry log records that a Collector
    ///     ships on from the file. Changing it, like changing the file, first writes what was
    ///     recorded so far in the old form.
    ///
    /// ## Live file
    ///
    /// `crumb()` makes no system call for the live file: it hands the line to a background
    /// thread that appends lines in batches. The crash hook writes the lines still waiting before
    /// it dumps, so a crash loses none; a SIGKILL loses at most the last flush interval. If the
    /// writer falls 16 MiB behind, crumbs are dropped and counted, and a line
    /// `{"event":"statecrumbs.dropped","count":N,...}` says so once it catches up. A write error
    /// (disk full, folder deleted, `ulimit -f`) is reported once on stderr and retried; it never
    /// reaches the app. To survive `ulimit -f`, the first live file sets SIGXFSZ to ignored if it
    /// was at its default. ``Crumbs/flush(timeout:)`` waits until everything recorded is in the file.
    ///
    /// ```swift
    /// Crumbs.enable(liveFile: "/var/tmp/myapp.jsonl")   // then: crumbtui --follow /var/tmp/myapp.jsonl
    /// ```
    ///
    /// With `liveFileFormat: .otlpJSON` each line is instead one OTLP/JSON `LogsData` object
    /// holding the crumbs of one flush (see ``LiveFileFormat/otlpJSON``), and the drop marker
    /// is a WARN record with the same `count`.
    ///
    /// ```swift
    /// Crumbs.enable(liveFile: "/var/log/myapp/crumbs.otlp.jsonl", liveFileFormat: .otlpJSON)
    /// ```
    ///
    /// ## Ring file
    ///
    /// No signal handler runs when `kill -9`, the OOM killer or an orchestrator ends a process.
    /// With a ring file the ring itself is a shared mapping of that file, so the kernel keeps the
    /// crumbs whatever ends the process, and another process can read them while it runs.
    /// `crumb()` costs the same and makes no system call for it. A crumb being written at the
    /// moment the process dies is left out, never torn; each thread's crumbs stay in order.
    ///
    /// ```swift
    /// Crumbs.enable(maxCrumbs: 500, ringFile: "/var/tmp/app.crumbs")
    /// // after kill -9: crumbtui /var/tmp/app.crumbs
    /// ```
    ///
    /// A new ring file has mode 0600 and its blocks reserved (a full disk is reported at
    /// `enable`, never met by `crumb()`). When `enable` finds a ring file left by an earlier
    /// process, it keeps it as `NAME.1` (then `NAME.2`, `NAME.3`; the oldest is dropped) and
    /// starts a new one, so a restarted service keeps the crumbs of the run that was killed. It
    /// never touches a path that holds anything else: a file that is not a ring file, a
    /// symlink, a file of another user, a ring file another running process records into, a
    /// missing folder. It says why once on stderr, and the crumbs are kept in memory.
    ///
    /// Calling `enable` again with another `maxCrumbs` or `maxCrumbBytes` makes the file anew in
    /// the new size, with the newest crumbs that fit; without `ringFile` (or with another), the
    /// crumbs go on in memory (or there) and the old file stays, marked as left. The crash hook
    /// dumps as configured either way. A child made by `fork()` records into memory of its own,
    /// not into its parent's file: enable a ring file after daemonizing. The format, for tools
    /// that read ring files, is in `Docs/ring-file-format.md` in the repository.
    public static func enable(
        maxCrumbs: Int = defaultMaxCrumbs,
        onCrash: CrashAction = .stderr,
        outputFile: String = "statecrumbs.json",
        includeTimestamp: Bool = true,
        includeThread: Bool = true,
        redactKeys: [String] = defaultRedactKeys,
        maxCrumbBytes: Int = defaultMaxCrumbBytes,
        liveFile: String? = nil,
        liveFlushInterval: Duration = .milliseconds(50),
        liveFileMaxBytes: Int = 64 << 20,
        liveFileKeep: Int = 3,
        liveFileMode: Int = 0o600,
        ringFile: String? = nil,
        liveFileFormat: LiveFileFormat = .jsonLines
    ) {
        let liveQueue = LiveFile.configure(
            path: liveFile, flushInterval: liveFlushInterval, maxBytes: liveFileMaxBytes,
            keep: liveFileKeep, mode: liveFileMode, format: liveFileFormat)
        // The ring's slots are counted in 32 bits; a larger ring would not fit in memory anyway.
        let capacity = min(max(0, maxCrumbs), Self.largestMaxCrumbs)
        if maxCrumbs > Self.largestMaxCrumbs {
            SelfReport.once("maxCrumbs \(maxCrumbs) is more than \(Self.largestMaxCrumbs); keeping \(Self.largestMaxCrumbs)")
        }
        let limits = CrumbLimits(crumbBytes: maxCrumbBytes)
        Recorder.configure { previous in
            RecorderConfiguration(
                maxCrumbs: capacity, onCrash: onCrash, outputFile: outputFile,
                includeTimestamp: includeTimestamp, includeThread: includeThread,
                redaction: Redaction(keys: redactKeys), limits: limits,
                ring: CrumbRing.forEnable(capacity: capacity, limits: limits, ringFile: ringFile, previous: previous),
                liveQueue: liveQueue)
        }
        CrashHook.apply(Recorder.configuration)
    }

    /// Removes the crash hook and puts back the signal handlers that were there before
    /// `enable`. Recording goes on.
    ///
    /// ```swift
    /// Crumbs.disable()
    /// ```
    public static func disable() {
        CrashHook.remove()
    }

    /// Waits until the live file's writer has handled every crumb recorded so far, at most
    /// `timeout`: each is in the file, or, if the file could not be written (disk full), counted
    /// as dropped. Returns false if that did not happen in time or there is no live file. Call it
    /// before a clean shutdown or in tests; the process's normal exit waits up to a second by
    /// itself.
    ///
    /// ```swift
    /// crumb("shutdown")
    /// Crumbs.flush()
    /// ```
    @discardableResult
    public static func flush(timeout: Duration = .seconds(30)) -> Bool {
        sc_live_flush(timeout.nanoseconds(clampedTo: 86_400_000_000_000)) != 0  // at most a day
    }

    /// Names the current thread in its crumbs (and, cut to 15 bytes, for the system).
    ///
    /// Crumbs read a thread's name from the system (as Foundation's `Thread.current.name` or
    /// `pthread_setname_np` set it), which holds 15 bytes at most; this keeps up to 71 and
    /// takes effect at once.
    ///
    /// ```swift
    /// Thread {
    ///     Crumbs.setThreadName("ingest-worker-3")
    ///     crumb("batch.start")   // "thread": "ingest-worker-3"
    /// }.start()
    /// ```
    public static func setThreadName(_ name: String) {
        let info = sc_thread_info_current()!
        var name = name
        name.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { sc_thread_info_set_name(info, $0.baseAddress, UInt32($0.count)) }
        }
        Recorder.refreshThreadName(info)
    }

    /// The crumbs in the ring, oldest first.
    ///
    /// ```swift
    /// for crumb in Crumbs.snapshot() { print(crumb.event) }
    /// ```
    public static func snapshot() -> [Crumb] {
        guard let ring = Recorder.configuration.ring else { return [] }
        var crumbs: [Crumb] = []
        ring.forEachCrumb { bytes in
            if let crumb = CompactCrumbParser.parse(bytes) { crumbs.append(crumb) }
        }
        return crumbs
    }

    /// Forgets every crumb recorded so far.
    ///
    /// ```swift
    /// Crumbs.clear()
    /// Crumbs.snapshot().isEmpty   // true
    /// ```
    public static func clear() {
        Recorder.configuration.ring?.clear()
    }

    /// Prints the crumbs to standard output as a pretty JSON array.
    ///
    /// ```swift
    /// Crumbs.dump()
    /// ```
    public static func dump() {
        print(CrumbFormatter.json(snapshot()))
    }

    /// Writes the crumbs as a pretty JSON array to `path`, atomically: a reader sees the old
    /// file or the whole new one. The file is readable by its owner only.
    ///
    /// ```swift
    /// try Crumbs.exportJSON(to: "crumbs.json")
    /// ```
    ///
    /// - Throws: ``CrumbExportError`` naming the path and the reason.
    public static func exportJSON(to path: String) throws {
        try AtomicFile.write(Array(CrumbFormatter.json(snapshot()).utf8), to: path)
    }
}
