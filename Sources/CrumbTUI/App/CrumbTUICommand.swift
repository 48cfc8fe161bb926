import ArgumentParser
import CrumbEngine

/// The `crumbtui` command line: answers from the engine with `--count`, `--print` and `--stats`;
/// without them it opens the interactive viewer.
@main
struct CrumbTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crumbtui",
        abstract: "View StateCrumbs and Python statecrumbs dumps, live files, ring files and OTLP/JSON logs.",
        usage: """
        crumbtui [FILE ...] [--filter EXPR] [--follow]      (interactive viewer)
        crumbtui --demo
        crumbtui FILE ... --count [--filter EXPR]
        crumbtui FILE ... --print [--filter EXPR] [--format text|json|jsonl]
        crumbtui FILE ... --stats [--filter EXPR]
        """,
        discussion: """
        INPUT
          A FILE is a JSON array of crumbs (a crash dump, pretty or compact), JSON
          Lines (a live file: one crumb per line), a ring file (the last crumbs
          of a process that called Crumbs.enable(ringFile:), read while it runs
          or after kill -9; the top bar says whose ring it is), OpenTelemetry
          logs in OTLP/JSON (a live file written with liveFileFormat: .otlpJSON,
          or a Collector's file exporter output, many services in one file: a
          log record is a crumb, its resource's service.name and host.name its
          service and host), a Swift JSON crash log, or any text with dumps in
          it, such as a captured stderr. A folder opens the files in it. The
          kind is read from the content. '-' reads standard input: the viewer
          shows a pipe (or a FIFO) as it arrives, like --follow. Several
          files are merged by time; each file's own order is kept. Broken input
          is reported on stderr with file and line; the rest is loaded. A
          damaged ring file is refused as a whole.

        CRASHES
          A crash is found from what the input holds: the crash crumb StateCrumbs
          writes last in a dump and a live file, the runtime's "Fatal error:"
          line, Swift's backtrace (text on stderr, or a JSON crash log beside
          the dump: SWIFT_BACKTRACE=enable=yes,format=json,output-to=DIR), a
          Python traceback after its dump. The viewer's top bar names it and x
          shows it; --print ends each crash with its reason, thread and first
          frames in your code; --stats counts crashes by reason.

        FILTER (terms separated by spaces; all must hold)
          thread:NAME  event:NAME    the crumb's thread or event
          ctx.KEY:VALUE              a context value
          KEY:VALUE                  any other field (table:users also matches
                                     Python's repr 'users')
          event:db.*   thread:a|b    * is any text, | separates alternatives
          user:"o'brien jr"          quotes allow spaces
          ctx.attempt:3              numbers, lists, null: their JSON text
          ctx.KEY:*    KEY:*         the key is present
          -thread:MainThread         leave out what matches
          timeout                    a bare word: anywhere, in any case
          since:2025-12-30T10:23     ISO-8601 time or prefix (until: too)
          service:NAME  host:NAME    an OTLP record's service or host
          trace:4bf92f35*            an OTLP record's trace id (hex)
          "service":VALUE            a quoted key is a field (here: service)

        EXAMPLES
          crumbtui crash.json --count --filter 'thread:worker-3 event:db.*'
          crumbtui app.jsonl --print --format jsonl -f 'ctx.request_id:req-42'
          python3 app.py 2>&1 | crumbtui - --print
          crumbtui a.jsonl b.jsonl --stats
          crumbtui /var/tmp/app.crumbs.1 /var/tmp/app.crumbs --print
          crumbtui --follow /var/tmp/app.crumbs
          crumbtui collector-logs.json --print -f 'service:checkout -host:test-*'
          crumbtui --generate-completion-script bash

        EXIT STATUS
          0 input loaded (even with skipped lines), 1 unusable input or output
          that could not be written (a full disk), 2 bad filter expression or
          usage. A signal ends the viewer by that signal (128 + N: 130 for
          Ctrl-C), the terminal put back first. A reader that goes away
          (| head) ends crumbtui by SIGPIPE, as it ends cat.
        """
    )

    @Argument(help: "Crumb files to open: a dump, a live file, a ring file, a log, OTLP/JSON logs or a folder. '-' reads standard input.")
    var files: [String] = []

    // Unconditional: an expression may start with '-' (`--filter -thread:MainThread`).
    @Option(name: [.short, .long], parsing: .unconditional,
            help: ArgumentHelp("Only crumbs that match this filter expression.", valueName: "expr"))
    var filter: String?

    @Flag(help: "Print the number of matching crumbs.")
    var count = false

    @Flag(name: .customLong("print"), help: "Print the matching crumbs, oldest first.")
    var printCrumbs = false

    @Flag(help: "Print how many matching crumbs each thread, event, context key, service and host has.")
    var stats = false

    @Option(help: "Output of --print: text (readable), json (a dump array), jsonl (one crumb per line).")
    var format: OutputFormat?

    @Flag(help: "Follow a live file as it grows, like tail -F, or a ring file while its process records (interactive viewer).")
    var follow = false

    @Flag(help: "Run a small demo app that records crumbs live, and follow them in the viewer.")
    var demo = false

    mutating func validate() throws {
        let modes = [count, printCrumbs, stats].filter { $0 }.count
        if modes > 1 { throw ValidationError("use only one of --count, --print and --stats") }
        if format != nil, !printCrumbs { throw ValidationError("--format works with --print only") }
    }

    mutating func run() throws {
        if follow || demo || !(count || printCrumbs || stats) {
            throw ExitCode(ViewerApp.run(ViewerOptions(files: files, filter: filter, follow: follow, demo: demo)))
        }
        guard !files.isEmpty else { throw ValidationError("give at least one FILE ('-' for standard input)") }
        let parsedFilter: CrumbFilter
        do {
            parsedFilter = try CrumbFilter(filter ?? "")
        } catch {
            StandardStream.error("crumbtui: bad filter: \(error)\n")
            throw ExitCode(2)
        }
        let store = CrumbStore()
        // Only what the answer reads: a count by thread and event needs no context or fields,
        // and --print writes crumbs from their bytes.
        var loader = CrumbLoader()
        loader.parts = parsedFilter.parts.union(stats ? .context : [])
        let reports = loader.load(files, into: store)
        ProblemReport.write(store.problems, reports)
        let result = FilterResult(parsedFilter, in: store)
        do throws(StandardStream.Failure) {
            if count {
                try StandardStream.output("\(result.matches.count)\n")
            } else if stats {
                let crashes = store.crashes(shownWith: result.matches, everything: parsedFilter.matchesEverything).map(\.crash)
                try StandardStream.output(StatsText.render(CrumbStats(store, result.matches), crashes: crashes))
            } else {
                let crashes = store.crashes(shownWith: result.matches, everything: parsedFilter.matchesEverything)
                let lost = try CrumbWriter.write(store, result.matches, format: (format ?? .text).crumbFormat, crashes: crashes) {
                    (bytes: UnsafeBufferPointer<UInt8>) throws(StandardStream.Failure) in try StandardStream.output(bytes)
                }
                if lost > 0 {
                    StandardStream.error("crumbtui: \(lost) crumbs left out: the file was cut short while it was being read\n")
                }
            }
        } catch {
            StandardStream.failed(error)
        }
        // Exit here, with the store still alive: freeing a million crumbs' arrays and unmapping
        // the file only costs time at the end of a command.
        withExtendedLifetime(store) {
            StandardStream.exit(reports.contains(where: \.isUnusable) ? 1 : 0)
        }
    }

    /// Like `ParsableCommand.main()`, with usage errors ending in status 2 (not 64), as the
    /// exit statuses in `--help` promise.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                do throws(StandardStream.Failure) {
                    if !message.isEmpty { try StandardStream.output(message + "\n") }
                } catch {
                    StandardStream.failed(error)
                }
                StandardStream.exit(0)
            }
            if !message.isEmpty { StandardStream.error(message + "\n") }
            StandardStream.exit(code == .validationFailure ? 2 : code.rawValue)
        }
        StandardStream.exit(0)
    }
}

/// `--format` values.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, jsonl

    var crumbFormat: CrumbFormat {
        switch self {
        case .text: return .text
        case .json: return .json
        case .jsonl: return .jsonl
        }
    }
}
