import CrumbEngine

/// One lane per thread across the time span of the shown crumbs: a mark where a thread has
/// crumbs, the selected crumb highlighted. ←/→ move the selection along its lane.
enum TimelineView {
    static let labelWidth = 14

    static func draw(_ grid: inout CellGrid, _ state: ViewerState, _ list: CrumbList, top: Int, height: Int) {
        let store = list.store
        let rule = CellStyle(color: .blue, bold: true)
        grid.fill(y: top, style: rule)
        for column in 0..<grid.width { grid.write("─", x: column, y: top, style: rule) }
        let columns = grid.width - labelWidth - 1
        guard list.count > 0, height > 1, columns > 2 else {
            grid.write(" timeline: no crumbs ", x: 2, y: top, style: rule)
            return
        }
        // The time span and the lanes of the shown crumbs.
        var low = Int64.max, high = Int64.min
        var laneOf = [Int](repeating: -1, count: store.threadNames.count + 1)
        var lanes: [Int] = []
        // A lane per thread id, and the last slot for crumbs without a thread.
        func slot(_ number: Int) -> Int { store.thread(of: number)?.index ?? laneOf.count - 1 }
        for number in list.result.matches {
            if let time = store.time(of: Int(number)) { low = min(low, time); high = max(high, time) }
            let slot = slot(Int(number))
            if laneOf[slot] < 0 {
                laneOf[slot] = lanes.count
                lanes.append(slot)
            }
        }
        guard low <= high else {
            grid.write(" timeline: the shown crumbs have no times ", x: 2, y: top, style: rule)
            return
        }
        let span = max(high - low, 1)
        let selectedNumber = list.crumb(atRow: state.selected)
        let selectedSlot = slot(selectedNumber)
        // Lanes shown: a window that holds the selected crumb's lane.
        let shown = min(height - 1, lanes.count)
        let selectedLane = laneOf[selectedSlot]
        let first = max(min(selectedLane - shown / 2, lanes.count - shown), 0)
        func column(_ time: Int64) -> Int { Int((time - low) * Int64(columns - 1) / span) }
        var marks = [[Bool]](repeating: [Bool](repeating: false, count: columns), count: shown)
        for number in list.result.matches {
            guard let time = store.time(of: Int(number)) else { continue }
            let lane = laneOf[slot(Int(number))] - first
            if lane >= 0, lane < shown { marks[lane][column(time)] = true }
        }
        let title = " timeline \(ListView.clock(low)) – \(ListView.clock(high)) · \(lanes.count) threads · ←/→ along the thread "
        grid.write(title, x: 2, y: top, style: rule)
        let selectedTime = store.time(of: selectedNumber)
        for lane in 0..<shown {
            let y = top + 1 + lane
            let slot = lanes[first + lane]
            let name = slot == laneOf.count - 1 ? "(no thread)" : store.threadNames.string(ThreadID(number: UInt32(slot)))
            var labelStyle = CellStyle(color: ListView.threadColor(name))
            if slot == selectedSlot { labelStyle.bold = true }
            grid.write(name, x: 0, y: y, cells: labelWidth, style: labelStyle)
            var markStyle = CellStyle(color: ListView.threadColor(name))
            markStyle.dim = slot != selectedSlot
            for (x, marked) in marks[lane].enumerated() where marked {
                grid.write("•", x: labelWidth + 1 + x, y: y, style: markStyle)
            }
            if slot == selectedSlot, let selectedTime {
                grid.write("◆", x: labelWidth + 1 + column(selectedTime), y: y, style: CellStyle(color: .yellow, bold: true, reverse: true))
            }
        }
    }
}
