import CrumbEngine
import Foundation

/// Crumbs the loader read, handed to the reducer in `.loaded`: the input read at once, or for a
/// big file its first part (`isPreview`), then the whole of it.
struct LoadedCrumbs: Equatable {
    let store: CrumbStore
    /// What each input held (empty for a preview: the reports come with the whole input).
    var reports: [InputReport] = []
    /// The rest of the input is still being read; the whole store follows.
    var isPreview = false
    /// How long the background load took, said on the status line (nil: the input was read
    /// before the first screen, so there is nothing to wait for or announce).
    var seconds: Double?

    /// The same store, reports and timing: a store is compared by identity, as it has no value
    /// of its own to compare.
    static func == (a: LoadedCrumbs, b: LoadedCrumbs) -> Bool {
        a.store === b.store && a.reports == b.reports && a.isPreview == b.isPreview && a.seconds == b.seconds
    }

    /// What the status line says once these crumbs are shown: what could not be loaded, else
    /// how long a background load took, else nothing.
    var statusMessage: StatusMessage? {
        if let problems = problemSummary { return problems }
        guard let seconds else { return nil }
        return StatusMessage(text: "loaded \(store.count.grouped) crumbs in \(String(format: "%.2f", seconds)) s")
    }

    /// One status line about what could not be loaded, or nil when everything was.
    var problemSummary: StatusMessage? {
        guard var first = store.problems.first else { return nil }
        // The status line is one row: the file's name says enough.
        first.file = String(first.file.split(separator: "/").last ?? Substring(first.file))
        let skipped = reports.reduce(0) { $0 + $1.skipped }
        if reports.contains(where: { $0.failure != nil }) || skipped == 0 {
            return StatusMessage(text: store.problems.map(\.description).joined(separator: "; "), isError: true)
        }
        return StatusMessage(text: "loaded \(store.count.grouped) crumbs, skipped \(skipped) broken part\(skipped == 1 ? "" : "s"): \(first)", isError: true)
    }
}
