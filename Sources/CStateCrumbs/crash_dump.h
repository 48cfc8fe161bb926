// What the crash hook writes and where (crash_dump.c), for the handler in crash_hook.c.
// Private to CStateCrumbs (not in include/).
#ifndef CSTATECRUMBS_CRASH_DUMP_H
#define CSTATECRUMBS_CRASH_DUMP_H

#include "crash_hook.h"

/// Does what sc_crash_configure set last: the dump to stderr, to the file (or to stderr, with
/// the reason, when the file cannot be written), or the `.handler` callback. Async-signal-safe
/// except for the callback, which the Swift API documents as running inside the crash.
void sc_crash_write_configured(void);

#endif
