#include "crumb_format.h"

#include <string.h>

/// "00" to "99", each pair of decimal digits at twice its value: timestamps and integers are
/// written two digits at a time from it.
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

const uint64_t sc_power_of_ten_table[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull,
};

static inline void put2(uint8_t *out, int value) { memcpy(out, digit_pairs + 2 * value, 2); }

/// Writes the `digits` (from sc_digit_count) decimal digits of `value` at `out`.
static void write_digits(uint64_t value, int digits, uint8_t *out) {
    // From the last digit back, two at a time.
    uint8_t *position = out + digits;
    while (value >= 100) {
        uint64_t quotient = value / 100;
        position -= 2;
        put2(position, (int)(value - quotient * 100));
        value = quotient;
    }
    if (value >= 10) {
        put2(position - 2, (int)value);
    } else {
        position[-1] = (uint8_t)('0' + value);
    }
}

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

void sc_format_timestamp_ns(int64_t nanoseconds, uint8_t *out) {
    // Floor division: a moment before 1970 is in the second before, with positive micros.
    // (Written so that no value, not even one a damaged ring file holds, overflows.)
    int64_t seconds = nanoseconds / 1000000000, rest = nanoseconds % 1000000000;
    if (rest < 0) {
        seconds -= 1;
        rest += 1000000000;
    }
    sc_format_timestamp(seconds, (int32_t)(rest / 1000), out);
}

/// `count` (1 to 8) bytes at `bytes`, little-endian.
static inline uint64_t load_le(const uint8_t *bytes, int count) {
    uint64_t value = 0;
    for (int i = count - 1; i >= 0; i--) value = (value << 8) | bytes[i];
    return value;
}

/// Nonzero when a byte of `word` is below 0x12: it may be a marker.
static inline uint64_t has_marker(uint64_t word) {
    // The classic "has a byte less than n" test (exact for n <= 128).
    return (word - 0x1212121212121212ull) & ~word & 0x8080808080808080ull;
}

int64_t sc_expand_tokens(const uint8_t *in, size_t length, uint8_t *out, size_t capacity) {
    size_t read = 0, written = 0;
    while (read < length) {
        // Plain text, a word at a time while no byte in it can be a marker.
        if (length - read >= 8) {
            uint64_t word;
            memcpy(&word, in + read, 8);
            if (!has_marker(word)) {
                if (capacity - written < 8) return SC_EXPAND_NO_ROOM;
                memcpy(out + written, &word, 8);
                read += 8;
                written += 8;
                continue;
            }
        }
        uint8_t marker = in[read];
        if (marker == 0 || marker > SC_TOKEN_TIME) {
            if (written == capacity) return SC_EXPAND_NO_ROOM;
            out[written++] = marker;
            read++;
            continue;
        }
        int value_bytes = marker == SC_TOKEN_TIME ? 8 : marker < SC_TOKEN_NEGATIVE ? marker : marker - 8;
        if (length - read < 1 + (size_t)value_bytes) return SC_EXPAND_CUT;
        uint64_t value = load_le(in + read + 1, value_bytes);
        read += 1 + (size_t)value_bytes;
        if (marker == SC_TOKEN_TIME) {
            if (capacity - written < SC_TIMESTAMP_WIDTH + 2) return SC_EXPAND_NO_ROOM;
            out[written] = '"';
            sc_format_timestamp_ns((int64_t)value, out + written + 1);
            out[written + 1 + SC_TIMESTAMP_WIDTH] = '"';
            written += SC_TIMESTAMP_WIDTH + 2;
        } else {
            size_t sign = marker >= SC_TOKEN_NEGATIVE ? 1 : 0;
            int digits = sc_digit_count(value);
            if (capacity - written < 2 + sign + (size_t)digits) return SC_EXPAND_NO_ROOM;
            out[written] = '"';
            out[written + 1] = '-';  // overwritten by the first digit when not negative
            write_digits(value, digits, out + written + 1 + sign);
            written += 1 + sign + (size_t)digits;
            out[written++] = '"';
        }
    }
    return (int64_t)written;
}
