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

// Everything the handler needs is set before the handlers are installed and only read in
// them: tcsetattr, nanosleep, mg_handle_fault and the signal_chain.h functions are
// async-signal-safe.
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGSYS, SIGQUIT};
#define FATAL_COUNT (sizeof fatal_signals / sizeof fatal_signals[0])

static struct termios saved;
static int saved_fd = -1;
static int out = -1;
static char leave_bytes[256];
static size_t leave_length;
static sigchain_link links[FATAL_COUNT];  // not ours where the signal was ignored: left alone
static int armed;
static int active;    // 0 once disarmed: the handler only passes signals on
static int claimed;   // the terminal is put back once, even when several threads fault together
static int restored;  // ... and the others wait for that before dying

int tg_save_terminal(int fd) {
    if (tcgetattr(fd, &saved) != 0) return 0;
    saved_fd = fd;
    return 1;
}

// The handler that was there before (Swift's backtracer, StateCrumbs' crash hook), then the
// default action.
static void hand_over(int sig, siginfo_t *info, void *context) {
    sigchain_put_back(links, FATAL_COUNT);
    sigchain_hand_over(sig, info, context, sigchain_previous(links, FATAL_COUNT, sig));
}

static void on_fatal(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    // A read past the end of a file cut short under the viewer is no crash: the map guard
    // puts zeros there and the read goes on, on the viewer's screen.
    if (mg_handle_fault(sig, info)) {
        errno = saved_errno;
        return;
    }
    if (__atomic_load_n(&active, __ATOMIC_ACQUIRE)) {
        if (__atomic_exchange_n(&claimed, 1, __ATOMIC_ACQ_REL) == 0) {
            if (saved_fd >= 0) tcsetattr(saved_fd, TCSANOW, &saved);
            if (out >= 0) sigchain_write_all(out, leave_bytes, leave_length);
            __atomic_store_n(&restored, 1, __ATOMIC_RELEASE);
        } else {
            // Another thread is putting the terminal back: let it finish first (bounded).
            struct timespec pause = {0, 10 * 1000 * 1000};
            for (int i = 0; i < 100 && !__atomic_load_n(&restored, __ATOMIC_ACQUIRE); i++) nanosleep(&pause, NULL);
        }
    }
    hand_over(sig, info, context);
}

void tg_arm(int out_fd, const char *leave) {
    if (armed) return;
    out = out_fd;
    leave_length = leave ? strnlen(leave, sizeof leave_bytes - 1) : 0;
    memcpy(leave_bytes, leave ? leave : "", leave_length);
    for (size_t i = 0; i < FATAL_COUNT; i++) sigchain_install(&links[i], fatal_signals[i], on_fatal);
    __atomic_store_n(&active, 1, __ATOMIC_RELEASE);
    armed = 1;
}

void tg_disarm(void) {
    if (!armed) return;
    __atomic_store_n(&active, 0, __ATOMIC_RELEASE);
    // Put back only the handlers still ours: one installed since (the map guard, StateCrumbs'
    // crash hook) chains to ours, which now just passes signals on.
    for (size_t i = 0; i < FATAL_COUNT; i++) sigchain_remove(&links[i], on_fatal);
}
