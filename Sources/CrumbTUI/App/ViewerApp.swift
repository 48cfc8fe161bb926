import CrumbEngine
import Foundation

/// What the command line asks of the viewer.
struct ViewerOptions {
    var files: [String]
    var filter: String?
    var follow = false
    var demo = false
}

/// The interactive viewer: opens the files, then one loop on the main thread reads a key (or
/// times out after 50 ms), polls the loading and the live file, and draws a frame when
/// anything changed. State changes go through `ViewerReducer`; drawing through
/// `ScreenRenderer` and `Terminal`.
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
            StandardStream.error("crumbtui: --follow follows one file (not standard input)\n")
            return 2
        }
        if !options.follow {
            for file in options.files where file != "-" && !FileManager.default.fileExists(atPath: file) {
                StandardStream.error("crumbtui: \(file): no such file\n")
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
        defer { demo?.stop() }
        Interrupt.install()
        let session = ViewerSession(options: options, filter: filter, terminal: terminal, isDemo: demo != nil)
        session.run()
        terminal.close()
        return 0
    }
}

/// One run of the viewer: the state, the crumbs, and what feeds them.
final class ViewerSession {
    private let terminal: Terminal
    private var state = ViewerState()
    private let list: CrumbList
    private var loading: ViewerLoading?
    private var live: LiveFollow?
    private var reports: [InputReport] = []
    private let trace = Trace()

    init(options: ViewerOptions, filter: CrumbFilter, terminal: Terminal, isDemo: Bool) {
        self.terminal = terminal
        let followFromStart = options.follow && LiveFileCheck.isLiveFile(options.files[0])
        let store: CrumbStore
        if followFromStart {
            store = CrumbStore()
        } else {
            let started = ViewerLoading.start(options.files)
            store = started.store
            loading = started.loading
            reports = started.reports ?? []
            if let reports = started.reports { state.message = ViewerLoading.summary(store, reports) }
        }
        list = CrumbList(store: store, files: options.files, filter: filter)
        state.filterText = options.filter ?? ""
        if !state.filterText.isEmpty { state.filterHistory = [state.filterText] }
        (state.width, state.height) = terminal.size
        state.shownCount = list.count
        state.loading = loading?.progress
        if followFromStart {
            live = LiveFollow(path: options.files[0])
            state.follow = true
            if live?.hasMore == false, isDemo { state.message = StatusMessage(text: "demo: a small app with 4 worker threads records crumbs live; F stops following, q quits") }
        } else if options.follow {
            state.message = StatusMessage(text: "\(options.files[0]) is not a live file (JSON Lines): shown without following", isError: true)
        }
    }

    func run() {
        var dirty = true
        var firstFrame = true
        while !state.quit, !Interrupt.requested {
            // While the background load runs, look for its end more often than for keys alone.
            var waitMilliseconds = loading == nil ? 50 : 10
            if let loading, let loaded = loading.take() {
                finishLoading(loaded)
                dirty = true
            } else if let loading {
                let progress = loading.progress
                if progress != state.loading { ViewerReducer.reduce(&state, .loading(progress), list); dirty = true }
            }
            if state.follow, let live {
                let result = live.poll(into: list)
                if result.appended > 0 || list.count != state.shownCount { ViewerReducer.reduce(&state, .crumbsAppended, list); dirty = true }
                if let message = result.message { state.message = message; dirty = true }
                if live.hasMore { waitMilliseconds = 0 }
                // A big live file is caught up with in steps: say how far it got.
                let progress = live.hasMore ? "reading \(live.path)… \(live.bytesRead >> 20) MB" : nil
                if loading == nil, progress != state.loading { ViewerReducer.reduce(&state, .loading(progress), list); dirty = true }
            }
            if dirty {
                terminal.draw(ScreenRenderer.render(state, list, characterWidth: SystemCharacterWidth.width))
                if firstFrame { trace.note("first_screen \(list.total)") }
                trace.flushPending()
                firstFrame = false
                dirty = false
            }
            guard let key = terminal.readKey(milliseconds: waitMilliseconds) else { continue }
            guard let action = KeyMap.action(for: key, in: state) else { continue }
            if action == .submit, state.prompt?.kind == .filter {
                trace.note("filter_key")
                trace.pending("filter_drawn")
            }
            for effect in ViewerReducer.reduce(&state, action, list) { perform(effect) }
            dirty = true
        }
    }

    private func finishLoading(_ loaded: ViewerLoading.Loaded) {
        loading = nil
        list.replaceStore(loaded.store)
        reports = loaded.reports
        ViewerReducer.reduce(&state, .storeReplaced, list)
        ViewerReducer.reduce(&state, .loading(nil), list)
        state.shownCount = list.count
        state.message = ViewerLoading.summary(loaded.store, loaded.reports)
            ?? StatusMessage(text: "loaded \(loaded.store.count.grouped) crumbs in \(String(format: "%.2f", loaded.seconds)) s")
        trace.pending("loaded \(list.total)")
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .write(let path):
            ViewerReducer.reduce(&state, CrumbExport.write(list, to: path), list)
        case .follow(let on):
            guard on else { return }
            if live == nil { startFollowing() }
        }
    }

    /// `F` on a file that was opened without --follow: read on from the end of its last
    /// complete line.
    private func startFollowing() {
        let files = list.files
        guard files.count == 1, files[0] != "-", loading == nil, let source = list.store.sources.first,
              reports.first?.kind == .jsonLines || reports.first?.kind == .empty else {
            state.follow = false
            state.message = StatusMessage(text: "F follows one live file (JSON Lines); this input cannot grow", isError: true)
            return
        }
        let offset = LiveFileCheck.endOfLastLine(files[0], size: source.count)
        live = LiveFollow(path: files[0], from: offset, firstLine: LiveFileCheck.lineCount(files[0], upTo: offset) + 1)
        state.message = StatusMessage(text: "following \(files[0]): new crumbs appear at the bottom")
    }
}
