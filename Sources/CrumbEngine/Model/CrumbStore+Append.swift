/// Adding parsed batches to the store.
extension CrumbStore {
    /// The store's ids for one batch's ids.
    struct IDMap {
        var threads: [ThreadID]
        var events: [EventID]
        var contextKeys: [ContextKeyID]
        var contextValues: [ContextValueID]
        var fieldKeys: [FieldKeyID]
        var origins: OriginNames.Map
    }

    func idMap(for batch: CrumbBatch) -> IDMap {
        func map<ID>(_ local: InternTable<ID>, _ global: inout InternTable<ID>) -> [ID] {
            var result = [ID]()
            result.reserveCapacity(local.count)
            for id in local.ids {
                result.append(local.withBytes(id) { global.intern($0) })
            }
            return result
        }
        return IDMap(
            threads: map(batch.threadNames, &threadNames),
            events: map(batch.eventNames, &eventNames),
            contextKeys: map(batch.contextKeys, &contextKeys),
            contextValues: map(batch.contextValues, &contextValues),
            fieldKeys: map(batch.fieldKeys, &fieldKeys),
            origins: originNames.map(batch.originNames)
        )
    }

    /// Appends all crumbs of `batch`, read from source `source`. The first batch of an empty
    /// store is taken as it is: its ids become the store's, nothing is copied.
    func append(_ batch: consuming CrumbBatch, source: UInt32) {
        if count == 0, threadNames.count == 0, eventNames.count == 0, contextKeys.count == 0,
           contextValues.count == 0, fieldKeys.count == 0, originNames.isEmpty {
            threadNames = batch.threadNames
            eventNames = batch.eventNames
            contextKeys = batch.contextKeys
            contextValues = batch.contextValues
            fieldKeys = batch.fieldKeys
            originNames = batch.originNames
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
        origins.append(index, of: other.origins, map: map.origins, at: count)
        sourceIDs.append(source)
        starts.append(other.starts[index])
        lengths.append(other.lengths[index])
        threads.append(other.threads[index].map { map.threads[$0.index] })
        events.append(other.events[index].map { map.events[$0.index] })
        times.append(other.times[index])
        for position in Int(other.contextStarts[index])..<Int(other.contextStarts[index + 1]) {
            let entry = other.context[position]
            context.append(ContextEntry(key: map.contextKeys[entry.key.index], value: map.contextValues[entry.value.index]))
        }
        contextStarts.append(UInt32(truncatingIfNeeded: context.count))
        for position in Int(other.fieldStarts[index])..<Int(other.fieldStarts[index + 1]) {
            var entry = other.fields[position]
            entry.key = map.fieldKeys[entry.key.index]
            fields.append(entry)
        }
        fieldStarts.append(UInt32(truncatingIfNeeded: fields.count))
    }

    /// Appends all of `other`, column by column: bulk copies and simple loops, about ten times
    /// faster than crumb by crumb (this runs alone, after the parallel part of loading).
    mutating func append(_ other: CrumbColumns, map: CrumbStore.IDMap, source: UInt32) {
        origins.append(other.origins, map: map.origins, at: count)
        sourceIDs.append(contentsOf: repeatElement(source, count: other.count))
        starts.append(contentsOf: other.starts)
        lengths.append(contentsOf: other.lengths)
        threads.append(contentsOf: other.threads, mappedBy: map.threads)
        events.append(contentsOf: other.events, mappedBy: map.events)
        times.append(contentsOf: other.times)
        let contextBase = UInt32(truncatingIfNeeded: context.count)
        contextStarts.append(contentsOf: other.contextStarts.dropFirst().map { $0 &+ contextBase })
        context.append(contentsOf: other.context.map {
            ContextEntry(key: map.contextKeys[$0.key.index], value: map.contextValues[$0.value.index])
        })
        let fieldBase = UInt32(truncatingIfNeeded: fields.count)
        fieldStarts.append(contentsOf: other.fieldStarts.dropFirst().map { $0 &+ fieldBase })
        fields.append(contentsOf: other.fields.map {
            FieldEntry(key: map.fieldKeys[$0.key.index], valueOffset: $0.valueOffset, valueLength: $0.valueLength)
        })
    }
}
