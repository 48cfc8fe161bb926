// The crash dump: what the crash hook writes, and where (stderr, a file, or the app's callback).
//
// This runs inside a signal handler (crash_hook.c says when), so it calls only functions POSIX
// lists as async-signal-safe (write, open, close, fsync, rename, unlink, getpid), takes no lock
// and allocates nothing: the buffers are static, and one crash at a time uses them (the
// handler lets only the first crashing thread through).
#define _GNU_SOURCE
#include "crash_dump.h"

#include "crash_hook.h"
#include "crumb_limits.h"
#include "crumb_ring.h"
#include "crumb_format.h"
#include "pretty_json.h"
#include "signal_chain.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

_Static_assert(SC_PATH_BYTES == PATH_MAX, "SC_PATH_BYTES is Linux's PATH_MAX");
_Static_assert(SC_MAX_CRUMB_BYTES % 8 == 0, "a ring slot is whole words");

// Configuration, double-buffered: configure writes the slot not in use, then flips the index
// with a release store; the handler reads the index with acquire and uses that slot.
typedef struct {
    int mode;
    sc_crash_callback callback;
    char path[SC_PATH_BYTES];
} crash_config;
static crash_config configs[2];
static int active_config;
static pthread_mutex_t configure_lock = PTHREAD_MUTEX_INITIALIZER;

// One crumb at a time is copied here for the dump: a whole ring slot of the largest crumb.
static uint8_t crumb_copy[SC_MAX_CRUMB_BYTES];
// The crumb with its tokens expanded: never longer than its slot (the writer counts them so).
static uint8_t crumb_text[SC_MAX_CRUMB_BYTES];
// The dump is assembled here and written in as few write() calls as it takes (one, up to
// 256 KiB): other threads that crash at the same moment print their own messages to stderr,
// and a single write keeps those from landing in the middle of the JSON.
static uint8_t dump_buffer[256 << 10];
// The temporary file name for `.file`: the path, ".crash-" and the process id.
static char temporary_path[SC_PATH_BYTES + 32];

int sc_crash_configure(int mode, const char *path, sc_crash_callback callback) {
    size_t length = path ? strlen(path) : 0;
    int fits = length < SC_PATH_BYTES;
    if (!fits) {
        // Cut, it would name another file: the dump goes to stderr instead.
        if (mode == SC_CRASH_FILE) mode = SC_CRASH_STDERR;
        length = 0;
    }
    pthread_mutex_lock(&configure_lock);
    int next = 1 - __atomic_load_n(&active_config, __ATOMIC_ACQUIRE);
    configs[next].mode = mode;
    configs[next].callback = callback;
    if (length) memcpy(configs[next].path, path, length);
    configs[next].path[length] = 0;
    __atomic_store_n(&active_config, next, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&configure_lock);
    return fits;
}

static void sink_to_fd(void *context, const uint8_t *bytes, size_t length) {
    sigchain_write_all(*(int *)context, bytes, length);  // a failure: nothing better to do in a crash
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
            if (length < 0) continue;
            int64_t text = sc_expand_tokens(crumb_copy, (size_t)length, crumb_text, sizeof crumb_text);
            if (text >= 0) sc_pretty_array_element(&sink, crumb_text, (size_t)text, count++);
        }
    }
    // During a crash, its crumb comes last; with no ring (maxCrumbs 0) it is the dump's one crumb.
    size_t crash_length;
    const uint8_t *crash = sc_crash_crumb(&crash_length);
    if (crash_length > 0) sc_pretty_array_element(&sink, crash, crash_length, count++);
    sc_pretty_array_end(&sink, count);
    sc_sink_put(&sink, (const uint8_t *)after, strlen(after));
    sc_sink_flush(&sink);
}

static void write_text(int fd, const char *text) { sigchain_write_all(fd, text, strlen(text)); }

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
    size_t length = strlen(path);  // < SC_PATH_BYTES: sc_crash_configure refuses longer
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

void sc_crash_write_configured(void) {
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
