/// Merging several inputs into one list by time (see `CrumbLoader` for the rules).
extension CrumbLoader {
    func merge(_ files: [[CrumbBatch]], ids: [UInt32], into store: CrumbStore) {
        let maps = files.map { $0.map { store.idMap(for: $0) } }
        store.columns.reserve(store.count + files.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } })
        // Per file: which batch, which crumb in it, and the time that orders its next crumb.
        var batch = [Int](repeating: 0, count: files.count)
        var crumb = [Int](repeating: 0, count: files.count)
        var carried = [Int64](repeating: CrumbColumns.noTime, count: files.count)
        func skipEmpty(_ file: Int) {
            while batch[file] < files[file].count, crumb[file] >= files[file][batch[file]].count {
                batch[file] += 1
                crumb[file] = 0
            }
        }
        for file in files.indices { skipEmpty(file) }
        while true {
            var best = -1
            var bestKey = Int64.max
            for file in files.indices where batch[file] < files[file].count {
                let time = files[file][batch[file]].columns.times[crumb[file]]
                let key = time == CrumbColumns.noTime ? carried[file] : time
                if best < 0 || key < bestKey {
                    best = file
                    bestKey = key
                }
            }
            guard best >= 0 else { return }
            store.columns.append(crumb[best], of: files[best][batch[best]].columns, map: maps[best][batch[best]], source: ids[best])
            carried[best] = bestKey
            crumb[best] += 1
            skipEmpty(best)
        }
    }
}
