// Per-thread facts the recorder needs on every crumb, kept in C thread-local storage because
// reading them from the system each time costs 300 ns or more (pthread_getname_np), and
// because gettid and pthread_getname_np are not exported by Swift's Glibc module.
#ifndef CSTATECRUMBS_THREAD_INFO_H
#define CSTATECRUMBS_THREAD_INFO_H

#include <stdint.h>

#include "crumb_limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/// A field key as the recorder last judged it: written as it is, and whether its value is a
/// secret, under the configuration numbered `generation`. A literal key (`by_content` 0) is
/// remembered by the address of its text (constant bytes, which never change or move); a
/// `String` key of up to 15 bytes (`by_content` 1) by the string's two words, which hold its
/// bytes (`first` and `last`).
typedef struct sc_key_entry {
    uint64_t first;
    uint64_t last;
    uint32_t length;
    uint32_t generation;
    uint32_t redacted;
    uint32_t by_content;
} sc_key_entry;

/// Entries in a thread's key cache (a power of two).
#define SC_KEY_CACHE_SIZE 128

typedef struct sc_thread_info {
    /// The thread's crumb name as JSON-ready bytes (no quotes; escaped by the Swift side).
    char name[SC_THREAD_NAME_BYTES];
    uint32_t name_len;
    /// Crumbs recorded since the name was last read from the system.
    uint32_t since_name_check;
    /// Scratch space the recorder serialises a crumb into before it goes to the ring.
    uint8_t *scratch;
    uint32_t scratch_cap;
    /// SC_KEY_CACHE_SIZE entries, allocated with the scratch space.
    sc_key_entry *keys;
    /// Set when the name came from `Crumbs.setThreadName`: it is not read from the system again.
    uint32_t named_by_crumbs;
    /// Set once this thread has an alternate signal stack big enough for the crash path.
    uint32_t has_alt_stack;
    /// Set while a crumb is being written into `scratch` (a crumb recorded meanwhile, from a
    /// value's description, gets a buffer of its own).
    uint32_t writing;
    /// The name as it goes into a crumb: a quoted, escaped JSON string (filled by Swift).
    uint8_t json_name[100];
    uint32_t json_name_len;
    /// The clock (crumb_clock.c): a real reading in nanoseconds, the time-stamp counter at
    /// that moment, and nanoseconds per tick << 32 (0: read the real clock).
    int64_t clock_ns;
    uint64_t clock_ticks;
    uint64_t clock_mult;
    /// The last stamp the clock gave this thread (held rather than stepped back by less than
    /// a millisecond).
    int64_t clock_last;
    /// The thread's kernel id, 0 until first needed.
    int32_t tid;
} sc_thread_info;

/// This thread's record (thread-local, never NULL).
sc_thread_info *sc_thread_info_current(void);

/// Grows this thread's scratch buffer to at least `bytes`. Returns 0 on failure.
int sc_thread_info_reserve(sc_thread_info *info, uint32_t bytes);

/// Reads the thread's name from the system into `info->name`: `MainThread` on the main thread,
/// the name set with pthread_setname_np (or Foundation's Thread.name) where there is one,
/// else `Thread-<tid>`.
void sc_thread_info_refresh_name(sc_thread_info *info);

/// The calling thread's name from the system, as sc_thread_info_refresh_name reads it, written
/// to `out` (SC_THREAD_NAME_BYTES, not NUL-terminated); returns its length. `tid` is the
/// calling thread's kernel id, `pid` the process's. Async-signal-safe.
uint32_t sc_thread_system_name(int32_t tid, int32_t pid, char *out);

/// Names the calling thread for crumbs (up to SC_THREAD_NAME_BYTES - 1 bytes) and, cut to the
/// kernel's 15 bytes at a character boundary, for the system (debuggers, top).
void sc_thread_info_set_name(sc_thread_info *info, const char *name, uint32_t length);

/// Prepares what the per-thread records need from the process (once; called when recording
/// is configured).
void sc_thread_info_setup(void);

#ifdef __cplusplus
}
#endif
#endif
