// What the crash hook writes and where (crash_dump.c), for the handler in crash_hook.c.
// Private to CStateCrumbs (not in include/).
#ifndef CSTATECRUMBS_CRASH_DUMP_H
#define CSTATECRUMBS_CRASH_DUMP_H

/// Writes `before`, the crumbs of the current ring as a pretty JSON array, and `after` to `fd`.
/// Async-signal-safe.
void sc_crash_write_dump(int fd, const char *before, const char *after);

/// Does what sc_crash_configure set last: the dump to stderr, to the file (or to stderr, with
/// the reason, when the file cannot be written), or the `.handler` callback. Async-signal-safe
/// except for the callback, which the Swift API documents as running inside the crash.
void sc_crash_write_configured(void);

#endif
