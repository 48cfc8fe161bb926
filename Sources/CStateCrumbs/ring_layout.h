// The ring's memory layout, shared by the ring (crumb_ring.c) and ring files (ring_file.c).
// Whether the ring lives in anonymous memory or in a shared file mapping, its memory is this
// header and then the slots: a ring file is that memory byte for byte, and
// Docs/ring-file-format.md describes it for other readers. Private to CStateCrumbs.
//
// Writers take the ring's geometry (capacity, stride, slot size) from the process's own handle
// (struct sc_ring in crumb_ring.c), never from this header: another process that can write the
// file (a buggy tool, an editor) could change the header, and must not be able to steer a
// write outside the mapping.
#ifndef CSTATECRUMBS_RING_LAYOUT_H
#define CSTATECRUMBS_RING_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define SC_RING_MAGIC "CRUMRING"
// Version 2: the crumbs hold tokens (crumb_format.h). Version 1 (no tokens) was read the same way.
#define SC_RING_VERSION 2u
#define SC_RING_BYTE_ORDER 0x01020304u
// Where the slots begin. Fields a later version adds go before it; a reader takes the offset
// from the header, so a version-1 reader skips them.
#define SC_RING_HEADER_BYTES 256u

// `state`: whether writes go on.
enum {
    SC_RING_RECORDING = 0,
    SC_RING_FROZEN = 1,    // the crash hook ran: the crumbs are those of the crash
    SC_RING_DETACHED = 2,  // the process records into another ring (enable reconfigured it)
};

// Slot sequence numbers: 0 = never written; 2t+1 = crumb with ticket t being written;
// 2t+2 = crumb with ticket t complete.
typedef struct {
    uint64_t seq;
    uint32_t len;
    uint32_t pad;
} sc_slot_header;

typedef struct sc_ring_header {
    // Line 0, bytes 0-63: set when the ring is made; state changes at most once more.
    char magic[8];           // SC_RING_MAGIC, no terminating zero
    uint32_t version;        // SC_RING_VERSION
    uint32_t byte_order;     // SC_RING_BYTE_ORDER in the writer's byte order
    uint32_t header_bytes;   // SC_RING_HEADER_BYTES: offset of slot 0
    uint32_t capacity;       // slots
    uint32_t slot_bytes;     // usable bytes per slot, a multiple of 8
    uint32_t stride;         // sizeof(sc_slot_header) + slot_bytes
    uint64_t total_bytes;    // header_bytes + capacity * stride: the mapping's (and file's) size
    uint32_t state;          // SC_RING_RECORDING, _FROZEN or _DETACHED
    int32_t pid;             // the writing process (0 for a ring in memory)
    uint64_t process_start;  // its start time, field 22 of /proc/PID/stat (clock ticks since boot)
    uint64_t created_ns;     // when the ring file was made, CLOCK_REALTIME in nanoseconds

    // Line 1: the next ticket, fetch-added by every write. Alone on its line, so that with
    // threads recording at once a write moves one line between cores, not two.
    _Alignas(64) uint64_t head;

    // Line 2: read by readers only, and written by clear().
    _Alignas(64) uint64_t start;  // first ticket that counts (moved by clear)
    char boot_id[40];             // /proc/sys/kernel/random/boot_id when made, zero-padded
} sc_ring_header;

_Static_assert(offsetof(sc_ring_header, state) == 40, "ring layout");
_Static_assert(offsetof(sc_ring_header, created_ns) == 56, "ring layout");
_Static_assert(offsetof(sc_ring_header, head) == 64, "ring layout");
_Static_assert(offsetof(sc_ring_header, start) == 128, "ring layout");
_Static_assert(offsetof(sc_ring_header, boot_id) == 136, "ring layout");
_Static_assert(sizeof(sc_ring_header) <= SC_RING_HEADER_BYTES, "ring header");
_Static_assert(sizeof(sc_slot_header) == 16, "slot header");

/// Bytes a ring of `capacity` slots of `slot_bytes` (rounded up to 8) takes.
static inline uint64_t sc_ring_layout_bytes(uint32_t capacity, uint32_t slot_bytes) {
    uint64_t rounded = ((uint64_t)slot_bytes + 7u) & ~(uint64_t)7u;
    return SC_RING_HEADER_BYTES + (uint64_t)capacity * (sizeof(sc_slot_header) + rounded);
}

/// Writes a new ring's header into `memory` (zeroed, `sc_ring_layout_bytes` long, mapped
/// by the caller) and returns a handle that owns the mapping, or NULL when the handle cannot be
/// allocated (the caller still owns the mapping then).
struct sc_ring *sc_ring_adopt(void *memory, uint32_t capacity, uint32_t slot_bytes);

/// The header of a ring's memory.
sc_ring_header *sc_ring_memory(const struct sc_ring *ring);

/// Marks the ring's memory as a shared file mapping (ring_file.c).
void sc_ring_set_shared(struct sc_ring *ring);

/// For a ring in a shared file mapping: puts an empty ring in private memory at the same address
/// and returns 1 (0 when the ring is not in a file, or the memory cannot be had). Calls only
/// mmap, so a forked child may use it before it runs anything else.
int sc_ring_move_to_memory(struct sc_ring *ring);

#endif
