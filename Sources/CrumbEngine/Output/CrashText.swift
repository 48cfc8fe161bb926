@_spi(CrumbCodec) import CrumbCodec

/// The short block `--print --format text` writes after a crash's crumb: what killed the process,
/// on which thread, and the first frames in the app's own code.
///
///     ✖ crash: Swift runtime failure: Index out of range
///       thread worker-7 · SIGILL ILL_ILLOPN at 0x000055d6bdf7121f · pid 4242
///       at /src/Sources/App/Handler.swift:42:9 in handle(request:) + 44
///       at /src/Sources/App/Server.swift:120:13 in Server.run() + 311
public enum CrashText {
    /// How many of the crashed thread's user frames the block names.
    public static let userFrames = 3

    public static func block(_ crash: CrashReport) -> [String] {
        var lines = ["✖ crash: " + DisplayText.escaped(crash.reason)]
        var facts: [String] = []
        if let thread = crash.thread { facts.append("thread " + DisplayText.escaped(thread)) }
        var signal = [crash.signal, crash.code].compactMap { $0 }.joined(separator: " ")
        if let address = crash.address { signal += signal.isEmpty ? "at " + address : " at " + address }
        if !signal.isEmpty { facts.append(DisplayText.escaped(signal)) }
        if let pid = crash.pid { facts.append("pid \(pid)") }
        if let sender = crash.senderPID { facts.append("sent by pid \(sender)") }
        if !facts.isEmpty { lines.append("  " + facts.joined(separator: " · ")) }
        let frames = crash.crashedThread?.frames.filter(\.isUserCode) ?? []
        for frame in frames.prefix(userFrames) {
            lines.append("  at " + DisplayText.escaped(frame.location ?? "?") + " in " + DisplayText.escaped(frame.symbol))
        }
        if frames.isEmpty, let thread = crash.crashedThread, let first = thread.frames.first {
            lines.append("  in " + DisplayText.escaped(first.symbol) + (first.location.map { " at " + DisplayText.escaped($0) } ?? ""))
        }
        return lines
    }
}

extension CrumbStore {
    /// The crashes to show beside the crumbs `shown` (ascending crumb numbers): those whose
    /// crumb is among them, and, when every crumb is shown, those with no crumb at all (a crash
    /// log alone, a backtrace without a dump), each with where it goes: after that crumb, or at
    /// the end (nil).
    public func crashes(shownWith shown: [UInt32], everything: Bool) -> [(crash: CrashReport, after: Int?)] {
        crashes.compactMap { crash in
            guard let anchor = crash.anchor else { return everything ? (crash, nil) : nil }
            var low = 0, high = shown.count
            while low < high {
                let mid = (low + high) / 2
                if Int(shown[mid]) < anchor { low = mid + 1 } else { high = mid }
            }
            return low < shown.count && Int(shown[low]) == anchor ? (crash, anchor) : nil
        }
    }
}
