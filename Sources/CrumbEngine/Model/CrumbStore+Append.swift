/// Adding parsed batches to the store.
extension CrumbStore {
    /// The store's ids for one batch's ids.
    struct IDMap {
        var threads: [UInt32]
        var events: [UInt32]
        var contextKeys: [UInt32]
        var contextValues: [UInt32]
        var fieldKeys: [UInt32]
    }

    func idMap(for batch: CrumbBatch) -> IDMap {
        func map(_ local: InternTable, _ global: inout InternTable) -> [UInt32] {
            var result = [UInt32]()
            result.reserveCapacity(local.count)
            for id in 0..<UInt32(local.count) {
                result.append(local.withBytes(id) { global.intern($0) })
            }
            return result
        }
        return IDMap(
            threads: map(batch.threadNames, &threadNames),
            events: map(batch.eventNames, &eventNames),
            contextKeys: map(batch.contextKeys, &contextKeys),
            contextValues: map(batch.contextValues, &contextValues),
            fieldKeys: map(batch.fieldKeys, &fieldKeys)
        )
    }

    /// Appends all crumbs of `batch`, read from source `source`. The first batch of an empty
    /// store is taken as it is: its ids become the store's, nothing is copied.
    func append(_ batch: consuming CrumbBatch, source: UInt32) {
        if count == 0, threadNames.count == 0, eventNames.count == 0, contextKeys.count == 0,
           contextValues.count == 0, fieldKeys.count == 0 {
            threadNames = batch.threadNames
            eventNames = batch.eventNames
            contextKeys = batch.contextKeys
            contextValues = batch.contextValues
            fieldKeys = batch.fieldKeys
            columns = batch.columns
            batch = CrumbBatch()
            columns.sourceIDs = Array(repeating: source, count: columns.count)
            return
        }
        let map = idMap(for: batch)
        columns.append(batch.columns, map: map, source: source)
    }

}

extension CrumbColumns {
    /// Appends crumb `index` of `other`, mapping its ids.
    @inline(__always)
    mutating func append(_ index: Int, of other: CrumbColumns, map: CrumbStore.IDMap, source: UInt32) {
        sourceIDs.append(source)
        starts.append(other.starts[index])
        lengths.append(other.lengths[index])
        let thread = other.threads[index], event = other.events[index]
        threads.append(thread == Self.none ? Self.none : map.threads[Int(thread)])
        events.append(event == Self.none ? Self.none : map.events[Int(event)])
        times.append(other.times[index])
        for position in Int(other.contextStarts[index])..<Int(other.contextStarts[index + 1]) {
            let entry = other.context[position]
            context.append(ContextEntry(key: map.contextKeys[Int(entry.key)], value: map.contextValues[Int(entry.value)]))
        }
        contextStarts.append(UInt32(truncatingIfNeeded: context.count))
        for position in Int(other.fieldStarts[index])..<Int(other.fieldStarts[index + 1]) {
            var entry = other.fields[position]
            entry.key = map.fieldKeys[Int(entry.key)]
            fields.append(entry)
        }
        fieldStarts.append(UInt32(truncatingIfNeeded: fields.count))
    }

    /// Appends all of `other`, column by column: bulk copies and simple loops, about ten times
    /// faster than crumb by crumb (this runs alone, after the parallel part of loading).
    mutating func append(_ other: CrumbColumns, map: CrumbStore.IDMap, source: UInt32) {
        let none = Self.none
        func mapped(_ ids: [UInt32], _ table: [UInt32]) -> [UInt32] {
            ids.map { $0 == none ? none : table[Int($0)] }
        }
        sourceIDs.append(contentsOf: repeatElement(source, count: other.count))
        starts.append(contentsOf: other.starts)
        lengths.append(contentsOf: other.lengths)
        threads.append(contentsOf: mapped(other.threads, map.threads))
        events.append(contentsOf: mapped(other.events, map.events))
        times.append(contentsOf: other.times)
        let contextBase = UInt32(truncatingIfNeeded: context.count)
        contextStarts.append(contentsOf: other.contextStarts.dropFirst().map { $0 &+ contextBase })
        context.append(contentsOf: other.context.map {
            ContextEntry(key: map.contextKeys[Int($0.key)], value: map.contextValues[Int($0.value)])
        })
        let fieldBase = UInt32(truncatingIfNeeded: fields.count)
        fieldStarts.append(contentsOf: other.fieldStarts.dropFirst().map { $0 &+ fieldBase })
        fields.append(contentsOf: other.fields.map {
            FieldEntry(key: map.fieldKeys[Int($0.key)], valueOffset: $0.valueOffset, valueLength: $0.valueLength)
        })
    }
}
