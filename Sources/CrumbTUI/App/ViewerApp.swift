import CrumbEngine
@_spi(CrumbCodec) import CrumbCodec
import Foundation

/// What the command line asks of the viewer.
struct ViewerOptions {
    var files: [String]
    var filter: String?
    var follow = false
    var demo = false
}

/// The interactive viewer: checks the command line, opens the terminal, and runs a
/// `ViewerSession` on the main thread.
enum ViewerApp {
    /// Runs the viewer; returns the exit status.
    static func run(_ options: ViewerOptions) -> Int32 {
        var options = options
        if options.files.isEmpty, !options.demo {
            guard let found = ["statecrumbs.json", "statecrumbs.jsonl"].first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                StandardStream.error("""
                crumbtui: no file given, and there is no ./statecrumbs.json or ./statecrumbs.jsonl here.
                  crumbtui crash.json          open a crash dump (or a log with dumps in it)
                  crumbtui --follow app.jsonl  follow a live crumb file
                  crumbtui --demo              watch a demo app's crumbs live
                  crumbtui --help              everything else

                """)
                return 2
            }
            options.files = [found]
        }
        let filter: CrumbFilter
        do {
            filter = try CrumbFilter(options.filter ?? "")
        } catch {
            StandardStream.error("crumbtui: bad filter: \(error)\n")
            return 2
        }
        if options.follow, !options.demo, options.files.count != 1 || options.files[0] == "-" {
            StandardStream.error("crumbtui: --follow follows one file; a pipe on standard input (crumbtui -) is shown as it arrives without it\n")
            return 2
        }
        // Keys come from the terminal: with it on standard input there are no crumbs to read.
        if options.files.contains("-"), isatty(0) == 1 {
            StandardStream.error("crumbtui: standard input is the terminal: pipe crumbs in (python3 app.py 2>&1 | crumbtui -), or name a file\n")
            return 2
        }
        if !options.follow {
            for file in options.files where file != "-" && !FileManager.default.fileExists(atPath: file) {
                StandardStream.error("crumbtui: \(DisplayText.escaped(file)): no such file\n")
                return 1
            }
        }
        let terminal: Terminal
        do {
            terminal = try Terminal.open()
        } catch {
            StandardStream.error("crumbtui: \(error.message)\n")
            return 2
        }
        // The demo starts once the screen is there, so a failure to open one leaves nothing behind.
        var demo: Demo?
        if options.demo {
            guard let started = Demo.start() else {
                terminal.close()
                StandardStream.error("crumbtui: cannot create the demo's live file in the temporary folder\n")
                return 1
            }
            demo = started
            options.files = [started.liveFile]
            options.follow = true
        }
        let session = ViewerSession(options: options, filter: filter, terminal: terminal, isDemo: demo != nil)
        session.run()
        terminal.close()
        demo?.stop()
        Interrupt.endIfRequested()
        return 0
    }
}
