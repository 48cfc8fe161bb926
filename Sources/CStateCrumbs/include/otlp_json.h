// The live file in OTLP/JSON: crumb lines (the recorder's compact JSON) turned into lines that
// each hold one OTLP `LogsData` object, as the OpenTelemetry Collector's `otlpjsonfile` receiver
// reads them and its `file` exporter writes them.
//
// The conversion runs in the live file's writer thread and in the crash path, so it allocates
// nothing, takes no lock and calls nothing but memcpy and the caller's `emit`: async-signal-safe
// when `emit` is. Strings of a crumb are already JSON string contents and are copied as they
// are, after a strict check; a line that is not a crumb as the recorder writes it becomes a
// record whose body is the raw line, escaped, never broken JSON.
#ifndef CSTATECRUMBS_OTLP_JSON_H
#define CSTATECRUMBS_OTLP_JSON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The longest OTLP line written, newline included: a backlog becomes several lines, never a
/// giant one (the Collector's file readers take lines of up to 1 MiB by default).
#define SC_OTLP_LINE_BYTES 524288  // 512 KiB
/// Room for the resource and scope part that starts every line.
#define SC_OTLP_PREFIX_BYTES 8192
/// The least room for records a line needs beyond its prefix.
#define SC_OTLP_RECORD_ROOM 16384

/// Writes the start of every line into `out`: `{"resourceLogs":[{"resource":{"attributes":[…]},
/// "scopeLogs":[{"scope":{"name":"StateCrumbs","version":VERSION},"logRecords":[`. The resource
/// has `service.name` (OTEL_SERVICE_NAME, else the executable's name), `host.name`,
/// `process.pid` and `process.executable.name`, each value JSON-escaped and cut to fit.
/// Returns its length. Not for a signal handler (it reads the environment and /proc).
size_t sc_otlp_prefix(uint8_t *out, size_t capacity, const char *version);

/// Hands over one OTLP line (newline included) holding `crumbs` crumbs; returns 0 when it was
/// not written.
typedef int (*sc_otlp_emit)(void *context, const uint8_t *line, size_t length, uint64_t crumbs);

/// Converts `length` bytes of crumb lines (each ending in a newline) into OTLP lines, built one
/// at a time in `buffer` (SC_OTLP_LINE_BYTES) and handed to `emit`. A line is at most `longest`
/// bytes (or SC_OTLP_LINE_BYTES; at least the prefix and SC_OTLP_RECORD_ROOM). `observed_ns` is
/// the records' observedTimeUnixNano. Returns how many crumbs were not handed over because
/// `emit` failed (it stops there); 0 when all were.
uint64_t sc_otlp_convert(const uint8_t *prefix, size_t prefix_length, const uint8_t *lines, size_t length,
                         uint8_t *buffer, uint64_t longest, uint64_t observed_ns, sc_otlp_emit emit,
                         void *context);

#ifdef __cplusplus
}
#endif
#endif
