#define _GNU_SOURCE
#include "ring_file.h"

#include "ring_layout.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

// MARK: Who wrote a ring file, and does it still run

// The start time of a process, field 22 of /proc/PID/stat (clock ticks since boot); 0 when it
// cannot be read (no such process, no /proc) or the process has ended and only waits for its
// parent to collect its status (a zombie, state Z or X). With the pid and the boot, it names one
// process: a pid used again later gets another start time.
static uint64_t start_time_of(pid_t pid) {
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t length = read(fd, text, sizeof text - 1);
    close(fd);
    if (length <= 0) return 0;
    text[length] = 0;
    // The name (field 2) is in parentheses and may itself hold ") ": count from the last one.
    char *field = strrchr(text, ')');
    if (field == NULL || field[1] != ' ' || field[2] == 'Z' || field[2] == 'X') return 0;
    for (int number = 2; number < 22; number++) {
        field = strchr(field + 1, ' ');
        if (field == NULL) return 0;
    }
    return strtoull(field + 1, NULL, 10);
}

// /proc/sys/kernel/random/boot_id (36 characters), zero-padded; all zero when unreadable.
static void read_boot_id(char out[40]) {
    memset(out, 0, 40);
    int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t length = read(fd, out, 36);
    close(fd);
    if (length != 36) memset(out, 0, 40);
}

static int same_boot(const char recorded[40]) {
    char now[40];
    read_boot_id(now);
    if (recorded[0] == 0 || now[0] == 0) return 1;  // unknown: the start time decides
    return memcmp(recorded, now, 40) == 0;
}

static int process_running(pid_t pid, uint64_t start, const char boot_id[40]) {
    if (pid <= 0 || !same_boot(boot_id)) return 0;
    if (start != 0) return start_time_of(pid) == start;
    return kill(pid, 0) == 0 || errno == EPERM;
}

// MARK: Looking at a path

// What is wrong with a header, or NULL when it describes a ring file of `file_bytes`.
static const char *header_problem(const sc_ring_header *header, uint64_t file_bytes) {
    if (memcmp(header->magic, SC_RING_MAGIC, sizeof header->magic) != 0) return "it does not start with CRUMRING";
    if (header->byte_order != SC_RING_BYTE_ORDER) return "it was written with the other byte order";
    // Version 1, from before the tokens, is read the same way: an old file is kept as evidence.
    if (header->version < 1 || header->version > SC_RING_VERSION) return "its format version is not 1 or 2";
    uint64_t header_bytes = header->header_bytes;
    if (header_bytes < sizeof(sc_ring_header) || header_bytes % 8 != 0 || header_bytes > (1u << 20))
        return "its header size is wrong";
    if (header->capacity == 0 || header->slot_bytes == 0 || header->slot_bytes % 8 != 0 ||
        header->stride != sizeof(sc_slot_header) + (uint64_t)header->slot_bytes)
        return "its slot sizes are wrong";
    uint64_t total = header_bytes + (uint64_t)header->capacity * header->stride;  // < 2^61: no overflow
    if (header->total_bytes != total) return "its size fields disagree";
    if (file_bytes < total) return "it is cut short";
    if (file_bytes > total) return "it is longer than its header says";
    return NULL;
}

static int folder_exists(const char *path) {
    char folder[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (slash == NULL) return 1;  // the working directory
    size_t length = slash == path ? 1 : (size_t)(slash - path);
    if (length >= sizeof folder) return 0;
    memcpy(folder, path, length);
    folder[length] = 0;
    struct stat status;
    return stat(folder, &status) == 0 && S_ISDIR(status.st_mode);
}

// Sorts what `status` describes; returns 0 when it is a regular file of this user.
static int classify(const struct stat *status, sc_ring_path *out) {
    if (S_ISLNK(status->st_mode)) out->kind = SC_RING_PATH_SYMLINK;
    else if (!S_ISREG(status->st_mode)) out->kind = SC_RING_PATH_NOT_REGULAR;
    else if (status->st_uid != geteuid()) out->kind = SC_RING_PATH_OTHER_USER;
    else return 0;
    out->owner = (uint32_t)status->st_uid;
    return 1;
}

void sc_ring_path_inspect(const char *path, sc_ring_path *out) {
    memset(out, 0, sizeof *out);
    struct stat status;
    if (lstat(path, &status) != 0) {
        out->error = errno;
        if (errno == ENOENT) out->kind = folder_exists(path) ? SC_RING_PATH_ABSENT : SC_RING_PATH_NO_FOLDER;
        else out->kind = errno == ENOTDIR ? SC_RING_PATH_NO_FOLDER : SC_RING_PATH_UNREADABLE;
        return;
    }
    if (classify(&status, out)) return;
    // O_NOFOLLOW: a symlink swapped in since lstat is refused, not followed. The file checked is
    // the one opened (fstat), whatever the path names by now.
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        out->error = errno;
        out->kind = errno == ELOOP ? SC_RING_PATH_SYMLINK : SC_RING_PATH_UNREADABLE;
        return;
    }
    sc_ring_header header;
    ssize_t got = -1;
    if (fstat(fd, &status) == 0 && !classify(&status, out)) got = pread(fd, &header, sizeof header, 0);
    int read_error = errno;
    close(fd);
    if (out->kind != SC_RING_PATH_ABSENT) return;  // classify sorted it
    if (got < 0) {
        out->kind = SC_RING_PATH_UNREADABLE;
        out->error = read_error;
        return;
    }
    out->problem = got < (ssize_t)sizeof header ? "it is shorter than a ring file's header"
                                                 : header_problem(&header, (uint64_t)status.st_size);
    if (out->problem) {
        out->kind = SC_RING_PATH_NOT_RING;
        return;
    }
    out->kind = SC_RING_PATH_RING;
    out->pid = header.pid;
    out->state = header.state;
    out->device = (uint64_t)status.st_dev;
    out->inode = (uint64_t)status.st_ino;
    pid_t self = getpid();
    out->this_process = header.pid == self && header.process_start == start_time_of(self) && same_boot(header.boot_id);
    out->writer_running = !out->this_process && process_running(header.pid, header.process_start, header.boot_id);
}

// MARK: Making one

int sc_ring_file_keep_earlier(const char *path, int keep) {
    char from[PATH_MAX + 16], to[PATH_MAX + 16];
    if (strlen(path) >= PATH_MAX) return ENAMETOOLONG;
    // An earlier NAME.keep is replaced (dropped) by the rename onto it; a missing one is fine.
    for (int i = keep - 1; i >= 1; i--) {
        snprintf(from, sizeof from, "%s.%d", path, i);
        snprintf(to, sizeof to, "%s.%d", path, i + 1);
        rename(from, to);
    }
    snprintf(to, sizeof to, "%s.1", path);
    return rename(path, to) == 0 ? 0 : errno;
}

sc_ring *sc_ring_file_create(char *template, uint32_t capacity, uint32_t slot_bytes,
                             uint64_t *device, uint64_t *inode, int *error, const char **step) {
    uint64_t bytes = sc_ring_layout_bytes(capacity, slot_bytes);
    // Reserving past `ulimit -f` raises SIGXFSZ, which ends the process by default: ask first.
    struct rlimit limit;
    if (bytes > (uint64_t)SSIZE_MAX ||
        (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && bytes > limit.rlim_cur)) {
        *error = EFBIG;
        *step = "cannot reserve its size";
        return NULL;
    }
    int fd = mkostemps(template, 4, O_CLOEXEC);  // O_CREAT | O_EXCL: never through a symlink
    if (fd < 0) {
        *error = errno;
        *step = "cannot create it";
        return NULL;
    }
    void *memory = MAP_FAILED;
    sc_ring *ring = NULL;
    struct stat status;
    if (fchmod(fd, 0600) != 0) {  // mkostemps applies the umask to 0600
        *error = errno;
        *step = "cannot set its mode";
        goto failed;
    }
    // The blocks are reserved up front: touching a page of a sparse shared mapping that the filesystem cannot
    // back (a full disk, a full tmpfs) would raise SIGBUS inside crumb().
    *error = posix_fallocate(fd, 0, (off_t)bytes);
    if (*error != 0) {
        *step = "cannot reserve its size";
        goto failed;
    }
    memory = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (memory == MAP_FAILED || fstat(fd, &status) != 0) {
        *error = errno;
        *step = "cannot map it";
        goto failed;
    }
    ring = sc_ring_adopt(memory, capacity, slot_bytes);
    if (ring == NULL) {
        *error = ENOMEM;
        *step = "cannot map it";
        goto failed;
    }
    sc_ring_set_shared(ring);
    sc_ring_header *header = sc_ring_memory(ring);
    header->pid = getpid();
    header->process_start = start_time_of(header->pid);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    header->created_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
    read_boot_id(header->boot_id);
    *device = (uint64_t)status.st_dev;
    *inode = (uint64_t)status.st_ino;
    close(fd);  // the mapping keeps the file
    return ring;

failed:
    if (memory != MAP_FAILED) munmap(memory, (size_t)bytes);
    close(fd);
    unlink(template);
    return NULL;
}

int sc_ring_file_place(const char *temporary, const char *path, int replace) {
    if (replace) return rename(temporary, path) == 0 ? 0 : errno;
    if (renameat2(AT_FDCWD, temporary, AT_FDCWD, path, RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return errno;
    // A filesystem without RENAME_NOREPLACE: link() refuses an existing name too.
    if (link(temporary, path) != 0) return errno;
    unlink(temporary);
    return 0;
}

// MARK: fork()

// Runs in the child of fork() before fork returns there, when only the thread that forked
// exists; it calls mmap alone (no lock, no allocation). Without it the child's crumbs would go
// into the parent's file. A ring file no longer current needs nothing: nothing writes to it.
static void in_forked_child(void) { sc_ring_move_to_memory(sc_current_ring()); }

static void install_fork_handler(void) { pthread_atfork(NULL, NULL, in_forked_child); }

void sc_ring_file_prepare_fork(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install_fork_handler);
}
