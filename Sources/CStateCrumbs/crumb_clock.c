#define _GNU_SOURCE
#include "crumb_clock.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

// The counter path needs x86-64's rdtsc. A build with SC_PORTABLE leaves it out on x86-64 too,
// so that the tests run the portable path on the project's x86 machines.
#if defined(__x86_64__) && !defined(SC_PORTABLE)
#define HAS_COUNTER 1
#include <x86intrin.h>
#else
#define HAS_COUNTER 0
#endif

// clock_gettime costs about 23 ns on the project's machine, a third of a crumb; the
// time-stamp counter (rdtsc) about 9. Where the kernel itself keeps time with the counter
// (clocksource "tsc": constant rate, in step across cores), a thread turns counter ticks into
// wall-clock time from its last real reading, and reads the real clock again every 2^21 ticks
// (0.8 ms at 2.6 GHz): each reading is the new anchor, so an error never outlives one interval.
//
// The ticks-to-nanoseconds rate is measured against CLOCK_MONOTONIC from setup: first after
// 50 ms, then again each time the baseline has doubled, so it follows the clock's long-term
// rate (NTP's slewing included) ever more closely. Both ends of a measurement, and every real
// reading, are taken between two counter reads at most 4096 ticks apart (a reading takes about
// 60): a thread descheduled in between cannot skew them. Over an interval the error is the
// rate's (under 1 ppm after the first measurement here, 30 ppm at worst) plus whatever the
// clock is being slewed by at the time (NTP: up to 500 ppm, 0.4 µs an interval).
//
// A thread's stamps never go back by less than a millisecond: a real reading or an
// extrapolation a little behind the last stamp returns the last stamp instead. A larger step
// back is the clock being set back, and the stamps follow it.
//
// The portable path, everywhere else (another clocksource, another processor, a build with
// SC_PORTABLE) and for the first 50 ms: every crumb reads the real clock.

/// Ticks after which a thread reads the real clock again.
#define RESYNC_TICKS (1ull << 21)
/// The most ticks a real reading may take between two counter reads to be paired with them.
#define BRACKET_TICKS (1ull << 12)
/// How far back a stamp is held at the last one rather than followed.
#define CLAMP_NS 1000000
/// How long the baseline is before the rate is first measured.
#define CALIBRATION_NS 50000000ll

static pthread_once_t setup_once = PTHREAD_ONCE_INIT;

static int64_t read_clock(clockid_t id) {
    struct timespec now;
    clock_gettime(id, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/// The portable path: the wall clock from the system, on every call.
static inline int64_t system_now(void) { return read_clock(CLOCK_REALTIME); }

#if HAS_COUNTER
static int counter_usable;        // set once by setup, before any crumb uses the counter
static uint64_t base_ticks;       // counter and monotonic clock at setup
static int64_t base_monotonic;
static uint64_t tick_mult;        // nanoseconds per tick << 32, 0 until measured
static uint64_t next_measurement; // counter value at which the rate is measured again

/// Reads `id` between two counter reads; false when they are too far apart to pair.
static int paired_reading(clockid_t id, uint64_t *ticks, int64_t *ns) {
    uint64_t before = __rdtsc();
    *ns = read_clock(id);
    uint64_t after = __rdtsc();
    if (after < before || after - before > BRACKET_TICKS) return 0;
    *ticks = before + (after - before) / 2;
    return 1;
}

static void setup(void) {
    char source[32] = {0};
    FILE *file = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "re");
    if (file == NULL) return;
    int read = fgets(source, sizeof source, file) != NULL;
    fclose(file);
    if (!read || strcmp(source, "tsc\n") != 0) return;
    for (int attempt = 0; attempt < 10; attempt++) {
        if (paired_reading(CLOCK_MONOTONIC, &base_ticks, &base_monotonic)) {
            __atomic_store_n(&counter_usable, 1, __ATOMIC_RELEASE);
            return;
        }
    }
}

/// Measures the rate over the baseline so far and publishes it; 0 when this attempt could
/// not (an unpaired reading, a baseline too short, a counter that is not what it seems).
static uint64_t measure_rate(void) {
    uint64_t ticks;
    int64_t monotonic;
    if (!paired_reading(CLOCK_MONOTONIC, &ticks, &monotonic)) return 0;
    int64_t elapsed = monotonic - base_monotonic;
    if (elapsed < CALIBRATION_NS || ticks <= base_ticks) return 0;
    uint64_t mult = (uint64_t)(((unsigned __int128)elapsed << 32) / (ticks - base_ticks));
    // Between 0.05 and 10 ns per tick (20 GHz to 100 MHz), or the counter is not what it
    // seems: keep to the real clock.
    if (mult < (1ull << 32) / 20 || mult > (10ull << 32)) {
        __atomic_store_n(&counter_usable, 0, __ATOMIC_RELAXED);
        return 0;
    }
    // Threads measuring at the same moment store nearly the same figures; any will do.
    __atomic_store_n(&next_measurement, ticks + (ticks - base_ticks), __ATOMIC_RELAXED);
    __atomic_store_n(&tick_mult, mult, __ATOMIC_RELAXED);
    return mult;
}

/// Takes a new real reading as the thread's anchor (and measures the rate when it is due).
static int64_t resync(sc_thread_info *info, uint64_t ticks_now) {
    uint64_t mult = __atomic_load_n(&tick_mult, __ATOMIC_RELAXED);
    if (mult == 0) {
        // CLOCK_MONOTONIC_COARSE costs a few nanoseconds: enough to know when to measure.
        if (read_clock(CLOCK_MONOTONIC_COARSE) - base_monotonic < CALIBRATION_NS
            || (mult = measure_rate()) == 0) {
            info->clock_mult = 0;
            return system_now();
        }
    } else if (ticks_now >= __atomic_load_n(&next_measurement, __ATOMIC_RELAXED)) {
        uint64_t better = measure_rate();
        if (better != 0) mult = better;
    }
    uint64_t ticks = 0;
    int64_t now;
    // An unpaired reading is still the time; the next crumb tries again to pair one.
    int paired = paired_reading(CLOCK_REALTIME, &ticks, &now);
    info->clock_mult = paired ? mult : 0;
    info->clock_ticks = ticks;
    info->clock_ns = now;
    return now;
}

/// The counter path: the thread's last real reading plus the ticks since, turned into time.
static inline __attribute__((always_inline)) int64_t counter_now(sc_thread_info *info) {
    uint64_t ticks = __rdtsc();
    uint64_t since = ticks - info->clock_ticks;  // huge if the counter went back: read again
    int64_t now = since < RESYNC_TICKS && info->clock_mult != 0
        ? info->clock_ns + (int64_t)((since * info->clock_mult) >> 32)
        : resync(info, ticks);
    if (now < info->clock_last && info->clock_last - now < CLAMP_NS) return info->clock_last;
    info->clock_last = now;
    return now;
}
#else
static void setup(void) {}
#endif

void sc_clock_setup(void) { pthread_once(&setup_once, setup); }

// Inlined into the timestamp writer, which every crumb calls: one call fewer.
static inline __attribute__((always_inline)) int64_t clock_now(sc_thread_info *info) {
#if HAS_COUNTER
    if (__atomic_load_n(&counter_usable, __ATOMIC_ACQUIRE)) return counter_now(info);
#endif
    (void)info;
    return system_now();
}

int64_t sc_clock_now(sc_thread_info *info) { return clock_now(info); }

int sc_clock_path(void) {
#if HAS_COUNTER
    if (__atomic_load_n(&counter_usable, __ATOMIC_ACQUIRE) && __atomic_load_n(&tick_mult, __ATOMIC_RELAXED) != 0)
        return SC_CLOCK_COUNTER;
    return SC_CLOCK_SYSTEM;
#else
    return SC_CLOCK_PORTABLE;
#endif
}

void sc_write_time_token(sc_thread_info *info, uint8_t *out) {
    uint64_t now = (uint64_t)clock_now(info);
    out[0] = SC_TOKEN_TIME;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(out + 1, &now, 8);
#else
    for (int i = 0; i < 8; i++) out[1 + i] = (uint8_t)(now >> (8 * i));
#endif
}
