// The crash hook: on a fatal signal, write the ring's crumbs, chain to the handler that was
// there before (Swift's runtime backtracer by default), and let the process die by the
// original signal. See crash_hook.c and crash_dump.c for why each step is safe inside a signal
// handler.
#ifndef CSTATECRUMBS_CRASH_HOOK_H
#define CSTATECRUMBS_CRASH_HOOK_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    SC_CRASH_STDERR = 0,
    SC_CRASH_FILE = 1,
    SC_CRASH_OFF = 2,
    SC_CRASH_HANDLER = 3,
};

/// Called on the crashing thread for `.handler`; it may allocate (documented as unsafe).
typedef void (*sc_crash_callback)(void);

/// Sets what the hook does. `path` (for SC_CRASH_FILE) is copied. A path of SC_PATH_BYTES bytes
/// or more (crumb_limits.h) is not cut: the dump goes to stderr instead, and it returns 0
/// (else 1). Safe to call while another thread crashes: the hook reads one consistent copy.
int sc_crash_configure(int mode, const char *path, sc_crash_callback callback);

/// Installs the handlers for ILL, TRAP, ABRT, BUS, FPE, SEGV and SYS (leaving alone a signal
/// set to SIG_IGN), an atexit guard, and an alternate stack on the calling thread. Calling it
/// again does nothing. Returns 1 when installed now, 0 when it already was.
int sc_crash_install(void);

/// Puts back the handlers that were there before install. Returns 1 when it removed them.
int sc_crash_uninstall(void);

/// Gives the calling thread an alternate signal stack big enough for the crash path, unless
/// it has one already. Cheap after the first call on a thread.
void sc_crash_prepare_thread(void);

/// Test hook: functions called on the crashing thread once the ring is frozen, before the crash
/// crumb is made, and after the dump is written (the tests count heap allocations in between:
/// the crash crumb, the live file's flush and the dump). NULL to clear.
void sc_crash_set_probes(void (*before)(void), void (*after)(void));

/// Writes `before`, the crumbs of the current ring as a pretty JSON array, and `after` to `fd`,
/// as the crash path does (async-signal-safe), the crash crumb last during a crash. Also a test
/// hook: the tests hold its bytes to `CrumbFormatter.json` of the same crumbs.
void sc_crash_write_dump(int fd, const char *before, const char *after);

/// Room for the crash crumb's compact JSON.
#define SC_CRASH_CRUMB_BYTES 1024

/// The crash crumb (own_crumbs.c says what it holds) of the crash being handled, as compact
/// JSON; `*length` is 0 outside a crash. `.handler` appends it to the crumbs it hands over.
const uint8_t *sc_crash_crumb(size_t *length);

/// Writes the crash crumb that `sig` and `info` make on the calling thread, now, into `out`
/// (SC_CRASH_CRUMB_BYTES), and returns its length. Async-signal-safe. The crash path uses it;
/// so do the tests, with a siginfo_t of their own.
size_t sc_crash_crumb_format(uint8_t *out, int sig, const siginfo_t *info);

#ifdef __cplusplus
}
#endif
#endif
