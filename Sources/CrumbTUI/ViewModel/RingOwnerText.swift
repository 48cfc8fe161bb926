import CrumbEngine

/// What the top bar says about the ring files among the inputs: whose ring each is and what
/// became of that process (`ring of pid 4242 (running)`); for several, each briefly, or counts.
enum RingOwnerText {
    static func text(_ rings: [RingFileInfo]) -> String? {
        switch rings.count {
        case 0:
            return nil
        case 1:
            return rings[0].description
        case 2:
            return "rings of " + rings.map { "pid \($0.pid) (\($0.writer.rawValue))" }.joined(separator: ", ")
        default:
            let writers: [RingFileInfo.Writer] = [.running, .crashed, .detached, .ended]
            let counts = writers.compactMap { writer -> String? in
                let count = rings.filter { $0.writer == writer }.count
                return count > 0 ? "\(count) \(writer.rawValue)" : nil
            }
            return "\(rings.count) ring files: " + counts.joined(separator: ", ")
        }
    }
}
