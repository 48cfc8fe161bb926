#define _GNU_SOURCE
#include "terminal_guard.h"

#include "map_guard.h"
#include "signal_chain.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

// Everything the handler needs is set before the handlers are installed (the leave sequence:
// before its length is published) and only read in them: tcsetattr, nanosleep, mg_handle_fault
// and the signal_chain.h functions are async-signal-safe.

// Every signal whose default action ends the process on Linux (signal(7): "Term" and "Core"),
// but KILL and STOP, which cannot be caught. The real-time signals (also "Term") are added at
// arming: SIGRTMIN is a function call in glibc, which keeps the first few for itself.
static const int ending_signals[] = {
    SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGSYS, SIGQUIT, SIGXCPU, SIGXFSZ,  // Core
    SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGVTALRM, SIGPROF, SIGIO,   // Term
    SIGSTKFLT, SIGPWR,
};
#define FIXED_COUNT (sizeof ending_signals / sizeof ending_signals[0])
#define MAX_LINKS (FIXED_COUNT + 64)

static struct termios saved;
static int saved_fd = -1;
static int out = -1;
static char leave_bytes[256];
static size_t leave_length;  // published with release after leave_bytes is written
static sigchain_link links[MAX_LINKS];  // not ours where the signal was ignored: left alone
static size_t link_count;
static int armed;
static int active;          // 0 once disarmed: the handler only passes signals on
static int quit_signal;     // the SIGINT, SIGTERM or SIGHUP that asked the viewer to quit
static int claimed;         // the terminal is put back once, even when several threads fault together
static int restored;        // ... and the others wait for that before dying

int tg_save_terminal(int fd) {
    if (tcgetattr(fd, &saved) != 0) return 0;
    saved_fd = fd;
    return 1;
}

static int asks_to_quit(int sig) { return sig == SIGINT || sig == SIGTERM || sig == SIGHUP; }

// The handler that was there before (Swift's backtracer, StateCrumbs' crash hook), then the
// default action.
static void hand_over(int sig, siginfo_t *info, void *context) {
    sigchain_put_back(links, link_count);
    sigchain_hand_over(sig, info, context, sigchain_previous(links, link_count, sig));
}

static void restore_terminal(void) {
    if (__atomic_exchange_n(&claimed, 1, __ATOMIC_ACQ_REL) == 0) {
        if (saved_fd >= 0) tcsetattr(saved_fd, TCSANOW, &saved);
        size_t length = __atomic_load_n(&leave_length, __ATOMIC_ACQUIRE);
        if (out >= 0 && length > 0) sigchain_write_all(out, leave_bytes, length);
        __atomic_store_n(&restored, 1, __ATOMIC_RELEASE);
    } else {
        // Another thread is putting the terminal back: let it finish first (bounded).
        struct timespec pause = {0, 10 * 1000 * 1000};
        for (int i = 0; i < 100 && !__atomic_load_n(&restored, __ATOMIC_ACQUIRE); i++) nanosleep(&pause, NULL);
    }
}

static void on_signal(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    // A read past the end of a file cut short under the viewer is no crash: the map guard
    // puts zeros there and the read goes on, on the viewer's screen.
    if (mg_handle_fault(sig, info)) {
        errno = saved_errno;
        return;
    }
    if (__atomic_load_n(&active, __ATOMIC_ACQUIRE)) {
        // Ctrl-C, kill, a closed terminal: the first one asks the viewer to quit by its normal
        // path (which also stops the demo), and the process then dies by it. A second one while
        // that has not happened (the viewer is stuck) ends the process here.
        int none = 0;
        if (asks_to_quit(sig) && __atomic_compare_exchange_n(&quit_signal, &none, sig, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            errno = saved_errno;
            return;
        }
        restore_terminal();
    }
    hand_over(sig, info, context);
}

void tg_arm(int out_fd) {
    if (armed) return;
    out = out_fd;
    link_count = 0;
    for (size_t i = 0; i < FIXED_COUNT; i++) sigchain_install(&links[link_count++], ending_signals[i], on_signal);
    for (int sig = SIGRTMIN; sig <= SIGRTMAX && link_count < MAX_LINKS; sig++) sigchain_install(&links[link_count++], sig, on_signal);
    __atomic_store_n(&active, 1, __ATOMIC_RELEASE);
    armed = 1;
}

void tg_set_leave(const char *leave) {
    if (__atomic_load_n(&leave_length, __ATOMIC_ACQUIRE) > 0) return;  // once: a handler may be reading it
    size_t length = leave ? strnlen(leave, sizeof leave_bytes - 1) : 0;
    memcpy(leave_bytes, leave ? leave : "", length);
    __atomic_store_n(&leave_length, length, __ATOMIC_RELEASE);
}

int tg_quit_signal(void) { return __atomic_load_n(&quit_signal, __ATOMIC_ACQUIRE); }

void tg_disarm(void) {
    if (!armed) return;
    __atomic_store_n(&active, 0, __ATOMIC_RELEASE);
    // Put back only the handlers still ours: one installed since (the map guard, StateCrumbs'
    // crash hook) chains to ours, which now just passes signals on.
    for (size_t i = 0; i < link_count; i++) sigchain_remove(&links[i], on_signal);
}

void tg_end_by_quit_signal(void) {
    int sig = tg_quit_signal();
    if (sig != 0) sigchain_die(sig);
}
