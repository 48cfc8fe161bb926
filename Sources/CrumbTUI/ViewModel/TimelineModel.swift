import CrumbEngine

/// The timeline: one lane per thread across the time span of the shown crumbs, a mark in each
/// column of a lane where that thread has crumbs, the selected crumb's column highlighted.
///
/// Only the lanes that fit are here: a window that holds the selected crumb's lane. Another
/// mark on a lane (where the thread crashed) is another column of `TimelineLane`.
struct TimelineModel: Equatable {
    /// Cells of the lane names left of the marks.
    static let labelWidth = 14

    /// Why there is nothing to draw (nil: lanes follow).
    var unavailable: String?
    /// The span's first and last times.
    var start = ""
    var end = ""
    /// Threads among the shown crumbs (lanes, also those not in the window).
    var threads = 0
    var lanes: [TimelineLane] = []
}

struct TimelineLane: Equatable {
    var name: String
    var color: CellColor
    /// The selected crumb's thread.
    var isSelected = false
    /// One flag per column right of the label: the thread has a crumb in that column's time.
    var marks: [Bool] = []
    /// The selected crumb's column (on its lane only).
    var selectedColumn: Int?
    /// Where the thread crashed (the crash's time, or its crumb's).
    var crashColumns: [Int] = []
}

extension TimelineModel {
    /// The timeline drawn in `area`: its first row is the title, a lane on each row below.
    init(_ state: ViewerState, _ list: CrumbList, in area: Rect) {
        let store = list.store
        let columns = area.width - Self.labelWidth - 1
        guard list.count > 0, area.height > 1, columns > 2 else {
            unavailable = "timeline: no crumbs"
            return
        }
        // The time span and the lanes of the shown crumbs, in the order threads first appear.
        var low = Int64.max, high = Int64.min
        var laneOf = [Int](repeating: -1, count: store.threadNames.count + 1)
        var slots: [Int] = []
        // A slot per thread id, and the last slot for crumbs without a thread.
        func slot(_ number: Int) -> Int { store.thread(of: number)?.index ?? laneOf.count - 1 }
        for number in list.result.matches {
            if let time = store.time(of: Int(number)) { low = min(low, time); high = max(high, time) }
            let slot = slot(Int(number))
            if laneOf[slot] < 0 {
                laneOf[slot] = slots.count
                slots.append(slot)
            }
        }
        guard low <= high else {
            unavailable = "timeline: the shown crumbs have no times"
            return
        }
        let span = max(high - low, 1)
        func column(_ time: Int64) -> Int { Int((time - low) * Int64(columns - 1) / span) }
        let selectedNumber = list.crumb(atRow: state.selected)
        let selectedSlot = slot(selectedNumber)
        let shown = min(area.height - 1, slots.count)
        let first = max(min(laneOf[selectedSlot] - shown / 2, slots.count - shown), 0)
        var marks = [[Bool]](repeating: [Bool](repeating: false, count: columns), count: shown)
        for number in list.result.matches {
            guard let time = store.time(of: Int(number)) else { continue }
            let lane = laneOf[slot(Int(number))] - first
            if lane >= 0, lane < shown { marks[lane][column(time)] = true }
        }
        start = TimeText.clock(low)
        end = TimeText.clock(high)
        threads = slots.count
        let selectedTime = store.time(of: selectedNumber)
        // A crash marks the lane of the thread it happened on, at its time.
        var crashes: [Int: [Int]] = [:]
        for crash in store.crashes {
            guard let anchor = crash.anchor, let time = crash.time ?? store.time(of: anchor), time >= low, time <= high else { continue }
            crashes[slot(anchor), default: []].append(column(time))
        }
        for lane in 0..<shown {
            let slot = slots[first + lane]
            let name = slot == laneOf.count - 1 ? "(no thread)" : store.threadNames.string(ThreadID(number: UInt32(slot)))
            let isSelected = slot == selectedSlot
            lanes.append(TimelineLane(name: name, color: ThreadColor.of(name), isSelected: isSelected, marks: marks[lane],
                                      selectedColumn: isSelected ? selectedTime.map(column) : nil, crashColumns: crashes[slot] ?? []))
        }
    }
}
