// The crash hook: the signal handler, and installing it. What it writes is crash_dump.c's.
//
// Inside a signal handler the process may be in any state: another thread (or this one) may
// hold malloc's lock, the Swift runtime's locks, or be halfway through a crumb. So this code
// calls only functions POSIX lists as async-signal-safe (sigaction, pthread_sigmask,
// nanosleep, getpid and those of crash_dump.c, own_crumbs.c and live_writer.c's crash flush)
// and raw system calls (gettid, tgkill, through signal_chain.h); it takes no lock, allocates
// nothing, and touches no Swift or Foundation code, except the `.handler` callback, which the
// Swift API documents as running inside the crash.
//
// Order on a crash, chosen so that Swift's runtime backtracer, when it is the handler before
// ours, still prints its whole backtrace after our crumbs:
//   1. claim the crash (first thread wins; a crash inside the hook ends the process at once)
//      and freeze the ring, so other threads' crumbs cannot push out the ones before the crash;
//   2. make the crash crumb (own_crumbs.c: signal, code, address, thread), then write the live
//      file's queued lines and the crash crumb (live_writer.c), then the crumbs and the crash
//      crumb (stderr, file or callback);
//   3. put back every handler that was there before and call the one for this signal (the
//      runtime backtracer prints its backtrace, after our crumbs);
//   4. set SIG_DFL and either return, so a hardware fault happens again and kills the process
//      with the default action (core dump unchanged), or re-raise a signal that would not
//      come back by itself (sent with kill, abort, int3, seccomp).
#define _GNU_SOURCE
#include "crash_hook.h"

#include "crash_dump.h"
#include "crumb_ring.h"
#include "live_writer.h"
#include "own_crumbs.h"
#include "signal_chain.h"
#include "thread_info.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static const int crash_signals[] = {SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGSYS};
#define SIGNAL_COUNT ((int)(sizeof crash_signals / sizeof crash_signals[0]))

// Installed state: changed only by install/uninstall, under install_lock (never in a handler).
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;
static sigchain_link links[SIGNAL_COUNT];
static int installed;
static int exit_guard_registered;

// The thread handling the crash (0 before any), and its signal.
static int crashing_tid;
static int crash_signal;

static void (*probe_before)(void);
static void (*probe_after)(void);

// MARK: The handler

// Waits while another thread handles the crash; it ends the process. Bounded, in case that
// thread hangs (a `.handler` closure that deadlocks): 60 s, then the caller goes on.
static void wait_for_the_end(void) {
    struct timespec pause = {0, 50 * 1000 * 1000};
    for (int i = 0; i < 1200; i++) nanosleep(&pause, NULL);
}

static void crash_handler(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    int self = sigchain_gettid();
    int expected = 0;
    if (!__atomic_compare_exchange_n(&crashing_tid, &expected, self, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        if (expected == self) sigchain_die(crash_signal);  // a crash inside the hook: no loop
        wait_for_the_end();
        sigchain_die(sig);
    }
    crash_signal = sig;
    sc_ring_freeze(sc_current_ring());
    if (probe_before) probe_before();
    // After the freeze, so that no crumb in the dump is stamped later than the crash crumb.
    sc_crash_crumb_record(sig, info);
    size_t length;
    const uint8_t *line = sc_crash_crumb_line(&length);
    sc_live_crash_flush(line, length);  // every line recorded before the crash, then the crash crumb
    sc_crash_write_configured();
    if (probe_after) probe_after();

    // Threads that crash at the same moment wait in this handler while ours is installed. Give
    // them a moment to arrive before handing over: once the previous handlers are back, a
    // thread that traps goes straight to Swift's backtracer, which is not safe against a second
    // crash while it works (it can die halfway and leave its helper process behind).
    struct timespec grace = {0, 20 * 1000 * 1000};
    nanosleep(&grace, NULL);

    sigchain_put_back(links, SIGNAL_COUNT);
    sigchain_hand_over(sig, info, context, sigchain_previous(links, SIGNAL_COUNT, sig));
    errno = saved_errno;
}

// Holds exit() on any other thread while a crash is being handled, so that a normal exit
// cannot end the process with status 0 before the crash does.
static void exit_guard(void) {
    int tid = __atomic_load_n(&crashing_tid, __ATOMIC_ACQUIRE);
    if (tid != 0 && tid != sigchain_gettid()) wait_for_the_end();
}

// MARK: Installing (ordinary code, not signal handlers)

void sc_crash_set_probes(void (*before)(void), void (*after)(void)) {
    probe_before = before;
    probe_after = after;
}

// A thread's alternate signal stack: room for the crash path, and the backtracer chained after
// it, when the thread's own stack has overflowed (together they take about 15 KiB).
#define ALT_STACK_SIZE (64 * 1024)
static pthread_key_t alt_stack_key;
static pthread_once_t alt_stack_once = PTHREAD_ONCE_INIT;
static size_t page_size;

// At thread exit: stop using the alternate stack, then return its memory.
static void release_alt_stack(void *memory) {
    stack_t disable;
    memset(&disable, 0, sizeof disable);
    disable.ss_flags = SS_DISABLE;
    sigaltstack(&disable, NULL);
    munmap(memory, ALT_STACK_SIZE + page_size);
}

static void make_alt_stack_key(void) {
    page_size = (size_t)sysconf(_SC_PAGESIZE);
    pthread_key_create(&alt_stack_key, release_alt_stack);
}

void sc_crash_prepare_thread(void) {
    if (!__atomic_load_n(&installed, __ATOMIC_ACQUIRE)) return;
    sc_thread_info *info = sc_thread_info_current();
    if (info->has_alt_stack) return;
    info->has_alt_stack = 1;
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE) && current.ss_size >= ALT_STACK_SIZE)
        return;
    pthread_once(&alt_stack_once, make_alt_stack_key);
    // A guard page below the stack: if the handler chain ever overflowed it, it would fault
    // (and die by that signal) instead of writing over other memory.
    void *memory = mmap(NULL, ALT_STACK_SIZE + page_size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (memory == MAP_FAILED) return;
    mprotect(memory, page_size, PROT_NONE);
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = (char *)memory + page_size;
    stack.ss_size = ALT_STACK_SIZE;
    if (sigaltstack(&stack, NULL) != 0) {
        munmap(memory, ALT_STACK_SIZE + page_size);
        return;
    }
    pthread_setspecific(alt_stack_key, memory);
}

// Takes every code path of the crash once, outside a crash, so that nothing is resolved by
// the dynamic linker (which may lock) the first time it runs inside one.
static void warm_up(void) {
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        sc_crash_write_dump(fd, "", "\n");
        fsync(fd);
        close(fd);
    }
    uint8_t crumb[SC_CRASH_CRUMB_BYTES];
    siginfo_t info;
    memset(&info, 0, sizeof info);
    (void)sc_crash_crumb_format(crumb, SIGSEGV, &info);
    char name[SC_THREAD_NAME_BYTES];  // the name of a thread that recorded no crumb (prctl)
    (void)sc_thread_system_name(sigchain_gettid(), (int32_t)getpid(), name);
    unlink("");
    rename("", "");
    struct timespec zero = {0, 0};
    nanosleep(&zero, NULL);
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
    (void)sigchain_gettid();
    (void)getpid();
}

int sc_crash_install(void) {
    pthread_mutex_lock(&install_lock);
    if (installed) {
        pthread_mutex_unlock(&install_lock);
        sc_crash_prepare_thread();
        return 0;
    }
    warm_up();
    // A signal the app set to SIG_IGN stays ignored (sigchain_install leaves it alone).
    for (int i = 0; i < SIGNAL_COUNT; i++) sigchain_install(&links[i], crash_signals[i], crash_handler);
    if (!exit_guard_registered) {
        atexit(exit_guard);
        exit_guard_registered = 1;
    }
    __atomic_store_n(&installed, 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&install_lock);
    sc_crash_prepare_thread();
    return 1;
}

int sc_crash_uninstall(void) {
    pthread_mutex_lock(&install_lock);
    int was = installed;
    // The old handler goes back only where ours is still the one installed.
    for (int i = 0; i < SIGNAL_COUNT && was; i++) sigchain_remove(&links[i], crash_handler);
    __atomic_store_n(&installed, 0, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&install_lock);
    return was;
}
