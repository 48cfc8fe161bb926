import CrumbEngine

/// The crumbs decoded for the rows and the detail pane of recent frames. A frame decodes what
/// it shows, and decoding a crumb reads all of its bytes (to its last value, however long): a
/// value of 200 MB would cost that on every key. A crumb's bytes never change in a store, so
/// the decoded crumb is kept until the store is replaced. Owned by the viewer's main thread.
final class ShownCrumbs {
    /// How many crumbs are kept: a screen's rows, a few times over.
    static let capacity = 512

    private var crumbs: [Key: DecodedCrumb] = [:]
    /// Keys in the order they were added, the oldest first.
    private var order: [Key] = []

    private struct Key: Hashable {
        var number: Int
        var valueLimit: Int
    }

    /// Crumb `number` of `store`, its values cut at `valueLimit` bytes (see `CrumbStore.crumb(at:valueLimit:)`).
    func crumb(_ number: Int, of store: CrumbStore, valueLimit: Int) -> DecodedCrumb {
        let key = Key(number: number, valueLimit: valueLimit)
        if let crumb = crumbs[key] { return crumb }
        let crumb = store.crumb(at: number, valueLimit: valueLimit)
        if order.count >= Self.capacity { crumbs[order.removeFirst()] = nil }
        order.append(key)
        crumbs[key] = crumb
        return crumb
    }

    func removeAll() {
        crumbs = [:]
        order = []
    }
}
