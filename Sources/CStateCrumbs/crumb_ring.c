#include "crumb_ring.h"

#include "relaxed_copy.h"

#include <sched.h>
#include <string.h>
#include <sys/mman.h>

// Slot sequence numbers: 0 = never written; 2t+1 = crumb with ticket t being written;
// 2t+2 = crumb with ticket t complete.
typedef struct {
    uint64_t seq;
    uint32_t len;
    uint32_t pad;
} sc_slot_header;

// The fields every write reads sit on one cache line and `head`, which every write changes,
// on the next: with threads recording at once, a write then moves one line between cores,
// not two (the line with head, then again the one with the settings it had just read).
#define RING_HEADER 128

struct sc_ring {
    uint32_t capacity;
    uint32_t slot_bytes;  // usable bytes per slot
    uint32_t stride;      // header + slot bytes rounded up to 8
    uint32_t frozen;      // set by the crash path: writes stop
    size_t mapped;        // bytes mapped, for munmap
    uint64_t start;       // first ticket that counts (moved by clear)
    _Alignas(64) uint64_t head;  // next ticket; fetch-add by writers
    // The slots follow, at RING_HEADER.
};

_Static_assert(sizeof(struct sc_ring) <= RING_HEADER, "ring header");

static inline unsigned char *slot_at(const sc_ring *ring, uint64_t ticket) {
    size_t index = (size_t)(ticket % ring->capacity);
    return (unsigned char *)ring + RING_HEADER + index * ring->stride;
}

sc_ring *sc_ring_create(uint32_t capacity, uint32_t slot_bytes) {
    uint32_t rounded = (slot_bytes + 7u) & ~7u;
    size_t stride = sizeof(sc_slot_header) + rounded;
    size_t bytes = RING_HEADER + (size_t)capacity * stride;
    void *memory = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return NULL;
    sc_ring *ring = (sc_ring *)memory;  // mmap gives zeroed pages: every slot starts empty
    ring->capacity = capacity;
    ring->slot_bytes = rounded;
    ring->stride = (uint32_t)stride;
    ring->mapped = bytes;
    return ring;
}

void sc_ring_destroy(sc_ring *ring) {
    if (ring) munmap(ring, ring->mapped);
}

uint32_t sc_ring_capacity(const sc_ring *ring) { return ring->capacity; }
uint32_t sc_ring_slot_bytes(const sc_ring *ring) { return ring->slot_bytes; }

void sc_ring_write(sc_ring *ring, const uint8_t *bytes, uint32_t len) {
    if (ring == NULL || ring->capacity == 0) return;
    if (len > ring->slot_bytes) len = ring->slot_bytes;
    // On the line of settings this call reads anyway (capacity, stride), which writers share
    // without moving it between cores: the check costs nothing.
    if (__atomic_load_n(&ring->frozen, __ATOMIC_RELAXED)) return;
    uint64_t ticket = __atomic_fetch_add(&ring->head, 1, __ATOMIC_RELAXED);
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
    uint64_t head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
    uint64_t start = __atomic_load_n(&ring->start, __ATOMIC_ACQUIRE);
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
    uint64_t head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
    __atomic_store_n(&ring->start, head, __ATOMIC_RELEASE);
}

void sc_ring_freeze(sc_ring *ring) {
    if (ring) __atomic_store_n(&ring->frozen, 1, __ATOMIC_RELEASE);
}

static sc_ring *current_ring;

sc_ring *sc_current_ring(void) { return __atomic_load_n(&current_ring, __ATOMIC_ACQUIRE); }
void sc_set_current_ring(sc_ring *ring) { __atomic_store_n(&current_ring, ring, __ATOMIC_RELEASE); }
