// The crumb clock: the wall-clock time, read cheaply. The ring keeps it as a time token,
// which its readers write as Python's `datetime.now(timezone.utc).isoformat()` does (crumb_format.h).
#ifndef CSTATECRUMBS_CRUMB_CLOCK_H
#define CSTATECRUMBS_CRUMB_CLOCK_H

#include <stdint.h>
#include "thread_info.h"
#include <crumb_format.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Prepares the clock (once; later calls do nothing): decides whether the processor's
/// time-stamp counter can stand in for clock_gettime.
void sc_clock_setup(void);

/// The wall-clock time in nanoseconds since 1970, for the calling thread.
int64_t sc_clock_now(sc_thread_info *info);

/// How sc_clock_now reads the time (sc_clock_path).
enum {
    /// A build without the counter path (not x86-64, or built with SC_PORTABLE): every
    /// reading is clock_gettime.
    SC_CLOCK_PORTABLE = 0,
    /// The counter path is built but not in use: every reading is clock_gettime (the kernel
    /// keeps time with another clocksource, or the counter's rate is not measured yet).
    SC_CLOCK_SYSTEM = 1,
    /// Readings come from the processor's time-stamp counter, anchored to clock_gettime.
    SC_CLOCK_COUNTER = 2,
};

/// Which way sc_clock_now reads the time now, for tests and diagnostics.
int sc_clock_path(void);

/// Writes the current time into `out` as a time token (SC_TIME_TOKEN_BYTES bytes: the marker, then
/// nanoseconds since 1970, little-endian): the reader of the ring formats it (crumb_format.h).
void sc_write_time_token(sc_thread_info *info, uint8_t *out);

#ifdef __cplusplus
}
#endif
#endif
