import CrumbEngine
import Foundation

/// One run of the viewer: the loop that turns keys and what the world reports into actions for
/// `ViewerReducer`, performs the effects the reducer asks for, and draws a frame from the state
/// when anything changed.
///
/// It holds the handles to the world (the terminal, the loading thread, the tailer) and the
/// state, but writes the state only through the reducer: what it learns (a finished load, the
/// tailer's lines, a resize, a written file) becomes an action like a key does. Filters and
/// searches that take long run on other threads (`WorkRunner`), and report the same way.
final class ViewerSession {
    private let terminal: Terminal
    private var state: ViewerState
    /// The crumbs shown; the reducer is its writer too (filters, loads, appended lines).
    private let list: CrumbList
    /// The background load, while it runs.
    private var loading: ViewerLoading?
    /// The tailer, once following started.
    private var live: (any Follower)?
    /// What the input held, to tell whether `F` can follow it: one JSON Lines or ring file can grow.
    private var reports: [InputReport] = []
    /// `--follow` named a ring file: following starts once it is loaded.
    private var followWhenLoaded = false
    private let trace = Trace()
    /// Something changed since the last frame.
    private var dirty = true
    /// Filters and searches running off the input thread.
    private let work = WorkRunner()
    /// When the last keys were read: the filter prompt's count waits until typing pauses.
    private var lastKey = ContinuousClock.now
    /// A filter was submitted and is not shown yet (for the trace).
    private var awaitingFilter = false

    /// How long typing pauses before the filter prompt counts (when it cannot count at once).
    static let typingPause: Duration = .milliseconds(150)
    /// Keys handled before a frame is drawn, at most: a stream of keys that never pauses
    /// (a runaway paste) still sees the screen change.
    static let keysPerFrame = 1000

    init(options: ViewerOptions, filter: CrumbFilter, terminal: Terminal, isDemo: Bool) {
        self.terminal = terminal
        // A pipe or a FIFO is shown as it arrives, whether --follow asked or not.
        let stream = StreamFollow.isStream(options.files)
        let followFromStart = stream || options.follow && LiveFileCheck.isLiveFile(options.files[0])
        let size = terminal.size
        state = ViewerState(filterText: options.filter ?? "", follow: followFromStart, width: size.width, height: size.height)
        list = CrumbList(store: CrumbStore(), files: options.files, filter: filter)
        if stream {
            live = StreamFollow(path: options.files[0])
            return
        }
        if followFromStart {
            let path = options.files[0]
            live = FileManager.default.fileExists(atPath: path) ? LiveFollow(path: path) : FirstFileFollow(path: path)
            if isDemo { dispatch(.message("demo: a small app with 4 worker threads records crumbs live; F stops following, q quits", isError: false)) }
            return
        }
        let isRingFile = options.follow && LiveFileCheck.isRingFile(options.files[0])
        followWhenLoaded = isRingFile
        let started = ViewerLoading.start(options.files)
        loading = started.loading
        loaded(started.first)
        if let loading { dispatch(.loadProgress(loading.progress)) }
        if options.follow, !isRingFile {
            dispatch(.message("\(options.files[0]) is not a live file (JSON Lines) or ring file: shown without following", isError: true))
        }
    }

    func run() {
        var firstFrame = true
        while !state.quit, !Interrupt.requested {
            var waitMilliseconds = pollWorld()
            pollWork()
            // While work runs, its progress and end are looked for more often than keys alone.
            if work.isBusy { waitMilliseconds = min(waitMilliseconds, 10) }
            if dirty {
                terminal.draw(ScreenRenderer.render(state, list, characterWidth: SystemCharacterWidth.width))
                if firstFrame { trace.note("first_screen \(list.total)") }
                trace.note("frame")
                trace.flushPending()
                firstFrame = false
                dirty = false
            }
            guard let key = terminal.readKey(milliseconds: waitMilliseconds) else {
                // Typing paused: a filter preview that waited for it is counted.
                if state.prompt?.previewPending == true, ContinuousClock.now - lastKey >= Self.typingPause {
                    dispatch(.countPreview)
                }
                continue
            }
            handle(key)
            // Keys already waiting (held or pasted) are all handled before the next frame is
            // drawn: fifty `j` cost one frame, not fifty.
            var handled = 1
            while handled < Self.keysPerFrame, !state.quit, let next = terminal.readKey(milliseconds: 0) {
                handle(next)
                handled += 1
            }
            lastKey = .now
        }
        work.cancelAll()
    }

    private func handle(_ key: Key) {
        guard let action = KeyMap.action(for: key, in: state) else { return }
        if action == .submit, state.prompt?.kind == .filter {
            trace.note("filter_key")
            awaitingFilter = true
        }
        dispatch(action)
    }

    /// Reduces `action`, then performs the effects it asked for.
    private func dispatch(_ action: Action) {
        let effects = ViewerReducer.reduce(&state, action, list)
        dirty = true
        for effect in effects { perform(effect) }
        if awaitingFilter, state.filtering == nil {
            // Shown (at once, or its work is done), unless the prompt stayed open on a mistake.
            if state.prompt == nil { trace.pending("filter_drawn") }
            awaitingFilter = false
        }
    }

    /// Sends what the background work reported.
    private func pollWork() {
        guard work.isBusy else { return }
        for action in work.poll(list.store) { dispatch(action) }
    }

    /// Looks at the background load and the followed file, and sends what they report as
    /// actions. Returns how long to wait for a key before looking again.
    private func pollWorld() -> Int {
        // While the background load runs, look for its end more often than for keys alone.
        var waitMilliseconds = loading == nil ? 50 : 10
        if let loading {
            if let whole = loading.take() {
                self.loading = nil
                loaded(whole)
                trace.pending("loaded \(list.total)")
            } else if loading.progress != state.loading {
                dispatch(.loadProgress(loading.progress))
            }
        } else if list.store.addReadParts() {
            // The context and fields read behind the loaded crumbs (nothing on screen changes).
            trace.note("parts")
        }
        if let live, state.follow || live.keepsReading {
            let read = live.poll()
            // An empty read still goes to the reducer while progress shows: it clears it.
            if !read.isEmpty || state.loading != nil { dispatch(.tailed(read)) }
            if read.hasMore { waitMilliseconds = 0 }
        }
        return waitMilliseconds
    }

    private func loaded(_ crumbs: LoadedCrumbs) {
        if !crumbs.isPreview { reports = crumbs.reports }
        dispatch(.loaded(crumbs))
        if followWhenLoaded, !crumbs.isPreview, RingFollow.ringFile(of: list.store, files: list.files, reports: reports) != nil {
            followWhenLoaded = false
            dispatch(.toggleFollow)
        }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .write(let path, let replacing):
            dispatch(CrumbExport.write(list, to: path, replacing: replacing))
        case .follow(let on):
            guard on, live == nil else { return }
            startFollowing()
        case .readSource(let file, let lines):
            dispatch(.sourceRead(file: file, lines: SourceReader.read(file, lines: lines)))
        case .startWork(let background):
            work.start(background, store: list.store)
        case .cancelWork(let id):
            work.cancel(id)
        }
    }

    /// `F` on a file that was opened without --follow: read on from the end of its last
    /// complete line.
    private func startFollowing() {
        let files = list.files
        if loading == nil, let ring = RingFollow.ringFile(of: list.store, files: files, reports: reports) {
            live = RingFollow(following: ring)
            dispatch(.message(RingFollow.startNote(ring).text, isError: false))
            return
        }
        guard files.count == 1, files[0] != "-", loading == nil, let source = list.store.sources.first,
              reports.first?.kind == .jsonLines || reports.first?.kind == .empty else {
            dispatch(.followRefused)
            return
        }
        let offset = LiveFileCheck.endOfLastLine(files[0], size: source.count)
        live = LiveFollow(path: files[0], from: offset, firstLine: LiveFileCheck.lineCount(files[0], upTo: offset) + 1)
        dispatch(.followStarted(path: files[0]))
    }
}
