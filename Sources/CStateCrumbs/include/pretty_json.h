// Turns compact JSON (as the recorder writes each crumb) into the indented form Python's
// `json.dumps(indent=2)` prints, streaming through a small fixed buffer. It allocates nothing
// and calls only the sink's write, so the crash path can use it to write to a file descriptor.
// It is the signal-safe twin of CrumbCodec's PrettyJSON (which `CrumbFormatter.json` and crumbtui
// use): a test holds the crash dump and the formatted snapshot to the same bytes.
#ifndef CSTATECRUMBS_PRETTY_JSON_H
#define CSTATECRUMBS_PRETTY_JSON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*sc_sink_write)(void *context, const uint8_t *bytes, size_t len);

/// Collects output in `buffer` (`capacity` bytes, the caller's memory) and hands it to `write`
/// when full or flushed: the bigger the buffer, the fewer and larger the writes.
typedef struct sc_sink {
    sc_sink_write write;
    void *context;
    uint8_t *buffer;
    size_t capacity;
    size_t used;
} sc_sink;

void sc_sink_put(sc_sink *sink, const uint8_t *bytes, size_t len);
void sc_sink_flush(sc_sink *sink);

/// Writes one compact JSON value indented by `depth` levels of two spaces (the first line is
/// not indented: the caller places it).
void sc_pretty_value(sc_sink *sink, const uint8_t *json, size_t len, int depth);

/// Writes `[`, then each element on its own lines, then `]`; call begin, element..., end.
void sc_pretty_array_begin(sc_sink *sink);
void sc_pretty_array_element(sc_sink *sink, const uint8_t *json, size_t len, int index);
void sc_pretty_array_end(sc_sink *sink, int count);

#ifdef __cplusplus
}
#endif
#endif
