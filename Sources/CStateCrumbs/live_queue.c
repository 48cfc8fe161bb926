#include "live_queue.h"

#include <string.h>
#include <sys/mman.h>

#include "relaxed_copy.h"
#include "crumb_format.h"

// A record's 8-byte header: length in bits 0-31, committed in bit 32, "skip to the start of
// the buffer" in bit 33, and in bits 34-63 the lap of the buffer it was written in, so that a
// header left over from an earlier lap never reads as a fresh one.
#define COMMITTED (1ull << 32)
#define SKIP (1ull << 33)
#define LAP_SHIFT 34
#define LENGTH_MASK 0xffffffffull

struct sc_live_queue {
    uint64_t reserved;  // producers: compare-and-swap
    char pad1[56];
    uint64_t consumed;  // the consumer: release stores
    char pad2[56];
    uint64_t dropped;   // producers: fetch-add
    char pad3[56];
    uint64_t size;      // a power of two
    uint32_t size_shift;
    uint32_t pad4;
    size_t mapped;
    // The data follows, 64-byte aligned, at offset 256.
};

static inline uint8_t *data_of(const sc_live_queue *queue) { return (uint8_t *)queue + 256; }

static inline uint64_t lap_tag(const sc_live_queue *queue, uint64_t position) {
    return ((position >> queue->size_shift) & ((1ull << 30) - 1)) << LAP_SHIFT;
}

static inline uint64_t *header_at(const sc_live_queue *queue, uint64_t position) {
    return (uint64_t *)(data_of(queue) + (position & (queue->size - 1)));
}

static inline uint64_t padded(uint64_t length) { return (length + 7) & ~7ull; }

sc_live_queue *sc_live_queue_create(size_t bytes) {
    uint32_t shift = 16;
    while ((1ull << shift) < bytes) shift++;
    size_t size = (size_t)1 << shift;
    size_t mapped = 256 + size;
    void *memory = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return NULL;
    sc_live_queue *queue = memory;
    queue->size = size;
    queue->size_shift = shift;
    queue->mapped = mapped;
    return queue;
}

int sc_live_queue_push(sc_live_queue *queue, const uint8_t *line, uint32_t length) {
    uint64_t need = 8 + padded(length);
    if (need > queue->size / 4) {
        __atomic_fetch_add(&queue->dropped, 1, __ATOMIC_RELAXED);
        return 0;
    }
    uint64_t position = __atomic_load_n(&queue->reserved, __ATOMIC_RELAXED);
    uint64_t total, start;
    for (;;) {
        uint64_t consumed = __atomic_load_n(&queue->consumed, __ATOMIC_ACQUIRE);
        uint64_t tail = queue->size - (position & (queue->size - 1));
        // A record never wraps: if it does not fit before the end, a skip record fills the end.
        total = tail < need ? tail + need : need;
        // (Not `position + total - consumed`: with `position` stale, older than `consumed`,
        // that would wrap around and drop a line from a queue with room. A stale position
        // passes here and fails the compare-and-swap below, which reloads it.)
        if (position + total > consumed + queue->size) {
            __atomic_fetch_add(&queue->dropped, 1, __ATOMIC_RELAXED);
            return 0;
        }
        if (__atomic_compare_exchange_n(&queue->reserved, &position, position + total, 1,
                                        __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
            break;
    }
    start = position;
    if (total != need) {
        uint64_t tail = total - need;
        __atomic_store_n(header_at(queue, start), lap_tag(queue, start) | SKIP | COMMITTED | (tail - 8),
                         __ATOMIC_RELEASE);
        start += tail;
    }
    uint64_t *header = header_at(queue, start);
    uint64_t tag = lap_tag(queue, start);
    __atomic_store_n(header, tag | length, __ATOMIC_RELAXED);  // length known, not committed
    sc_relaxed_store(header + 1, line, length);
    __atomic_store_n(header, tag | COMMITTED | length, __ATOMIC_RELEASE);
    return 1;
}

uint64_t sc_live_queue_take_dropped(sc_live_queue *queue) {
    return __atomic_exchange_n(&queue->dropped, 0, __ATOMIC_RELAXED);
}

uint64_t sc_live_queue_reserved(const sc_live_queue *queue) {
    return __atomic_load_n(&queue->reserved, __ATOMIC_ACQUIRE);
}

uint64_t sc_live_queue_consumed(const sc_live_queue *queue) {
    return __atomic_load_n(&queue->consumed, __ATOMIC_ACQUIRE);
}

size_t sc_live_queue_drain(sc_live_queue *queue, uint8_t *chunk, size_t chunk_size, sc_live_emit emit,
                           void *context, int skip_unfinished) {
    // `consumed` is published once per chunk, not once per line: producers read it on every
    // push, and a line of the consumer's that changes thousands of times a millisecond is a
    // cache miss on every push. (Until it is published the lines' room is not reused: the
    // queue looks fuller than it is by the queue bytes of one chunk's lines, headers and
    // padding included, about 1.3 chunks: some 330 KiB of 16 MiB.)
    uint64_t position = __atomic_load_n(&queue->consumed, __ATOMIC_RELAXED);
    uint64_t end = __atomic_load_n(&queue->reserved, __ATOMIC_ACQUIRE);
    size_t used = 0, lines = 0;
    while (position < end) {
        uint64_t header = __atomic_load_n(header_at(queue, position), __ATOMIC_ACQUIRE);
        if ((header & ~((1ull << LAP_SHIFT) - 1)) != lap_tag(queue, position)) break;  // not written yet
        uint64_t length = header & LENGTH_MASK;
        if (header & SKIP) {
            position += 8 + length;
            continue;
        }
        if (!(header & COMMITTED)) {
            if (!skip_unfinished) break;  // keep order: wait for it
            position += 8 + padded(length);  // the crash path: a half-written line is left out
            continue;
        }
        // The line, its tokens (crumb_format.h) expanded into the chunk, read where the producer
        // left it: its committed header (an acquire load above, a release store by the
        // producer) orders every store of the line before these loads, and its bytes are not
        // written again until `consumed` moves past them.
        const uint8_t *line = (const uint8_t *)(header_at(queue, position) + 1);
        int64_t text = sc_expand_tokens(line, length, chunk + used, used < chunk_size ? chunk_size - used - 1 : 0);
        if (text == SC_EXPAND_NO_ROOM && used > 0) {
            if (!emit(context, chunk, used)) {
                // Not written: emit has counted the chunk's lines as lost; so are their bytes.
                __atomic_store_n(&queue->consumed, position, __ATOMIC_RELEASE);
                return lines;
            }
            used = 0;
            __atomic_store_n(&queue->consumed, position, __ATOMIC_RELEASE);
            text = sc_expand_tokens(line, length, chunk, chunk_size - 1);
        }
        if (text >= 0) {  // a line longer than a chunk is left out
            used += (size_t)text;
            chunk[used++] = '\n';
            lines++;
        }
        position += 8 + padded(length);
    }
    if (used > 0) emit(context, chunk, used);
    // The bytes are copied out (and written, or given up on): producers may reuse them.
    __atomic_store_n(&queue->consumed, position, __ATOMIC_RELEASE);
    return lines;
}
