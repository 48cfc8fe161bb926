// The recorder's compact form of a crumb, and the digits and timestamps both halves write.
//
// `crumb()` leaves the two most expensive pieces of a crumb's JSON unformatted: the timestamp
// and integer values. In their place the ring slot (and the live file's queue) holds a token:
// one marker byte, then the value's bytes, little-endian. Whoever reads the slot expands the
// tokens into the JSON text they stand for (the crash dump, the live file's writer,
// `snapshot()`, crumbtui reading a ring file): NanoLog's deferred formatting, on the two values
// where it pays. JSON text never holds a raw byte below 0x20, so the markers cannot be mistaken
// for text. An integer's token is never longer than its text, so the writer counts the room a
// crumb takes exactly as it did when it wrote the text. Docs/ring-file-format.md describes the
// tokens for other readers.
//
// Everything here is async-signal-safe: no lock, no allocation.
#ifndef CCRUMBFORMAT_CRUMB_FORMAT_H
#define CCRUMBFORMAT_CRUMB_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Bytes in one timestamp: `2025-12-30T10:23:45.123456+00:00`, Python's
/// `datetime.now(timezone.utc).isoformat()`.
#define SC_TIMESTAMP_WIDTH 32

/// A token's marker byte.
enum {
    /// 0x01 to 0x08: an integer, 0 or more, in as many bytes as the marker says (its magnitude
    /// in the fewest bytes that hold it). Expands to the digits, quoted (`"42"`), as Python
    /// statecrumbs writes every value.
    SC_TOKEN_INTEGER = 0x01,
    /// 0x09 to 0x10: a negative integer, its magnitude in (marker - 8) bytes. Expands to `"-42"`.
    SC_TOKEN_NEGATIVE = 0x09,
    /// A moment: 8 bytes of nanoseconds since 1970 UTC, signed. Expands to the quoted
    /// timestamp (SC_TIMESTAMP_WIDTH + 2 bytes).
    SC_TOKEN_TIME = 0x11,
};

/// Bytes a time token takes: the marker and its value.
#define SC_TIME_TOKEN_BYTES 9

/// The most bytes one token expands to (a timestamp with its quotes).
#define SC_TOKEN_MAX_EXPANDED (SC_TIMESTAMP_WIDTH + 2)

/// What `sc_expand_tokens` returns when `out` is too small for the expanded text.
#define SC_EXPAND_NO_ROOM (-1)
/// What `sc_expand_tokens` returns when a marker is not followed by all its value bytes.
#define SC_EXPAND_CUT (-2)

/// Writes `length` bytes of compact form from `in` into `out` (`capacity` bytes) with every
/// token expanded. Returns the expanded length, SC_EXPAND_NO_ROOM or SC_EXPAND_CUT (then
/// `out` holds a part). Text without tokens is copied as it is. `in` and `out` must not
/// overlap. The expanded text is at most 4 times `length` bytes (a time token: 9 for 34).
int64_t sc_expand_tokens(const uint8_t *in, size_t length, uint8_t *out, size_t capacity);

/// Writes the timestamp for `seconds` since 1970 and `micros` into `out` (SC_TIMESTAMP_WIDTH bytes).
void sc_format_timestamp(int64_t seconds, int32_t micros, uint8_t *out);

/// Writes the timestamp for `nanoseconds` since 1970 into `out` (SC_TIMESTAMP_WIDTH bytes).
void sc_format_timestamp_ns(int64_t nanoseconds, uint8_t *out);

/// 10 to the power 0 through 19: integers' digits are counted with it.
extern const uint64_t sc_power_of_ten_table[20];

/// How many decimal digits `value` has (1 for 0).
static inline int sc_digit_count(uint64_t value) {
    // The bit length times log10(2) is the count or one less; one comparison tells which.
    // (0 is counted as 1, which has one digit; | 1 moves no value across a power of ten.)
    uint64_t odd = value | 1;
    int guess = ((64 - __builtin_clzll(odd)) * 1233) >> 12;
    return guess + (odd >= sc_power_of_ten_table[guess] ? 1 : 0);
}

#ifdef __cplusplus
}
#endif
#endif
