/// Puts crashes together from what the inputs hold, once they are in the store.
///
/// Within one input the evidence of a crash comes in an order: the runtime's fatal message
/// (`Fatal error: …`), the dump whose last crumb is the crash crumb, then Swift's backtrace; or a
/// Python dump and its traceback. Several crashes in one input (an app restarted with
/// `2>> app.log`) each make their own sequence. A JSON crash log is a file of its own: it joins
/// the crash whose crash crumb is nearest in time, within `crashLogWindow`.
struct CrashAssembler {
    /// How far apart in time a JSON crash log and a crash crumb may be to be the same crash.
    static let crashLogWindow: Int64 = 10_000_000

    /// What one input gave besides crumbs.
    struct InputEvidence {
        var source: Int
        var clues: [(offset: Int, clue: CrashClue)]
        var crashLog: SwiftCrashLog?
    }

    let store: CrumbStore
    /// The crumb numbers of the crash crumbs, ascending.
    let crashCrumbs: [UInt32]

    init(store: CrumbStore, newCrumbsFrom first: Int = 0) {
        self.store = store
        if let event = store.eventNames.id(of: CrashCrumb.event) {
            crashCrumbs = store.columns.events.crumbs(withAnyOf: [event], from: first)
        } else {
            crashCrumbs = []
        }
    }

    /// The crashes in `inputs` (and their crash crumbs), in input order.
    func assemble(_ inputs: [InputEvidence]) -> [CrashReport] {
        var bySource: [Int: [UInt32]] = [:]
        for crumb in crashCrumbs { bySource[store.sourceIndex(of: Int(crumb)), default: []].append(crumb) }
        var reports: [CrashReport] = []
        var logs: [(log: SwiftCrashLog, source: Int)] = []
        for input in inputs {
            if let log = input.crashLog { logs.append((log, input.source)) }
            let crumbs = bySource.removeValue(forKey: input.source) ?? []
            guard !crumbs.isEmpty || !input.clues.isEmpty else { continue }
            reports += assemble(source: input.source, crashCrumbs: crumbs, clues: input.clues)
        }
        for (source, crumbs) in bySource.sorted(by: { $0.key < $1.key }) {
            reports += assemble(source: source, crashCrumbs: crumbs, clues: [])
        }
        for (log, source) in logs { pair(log, source: source, into: &reports) }
        return reports
    }

    private enum Item {
        case crashCrumb(Int)
        case clue(CrashClue)
    }

    /// The crashes of one input: its crash crumbs and the clues around them, in byte order.
    private func assemble(source: Int, crashCrumbs: [UInt32], clues: [(offset: Int, clue: CrashClue)]) -> [CrashReport] {
        var items: [(offset: Int, item: Item)] = crashCrumbs.map { (store.location(of: Int($0)).offset, .crashCrumb(Int($0))) }
        items += clues.map { ($0.offset, .clue($0.clue)) }
        items.sort { $0.offset < $1.offset }
        let name = store.sources[source].name
        let lines = store.sources[source].lines(at: items.map(\.offset))
        let order = clues.contains { if case .message = $0.clue { return false } else { return true } } ? SourceOrder(store, source: source) : nil
        var reports: [CrashReport] = []
        var pending: (text: String, evidence: CrashEvidenceSource)?
        var open: (report: Int, offset: Int)?
        for (index, (offset, item)) in items.enumerated() {
            let line = lines[index]
            switch item {
            case .crashCrumb(let crumb):
                var report = CrashCrumb.report(store, crumb: crumb)
                report.source = source
                report.evidence.append(CrashEvidenceSource(kind: .crashCrumb, file: name, line: line))
                if let message = pending { report.message = message.text; report.evidence.insert(message.evidence, at: 0) }
                pending = nil
                reports.append(report)
                open = (reports.count - 1, offset)
            case .clue(.message(let text, _)):
                pending = (text, CrashEvidenceSource(kind: .runtimeMessage, file: name, line: line))
            case .clue(.backtrace(let backtrace)):
                let evidence = CrashEvidenceSource(kind: .swiftBacktrace, file: name, line: line)
                if let (report, crashOffset) = open, reports[report].threads.isEmpty,
                   order?.noCrumb(after: crashOffset, before: offset) ?? true {
                    reports[report].add(backtrace)
                    reports[report].evidence.append(evidence)
                } else {
                    var report = CrashReport(reason: "")
                    report.source = source
                    if let message = pending { report.message = message.text; report.evidence.append(message.evidence) }
                    report.add(backtrace)
                    report.evidence.append(evidence)
                    report.thread = order?.crumbThreadName(for: report.crashedThread)
                    report.anchor = report.thread.flatMap { order?.lastCrumb(of: $0, before: offset) }
                    reports.append(report)
                }
                pending = nil
                open = nil
            case .clue(.traceback(let traceback)):
                var report = CrashReport(reason: traceback.exception)
                report.source = source
                report.exception = traceback.exception
                report.thread = traceback.thread ?? "MainThread"
                var thread = CrashThread(name: report.thread, number: nil, crashed: true)
                thread.frames = traceback.frames
                report.threads = [thread]
                report.evidence.append(CrashEvidenceSource(kind: .pythonTraceback, file: name, line: line))
                report.anchor = order?.lastCrumb(of: report.thread!, before: offset)
                reports.append(report)
                pending = nil
                open = nil
            }
        }
        return reports.map { $0.withReason() }
    }

    /// Joins a crash log to the crash whose crash crumb is nearest in time (and has no frames
    /// yet); otherwise it is a crash of its own.
    private func pair(_ log: SwiftCrashLog, source: Int, into reports: inout [CrashReport]) {
        let evidence = CrashEvidenceSource(kind: .swiftCrashLog, file: store.sources[source].name, line: nil)
        var best: (index: Int, distance: Int64)?
        if let time = log.time {
            for (index, report) in reports.enumerated() where report.crashCrumb != nil && report.threads.isEmpty {
                guard let crashTime = report.time else { continue }
                let distance = abs(crashTime - time)
                if distance <= Self.crashLogWindow, distance < best?.distance ?? .max { best = (index, distance) }
            }
        }
        if let best {
            reports[best.index].add(log)
            reports[best.index].evidence.append(evidence)
            reports[best.index] = reports[best.index].withReason()
            return
        }
        var report = CrashReport(reason: "")
        report.source = source
        report.time = log.time
        report.add(log)
        report.evidence.append(evidence)
        report.thread = report.crashedThread.map { $0.number == 0 ? "MainThread" : $0.name } ?? nil
        reports.append(report.withReason())
    }
}

extension CrashReport {
    /// Takes what a backtrace says: its threads, and the fault where nothing better is known.
    mutating func add(_ backtrace: SwiftBacktrace) {
        threads = backtrace.threads.filter(\.crashed) + backtrace.threads.filter { !$0.crashed }
        if faultDescription == nil { faultDescription = backtrace.description }
        // A signal another process sent (code SI_…) has no fault address, whatever the
        // backtracer prints.
        if address == nil, code?.hasPrefix("SI_") != true { address = backtrace.address }
        if signal == nil, let number = backtrace.signalNumber { signal = CrashClue.signalName(number) }
    }

    mutating func add(_ log: SwiftCrashLog) {
        threads = log.threads.filter(\.crashed) + log.threads.filter { !$0.crashed }
        if faultDescription == nil { faultDescription = log.description }
        if address == nil { address = log.address }
        if time == nil { time = log.time }
    }

    /// The reason, from the most specific evidence there is: the runtime check that failed, the
    /// runtime's message, the exception, the fault, the signal.
    func withReason() -> CrashReport {
        var report = self
        if let failure = crashedThread?.frames.first(where: \.isRuntimeFailure) {
            report.reason = failure.symbol
        } else if let message {
            report.reason = message
        } else if let exception {
            report.reason = exception
        } else if let signal, let sender = senderPID {
            report.reason = "\(signal) sent by pid \(sender)"
        } else if let faultDescription {
            report.reason = signal.map { "\($0): \(faultDescription)" } ?? faultDescription
        } else {
            report.reason = signal ?? "crashed"
        }
        return report
    }
}
