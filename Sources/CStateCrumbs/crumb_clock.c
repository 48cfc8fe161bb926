#define _GNU_SOURCE
#include "crumb_clock.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

// clock_gettime costs about 23 ns on the project's machine, a third of a crumb; the
// time-stamp counter (rdtsc) about 9. Where the kernel itself keeps time with the counter
// (clocksource "tsc": constant rate, in step across cores), a thread turns counter ticks into
// wall-clock time from its last real reading, and reads the real clock again every ~1 ms of
// ticks. The ticks-to-nanoseconds rate is measured once, against CLOCK_MONOTONIC over the
// first 50 ms, each end read between two counter reads at most 1.5 µs apart: off by at most
// 30 ppm, 21 ns over the 0.7 ms between readings (a reading takes 60 ticks, so typically well
// under 1 ppm); NTP slewing the clock
// (at most 500 ppm) adds at most 0.5 µs before the next real reading. Elsewhere, and until
// the rate is known, every crumb reads the real clock.

/// Ticks after which a thread reads the real clock again: 2^21, 0.7 ms at 3 GHz.
#define RESYNC_TICKS (1ull << 21)
/// The most ticks a real reading may take between two counter reads to be paired with them
/// (about 1.5 µs; a reading takes 60 ticks): a thread descheduled in between would otherwise
/// pair the counter with a time milliseconds later, and every stamp until the next reading
/// (or, for the rate, every stamp of the process) would be off by that much.
#define BRACKET_TICKS (1ull << 12)
/// A real reading earlier than the last stamp by less than this is taken as the stamp: the
/// counter ran a little fast since the last reading (NTP slews the clock by up to 500 ppm).
/// A larger step back is the clock being set back, and the stamps follow it.
#define CLAMP_NS 1000000
/// How long the rate is measured over before it is used.
#define CALIBRATION_NS 50000000ll

static pthread_once_t setup_once = PTHREAD_ONCE_INIT;
static int counter_usable;        // set once by setup, before any crumb uses the counter
static uint64_t base_ticks;       // counter and monotonic clock at setup
static int64_t base_monotonic;
static int64_t base_realtime;     // roughly when that was, to know when to measure
static uint64_t tick_mult;        // nanoseconds per tick << 32, 0 until measured

static int64_t read_clock(clockid_t id) {
    struct timespec now;
    clock_gettime(id, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

#if defined(__x86_64__)
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
            base_realtime = read_clock(CLOCK_REALTIME);
            __atomic_store_n(&counter_usable, 1, __ATOMIC_RELEASE);
            return;
        }
    }
}

/// The rate, measured the first time the baseline is old enough; 0 before that.
static uint64_t measured_rate(void) {
    uint64_t mult = __atomic_load_n(&tick_mult, __ATOMIC_RELAXED);
    if (mult != 0) return mult;
    uint64_t ticks;
    int64_t monotonic;
    if (!paired_reading(CLOCK_MONOTONIC, &ticks, &monotonic)) return 0;
    int64_t elapsed = monotonic - base_monotonic;
    if (elapsed < CALIBRATION_NS || ticks <= base_ticks) return 0;
    mult = (uint64_t)(((unsigned __int128)elapsed << 32) / (ticks - base_ticks));
    // Between 0.05 and 10 ns per tick (20 GHz to 100 MHz), or the counter is not what it
    // seems: keep to the real clock.
    if (mult < (1ull << 32) / 20 || mult > (10ull << 32)) {
        __atomic_store_n(&counter_usable, 0, __ATOMIC_RELAXED);
        return 0;
    }
    // Threads measuring at the same moment store nearly the same figure; any one will do.
    __atomic_store_n(&tick_mult, mult, __ATOMIC_RELAXED);
    return mult;
}
#else
static void setup(void) {}
#endif

void sc_clock_setup(void) { pthread_once(&setup_once, setup); }

int64_t sc_clock_now(sc_thread_info *info) {
#if defined(__x86_64__)
    if (__atomic_load_n(&counter_usable, __ATOMIC_ACQUIRE)) {
        uint64_t since = __rdtsc() - info->clock_ticks;  // huge if the counter went back: read again
        if (since < RESYNC_TICKS && info->clock_mult != 0) {
            int64_t now = info->clock_ns + (int64_t)((since * info->clock_mult) >> 32);
            info->clock_last = now;
            return now;
        }
        uint64_t ticks = 0;
        int64_t now;
        uint64_t mult = __atomic_load_n(&tick_mult, __ATOMIC_RELAXED);
        if (mult == 0) {
            // The rate is not known yet: the real clock, as without the counter, until the
            // baseline is old enough to measure it.
            now = read_clock(CLOCK_REALTIME);
            if (now - base_realtime < CALIBRATION_NS || (mult = measured_rate()) == 0) {
                info->clock_mult = 0;
                return now;
            }
        }
        // An unpaired reading is still the time; the next crumb tries again to pair one.
        int paired = paired_reading(CLOCK_REALTIME, &ticks, &now);
        if (now < info->clock_last && info->clock_last - now < CLAMP_NS) now = info->clock_last;
        info->clock_mult = paired ? mult : 0;
        info->clock_ticks = ticks;
        info->clock_ns = now;
        info->clock_last = now;
        return now;
    }
#else
    (void)info;
#endif
    return read_clock(CLOCK_REALTIME);
}

static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static inline void put2(uint8_t *out, int value) { memcpy(out, digit_pairs + 2 * value, 2); }

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
static void civil_from_days(int64_t days, int64_t *year, int *month, int *day) {
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

static inline void put_micros(uint8_t *out, int32_t micros) {
    uint32_t value = (uint32_t)micros, high = value / 10000, rest = value - high * 10000;
    uint32_t middle = rest / 100;
    put2(out, (int)high);
    put2(out + 2, (int)middle);
    put2(out + 4, (int)(rest - middle * 100));
}

void sc_format_timestamp(int64_t seconds, int32_t micros, uint8_t *out) {
    int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    int second_of_day = (int)(seconds - days * 86400);
    int64_t year;
    int month, day;
    civil_from_days(days, &year, &month, &day);
    if (year < 0) year = 0;
    if (year > 9999) year = 9999;
    put2(out, (int)(year / 100));
    put2(out + 2, (int)(year % 100));
    out[4] = '-';
    put2(out + 5, month);
    out[7] = '-';
    put2(out + 8, day);
    out[10] = 'T';
    put2(out + 11, second_of_day / 3600);
    out[13] = ':';
    put2(out + 14, second_of_day / 60 % 60);
    out[16] = ':';
    put2(out + 17, second_of_day % 60);
    out[19] = '.';
    put_micros(out + 20, micros);
    memcpy(out + 26, "+00:00", 6);
}

void sc_write_timestamp_now(sc_thread_info *info, uint8_t *out) {
    int64_t now = sc_clock_now(info);
    // Within the second the thread last formatted (nearly always): no 64-bit division.
    uint64_t into = (uint64_t)(now - info->stamp_second * 1000000000);
    if (into < 1000000000u && info->stamp_prefix[0] != 0) {
        memcpy(out, info->stamp_prefix, sizeof info->stamp_prefix);
        put_micros(out + 20, (int32_t)((uint32_t)into / 1000u));
        memcpy(out + 26, "+00:00", 6);
        return;
    }
    int64_t seconds = now >= 0 ? now / 1000000000 : (now - 999999999) / 1000000000;
    int32_t micros = (int32_t)((now - seconds * 1000000000) / 1000);
    sc_format_timestamp(seconds, micros, out);
    memcpy(info->stamp_prefix, out, sizeof info->stamp_prefix);
    info->stamp_second = seconds;
}
