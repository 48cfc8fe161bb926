import CrumbEngine
import Foundation
import Synchronization

/// Runs the reducer's background work (`Effect.startWork`: a filter to apply, a search, the
/// filter prompt's count) each on a thread of its own, so that the viewer goes on drawing and
/// reading keys; the session asks it (`poll`) what the work reported and sends that to the
/// reducer as actions. Used by the main thread only; a run shares with its thread only `Run`.
///
/// A run reads a `snapshot()` of the store taken when it starts: the viewer's store goes on
/// growing (following a live file) and taking context read in the background without the run
/// seeing it, and the result is carried over to the viewer's store when it is done
/// (`CrumbList.adoptFilter(_:)`), which checks the crumbs appended meanwhile.
final class WorkRunner {
    /// What a run's thread and the main thread share: a stop flag the engine checks as it goes,
    /// how far it got, and the result.
    private final class Run: Sendable {
        let work: BackgroundWork
        let stop = Atomic<Bool>(false)
        /// Crumbs checked and of how many, written by the run's thread.
        let checked = Atomic<Int>(0)
        let total = Atomic<Int>(0)
        let finished = Mutex<Handover?>(nil)

        init(_ work: BackgroundWork) { self.work = work }
    }

    /// A result (or a snapshot) passed between the threads. `@unchecked Sendable`: whoever puts
    /// it in never touches it again.
    private final class Handover: @unchecked Sendable {
        let result: FilterResult?
        let store: CrumbStore?

        init(result: FilterResult? = nil, store: CrumbStore? = nil) {
            self.result = result
            self.store = store
        }
    }

    /// Work waiting for the context or fields it reads, being read in the background.
    private var waiting: [BackgroundWork] = []
    private var running: [(run: Run, reported: (checked: Int, total: Int))] = []

    /// Work is waiting or running: the session looks for its reports more often than for keys.
    var isBusy: Bool { !waiting.isEmpty || !running.isEmpty }

    func start(_ work: BackgroundWork, store: CrumbStore) {
        waiting.append(work)
        startWaiting(store)
    }

    /// Stops the work with this id; it reports nothing more. Its thread ends at the engine's
    /// next check, within a few thousand crumbs or a megabyte.
    func cancel(_ id: Int) {
        waiting.removeAll { $0.id == id }
        for entry in running where entry.run.work.id == id { entry.run.stop.store(true, ordering: .relaxed) }
        running.removeAll { $0.run.work.id == id }
    }

    func cancelAll() {
        for id in waiting.map(\.id) + running.map(\.run.work.id) { cancel(id) }
    }

    /// What the work reported since the last call: progress when its percentage moved (a frame
    /// each), and results.
    func poll(_ store: CrumbStore) -> [Action] {
        startWaiting(store)
        var actions: [Action] = []
        var stillRunning: [(run: Run, reported: (checked: Int, total: Int))] = []
        for var entry in running {
            let run = entry.run
            if let done = run.finished.withLock({ $0 }) {
                // Only a run told to stop has no result, and a stopped run is not here.
                if let result = done.result { actions.append(.workDone(id: run.work.id, WorkResult(result: result))) }
                continue
            }
            let now = (checked: run.checked.load(ordering: .relaxed), total: run.total.load(ordering: .relaxed))
            let percent = { (checked: Int) in checked * 100 / max(now.total, 1) }
            if now.total != entry.reported.total || percent(now.checked) != percent(entry.reported.checked) {
                actions.append(.workProgress(id: run.work.id, checked: now.checked, total: now.total))
                entry.reported = now
            }
            stillRunning.append(entry)
        }
        running = stillRunning
        return actions
    }

    /// Starts the waiting work that can start: all, but work that reads the context or fields
    /// while they are being read in the background (taken over when they are in, so that they
    /// are not read twice).
    private func startWaiting(_ store: CrumbStore) {
        let ready = waiting.filter { store.parts.isSuperset(of: $0.filter.parts) || !store.isReadingParts }
        guard !ready.isEmpty else { return }
        waiting.removeAll { work in ready.contains { $0.id == work.id } }
        for work in ready {
            let run = Run(work)
            running.append((run, (0, 0)))
            let snapshot = Handover(store: store.snapshot())
            Thread.detachNewThread {
                Thread.current.name = "crumbtui-work"
                let result = FilterResult(run.work.filter, in: snapshot.store!) { checked, total in
                    run.checked.store(checked, ordering: .relaxed)
                    run.total.store(total, ordering: .relaxed)
                    return !run.stop.load(ordering: .relaxed)
                }
                let done = Handover(result: result)
                run.finished.withLock { $0 = done }
            }
        }
    }
}
