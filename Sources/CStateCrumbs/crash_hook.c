// The crash path. Everything between the signal and the process's death is in this file.
//
// Inside a signal handler the process may be in any state: another thread (or this one) may
// hold malloc's lock, the Swift runtime's locks, or be halfway through a crumb. So this code
// calls only functions POSIX lists as async-signal-safe (write, open, close, fsync, rename,
// unlink, sigaction, pthread_sigmask, nanosleep, getpid) and raw system calls (gettid,
// tgkill); it takes no lock, allocates nothing (the crumb copy buffer is static and one crash
// at a time uses it), and touches no Swift or Foundation code, except the `.handler` callback,
// which the Swift API documents as running inside the crash.
//
// Order on a crash, as measured to work with Swift's runtime backtracer (shared/NOTES.md):
//   1. claim the crash (first thread wins; a crash inside the hook ends the process at once)
//      and freeze the ring, so other threads' crumbs cannot push out the ones before the crash;
//   2. write the live file's queued lines (live_writer.c), then the crumbs (stderr, file or
//      callback);
//   3. put back every handler that was there before and call the one for this signal (the
//      runtime backtracer prints its backtrace, after our crumbs);
//   4. set SIG_DFL and either return, so a hardware fault happens again and kills the process
//      with the default action (core dump unchanged), or re-raise a signal that would not
//      come back by itself (sent with kill, abort, int3, seccomp).
#define _GNU_SOURCE
#include "crash_hook.h"

#include "crumb_ring.h"
#include "live_writer.h"
#include "pretty_json.h"
#include "thread_info.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const int crash_signals[] = {SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGSYS};
#define SIGNAL_COUNT ((int)(sizeof crash_signals / sizeof crash_signals[0]))

// Installed state: changed only by install/uninstall, under install_lock (never in a handler).
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigaction previous[SIGNAL_COUNT];
static int ours[SIGNAL_COUNT];
static int installed;
static int exit_guard_registered;

// Configuration, double-buffered: configure writes the slot not in use, then flips the index
// with a release store; the handler reads the index with acquire and uses that slot.
typedef struct {
    int mode;
    sc_crash_callback callback;
    char path[4001];
} crash_config;
static crash_config configs[2];
static int active_config;
static pthread_mutex_t configure_lock = PTHREAD_MUTEX_INITIALIZER;

// The thread handling the crash (0 before any), and its signal.
static int crashing_tid;
static int crash_signal;

static void (*probe_before)(void);
static void (*probe_after)(void);

// One crumb at a time is copied here for the dump: static, so the crash path allocates nothing.
static uint8_t crumb_copy[65536 + 64];
// The dump is assembled here and written in as few write() calls as it takes (one, up to
// 256 KiB): other threads that crash at the same moment print their own messages to stderr,
// and a single write keeps those from landing in the middle of the JSON.
static uint8_t dump_buffer[256 << 10];
// The temporary file name for `.file`: the path plus ".crash-<pid>".
static char temporary_path[4001 + 32];

#define ALT_STACK_SIZE (64 * 1024)

static int current_tid(void) { return (int)syscall(SYS_gettid); }

// MARK: Writing

static void write_all(int fd, const uint8_t *bytes, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            return;  // nothing better to do inside a crash
        }
        bytes += written;
        length -= (size_t)written;
    }
}

static void sink_to_fd(void *context, const uint8_t *bytes, size_t length) {
    write_all(*(int *)context, bytes, length);
}

void sc_crash_write_dump(int fd, const char *before, const char *after) {
    sc_sink sink;
    sink.write = sink_to_fd;
    sink.context = &fd;
    sink.buffer = dump_buffer;
    sink.capacity = sizeof dump_buffer;
    sink.used = 0;
    sc_sink_put(&sink, (const uint8_t *)before, strlen(before));
    sc_pretty_array_begin(&sink);
    int count = 0;
    sc_ring *ring = sc_current_ring();
    if (ring != NULL) {
        uint64_t first, end;
        sc_ring_window(ring, &first, &end);
        for (uint64_t ticket = first; ticket < end; ticket++) {
            // A crumb being written at this moment (by any thread) reads as -1: skipped.
            int32_t length = sc_ring_read(ring, ticket, crumb_copy, sizeof crumb_copy);
            if (length >= 0) sc_pretty_array_element(&sink, crumb_copy, (size_t)length, count++);
        }
    }
    sc_pretty_array_end(&sink, count);
    sc_sink_put(&sink, (const uint8_t *)after, strlen(after));
    sc_sink_flush(&sink);
}

static void write_text(int fd, const char *text) { write_all(fd, (const uint8_t *)text, strlen(text)); }

static size_t append_number(char *out, long value) {
    char digits[24];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    for (size_t i = 0; i < count; i++) out[i] = digits[count - 1 - i];
    out[count] = 0;
    return count;
}

// `.file`: a temporary file beside the target, opened so that it cannot be a planted symlink
// (O_CREAT | O_EXCL | O_NOFOLLOW, after unlinking whatever has that name), mode 0600, then
// renamed over the target: rename replaces a symlink at the path, it does not follow it.
static int write_dump_file(const char *path) {
    size_t length = strlen(path);
    memcpy(temporary_path, path, length);
    memcpy(temporary_path + length, ".crash-", 7);
    append_number(temporary_path + length + 7, (long)getpid());
    unlink(temporary_path);
    int fd = open(temporary_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return errno;
    sc_crash_write_dump(fd, "", "\n");
    fsync(fd);
    close(fd);
    if (rename(temporary_path, path) != 0) {
        int error = errno;
        unlink(temporary_path);
        return error;
    }
    return 0;
}

static void write_crumbs(void) {
    const crash_config *config = &configs[__atomic_load_n(&active_config, __ATOMIC_ACQUIRE)];
    switch (config->mode) {
    case SC_CRASH_STDERR:
        sc_crash_write_dump(2, "\n", "\n");
        break;
    case SC_CRASH_FILE: {
        int error = write_dump_file(config->path);
        if (error != 0) {
            // Never lose the dump: say why the file failed and write it to stderr instead.
            char number[24];
            append_number(number, error);
            write_text(2, "\nStateCrumbs: cannot write the crash dump to ");
            write_text(2, config->path);
            write_text(2, " (errno ");
            write_text(2, number);
            write_text(2, "); the crumbs follow.\n");
            sc_crash_write_dump(2, "", "\n");
        }
        break;
    }
    case SC_CRASH_HANDLER:
        if (config->callback) config->callback();
        break;
    default:
        break;
    }
}

// MARK: Dying

static void set_default(int sig) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, NULL);
}

static void raise_on_this_thread(int sig) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    syscall(SYS_tgkill, getpid(), current_tid(), sig);
}

// Ends the process by `sig` with the default action, now.
static void die_now(int sig) {
    set_default(sig);
    raise_on_this_thread(sig);
    _exit(128 + sig);  // only if the signal could not kill us (it always can with SIG_DFL)
}

// Whether returning from the handler runs the faulting instruction again.
static int will_recur(int sig, const siginfo_t *info) {
    if (sig != SIGSEGV && sig != SIGBUS && sig != SIGILL && sig != SIGFPE) return 0;
    return info != NULL && info->si_code > 0 && info->si_code != SI_KERNEL;
}

// Waits while another thread handles the crash; it ends the process. Bounded, in case that
// thread hangs (a `.handler` closure that deadlocks): 60 s, then the caller goes on.
static void wait_for_the_end(void) {
    struct timespec pause = {0, 50 * 1000 * 1000};
    for (int i = 0; i < 1200; i++) nanosleep(&pause, NULL);
}

static void restore_previous_handlers(void) {
    for (int i = 0; i < SIGNAL_COUNT; i++) {
        if (ours[i]) sigaction(crash_signals[i], &previous[i], NULL);
    }
}

static int signal_index(int sig) {
    for (int i = 0; i < SIGNAL_COUNT; i++) {
        if (crash_signals[i] == sig) return i;
    }
    return -1;
}

static void call_previous(int sig, siginfo_t *info, void *context) {
    int index = signal_index(sig);
    if (index < 0 || !ours[index]) return;
    const struct sigaction *before = &previous[index];
    if (before->sa_flags & SA_SIGINFO) {
        if (before->sa_sigaction) before->sa_sigaction(sig, info, context);
    } else if (before->sa_handler != SIG_DFL && before->sa_handler != SIG_IGN) {
        before->sa_handler(sig);
    }
}

static void crash_handler(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    int self = current_tid();
    int expected = 0;
    if (!__atomic_compare_exchange_n(&crashing_tid, &expected, self, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        if (expected == self) die_now(crash_signal);  // a crash inside the hook: no loop
        wait_for_the_end();
        die_now(sig);
    }
    crash_signal = sig;
    sc_ring_freeze(sc_current_ring());
    sc_live_crash_flush();  // the live file gets every line recorded before the crash

    if (probe_before) probe_before();
    write_crumbs();
    if (probe_after) probe_after();

    // Threads that crash at the same moment wait in this handler while ours is installed. Give
    // them a moment to arrive before handing over: once the previous handlers are back, a
    // thread that traps goes straight to Swift's backtracer, which is not safe against a second
    // crash while it works (it can die halfway and leave its helper process behind).
    struct timespec grace = {0, 20 * 1000 * 1000};
    nanosleep(&grace, NULL);

    restore_previous_handlers();
    call_previous(sig, info, context);

    set_default(sig);
    if (!will_recur(sig, info)) raise_on_this_thread(sig);
    errno = saved_errno;
    // Returning re-runs the faulting instruction, which now kills the process by SIG_DFL.
}

// Holds exit() on any other thread while a crash is being handled, so that a normal exit
// cannot end the process with status 0 before the crash does.
static void exit_guard(void) {
    int tid = __atomic_load_n(&crashing_tid, __ATOMIC_ACQUIRE);
    if (tid != 0 && tid != current_tid()) wait_for_the_end();
}

// MARK: Installing (ordinary code, not signal handlers)

void sc_crash_configure(int mode, const char *path, sc_crash_callback callback) {
    pthread_mutex_lock(&configure_lock);
    int next = 1 - __atomic_load_n(&active_config, __ATOMIC_ACQUIRE);
    configs[next].mode = mode;
    configs[next].callback = callback;
    size_t length = path ? strlen(path) : 0;
    if (length >= sizeof configs[next].path) length = sizeof configs[next].path - 1;
    if (length) memcpy(configs[next].path, path, length);
    configs[next].path[length] = 0;
    __atomic_store_n(&active_config, next, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&configure_lock);
}

void sc_crash_set_probes(void (*before)(void), void (*after)(void)) {
    probe_before = before;
    probe_after = after;
}

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
    unlink("");
    rename("", "");
    struct timespec zero = {0, 0};
    nanosleep(&zero, NULL);
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
    (void)current_tid();
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
    for (int i = 0; i < SIGNAL_COUNT; i++) {
        struct sigaction before;
        ours[i] = 0;
        if (sigaction(crash_signals[i], NULL, &before) != 0) continue;
        if (!(before.sa_flags & SA_SIGINFO) && before.sa_handler == SIG_IGN) continue;  // the app's choice
        previous[i] = before;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = crash_handler;
        // SA_NODEFER: the chained runtime backtracer takes deliberate faults of its own; with
        // the signal blocked they would kill the process halfway through the backtrace.
        action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
        sigemptyset(&action.sa_mask);
        if (sigaction(crash_signals[i], &action, NULL) == 0) ours[i] = 1;
    }
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
    for (int i = 0; i < SIGNAL_COUNT && was; i++) {
        if (!ours[i]) continue;
        struct sigaction now;
        // Put the old handler back only if ours is still the one installed.
        if (sigaction(crash_signals[i], NULL, &now) == 0 && (now.sa_flags & SA_SIGINFO) &&
            now.sa_sigaction == crash_handler)
            sigaction(crash_signals[i], &previous[i], NULL);
        ours[i] = 0;
    }
    __atomic_store_n(&installed, 0, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&install_lock);
    return was;
}
