// Ring files: a ring whose slots live in a shared file mapping, so that the kernel keeps the
// crumbs whatever ends the process (SIGKILL, the OOM killer, a crash, a normal exit) and other
// processes can read them while it runs. The format is in Docs/ring-file-format.md.
//
// These functions run when `Crumbs.enable` sets up a ring file, never on the recording path.
#ifndef CSTATECRUMBS_RING_FILE_H
#define CSTATECRUMBS_RING_FILE_H

#include <stdint.h>

#include "crumb_ring.h"

#ifdef __cplusplus
extern "C" {
#endif

/// What a path holds, as far as ring files go.
enum {
    SC_RING_PATH_ABSENT = 0,    // nothing: a ring file can be made there
    SC_RING_PATH_RING = 1,      // a ring file (see the fields below)
    SC_RING_PATH_NO_FOLDER = 2, // its folder does not exist or is not a folder (`error`)
    SC_RING_PATH_SYMLINK = 3,
    SC_RING_PATH_NOT_REGULAR = 4,  // a folder, FIFO, device or socket
    SC_RING_PATH_OTHER_USER = 5,   // a file of another user (`owner`)
    SC_RING_PATH_NOT_RING = 6,     // a regular file that is not a ring file (`problem`)
    SC_RING_PATH_UNREADABLE = 7,   // could not be looked at (`error`)
};

typedef struct sc_ring_path {
    int kind;
    int error;            // errno, for NO_FOLDER and UNREADABLE
    uint32_t owner;       // OTHER_USER: its owner's uid
    const char *problem;  // NOT_RING: what is wrong with it (a static string)
    // RING:
    int32_t pid;          // the process that wrote it
    uint32_t state;       // 0 recording, 1 frozen by the crash hook, 2 detached
    int writer_running;   // that process (same pid, start time and boot) still runs
    int this_process;     // this process wrote it
    uint64_t device;      // the file, to tell whether it is a given ring's
    uint64_t inode;
} sc_ring_path;

/// Looks at `path` without following a symlink and without changing anything.
void sc_ring_path_inspect(const char *path, sc_ring_path *out);

/// Renames an earlier ring file out of the way: `PATH.(keep-1)` to `PATH.keep`, …, `PATH.1`
/// to `PATH.2`, then `PATH` to `PATH.1` (the live file's keep rule). Returns 0, or the errno
/// of the last rename (the one that matters: the earlier ring file is still at `path`).
int sc_ring_file_keep_earlier(const char *path, int keep);

/// Makes a ring file under a new name from `template` (a path ending in `XXXXXX.tmp`, which is
/// filled in): created O_EXCL, mode 0600 whatever the umask, its blocks reserved (so that
/// recording never meets a full disk), mapped shared, and its header written with this
/// process's pid, start time and boot. Returns the ring, or NULL with `*error` (an errno) and
/// `*step` (what failed, a static string); nothing is left behind then. `device` and `inode`
/// name the file.
sc_ring *sc_ring_file_create(char *template, uint32_t capacity, uint32_t slot_bytes,
                             uint64_t *device, uint64_t *inode, int *error, const char **step);

/// Gives the ring file made under `temporary` its name: atomically, and only if nothing is at
/// `path` unless `replace`. Returns 0 or an errno (the file is still at `temporary` then).
int sc_ring_file_place(const char *temporary, const char *path, int replace);

/// A forked child must not write into its parent's ring file: the first ring file installs a
/// fork handler that gives the child an empty ring of the same size in its own memory in place
/// of the current ring, if that is a ring file. Idempotent.
void sc_ring_file_prepare_fork(void);

#ifdef __cplusplus
}
#endif
#endif
