// Writing JSON into a fixed buffer for the OTLP live file (otlp_json.c), the crash crumb and the
// drop marker (own_crumbs.c) and thread names (thread_info.c): never past its end, and
// async-signal-safe (memcpy only). Private to CStateCrumbs (not in include/).
#ifndef CSTATECRUMBS_OTLP_OUTPUT_H
#define CSTATECRUMBS_OTLP_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    uint8_t *at;
    uint8_t *end;
    int full;  // something did not fit: the output is to be thrown away
} out_buffer;

static inline void put(out_buffer *out, const void *bytes, size_t length) {
    if (out->full || (size_t)(out->end - out->at) < length) {
        out->full = 1;
        return;
    }
    memcpy(out->at, bytes, length);
    out->at += length;
}
#define PUT(out, literal) put((out), (literal), sizeof(literal) - 1)

static inline void put_decimal(out_buffer *out, uint64_t value) {
    uint8_t digits[20];
    int count = 0;
    do {
        digits[19 - count++] = (uint8_t)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    put(out, digits + 20 - count, (size_t)count);
}

// The length of the valid UTF-8 sequence of 2 to 4 bytes at `p`, or 0 (overlong forms,
// surrogates and code points past U+10FFFF are not valid).
static inline size_t utf8_length(const uint8_t *p, size_t available) {
    uint8_t lead = p[0];
    size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
    if (length == 0 || available < length) return 0;
    for (size_t i = 1; i < length; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
    }
    if ((lead == 0xE0 && p[1] < 0xA0) || (lead == 0xED && p[1] >= 0xA0) || (lead == 0xF0 && p[1] < 0x90) ||
        (lead == 0xF4 && p[1] >= 0x90))
        return 0;
    return length;
}

static const char hex_digits[] = "0123456789abcdef";

// Writes untrusted bytes as JSON string contents, whole characters only and at most `limit`
// bytes: quote, backslash and control characters escaped, a byte that is not UTF-8 as U+FFFD.
static inline void put_escaped(out_buffer *out, const uint8_t *bytes, size_t length, size_t limit) {
    for (size_t i = 0; i < length;) {
        uint8_t unit[6];
        const uint8_t *from = unit;
        size_t width, take = 1;
        uint8_t c = bytes[i];
        if (c == '"' || c == '\\') {
            unit[0] = '\\', unit[1] = c, width = 2;
        } else if (c < 0x20) {
            memcpy(unit, "\\u00", 4), unit[4] = hex_digits[c >> 4], unit[5] = hex_digits[c & 15], width = 6;
        } else if (c < 0x80) {
            from = bytes + i, width = 1;
        } else if ((take = utf8_length(bytes + i, length - i)) > 0) {
            from = bytes + i, width = take;
        } else {
            memcpy(unit, "\\ufffd", 6), width = 6, take = 1;
        }
        if (width > limit) return;
        put(out, from, width);
        limit -= width;
        i += take;
    }
}

#endif
