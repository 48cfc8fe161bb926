import Dispatch
import Synchronization

/// How `CrumbWriter.write` shares the crumbs between two threads: they take chunks of crumbs in
/// order, each writes its chunk into its own buffer, and the chunks are flushed in their order,
/// each in its turn. A thread takes its next chunk only once its last one is flushed, and a
/// chunk that is not yet its turn stops when its buffer holds 4 MiB, so memory stays a few
/// buffers whatever the crumbs. The lowest chunk not yet flushed always has a thread on it (it
/// was taken first), so the turn always comes.
final class OutputChunks: Sendable {
    private struct State {
        var nextChunk = 0
        /// The chunk whose output is flushed next.
        var turn = 0
        /// `.json` elements flushed so far: the first one has no comma before it.
        var elements = 0
        var lost = 0
    }

    private let state = Mutex(State())
    /// One per thread: rung when the turn moves on, so a thread waiting for its turn looks again.
    private let bells = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
    let crumbs: Int
    let crumbsPerChunk: Int

    init(crumbs: Int, crumbsPerChunk: Int) {
        self.crumbs = crumbs
        self.crumbsPerChunk = max(crumbsPerChunk, 1)
    }

    /// How many threads are worth starting.
    var threads: Int {
        #if FUZZING
        // The fuzzer runs on one core.
        return 1
        #else
        return crumbs > crumbsPerChunk ? 2 : 1
        #endif
    }

    /// The next chunk: its number and the positions of its crumbs; nil when all are taken.
    func take() -> (chunk: Int, positions: Range<Int>)? {
        state.withLock { state in
            let start = state.nextChunk * crumbsPerChunk
            guard start < crumbs else { return nil }
            state.nextChunk += 1
            return (state.nextChunk - 1, start..<min(start + crumbsPerChunk, crumbs))
        }
    }

    func isTurn(of chunk: Int) -> Bool { state.withLock { $0.turn == chunk } }

    /// Blocks thread `thread` until chunk `chunk` may be flushed.
    func waitForTurn(of chunk: Int, thread: Int) {
        while !isTurn(of: chunk) { bells[thread].wait() }
    }

    /// Ends chunk `chunk`'s turn (its output is all flushed).
    func endTurn(of chunk: Int) {
        state.withLock { $0.turn = chunk + 1 }
        for bell in bells { bell.signal() }
    }

    /// During a turn: notes `count` more `.json` elements flushed; returns how many went before.
    func flushed(elements count: Int) -> Int {
        state.withLock { state in
            defer { state.elements += count }
            return state.elements
        }
    }

    var elements: Int { state.withLock { $0.elements } }

    func add(lost count: Int) { state.withLock { $0.lost += count } }
    var lost: Int { state.withLock { $0.lost } }

    /// Runs `body(thread)` on `threads` threads at once.
    func run(_ body: @Sendable (Int) -> Void) {
        if threads == 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: threads, execute: body)
        }
    }
}
