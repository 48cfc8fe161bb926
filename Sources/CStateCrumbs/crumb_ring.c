#define _GNU_SOURCE
#include "crumb_ring.h"

#include "relaxed_copy.h"
#include "ring_layout.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

// The process's own handle on a ring: the geometry every write needs, on one cache line that
// writers only read (so they share it without moving it between cores), and the memory.
// The geometry is kept here rather than read from the memory's header because a ring file's
// header can be written by other processes (see ring_layout.h).
struct sc_ring {
    uint32_t capacity;
    uint32_t slot_bytes;  // usable bytes per slot
    uint32_t stride;      // slot header + slot bytes
    uint32_t state;       // SC_RING_RECORDING, or why writes stopped (mirrored in the header)
    sc_ring_header *memory;
    uint64_t bytes;       // mapped, for munmap
    int shared;           // the memory is a shared mapping of a ring file
};

static inline unsigned char *slot_at(const sc_ring *ring, uint64_t ticket) {
    size_t index = (size_t)(ticket % ring->capacity);
    return (unsigned char *)ring->memory + SC_RING_HEADER_BYTES + index * ring->stride;
}

static void write_header(sc_ring_header *header, uint32_t capacity, uint32_t slot_bytes) {
    memcpy(header->magic, SC_RING_MAGIC, sizeof header->magic);
    header->version = SC_RING_VERSION;
    header->byte_order = SC_RING_BYTE_ORDER;
    header->header_bytes = SC_RING_HEADER_BYTES;
    header->capacity = capacity;
    header->slot_bytes = (slot_bytes + 7u) & ~7u;
    header->stride = (uint32_t)sizeof(sc_slot_header) + header->slot_bytes;
    header->total_bytes = sc_ring_layout_bytes(capacity, slot_bytes);
}

sc_ring *sc_ring_adopt(void *memory, uint32_t capacity, uint32_t slot_bytes) {
    sc_ring *ring = aligned_alloc(64, 64);  // a line of its own: no false sharing with the heap
    if (ring == NULL) return NULL;
    memset(ring, 0, 64);
    write_header(memory, capacity, slot_bytes);  // zeroed pages: every slot starts empty
    ring->memory = memory;
    ring->capacity = capacity;
    ring->slot_bytes = ring->memory->slot_bytes;
    ring->stride = ring->memory->stride;
    ring->bytes = ring->memory->total_bytes;
    return ring;
}

sc_ring_header *sc_ring_memory(const sc_ring *ring) { return ring->memory; }

sc_ring *sc_ring_create(uint32_t capacity, uint32_t slot_bytes) {
    uint64_t bytes = sc_ring_layout_bytes(capacity, slot_bytes);
    if (bytes > SIZE_MAX) return NULL;
    // Pages are only committed when a crumb reaches them.
    void *memory = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return NULL;
    sc_ring *ring = sc_ring_adopt(memory, capacity, slot_bytes);
    if (ring == NULL) munmap(memory, (size_t)bytes);
    return ring;
}

void sc_ring_set_shared(sc_ring *ring) { ring->shared = 1; }

int sc_ring_move_to_memory(sc_ring *ring) {
    if (ring == NULL || !ring->shared) return 0;
    // MAP_FIXED replaces the old mapping at the same address in one step: the handle, and every
    // pointer to it, stays valid. The new pages are zero: an empty ring of the same geometry.
    void *memory = mmap(ring->memory, (size_t)ring->bytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (memory == MAP_FAILED) {
        // Then at least no write goes to the file: stop this process's writes (the handle is
        // its own), leaving the shared header alone.
        ring->state = SC_RING_DETACHED;
        return 0;
    }
    write_header(ring->memory, ring->capacity, ring->slot_bytes);
    ring->memory->state = ring->state;
    ring->shared = 0;
    return 1;
}

void sc_ring_destroy(sc_ring *ring) {
    if (ring == NULL) return;
    munmap(ring->memory, (size_t)ring->bytes);
    free(ring);
}

uint32_t sc_ring_capacity(const sc_ring *ring) { return ring->capacity; }
uint32_t sc_ring_slot_bytes(const sc_ring *ring) { return ring->slot_bytes; }

void sc_ring_write(sc_ring *ring, const uint8_t *bytes, uint32_t len) {
    if (ring == NULL || ring->capacity == 0) return;
    if (len > ring->slot_bytes) len = ring->slot_bytes;
    // On the line of settings this call reads anyway (capacity, stride), which writers share
    // without moving it between cores: the check costs nothing.
    if (__atomic_load_n(&ring->state, __ATOMIC_RELAXED) != SC_RING_RECORDING) return;
    uint64_t ticket = __atomic_fetch_add(&ring->memory->head, 1, __ATOMIC_RELAXED);
    unsigned char *slot = slot_at(ring, ticket);
    sc_slot_header *header = (sc_slot_header *)slot;
    uint64_t writing = 2 * ticket + 1;

    // Claim the slot. Another writer may hold it for a crumb a whole ring older (only when the
    // ring wrapped while that writer was preempted): wait for it, briefly. If the slot already
    // belongs to a newer crumb, ours would have been evicted anyway: drop it.
    uint64_t seq = __atomic_load_n(&header->seq, __ATOMIC_ACQUIRE);
    for (unsigned spins = 0;; spins++) {
        uint64_t owner = (seq - 1) / 2;  // ticket held (for seq > 0)
        if (seq != 0 && owner >= ticket) return;
        if (seq & 1) {
            if (spins > 10000) return;  // never hang a caller on a stuck writer
            if (spins > 64) sched_yield();
            seq = __atomic_load_n(&header->seq, __ATOMIC_ACQUIRE);
            continue;
        }
        if (__atomic_compare_exchange_n(&header->seq, &seq, writing, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            break;
    }

    sc_relaxed_store((uint64_t *)(slot + sizeof(sc_slot_header)), bytes, len);
    __atomic_store_n(&header->len, len, __ATOMIC_RELAXED);
    __atomic_store_n(&header->seq, writing + 1, __ATOMIC_RELEASE);
}

void sc_ring_window(const sc_ring *ring, uint64_t *first, uint64_t *end) {
    uint64_t head = __atomic_load_n(&ring->memory->head, __ATOMIC_ACQUIRE);
    uint64_t start = __atomic_load_n(&ring->memory->start, __ATOMIC_ACQUIRE);
    uint64_t lowest = head > ring->capacity ? head - ring->capacity : 0;
    *first = start > lowest ? start : lowest;
    *end = head;
    if (*first > *end) *first = *end;
}

int32_t sc_ring_read(const sc_ring *ring, uint64_t ticket, uint8_t *out, uint32_t cap) {
    if (ring == NULL || ring->capacity == 0 || cap < ring->slot_bytes) return -1;
    const unsigned char *slot = slot_at(ring, ticket);
    const sc_slot_header *header = (const sc_slot_header *)slot;
    uint64_t expected = 2 * ticket + 2;
    if (__atomic_load_n(&header->seq, __ATOMIC_ACQUIRE) != expected) return -1;
    uint32_t len = __atomic_load_n(&header->len, __ATOMIC_RELAXED);
    if (len > ring->slot_bytes) return -1;
    sc_relaxed_load(out, (const uint64_t *)(slot + sizeof(sc_slot_header)), len);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (__atomic_load_n(&header->seq, __ATOMIC_RELAXED) != expected) return -1;
    return (int32_t)len;
}

void sc_ring_clear(sc_ring *ring) {
    if (ring == NULL) return;
    uint64_t head = __atomic_load_n(&ring->memory->head, __ATOMIC_ACQUIRE);
    __atomic_store_n(&ring->memory->start, head, __ATOMIC_RELEASE);
}

// Stops writes (the handle's state, which writers check) and tells readers why (the header's).
static int stop(sc_ring *ring, uint32_t why, int only_if_recording) {
    if (ring == NULL) return 0;
    uint32_t recording = SC_RING_RECORDING;
    if (only_if_recording) {
        if (!__atomic_compare_exchange_n(&ring->state, &recording, why, 0, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
            return 0;
    } else {
        __atomic_store_n(&ring->state, why, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&ring->memory->state, why, __ATOMIC_RELEASE);
    return 1;
}

void sc_ring_freeze(sc_ring *ring) { stop(ring, SC_RING_FROZEN, 0); }

// Only from recording: a ring the crash hook froze keeps saying so.
void sc_ring_detach(sc_ring *ring) { stop(ring, SC_RING_DETACHED, 1); }

static sc_ring *current_ring;

sc_ring *sc_current_ring(void) { return __atomic_load_n(&current_ring, __ATOMIC_ACQUIRE); }
void sc_set_current_ring(sc_ring *ring) { __atomic_store_n(&current_ring, ring, __ATOMIC_RELEASE); }
