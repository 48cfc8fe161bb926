/// A ring file read for the loader: its whole crumbs, oldest first, copied out of the file as
/// JSON Lines into memory of their own, which the store keeps and the JSON Lines reader reads.
///
/// Copying first is what makes a ring file readable while its writer records: the slots
/// change under the reader, and a crumb in the store must keep its bytes. The copy takes each
/// crumb with the seqlock (`RingFileSlots`), so none is torn, and expands its tokens; its size
/// is bounded by the file's: a crumb written by StateCrumbs expands to at most its slot, a
/// damaged one to under 4 times its length.
struct RingFileSnapshot {
    /// The crumbs, one per line, in ticket order (the order they were recorded in).
    let source: CrumbSource
    var info: RingFileInfo
    /// The ticket of each line, and where the line starts in `source`.
    private(set) var tickets: [UInt64] = []
    private(set) var lineStarts: [Int] = []
    /// What is wrong with the file as a whole (damaged slots).
    private(set) var problems: [String] = []
    /// Why nothing in it can be used, when nothing can.
    private(set) var failure: String?

    /// Reads the ring file whose bytes `input` holds (its mapping, or a copy read from a pipe).
    static func read(_ input: CrumbSource) -> Result<RingFileSnapshot, RingFileRefusal> {
        let header: RingFileHeader
        switch RingFileHeader.read(UnsafeRawPointer(input.base), count: input.count) {
        case .success(let read): header = read
        case .failure(let refusal): return .failure(refusal)
        }
        let slots = RingFileSlots(base: UnsafeRawPointer(input.base), header: header)
        var info = RingFileInfo(file: input.name, header: header, state: slots.state)
        // A running writer finishes the crumbs it is writing: following the file picks them up.
        let live = info.writer == .running
        let window = header.window(head: slots.head, start: slots.start)
        var bytes: [UInt8] = []
        var tickets: [UInt64] = [], lineStarts: [Int] = []
        var writing = 0, damaged = 0
        for ticket in window {
            let lineStart = bytes.count
            let slot = slots.read(ticket, into: &bytes)
            switch slot {
            case .whole:
                bytes.append(0x0A)
                tickets.append(ticket)
                lineStarts.append(lineStart)
            case .writing, .stale:
                if live { info.unfinished.append(ticket) }
                if slot == .writing { writing += 1 }
            case .overwritten:
                // Only a live writer overwrites a slot: in a final file it claims a crumb
                // newer than the file's head.
                if !live { damaged += 1 }
            case .damaged:
                damaged += 1
            }
        }
        info.nextTicket = window.upperBound
        if let last = lineStarts.last { info.lastCrumb = Array(bytes[last..<(bytes.count - 1)]) }
        var snapshot = RingFileSnapshot(source: CrumbSource(name: input.name, bytes: bytes), info: info)
        snapshot.tickets = tickets
        snapshot.lineStarts = lineStarts
        let slotsInUse = window.count
        if damaged > 0 {
            snapshot.problems.append("\(damaged) of its \(slotsInUse) slots in use hold what no writer writes (a length past the slot, a token cut short, a line break, a newer crumb than its head): left out")
        }
        if tickets.isEmpty, slotsInUse > 0, !live, writing < slotsInUse {
            snapshot.failure = RingFileRefusal.damaged("none of the \(slotsInUse) crumbs its head counts is whole in its slots").message
        }
        return .success(snapshot)
    }

    /// A problem the JSON Lines reader found at `offset` of `source`, said by the crumb's place
    /// in the ring (a ring file has no lines).
    func problem(at offset: Int, _ message: String) -> String {
        var low = 0, high = lineStarts.count
        while low < high {
            let mid = (low + high) / 2
            if lineStarts[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return message }
        return "crumb \(low) of \(tickets.count) (ticket \(tickets[low - 1])): \(message)"
    }
}
