import Dispatch
import Synchronization

/// Parts of a store's crumbs being read on another thread (`CrumbStore.readPartsLater(_:)`).
/// It reads copies of where the crumbs are, never the store itself, so the store's owner goes
/// on using the store meanwhile.
///
/// ```swift
/// let reading = store.readPartsLater(.all)
/// Thread.detachNewThread { reading.run() }
/// ```
public final class CrumbPartsReading: Sendable {
    private enum State: Sendable {
        /// The reading, to run at low priority or not.
        case waiting(@Sendable (Bool) -> PartsReader.Result)
        case running
        case finished(PartsReader.Result)
        /// The store has taken the result (and holds its memory alone).
        case taken
    }

    private let state: Mutex<State>
    /// Signalled once, when the result is there.
    private let finished = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable (Bool) -> PartsReader.Result) {
        state = Mutex(.waiting(work))
    }

    /// Reads the parts (on both cores for many crumbs), unless it has been done or is being
    /// done. Call it once, on a thread that may take a while.
    ///
    /// With `lowPriority`, many crumbs are read on two threads of their own that give way to
    /// the process's other threads (nice +10): for a reading nobody waits on yet, behind work a
    /// person waits for. The calling thread keeps its priority.
    ///
    /// ```swift
    /// DispatchQueue.global().async { reading.run(lowPriority: true) }
    /// ```
    public func run(lowPriority: Bool = false) {
        let work: (@Sendable (Bool) -> PartsReader.Result)? = state.withLock { state in
            guard case .waiting(let work) = state else { return nil }
            state = .running
            return work
        }
        guard let work else { return }
        let result = work(lowPriority)
        state.withLock { $0 = .finished(result) }
        finished.signal()
    }

    /// True once the parts are read.
    ///
    /// ```swift
    /// if reading.isFinished { store.addReadParts() }
    /// ```
    public var isFinished: Bool {
        state.withLock { state in
            switch state {
            case .finished, .taken: return true
            case .waiting, .running: return false
            }
        }
    }

    /// What was read, once: runs the reading here if nothing has started it, else waits for
    /// its end.
    func result() -> PartsReader.Result {
        run()
        finished.wait()
        finished.signal()
        return state.withLock { state in
            guard case .finished(let result) = state else { preconditionFailure("the result of a reading is taken once") }
            state = .taken
            return result
        }
    }
}
