import Dispatch
import Foundation

/// How `CrumbWriter.write` shares the crumbs between two threads: they take chunks of crumbs in
/// order, each writes its chunk into its own buffer, and the chunks are flushed in their order,
/// each in its turn. A thread takes its next chunk only once its last one is flushed, and a
/// chunk that is not yet its turn stops when its buffer holds 4 MiB, so memory stays a few
/// buffers whatever the crumbs. The lowest chunk not yet flushed always has a thread on it (it
/// was taken first), so the turn always comes.
///
/// `@unchecked Sendable`: every stored `var` is read and written with `condition` locked. A
/// condition (a pthread mutex and condition variable) rather than a `Mutex`, because a thread
/// waits for its turn; ThreadSanitizer also sees through it.
final class OutputChunks: @unchecked Sendable {
    private let condition = NSCondition()
    private var nextChunk = 0
    /// The chunk whose output is flushed next.
    private var turn = 0
    /// `.json` elements flushed so far: the first one has no comma before it.
    private var flushedElements = 0
    private var lostCrumbs = 0
    private var stopRequested = false
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

    private func locked<R>(_ body: () -> R) -> R {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    /// The next chunk: its number and the positions of its crumbs; nil when all are taken.
    func take() -> (chunk: Int, positions: Range<Int>)? {
        locked {
            let start = nextChunk * crumbsPerChunk
            guard start < crumbs, !stopRequested else { return nil }
            nextChunk += 1
            return (nextChunk - 1, start..<min(start + crumbsPerChunk, crumbs))
        }
    }

    func isTurn(of chunk: Int) -> Bool { locked { turn == chunk } }

    /// Blocks until chunk `chunk` may be flushed.
    func waitForTurn(of chunk: Int) {
        condition.lock()
        while turn != chunk { condition.wait() }
        condition.unlock()
    }

    /// Ends chunk `chunk`'s turn (its output is all flushed).
    func endTurn(of chunk: Int) {
        locked {
            turn = chunk + 1
            condition.broadcast()
        }
    }

    /// During a turn: notes `count` more `.json` elements flushed; returns how many went before.
    func flushed(elements count: Int) -> Int {
        locked {
            defer { flushedElements += count }
            return flushedElements
        }
    }

    var elements: Int { locked { flushedElements } }

    /// No more chunks are handed out: the output cannot be written.
    func stop() { locked { stopRequested = true } }
    var stopped: Bool { locked { stopRequested } }

    func add(lost count: Int) { locked { lostCrumbs += count } }
    var lost: Int { locked { lostCrumbs } }

    /// Runs `body(thread)` on `threads` threads at once.
    func run(_ body: @Sendable (Int) -> Void) {
        if threads == 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: threads, execute: body)
        }
    }
}
