#include "pretty_json.h"

#include <string.h>

void sc_sink_flush(sc_sink *sink) {
    if (sink->used) sink->write(sink->context, sink->buffer, sink->used);
    sink->used = 0;
}

void sc_sink_put(sc_sink *sink, const uint8_t *bytes, size_t len) {
    while (len > 0) {
        size_t room = sink->capacity - sink->used;
        if (room == 0) {
            sc_sink_flush(sink);
            room = sink->capacity;
        }
        size_t n = len < room ? len : room;
        memcpy(sink->buffer + sink->used, bytes, n);
        sink->used += n;
        bytes += n;
        len -= n;
    }
}

static void put_byte(sc_sink *sink, uint8_t byte) { sc_sink_put(sink, &byte, 1); }

static void newline(sc_sink *sink, int depth) {
    put_byte(sink, '\n');
    for (int i = 0; i < depth; i++) sc_sink_put(sink, (const uint8_t *)"  ", 2);
}

void sc_pretty_value(sc_sink *sink, const uint8_t *json, size_t len, int depth) {
    int in_string = 0, escaped = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = json[i];
        if (in_string) {
            put_byte(sink, c);
            if (escaped) escaped = 0;
            else if (c == '\\') escaped = 1;
            else if (c == '"') in_string = 0;
            continue;
        }
        switch (c) {
        case '"':
            in_string = 1;
            put_byte(sink, c);
            break;
        case '{':
        case '[':
            put_byte(sink, c);
            if (i + 1 < len && (json[i + 1] == '}' || json[i + 1] == ']')) {
                put_byte(sink, json[++i]);  // empty: {} or []
            } else {
                newline(sink, ++depth);
            }
            break;
        case '}':
        case ']':
            newline(sink, --depth);
            put_byte(sink, c);
            break;
        case ',':
            put_byte(sink, c);
            newline(sink, depth);
            break;
        case ':':
            sc_sink_put(sink, (const uint8_t *)": ", 2);
            break;
        case ' ': case '\n': case '\r': case '\t':
            break;  // compact input has none; tolerate it
        default:
            put_byte(sink, c);
        }
    }
}

void sc_pretty_array_begin(sc_sink *sink) { put_byte(sink, '['); }

void sc_pretty_array_element(sc_sink *sink, const uint8_t *json, size_t len, int index) {
    if (index > 0) put_byte(sink, ',');
    newline(sink, 1);
    sc_pretty_value(sink, json, len, 1);
}

void sc_pretty_array_end(sc_sink *sink, int count) {
    if (count > 0) put_byte(sink, '\n');
    put_byte(sink, ']');
}
