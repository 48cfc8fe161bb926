#define _GNU_SOURCE
#include "otlp_json.h"
#include "otlp_output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// All but sc_otlp_prefix runs in a signal handler too: only memcpy, memchr and the caller's
// emit; no allocation, no locale, no stdio (snprintf is not async-signal-safe).

// MARK: Reading a crumb as the recorder writes it

typedef struct {
    const uint8_t *at;
    const uint8_t *end;
} cursor;

typedef struct {
    const uint8_t *bytes;  // JSON string contents, escapes as written
    size_t length;
    int clean;  // valid UTF-8 throughout (else copied with U+FFFD for the bad bytes)
} slice;

static int take(cursor *c, uint8_t byte) {
    if (c->at < c->end && *c->at == byte) {
        c->at++;
        return 1;
    }
    return 0;
}

static int is_hex(uint8_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// A JSON string: no raw control character, only JSON's escapes (a `\u` escape not a
// surrogate). Bytes that are not UTF-8 (a thread name the kernel cut mid-character) are
// marked, not refused.
static int read_string(cursor *c, slice *s) {
    if (!take(c, '"')) return 0;
    s->bytes = c->at;
    s->clean = 1;
    while (c->at < c->end) {
        uint8_t b = *c->at;
        if (b == '"') {
            s->length = (size_t)(c->at - s->bytes);
            c->at++;
            return 1;
        }
        if (b < 0x20) return 0;
        if (b == '\\') {
            if (c->end - c->at < 2) return 0;
            uint8_t e = c->at[1];
            if (e == 'u') {
                if (c->end - c->at < 6 || !is_hex(c->at[2]) || !is_hex(c->at[3]) || !is_hex(c->at[4]) ||
                    !is_hex(c->at[5]) || ((c->at[2] | 0x20) == 'd' && c->at[3] >= '8'))
                    return 0;
                c->at += 6;
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                c->at += 2;
            } else {
                return 0;
            }
        } else if (b >= 0x80) {
            size_t length = utf8_length(c->at, (size_t)(c->end - c->at));
            if (length == 0) s->clean = 0;
            c->at += length ? length : 1;
        } else {
            c->at++;
        }
    }
    return 0;
}

// A non-negative integer (the drop marker's count), kept as text.
static int read_integer(cursor *c, slice *s) {
    s->bytes = c->at;
    s->clean = 1;
    while (c->at < c->end && *c->at >= '0' && *c->at <= '9') c->at++;
    s->length = (size_t)(c->at - s->bytes);
    return s->length >= 1 && s->length <= 19 && (s->length == 1 || s->bytes[0] != '0');
}

static int equals(slice s, const char *text) {
    size_t length = strlen(text);
    return s.length == length && memcmp(s.bytes, text, length) == 0;
}

// String contents as read: copied as they are, or byte by byte with U+FFFD for bad bytes.
static void put_slice(out_buffer *out, slice s) {
    if (s.clean) {
        put(out, s.bytes, s.length);
        return;
    }
    for (size_t i = 0; i < s.length;) {
        size_t length = s.bytes[i] < 0x80 ? 1 : utf8_length(s.bytes + i, s.length - i);
        if (length == 0) {
            PUT(out, "\\ufffd");
            i++;
        } else {
            put(out, s.bytes + i, length);
            i += length;
        }
    }
}

static int64_t number(const uint8_t *digits, int count) {
    int64_t value = 0;
    for (int i = 0; i < count; i++) value = value * 10 + (digits[i] - '0');
    return value;
}

// `YYYY-MM-DDTHH:MM:SS.ffffff+00:00` as nanoseconds since 1970; 0 when it is not that.
static uint64_t timestamp_ns(slice s) {
    static const char form[] = "dddd-dd-ddTdd:dd:dd.dddddd+00:00";
    if (s.length != sizeof form - 1) return 0;
    for (size_t i = 0; i < s.length; i++) {
        if (form[i] == 'd' ? s.bytes[i] < '0' || s.bytes[i] > '9' : s.bytes[i] != (uint8_t)form[i]) return 0;
    }
#define NUMBER(at, digits) number(s.bytes + (at), (digits))
    int64_t year = NUMBER(0, 4), month = NUMBER(5, 2), day = NUMBER(8, 2);
    int64_t hour = NUMBER(11, 2), minute = NUMBER(14, 2), second = NUMBER(17, 2), micros = NUMBER(20, 6);
#undef NUMBER
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return 0;
    // Days from the civil date (H. Hinnant's algorithm; years from March, so leap days come last).
    int64_t y = month <= 2 ? year - 1 : year;
    int64_t era = y / 400, year_of_era = y - era * 400;
    int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t days = era * 146097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year - 719468;
    int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second;
    return (uint64_t)seconds * 1000000000ull + (uint64_t)micros * 1000ull;
}

// A trace or span id: exactly `length` hex digits, not all zero (OTLP's "no id").
static int valid_id(slice s, size_t length) {
    if (s.length != length) return 0;
    int nonzero = 0;
    for (size_t i = 0; i < length; i++) {
        if (!is_hex(s.bytes[i])) return 0;
        nonzero |= s.bytes[i] != '0';
    }
    return nonzero;
}

static void put_id(out_buffer *out, const char *name, size_t name_length, slice id) {
    put(out, name, name_length);
    for (size_t i = 0; i < id.length; i++) {
        uint8_t c = id.bytes[i];
        uint8_t lower = c >= 'A' && c <= 'F' ? (uint8_t)(c + 32) : c;  // OTLP/JSON writes ids in lower case
        put(out, &lower, 1);
    }
    PUT(out, "\"");
}

static void put_attribute(out_buffer *out, int *count, const char *prefix, slice key, slice value, int integer) {
    if ((*count)++ > 0) PUT(out, ",");
    PUT(out, "{\"key\":\"");
    put(out, prefix, strlen(prefix));
    put_slice(out, key);
    if (integer) {
        PUT(out, "\",\"value\":{\"intValue\":\"");
    } else {
        PUT(out, "\",\"value\":{\"stringValue\":\"");
    }
    put_slice(out, value);
    PUT(out, "\"}}");
}

enum { FITS, FULL, NOT_A_CRUMB };

// One crumb as one log record. The event is the record's eventName and its body; `ts` its
// timeUnixNano; the thread `thread.name`; context keys `context.KEY` attributes (`trace_id` and
// `span_id` also the record's ids when they are ids); fields attributes with string values.
// No `thread.id`: the queue carries the crumb's bytes only, and carrying the kernel's thread id
// too would cost every crumb() some ten instructions, in JSON Lines mode as well.
static int put_record(out_buffer *out, const uint8_t *line, size_t length, uint64_t observed_ns) {
    cursor c = {line, line + length};
    slice key, value, event, stamp = {0}, trace = {0}, span = {0};
    if (!take(&c, '{') || !read_string(&c, &key) || !equals(key, "event") || !take(&c, ':') || !read_string(&c, &event))
        return NOT_A_CRUMB;
    PUT(out, "{\"observedTimeUnixNano\":\"");
    put_decimal(out, observed_ns);
    // The crash crumb is FATAL, the drop marker WARN, every other crumb INFO.
    if (equals(event, "statecrumbs.crash")) {
        PUT(out, "\",\"severityNumber\":21,\"severityText\":\"FATAL\"");
    } else if (equals(event, "statecrumbs.dropped")) {
        PUT(out, "\",\"severityNumber\":13,\"severityText\":\"WARN\"");
    } else {
        PUT(out, "\",\"severityNumber\":9,\"severityText\":\"INFO\"");
    }
    PUT(out, ",\"eventName\":\"");
    put_slice(out, event);
    PUT(out, "\",\"body\":{\"stringValue\":\"");
    put_slice(out, event);
    PUT(out, "\"},\"attributes\":[");
    int attributes = 0;
    while (take(&c, ',')) {
        if (!read_string(&c, &key) || !take(&c, ':')) return NOT_A_CRUMB;
        if (equals(key, "context") && c.at < c.end && *c.at == '{') {
            c.at++;
            if (!take(&c, '}')) {
                do {
                    if (!read_string(&c, &key) || !take(&c, ':') || !read_string(&c, &value)) return NOT_A_CRUMB;
                    put_attribute(out, &attributes, "context.", key, value, 0);
                    if (equals(key, "trace_id")) trace = value;
                    if (equals(key, "span_id")) span = value;
                } while (take(&c, ','));
                if (!take(&c, '}')) return NOT_A_CRUMB;
            }
        } else if (equals(key, "ts")) {
            if (!read_string(&c, &stamp)) return NOT_A_CRUMB;
        } else if (equals(key, "thread")) {
            if (!read_string(&c, &value)) return NOT_A_CRUMB;
            slice name = {(const uint8_t *)"thread.name", 11, 1};
            put_attribute(out, &attributes, "", name, value, 0);
        } else if (c.at < c.end && *c.at >= '0' && *c.at <= '9') {
            if (!read_integer(&c, &value)) return NOT_A_CRUMB;
            put_attribute(out, &attributes, "", key, value, 1);
        } else {
            if (!read_string(&c, &value)) return NOT_A_CRUMB;
            put_attribute(out, &attributes, "", key, value, 0);
        }
    }
    if (!take(&c, '}') || c.at != c.end) return NOT_A_CRUMB;
    PUT(out, "]");
    uint64_t time_ns = timestamp_ns(stamp);
    if (time_ns > 0) {
        PUT(out, ",\"timeUnixNano\":\"");
        put_decimal(out, time_ns);
        PUT(out, "\"");
    }
    if (valid_id(trace, 32)) put_id(out, ",\"traceId\":\"", 12, trace);
    if (valid_id(span, 16)) put_id(out, ",\"spanId\":\"", 11, span);
    PUT(out, "}");
    return out->full ? FULL : FITS;
}

// A line that is not a crumb as the recorder writes it: a record whose body is the line,
// escaped, cut to the room there is.
static void put_raw_record(out_buffer *out, const uint8_t *line, size_t length, uint64_t observed_ns) {
    PUT(out, "{\"observedTimeUnixNano\":\"");
    put_decimal(out, observed_ns);
    PUT(out, "\",\"body\":{\"stringValue\":\"");
    size_t room = (size_t)(out->end - out->at);
    put_escaped(out, line, length, room > 3 ? room - 3 : 0);
    PUT(out, "\"}}");
}

// MARK: Lines

static uint64_t lines_in(const uint8_t *bytes, const uint8_t *end) {
    uint64_t count = 0;
    for (const uint8_t *p = bytes; p < end; count++) {
        const uint8_t *newline = memchr(p, '\n', (size_t)(end - p));
        p = newline ? newline + 1 : end;
    }
    return count;
}

uint64_t sc_otlp_convert(const uint8_t *prefix, size_t prefix_length, const uint8_t *lines, size_t length,
                         uint8_t *buffer, uint64_t longest, uint64_t observed_ns, sc_otlp_emit emit,
                         void *context) {
    static const char suffix[] = "]}]}]}\n";
    const uint8_t *end = lines + length;
    if (prefix_length > SC_OTLP_PREFIX_BYTES) return lines_in(lines, end);
    size_t capacity = longest < SC_OTLP_LINE_BYTES ? (size_t)longest : SC_OTLP_LINE_BYTES;
    if (capacity < prefix_length + SC_OTLP_RECORD_ROOM) capacity = prefix_length + SC_OTLP_RECORD_ROOM;
    memcpy(buffer, prefix, prefix_length);
    uint8_t *first = buffer + prefix_length;
    // The suffix always fits: records end before it.
    out_buffer out = {first, buffer + capacity - (sizeof suffix - 1), 0};
    uint64_t in_line = 0;
    for (const uint8_t *p = lines; p < end;) {
        const uint8_t *newline = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((newline ? newline : end) - p);
        for (;;) {
            uint8_t *mark = out.at;
            if (in_line > 0) PUT(&out, ",");
            int result = put_record(&out, p, n, observed_ns);
            if (result == NOT_A_CRUMB || (result == FULL && in_line == 0)) {
                // Alone in a line and still too long (a crumb of thousands of tiny fields
                // grows eightfold), or not a crumb: the raw line, cut to fit.
                out.at = mark, out.full = 0;
                if (in_line > 0) PUT(&out, ",");
                put_raw_record(&out, p, n, observed_ns);
                result = out.full ? FULL : FITS;
            }
            if (result == FITS) {
                in_line++;
                break;
            }
            if (in_line == 0) break;  // cannot happen (an empty line has room for a cut raw record)
            out.at = mark, out.full = 0;  // the line is full: hand it over, then start the next
            memcpy(out.at, suffix, sizeof suffix - 1);
            if (!emit(context, buffer, (size_t)(out.at - buffer) + sizeof suffix - 1, in_line)) return lines_in(p, end);
            out.at = first;
            in_line = 0;
        }
        p += n + 1;
    }
    if (in_line > 0) {
        memcpy(out.at, suffix, sizeof suffix - 1);
        if (!emit(context, buffer, (size_t)(out.at - buffer) + sizeof suffix - 1, in_line)) return 0;
    }
    return 0;
}

// MARK: The resource (once per configuration, not in a signal handler)

static void put_resource_attribute(out_buffer *out, int first, const char *key, const char *value, int integer) {
    if (!first) PUT(out, ",");
    PUT(out, "{\"key\":\"");
    put(out, key, strlen(key));
    if (integer) {
        PUT(out, "\",\"value\":{\"intValue\":\"");
    } else {
        PUT(out, "\",\"value\":{\"stringValue\":\"");
    }
    // Each value is cut to 1 KiB of JSON: four of them and the rest fit SC_OTLP_PREFIX_BYTES.
    put_escaped(out, (const uint8_t *)value, strlen(value), 1024);
    PUT(out, "\"}}");
}

size_t sc_otlp_prefix(uint8_t *buffer, size_t capacity, const char *version) {
    // process.executable.name: the base name of /proc/self/exe's target, as the semantic
    // conventions say; the name the program was started by when that cannot be read.
    char executable[4096];
    ssize_t read = readlink("/proc/self/exe", executable, sizeof executable - 1);
    const char *name = program_invocation_short_name;
    if (read > 0) {
        executable[read] = 0;
        const char *slash = strrchr(executable, '/');
        name = slash ? slash + 1 : executable;
    }
    const char *service = getenv("OTEL_SERVICE_NAME");
    if (service == NULL || service[0] == 0) service = name;
    char host[256] = {0};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
    char pid[24];
    out_buffer digits = {(uint8_t *)pid, (uint8_t *)pid + sizeof pid - 1, 0};
    put_decimal(&digits, (uint64_t)getpid());
    *digits.at = 0;

    out_buffer out = {buffer, buffer + capacity, 0};
    PUT(&out, "{\"resourceLogs\":[{\"resource\":{\"attributes\":[");
    put_resource_attribute(&out, 1, "service.name", service, 0);
    put_resource_attribute(&out, 0, "host.name", host, 0);
    put_resource_attribute(&out, 0, "process.pid", pid, 1);
    put_resource_attribute(&out, 0, "process.executable.name", name, 0);
    PUT(&out, "]},\"scopeLogs\":[{\"scope\":{\"name\":\"StateCrumbs\",\"version\":\"");
    put_escaped(&out, (const uint8_t *)version, strlen(version), 64);
    PUT(&out, "\"},\"logRecords\":[");
    return out.full ? 0 : (size_t)(out.at - buffer);
}
