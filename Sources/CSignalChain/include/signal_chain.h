// The handler chain every fatal-signal handler of the project takes part in (StateCrumbs' crash
// hook, crumbtui's map guard and terminal guard): install in front of what was there, and on a
// signal that is not ours to end, hand over as if we had never been there.
//
// Async-signal-safe, and why: sigchain_will_recur, sigchain_put_back, sigchain_previous,
// sigchain_hand_over, sigchain_die, sigchain_write_all and sigchain_gettid take no lock, allocate
// nothing and keep no state of their own; they call only sigaction, pthread_sigmask, write,
// getpid and _exit (on POSIX's list of async-signal-safe functions) and the raw gettid and
// tgkill system calls (a trap into the kernel, no C library state). sigchain_hand_over also
// calls the handler it hands over to, which must itself be safe there (every signal handler
// must). sigchain_install and sigchain_remove use the same calls and are safe too, but are
// meant for ordinary code: they write the caller's sigchain_link, which a handler reads.
#ifndef CSIGNALCHAIN_H
#define CSIGNALCHAIN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A handler as sigaction takes it with SA_SIGINFO.
typedef void (*sigchain_handler)(int sig, siginfo_t *info, void *context);

/// One handler's place in the chain for one signal.
typedef struct sigchain_link {
    /// The signal.
    int sig;
    /// 1 when our handler was installed in front of `previous` (it stays 1 after
    /// sigchain_remove: a handler installed over ours since still chains to ours, which goes on
    /// handing over to `previous`); 0 when the signal was ignored and left alone.
    int ours;
    /// The action that was there before ours: what a signal that is not ours goes on to.
    struct sigaction previous;
} sigchain_link;

/// Installs `handler` for `sig` in front of the action there now, which it saves in `link`.
/// Flags SA_SIGINFO | SA_ONSTACK | SA_NODEFER, empty mask: SA_ONSTACK so that a stack overflow
/// still gets a stack to run on; SA_NODEFER because Swift's runtime backtracer, handed over
/// to, takes deliberate faults of its own while it reads memory, and with the signal blocked
/// those would kill the process halfway through its backtrace. A signal the process ignores
/// (SIG_IGN) is the app's choice and is left alone. Returns `link->ours`: 1 when installed.
int sigchain_install(sigchain_link *link, int sig, sigchain_handler handler);

/// Puts back the previous action of `link`, if `handler` is still the one installed (one
/// installed over ours since chains to ours, and stays; see `ours`). Returns 1 when it put it
/// back.
int sigchain_remove(sigchain_link *link, sigchain_handler handler);

/// Puts back the previous action of each of the `count` links that is ours, unconditionally:
/// in a handler, before handing over, so that the process goes on as if ours had never been
/// there (a second fault goes straight to the handler before).
void sigchain_put_back(const sigchain_link *links, size_t count);

/// The action that was there before ours for `sig` among `links`, or NULL when `sig` is not
/// one of ours.
const struct sigaction *sigchain_previous(const sigchain_link *links, size_t count, int sig);

/// Whether returning from the handler runs the faulting instruction again, which then raises
/// the same signal by itself: a hardware fault (SEGV, BUS, ILL, FPE with a positive si_code
/// other than SI_KERNEL). A signal sent with kill, raise, abort or sigqueue (si_code <= 0), by
/// the kernel for another reason (SI_KERNEL), and TRAP, ABRT and SYS do not come back.
int sigchain_will_recur(int sig, const siginfo_t *info);

/// Hands a fatal signal on: calls `previous` (NULL: none) as the signal would have (SIG_DFL
/// and SIG_IGN are not called), then sets SIG_DFL and, unless the signal will recur on return,
/// sends it again to this thread (after unblocking it), which ends the process by it with the
/// default action (core dump included). The caller then returns from its handler.
void sigchain_hand_over(int sig, siginfo_t *info, void *context, const struct sigaction *previous);

/// Ends the process by `sig` with its default action, now, from the calling thread.
__attribute__((noreturn)) void sigchain_die(int sig);

/// Writes all `length` bytes to `fd`, going on after EINTR and short writes. Returns 0, or the
/// errno of the write that failed (EIO for a write that wrote nothing).
int sigchain_write_all(int fd, const void *bytes, size_t length);

/// The kernel's id of the calling thread.
int32_t sigchain_gettid(void);

#ifdef __cplusplus
}
#endif
#endif
