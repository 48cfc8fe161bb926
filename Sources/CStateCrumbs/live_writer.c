#define _GNU_SOURCE
#include "live_writer.h"

#include "crumb_limits.h"
#include "otlp_json.h"
#include "own_crumbs.h"
#include "signal_chain.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

// 16 MiB of pending lines (about 100,000 crumbs, a tenth of a second at 1,000,000 a second)
// before crumb() starts dropping them.
#define QUEUE_BYTES ((size_t)16 << 20)
#define CHUNK_BYTES ((size_t)256 << 10)
#define MS 1000000ull

static sc_live_queue *queue;      // created once and never freed: a producer may still hold it
static sc_live_queue *published;  // what crumb() pushes to; NULL while the live file is off

// Configuration, under `lock`.
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t progress = PTHREAD_COND_INITIALIZER;
static int thread_started;
static int flush_waiters;
typedef struct {
    char path[SC_PATH_BYTES];
    int mode;
    uint64_t max_bytes;
    int keep;
    uint64_t interval_ns;
    int format;           // SC_LIVE_JSON_LINES or SC_LIVE_OTLP_JSON
    uint64_t generation;  // which sc_live_start set it
    size_t prefix_length;  // OTLP: the resource and scope part every line starts with
    uint8_t prefix[SC_OTLP_PREFIX_BYTES];
} live_config;
static live_config config;

// The writer's state. `fd` and `open_path` are also read by the crash path.
static int fd = -1;
static char open_path[SC_PATH_BYTES];
static uint64_t file_bytes;
static int error_reported;
static uint64_t lost_lines;  // lines a failed write took with it, for the dropped marker
static uint64_t written_position;  // queue position up to which lines are in the file
// Who drains the queue: the writer thread, or the crash path (which never gives it back).
static int consumer_busy;
// The configuration the open file was last written with, for the crash path's format: set by
// the consumer holding `consumer_busy`, read by the crash path once it holds it.
static live_config file_config;
// The writer thread's buffer for OTLP lines.
static uint8_t *otlp_line;

static sc_live_statistics statistics;

static void add(uint64_t *counter, uint64_t amount) { __atomic_fetch_add(counter, amount, __ATOMIC_RELAXED); }

static uint64_t count_lines(const uint8_t *bytes, size_t length) {
    uint64_t lines = 0;
    for (const uint8_t *p = bytes; (p = memchr(p, '\n', length - (size_t)(p - bytes))) != NULL; p++) lines++;
    return lines;
}

// Reports a problem once per episode: until a write succeeds again, later failures are only
// counted. The app never sees an error from crumb().
static void report(const char *what, int error) {
    add(&statistics.write_errors, 1);
    if (error_reported) return;
    error_reported = 1;
    char message[SC_PATH_BYTES + 256];
    int length = snprintf(message, sizeof message,
                          "StateCrumbs: live file %s: %s: %s; crumbs are counted as dropped until it works again\n",
                          config.path, what, strerror(error));
    if (length > 0) {
        ssize_t ignored = write(2, message, (size_t)length < sizeof message ? (size_t)length : sizeof message - 1);
        (void)ignored;
    }
}

static int open_live_file(const live_config *wanted) {
    int created = 1;
    int opened = open(wanted->path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, wanted->mode);
    if (opened < 0 && errno == EEXIST) {
        created = 0;
        opened = open(wanted->path, O_WRONLY | O_APPEND | O_CLOEXEC);
    }
    if (opened < 0) return -errno;
    if (created) fchmod(opened, (mode_t)wanted->mode);  // the mode asked for, whatever the umask
    struct stat status;
    file_bytes = fstat(opened, &status) == 0 ? (uint64_t)status.st_size : 0;
    return opened;
}

static void close_live_file(void) {
    if (fd >= 0) close(fd);
    __atomic_store_n(&fd, -1, __ATOMIC_RELEASE);
}

// Whether the open file is no longer the one at the path (deleted, its folder deleted, or
// renamed away by another program): then it is opened anew.
static int file_was_replaced(void) {
    struct stat open_status, path_status;
    if (fstat(fd, &open_status) != 0 || open_status.st_nlink == 0) return 1;
    if (stat(open_path, &path_status) != 0) return 1;
    return open_status.st_ino != path_status.st_ino || open_status.st_dev != path_status.st_dev;
}

static void rotate(const live_config *current) {
    close_live_file();
    char from[SC_PATH_BYTES + 16], to[SC_PATH_BYTES + 16];  // the path, "." and a number
    for (int i = current->keep - 1; i >= 1; i--) {
        snprintf(from, sizeof from, "%s.%d", current->path, i);
        snprintf(to, sizeof to, "%s.%d", current->path, i + 1);
        rename(from, to);
    }
    if (current->keep > 0) {
        snprintf(to, sizeof to, "%s.1", current->path);
        rename(current->path, to);
    } else {
        unlink(current->path);
    }
    int opened = open_live_file(current);
    if (opened < 0) {
        report("cannot open after rotating", -opened);
        return;
    }
    strcpy(open_path, current->path);
    __atomic_store_n(&fd, opened, __ATOMIC_RELEASE);
    add(&statistics.rotations, 1);
}

// Appends whole lines holding `crumbs` crumbs, rotating first when they would pass the limit.
static int write_lines(void *context, const uint8_t *bytes, size_t length, uint64_t crumbs) {
    const live_config *current = context;
    if (fd >= 0 && file_bytes > 0 && file_bytes + length > current->max_bytes) rotate(current);
    int error = fd >= 0 ? sigchain_write_all(fd, bytes, length) : EBADF;
    if (error != 0) {
        report("cannot write", error);
        lost_lines += crumbs;
        close_live_file();  // open again on the next round
        return 0;
    }
    error_reported = 0;
    file_bytes += length;
    add(&statistics.lines_written, crumbs);
    return 1;
}

static uint64_t realtime_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
}

// The queue's emit: JSON Lines as they are; OTLP lines built from them, one or more per chunk.
static int emit_to_file(void *context, const uint8_t *bytes, size_t length) {
    const live_config *current = context;
    if (current->format != SC_LIVE_OTLP_JSON) return write_lines(context, bytes, length, count_lines(bytes, length));
    // Lines no longer than a file may grow, so that rotation keeps files within it.
    uint64_t left = sc_otlp_convert(current->prefix, current->prefix_length, bytes, length, otlp_line,
                                    current->max_bytes, realtime_ns(), write_lines, context);
    lost_lines += left;  // after a failed write: the crumbs not converted yet are lost with it
    return left == 0;
}

// The line that says how many crumbs did not make it to the file.
static void write_dropped_marker(const live_config *current, uint64_t count) {
    uint8_t line[SC_DROP_MARKER_BYTES];
    size_t length = sc_drop_marker_line(line, count);
    if (emit_to_file((void *)current, line, length)) {
        add(&statistics.lines_dropped, count);
    } else {
        lost_lines += count - 1;  // emit counted the marker itself as lost: count the crumbs instead
    }
}

// One round: make sure the file is open, then write every committed line. Returns lines written.
static size_t write_round(const live_config *current, uint8_t *chunk) {
    int expected = 0;
    if (!__atomic_compare_exchange_n(&consumer_busy, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return 0;  // the crash path has it
    if (file_config.generation != current->generation) file_config = *current;
    size_t lines = 0;
    if (current->path[0] == 0) {
        close_live_file();
    } else {
        if (fd >= 0 && (strcmp(open_path, current->path) != 0 || file_was_replaced())) close_live_file();
        if (fd < 0) {
            int opened = open_live_file(current);
            if (opened < 0) {
                report("cannot open", -opened);  // lines stay queued; try again next round
            } else {
                strcpy(open_path, current->path);
                __atomic_store_n(&fd, opened, __ATOMIC_RELEASE);
            }
        }
        if (fd >= 0) {
            uint64_t dropped = sc_live_queue_take_dropped(queue) + lost_lines;
            lost_lines = 0;
            if (dropped > 0) write_dropped_marker(current, dropped);
            lines = sc_live_queue_drain(queue, chunk, CHUNK_BYTES, emit_to_file, (void *)current, 0);
        }
    }
    __atomic_store_n(&written_position, sc_live_queue_consumed(queue), __ATOMIC_RELEASE);
    __atomic_store_n(&consumer_busy, 0, __ATOMIC_RELEASE);
    return lines;
}

static void deadline_after(struct timespec *deadline, uint64_t ns) {
    clock_gettime(CLOCK_REALTIME, deadline);
    uint64_t total = (uint64_t)deadline->tv_nsec + ns;
    deadline->tv_sec += (time_t)(total / 1000000000ull);
    deadline->tv_nsec = (long)(total % 1000000000ull);
}

static void *writer_main(void *unused) {
    (void)unused;
    // Signals sent to the process go to other threads: a crash signal handled here could
    // find this thread halfway through a round and lose the lines queued behind it.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    uint8_t *chunk = malloc(CHUNK_BYTES);
    otlp_line = malloc(SC_OTLP_LINE_BYTES);  // its pages are touched only in OTLP mode
    if (chunk == NULL || otlp_line == NULL) return NULL;
    pthread_mutex_lock(&lock);
    for (;;) {
        live_config current = config;
        pthread_mutex_unlock(&lock);
        size_t lines = write_round(&current, chunk);
        pthread_mutex_lock(&lock);
        pthread_cond_broadcast(&progress);
        if (flush_waiters > 0 && sc_live_queue_consumed(queue) < sc_live_queue_reserved(queue)) continue;
        // Busy: come back in a millisecond. Idle: within the flush interval (at most 5 ms,
        // so a burst is picked up before it fills the queue).
        uint64_t wait = lines > 0 ? MS : (current.interval_ns < 5 * MS ? current.interval_ns : 5 * MS);
        struct timespec deadline;
        deadline_after(&deadline, wait);
        pthread_cond_timedwait(&wake, &lock, &deadline);
    }
    return NULL;
}

int sc_live_flush(uint64_t timeout_ns) {
    if (__atomic_load_n(&published, __ATOMIC_ACQUIRE) == NULL) return 0;
    uint64_t target = sc_live_queue_reserved(queue);
    struct timespec deadline;
    deadline_after(&deadline, timeout_ns);
    pthread_mutex_lock(&lock);
    flush_waiters++;
    int done = 0;
    for (;;) {
        if (__atomic_load_n(&written_position, __ATOMIC_ACQUIRE) >= target) { done = 1; break; }
        pthread_cond_signal(&wake);
        if (pthread_cond_timedwait(&progress, &lock, &deadline) == ETIMEDOUT) {
            done = __atomic_load_n(&written_position, __ATOMIC_ACQUIRE) >= target;
            break;
        }
    }
    flush_waiters--;
    pthread_mutex_unlock(&lock);
    return done;
}

static void flush_at_exit(void) { sc_live_flush(1000 * MS); }

int sc_live_start(const char *path, int mode, uint64_t max_bytes, int keep, uint64_t interval_ns, int format,
                  const char *version) {
    if (strlen(path) >= sizeof config.path) return SC_LIVE_PATH_TOO_LONG;  // cut, it would name another file
    pthread_mutex_lock(&lock);
    if (queue == NULL) {
        queue = sc_live_queue_create(QUEUE_BYTES);
        if (queue == NULL) {
            pthread_mutex_unlock(&lock);
            return 0;
        }
        atexit(flush_at_exit);
        // With `ulimit -f`, a write past the limit raises SIGXFSZ, which kills by default: let
        // the write fail with EFBIG instead, which the writer reports and survives.
        struct sigaction xfsz;
        if (sigaction(SIGXFSZ, NULL, &xfsz) == 0 && !(xfsz.sa_flags & SA_SIGINFO) && xfsz.sa_handler == SIG_DFL)
            signal(SIGXFSZ, SIG_IGN);
    }
    int changing_file = published != NULL && (strcmp(config.path, path) != 0 || config.format != format);
    pthread_mutex_unlock(&lock);
    if (changing_file) sc_live_flush(1000 * MS);  // what was recorded goes to the old file, as it was

    pthread_mutex_lock(&lock);
    strcpy(config.path, path);  // fits: checked above
    config.mode = mode;
    config.max_bytes = max_bytes > 0 ? max_bytes : UINT64_MAX;
    config.keep = keep < 0 ? 0 : keep;
    config.interval_ns = interval_ns > 0 ? interval_ns : 50 * MS;
    config.prefix_length = format == SC_LIVE_OTLP_JSON ? sc_otlp_prefix(config.prefix, sizeof config.prefix, version) : 0;
    config.format = config.prefix_length > 0 ? format : SC_LIVE_JSON_LINES;
    config.generation++;
    if (!thread_started) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&thread, &attributes, writer_main, NULL) == 0) {
            thread_started = 1;
            pthread_setname_np(thread, "statecrumbs-live");
        }
        pthread_attr_destroy(&attributes);
    }
    __atomic_store_n(&published, queue, __ATOMIC_RELEASE);
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    return thread_started;
}

void sc_live_stop(void) {
    if (__atomic_load_n(&published, __ATOMIC_ACQUIRE) == NULL) return;
    sc_live_flush(1000 * MS);
    pthread_mutex_lock(&lock);
    __atomic_store_n(&published, NULL, __ATOMIC_RELEASE);
    config.path[0] = 0;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
}

sc_live_queue *sc_live_current_queue(void) { return __atomic_load_n(&published, __ATOMIC_ACQUIRE); }

sc_live_statistics sc_live_statistics_now(void) {
    sc_live_statistics now;
    now.lines_written = __atomic_load_n(&statistics.lines_written, __ATOMIC_RELAXED);
    now.lines_dropped = __atomic_load_n(&statistics.lines_dropped, __ATOMIC_RELAXED);
    now.write_errors = __atomic_load_n(&statistics.write_errors, __ATOMIC_RELAXED);
    now.rotations = __atomic_load_n(&statistics.rotations, __ATOMIC_RELAXED);
    return now;
}

// MARK: The crash path (async-signal-safe: open, write, nanosleep, clock_gettime; static buffers; no lock)

static uint8_t crash_chunk[128 << 10];

static int emit_in_crash(void *context, const uint8_t *bytes, size_t length) {
    return sigchain_write_all(*(int *)context, bytes, length) == 0;
}

static uint8_t crash_otlp_line[SC_OTLP_LINE_BYTES];  // its pages are touched only in OTLP mode

static int write_otlp_in_crash(void *context, const uint8_t *line, size_t length, uint64_t crumbs) {
    return (void)crumbs, emit_in_crash(context, line, length);
}

static int emit_otlp_in_crash(void *context, const uint8_t *bytes, size_t length) {
    return sc_otlp_convert(file_config.prefix, file_config.prefix_length, bytes, length, crash_otlp_line,
                           file_config.max_bytes, realtime_ns(), write_otlp_in_crash, context) == 0;
}

void sc_live_crash_flush(const uint8_t *last_line, size_t last_length) {
    sc_live_queue *live = __atomic_load_n(&published, __ATOMIC_ACQUIRE);
    if (live == NULL) return;
    // The writer thread may be in the middle of a round: give it up to 200 ms to finish.
    struct timespec pause = {0, 500 * 1000};
    int expected = 0, taken = 0;
    for (int i = 0; i < 400 && !taken; i++) {
        expected = 0;
        taken = __atomic_compare_exchange_n(&consumer_busy, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
        if (!taken) nanosleep(&pause, NULL);
    }
    if (!taken) return;
    int target = __atomic_load_n(&fd, __ATOMIC_ACQUIRE);
    if (target < 0 && open_path[0] != 0) target = open(open_path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (target < 0) return;
    // The format the writer last wrote the file in (file_config is the consumer's, and so ours now).
    sc_live_emit emit = file_config.format == SC_LIVE_OTLP_JSON ? emit_otlp_in_crash : emit_in_crash;
    // As a writer's round: the drop marker first, then the queued lines; then the last line.
    uint64_t dropped = sc_live_queue_take_dropped(live) + lost_lines;
    uint8_t marker[SC_DROP_MARKER_BYTES];
    if (dropped > 0) emit(&target, marker, sc_drop_marker_line(marker, dropped));
    sc_live_queue_drain(live, crash_chunk, sizeof crash_chunk, emit, &target, 1);
    if (last_length > 0) emit(&target, last_line, last_length);
    // consumer_busy stays taken: the process is about to die.
}
