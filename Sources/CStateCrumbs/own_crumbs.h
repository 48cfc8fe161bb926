// The crumbs StateCrumbs writes of its own (own_crumbs.c): the crash crumb and the live file's
// drop marker. Private to CStateCrumbs (not in include/); sc_crash_crumb and
// sc_crash_crumb_format, for Swift, are in crash_hook.h.
#ifndef CSTATECRUMBS_OWN_CRUMBS_H
#define CSTATECRUMBS_OWN_CRUMBS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/// Builds the crash crumb for this crash, once, on the thread that claimed it: into the buffer
/// sc_crash_crumb and sc_crash_crumb_line read. Async-signal-safe.
void sc_crash_crumb_record(int sig, const siginfo_t *info);

/// The crash crumb as a live file line (its compact JSON and a newline); length 0 before a crash.
const uint8_t *sc_crash_crumb_line(size_t *length);

/// Room for the drop marker's line.
#define SC_DROP_MARKER_BYTES 160

/// Writes the line that says `count` crumbs did not make it to the live file (newline
/// included) into `out` (SC_DROP_MARKER_BYTES), stamped now (during a crash: with the crash
/// crumb's time); returns its length. Async-signal-safe.
size_t sc_drop_marker_line(uint8_t *out, uint64_t count);

#endif
