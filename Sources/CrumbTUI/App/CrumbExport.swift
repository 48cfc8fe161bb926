import CrumbEngine
import Foundation

/// `w`: the crumbs shown now, written to a file as a JSON dump array (`.json`) or JSON Lines
/// (`.jsonl`).
enum CrumbExport {
    /// Writes and returns the message for the status line.
    static func write(_ list: CrumbList, to path: String) -> Action {
        let format: CrumbFormat = path.hasSuffix(".jsonl") ? .jsonl : .json
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            return .message("cannot write \(path): \(String(cString: strerror(errno)))", isError: true)
        }
        defer { try? handle.close() }
        var failure: Error?
        let lost = CrumbWriter.write(list.store, list.result.matches, format: format) { bytes in
            guard failure == nil else { return }
            do { try handle.write(contentsOf: bytes) } catch { failure = error }
        }
        if let failure { return .message("cannot write \(path): \(failure.localizedDescription)", isError: true) }
        let kind = format == .json ? "JSON dump" : "JSON Lines"
        if lost > 0 {
            return .message("wrote \((list.count - lost).grouped) crumbs to \(path) (\(kind)); \(lost.grouped) left out: the file was cut short since it was loaded", isError: true)
        }
        return .message("wrote \(list.count.grouped) crumbs to \(path) (\(kind))", isError: false)
    }
}
