// The crumb ring: a fixed number of fixed-size slots, each holding one crumb as compact JSON
// with its time and integers as tokens (crumb_format.h), which whoever reads a slot expands.
//
// It is written from any thread without a lock and read by `snapshot()` and, later, from a
// signal handler while the process crashes. Each slot carries a sequence number (a seqlock):
// a reader copies the bytes and keeps them only when the sequence was even and unchanged, so
// a half-written crumb is skipped and never torn. All slot bytes are read and written through
// relaxed atomics, which are plain moves on x86 and keep ThreadSanitizer exact.
#ifndef CSTATECRUMBS_CRUMB_RING_H
#define CSTATECRUMBS_CRUMB_RING_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_ring sc_ring;

/// A new ring of `capacity` slots of `slot_bytes` each, in memory of its own (mmap, so pages
/// are only committed when a crumb reaches them). NULL when the memory cannot be had.
/// (ring_file.h makes rings whose memory is a shared file mapping.)
sc_ring *sc_ring_create(uint32_t capacity, uint32_t slot_bytes);

/// Returns the ring's memory (unmaps it; a ring file stays on disk). Only when no thread can
/// still be writing to it.
void sc_ring_destroy(sc_ring *ring);

uint32_t sc_ring_capacity(const sc_ring *ring);
uint32_t sc_ring_slot_bytes(const sc_ring *ring);

/// Records one crumb. `len` above the slot size is cut (the caller never sends that).
/// Lock-free: it waits only for a writer that holds the same slot for an older crumb.
void sc_ring_write(sc_ring *ring, const uint8_t *bytes, uint32_t len);

/// Tickets `[*first, *end)` may still be in the ring, oldest first.
void sc_ring_window(const sc_ring *ring, uint64_t *first, uint64_t *end);

/// Copies the crumb with this ticket into `out` (`cap` >= slot size). Returns its length, or -1
/// when it is gone, still being written, or was overwritten while being read.
/// Async-signal-safe.
int32_t sc_ring_read(const sc_ring *ring, uint64_t ticket, uint8_t *out, uint32_t cap);

/// Forgets every crumb recorded so far (lock-free: moves the window's start).
void sc_ring_clear(sc_ring *ring);

/// Stops all further writes: the crash path freezes the ring so the dump shows the moment of
/// the crash, not what other threads recorded while it was being written. Async-signal-safe.
void sc_ring_freeze(sc_ring *ring);

/// Stops all further writes because the process records into another ring from now on, and
/// says so in the ring's header (for a ring file's readers). A frozen ring stays frozen.
void sc_ring_detach(sc_ring *ring);

/// The ring that `crumb()` writes to now, or NULL. Published with release, read with acquire.
sc_ring *sc_current_ring(void);
void sc_set_current_ring(sc_ring *ring);

#ifdef __cplusplus
}
#endif
#endif
