// The live file's background writer: one thread that appends the queued lines to the file in
// batches, rotates it, survives errors (reported once on stderr, counted, retried), and a
// crash-path flush that writes what is still queued before the process dies.
#ifndef CSTATECRUMBS_LIVE_WRITER_H
#define CSTATECRUMBS_LIVE_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "live_queue.h"

#ifdef __cplusplus
extern "C" {
#endif

/// sc_live_start's answer for a path of SC_PATH_BYTES bytes or more (crumb_limits.h): not cut
/// to another file's name, but refused, and nothing changes.
#define SC_LIVE_PATH_TOO_LONG (-1)

/// The live file's formats: a crumb's compact JSON per line, or OTLP/JSON (otlp_json.h).
#define SC_LIVE_JSON_LINES 0
#define SC_LIVE_OTLP_JSON 1

/// Starts (or reconfigures) the live file. Lines pushed before are flushed to the old file
/// (or in the old format) first. `version` is the OTLP scope's version. Returns 1, 0 when the
/// queue's memory or the writer thread cannot be had, or SC_LIVE_PATH_TOO_LONG.
int sc_live_start(const char *path, int mode, uint64_t max_bytes, int keep, uint64_t interval_ns, int format,
                  const char *version);

/// Flushes and closes the live file; crumbs stop going to it.
void sc_live_stop(void);

/// The queue crumbs go to, or NULL when the live file is off.
sc_live_queue *sc_live_current_queue(void);

/// Waits until every line pushed before the call is written (at most `timeout_ns`).
/// Returns 1 when it is, 0 on timeout or when the live file is off.
int sc_live_flush(uint64_t timeout_ns);

/// The crash path: writes what is still queued (skipping a line being written) to the live
/// file, after a drop marker when crumbs were dropped, then `last_line` (a crumb's compact
/// JSON and a newline; `last_length` 0 for none), in the file's format. Async-signal-safe.
void sc_live_crash_flush(const uint8_t *last_line, size_t last_length);

typedef struct sc_live_statistics {
    /// Crumbs written (in JSON Lines one line each; an OTLP line holds many).
    uint64_t lines_written;
    uint64_t lines_dropped;
    uint64_t write_errors;
    uint64_t rotations;
} sc_live_statistics;

sc_live_statistics sc_live_statistics_now(void);

#ifdef __cplusplus
}
#endif
#endif
