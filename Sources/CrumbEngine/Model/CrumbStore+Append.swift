/// Adding parsed batches to the store: ids are mapped from the batch's tables to the store's,
/// and the indexes grow with each crumb.
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
        let map = IDMap(
            threads: map(batch.threadNames, &threadNames),
            events: map(batch.eventNames, &eventNames),
            contextKeys: map(batch.contextKeys, &contextKeys),
            contextValues: map(batch.contextValues, &contextValues),
            fieldKeys: map(batch.fieldKeys, &fieldKeys)
        )
        while threadIndex.count < threadNames.count { threadIndex.append([]) }
        while eventIndex.count < eventNames.count { eventIndex.append([]) }
        while contextKeyIndex.count < contextKeys.count { contextKeyIndex.append([]) }
        while contextValueLast.count < contextValues.count {
            contextValueLast.append(-1)
            contextValueCount.append(0)
        }
        return map
    }

    /// Appends crumb `index` of `batch` (read from source `source`).
    @inline(__always)
    func append(_ index: Int, of batch: CrumbBatch, map: IDMap, source: UInt16) {
        let number = UInt32(truncatingIfNeeded: count)
        sourceIDs.append(source)
        starts.append(batch.starts[index])
        lengths.append(batch.lengths[index])
        let thread = batch.threads[index]
        if thread == CrumbBatch.none {
            threads.append(Self.none)
        } else {
            let id = map.threads[Int(thread)]
            threads.append(id)
            threadIndex[Int(id)].append(number)
        }
        let event = batch.events[index]
        if event == CrumbBatch.none {
            events.append(Self.none)
        } else {
            let id = map.events[Int(event)]
            events.append(id)
            eventIndex[Int(id)].append(number)
        }
        times.append(batch.times[index])
        for position in Int(batch.contextStarts[index])..<Int(batch.contextStarts[index + 1]) {
            let entry = batch.context[position]
            let key = map.contextKeys[Int(entry.key)], value = map.contextValues[Int(entry.value)]
            let here = Int32(truncatingIfNeeded: context.count)
            context.append(ContextEntry(key: key, value: value))
            contextValuePrevious.append(contextValueLast[Int(value)])
            contextValueLast[Int(value)] = here
            contextValueCount[Int(value)] &+= 1
            // A key given twice in one context is listed once.
            if contextKeyIndex[Int(key)].last != number { contextKeyIndex[Int(key)].append(number) }
        }
        contextStarts.append(UInt32(truncatingIfNeeded: context.count))
        for position in Int(batch.fieldStarts[index])..<Int(batch.fieldStarts[index + 1]) {
            var entry = batch.fields[position]
            entry.key = map.fieldKeys[Int(entry.key)]
            fields.append(entry)
        }
        fieldStarts.append(UInt32(truncatingIfNeeded: fields.count))
    }

    /// Appends a whole batch in its order.
    func append(_ batch: CrumbBatch, source: UInt16) {
        let map = idMap(for: batch)
        reserve(batch.count)
        context.reserveCapacity(context.count + batch.context.count)
        contextValuePrevious.reserveCapacity(context.count + batch.context.count)
        fields.reserveCapacity(fields.count + batch.fields.count)
        for index in 0..<batch.count { append(index, of: batch, map: map, source: source) }
    }
}
