// The live file's queue: crumb() appends each line here without a lock or a system call, and
// a background writer (live_writer.c) appends the lines to the file in batches.
//
// A fixed circular byte buffer holds variable-length records (a 8-byte header with the length
// and a commit flag, then the line, padded to 8 bytes). Producers reserve space with a
// compare-and-swap on the reservation counter, copy their line, then publish the header; the
// single consumer takes committed records in reservation order, so each thread's lines stay in
// its own order and lines never interleave. When the buffer is full a line is dropped and
// counted instead of waiting: crumb() never blocks.
#ifndef CSTATECRUMBS_LIVE_QUEUE_H
#define CSTATECRUMBS_LIVE_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_live_queue sc_live_queue;

/// A queue of `bytes` (rounded up to a power of two). NULL if the memory cannot be had.
sc_live_queue *sc_live_queue_create(size_t bytes);

/// Appends one line in the ring's compact form (without its newline; the consumer adds it, and
/// expands its tokens). Returns 0 when dropped.
int sc_live_queue_push(sc_live_queue *queue, const uint8_t *line, uint32_t length);

/// Lines dropped because the queue was full, since the last call (resets the count).
uint64_t sc_live_queue_take_dropped(sc_live_queue *queue);

/// Bytes reserved so far (a position: everything before it was pushed or is being pushed).
uint64_t sc_live_queue_reserved(const sc_live_queue *queue);
/// Bytes consumed so far.
uint64_t sc_live_queue_consumed(const sc_live_queue *queue);

/// Hands committed lines, oldest first, to `emit` (each followed by a newline) in chunks of at
/// most `chunk_size` bytes, stopping at the first record still being written. With
/// `skip_unfinished` (the crash path) a record being written is skipped instead, when its length
/// is known. Each line's tokens are expanded into the chunk (crumb_format.h); a line longer than
/// a chunk is left out. Only one consumer at a time. Async-signal-safe when `emit` is.
typedef int (*sc_live_emit)(void *context, const uint8_t *bytes, size_t length);
size_t sc_live_queue_drain(sc_live_queue *queue, uint8_t *chunk, size_t chunk_size, sc_live_emit emit,
                           void *context, int skip_unfinished);

#ifdef __cplusplus
}
#endif
#endif
