// The crumb timestamp: the wall-clock time, read cheaply, written as Python's
// `datetime.now(timezone.utc).isoformat()` writes it: `2025-12-30T10:23:45.123456+00:00`.
#ifndef CSTATECRUMBS_CRUMB_CLOCK_H
#define CSTATECRUMBS_CRUMB_CLOCK_H

#include <stdint.h>
#include "thread_info.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Bytes in one timestamp.
#define SC_TIMESTAMP_WIDTH 32

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

/// Writes the timestamp for `seconds` since 1970 and `micros` into `out` (SC_TIMESTAMP_WIDTH bytes).
void sc_format_timestamp(int64_t seconds, int32_t micros, uint8_t *out);

/// Writes the current time into `out` (SC_TIMESTAMP_WIDTH bytes), reusing the thread's
/// date and time up to the second while the second has not changed.
void sc_write_timestamp_now(sc_thread_info *info, uint8_t *out);

/// "00" to "99", each pair of decimal digits at twice its value: the timestamp's digits and
/// the recorder's integers are written two at a time from it.
extern const char sc_digit_pair_table[201];

/// The table's address (for Swift, which would import the array as a 201-element tuple).
static inline const uint8_t *sc_digit_pairs(void) { return (const uint8_t *)sc_digit_pair_table; }

/// 10 to the power 0 through 19: the recorder counts an integer's digits with it.
extern const uint64_t sc_power_of_ten_table[20];

/// 10 to the power `exponent`, 0 through 19.
static inline uint64_t sc_power_of_ten(int exponent) { return sc_power_of_ten_table[exponent]; }

#ifdef __cplusplus
}
#endif
#endif
