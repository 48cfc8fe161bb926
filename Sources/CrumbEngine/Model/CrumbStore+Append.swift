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
        IDMap(
            threads: threadNames.intern(contentsOf: batch.threadNames),
            events: eventNames.intern(contentsOf: batch.eventNames),
            contextKeys: contextKeyTable.intern(contentsOf: batch.contextKeys),
            contextValues: contextValueTable.intern(contentsOf: batch.contextValues),
            fieldKeys: fieldKeyTable.intern(contentsOf: batch.fieldKeys),
            origins: originNames.map(batch.originNames)
        )
    }

    /// Appends all crumbs of `batch`, read from source `source`, with the parts the store keeps.
    /// The first batch of an empty store is taken as it is: its ids become the store's, nothing
    /// is copied.
    func append(_ batch: consuming CrumbBatch, source: UInt32) {
        precondition(batch.columns.kept == columns.kept, "a batch must keep the parts its store keeps")
        if count == 0, threadNames.count == 0, eventNames.count == 0, contextKeyTable.count == 0,
           contextValueTable.count == 0, fieldKeyTable.count == 0, originNames.isEmpty {
            threadNames = batch.threadNames
            eventNames = batch.eventNames
            contextKeyTable = batch.contextKeys
            contextValueTable = batch.contextValues
            fieldKeyTable = batch.fieldKeys
            originNames = batch.originNames
            columns = batch.columns
            batch = CrumbBatch()
            columns.sourceIDs.append(source, count: columns.count, after: 0)
            return
        }
        let map = idMap(for: batch)
        var other = batch.columns
        batch = CrumbBatch()
        columns.append(taking: &other, map: map, source: source)
    }
}

extension CrumbColumns {
    /// Appends crumb `index` of `other`, mapping its ids.
    @inline(__always)
    mutating func append(_ index: Int, of other: CrumbColumns, map: CrumbStore.IDMap, source: UInt32) {
        origins.append(index, of: other.origins, map: map.origins, at: count)
        if other.repeatsKeys(index) { repeatedKeys.append(UInt32(truncatingIfNeeded: count)) }
        sourceIDs.append(source, count: 1, after: count)
        starts.append(other.starts[index])
        lengths.append(other.lengths[index])
        threads.append(other.threads[index].map { map.threads[$0.index] })
        events.append(other.events[index].map { map.events[$0.index] })
        times.append(other.times[index])
        if kept.contains(.context) {
            for position in Int(other.contextStarts[index])..<Int(other.contextStarts[index + 1]) {
                let entry = other.context[position]
                context.append(ContextEntry(key: map.contextKeys[entry.key.index], value: map.contextValues[entry.value.index]))
            }
            contextStarts.append(UInt32(truncatingIfNeeded: context.count))
        }
        if kept.contains(.fields) {
            for position in Int(other.fieldStarts[index])..<Int(other.fieldStarts[index + 1]) {
                var entry = other.fields[position]
                entry.key = map.fieldKeys[entry.key.index]
                fields.append(entry)
            }
            fieldStarts.append(UInt32(truncatingIfNeeded: fields.count))
        }
    }

    /// Appends all of `other`, column by column: bulk copies and simple loops, about ten times
    /// faster than crumb by crumb (this runs alone, after the parallel part of loading). Each of
    /// `other`'s columns is let go once it is copied, so memory holds the store and one column
    /// more, not the store and all of `other`.
    mutating func append(taking other: inout CrumbColumns, map: CrumbStore.IDMap, source: UInt32) {
        origins.append(other.origins, map: map.origins, at: count)
        other.origins = OriginColumns()
        let first = UInt32(truncatingIfNeeded: count)
        repeatedKeys.append(contentsOf: other.repeatedKeys.lazy.map { $0 &+ first })
        other.repeatedKeys = []
        sourceIDs.append(source, count: other.count, after: count)
        starts.append(contentsOf: other.starts)
        other.starts = []
        lengths.append(contentsOf: other.lengths)
        other.lengths = []
        threads.append(contentsOf: other.threads, mappedBy: map.threads)
        other.threads = OptionalIDColumn()
        events.append(contentsOf: other.events, mappedBy: map.events)
        other.events = OptionalIDColumn()
        times.append(contentsOf: other.times)
        other.times = []
        if kept.contains(.context) { appendContext(taking: &other, keys: map.contextKeys, values: map.contextValues) }
        if kept.contains(.fields) { appendFields(taking: &other, keys: map.fieldKeys) }
    }

    /// Appends the context entries of all of `other`'s crumbs, mapping their ids, and lets
    /// `other`'s go.
    mutating func appendContext(taking other: inout CrumbColumns, keys: [ContextKeyID], values: [ContextValueID]) {
        let base = UInt32(truncatingIfNeeded: context.count)
        contextStarts.append(contentsOf: other.contextStarts.dropFirst().lazy.map { $0 &+ base })
        other.contextStarts = [0]
        context.append(contentsOf: other.context.lazy.map {
            ContextEntry(key: keys[$0.key.index], value: values[$0.value.index])
        })
        other.context = []
    }

    /// Appends the field entries of all of `other`'s crumbs, mapping their key ids, and lets
    /// `other`'s go.
    mutating func appendFields(taking other: inout CrumbColumns, keys: [FieldKeyID]) {
        let base = UInt32(truncatingIfNeeded: fields.count)
        fieldStarts.append(contentsOf: other.fieldStarts.dropFirst().lazy.map { $0 &+ base })
        other.fieldStarts = [0]
        fields.append(contentsOf: other.fields.lazy.map {
            FieldEntry(key: keys[$0.key.index], valueOffset: $0.valueOffset, valueLength: $0.valueLength)
        })
        other.fields = []
    }
}
