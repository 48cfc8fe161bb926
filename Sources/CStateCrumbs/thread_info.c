#define _GNU_SOURCE
#include "thread_info.h"

#include "otlp_output.h"
#include "signal_chain.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

// initial-exec: reached by one instruction instead of a call to __tls_get_addr on every crumb.
// The library is linked into the program. (A shared build that is dlopen'ed still loads with
// glibc, which keeps some static TLS for that, about 300 bytes of it here; musl refuses it.)
static __thread sc_thread_info current_info __attribute__((tls_model("initial-exec")));
static pthread_key_t cleanup_key;
static pthread_once_t cleanup_once = PTHREAD_ONCE_INIT;

// Frees a finished thread's scratch buffer and key cache (one allocation), and forgets them:
// a crumb recorded by a later thread-exit destructor allocates anew instead of using freed
// memory (and is freed by the next round of destructors).
static void release_scratch(void *memory) {
    if (current_info.keys == memory) {
        current_info.keys = NULL;
        current_info.scratch = NULL;
        current_info.scratch_cap = 0;
    }
    free(memory);
}
static void make_cleanup_key(void) { pthread_key_create(&cleanup_key, release_scratch); }

sc_thread_info *sc_thread_info_current(void) { return &current_info; }

int sc_thread_info_reserve(sc_thread_info *info, uint32_t bytes) {
    if (info->scratch_cap >= bytes && info->keys != NULL) return 1;
    // The key cache first, then the scratch bytes: one block, so one free at thread exit.
    size_t cache = SC_KEY_CACHE_SIZE * sizeof(sc_key_entry);
    void *block = calloc(1, cache + bytes);
    if (block == NULL) return 0;
    void *old = info->keys;
    info->keys = (sc_key_entry *)block;
    info->scratch = (uint8_t *)block + cache;
    info->scratch_cap = bytes;
    pthread_once(&cleanup_once, make_cleanup_key);
    pthread_setspecific(cleanup_key, block);
    free(old);
    return 1;
}

void sc_thread_info_set_name(sc_thread_info *info, const char *name, uint32_t length) {
    if (length > sizeof info->name - 1) length = sizeof info->name - 1;
    memcpy(info->name, name, length);
    info->name_len = length;
    info->named_by_crumbs = 1;
    char kernel[16] = {0};
    uint32_t cut = length < 15 ? length : 15;
    while (cut > 0 && cut < length && ((unsigned char)name[cut] & 0xC0) == 0x80) cut--;  // not mid-character
    memcpy(kernel, name, cut);
    pthread_setname_np(pthread_self(), kernel);
}

// The process id and the thread's id, read once: the name is checked every 128 crumbs, and
// two system calls each time cost more than the crumbs' own work. A child of fork() starts
// over (not one of _Fork(), which runs no handlers).
static int32_t process_id;
static pthread_once_t fork_once = PTHREAD_ONCE_INIT;
static void forget_ids_in_child(void) {
    __atomic_store_n(&process_id, 0, __ATOMIC_RELAXED);
    current_info.tid = 0;
    current_info.json_name_len = 0;  // named anew: its Thread-<tid> was the parent's
}
static void watch_fork(void) { pthread_atfork(NULL, NULL, forget_ids_in_child); }

// Registered when recording is configured, not on the first crumb: a crumb could be recorded
// inside another library's fork handler, where registering a handler deadlocks.
void sc_thread_info_setup(void) { pthread_once(&fork_once, watch_fork); }

void sc_thread_info_refresh_name(sc_thread_info *info) {
    info->since_name_check = 0;
    if (info->named_by_crumbs) return;
    if (info->tid == 0) info->tid = sigchain_gettid();
    int32_t pid = __atomic_load_n(&process_id, __ATOMIC_RELAXED);
    if (pid == 0) {
        pid = (int32_t)getpid();
        __atomic_store_n(&process_id, pid, __ATOMIC_RELAXED);
    }
    info->name_len = sc_thread_system_name(info->tid, pid, info->name);
}

// Only system calls (prctl), reads of constant process state and string functions POSIX lists
// as async-signal-safe: the crash path names a thread that never recorded a crumb with it.
uint32_t sc_thread_system_name(int32_t tid, int32_t pid, char *out) {
    if (tid == pid) {
        memcpy(out, "MainThread", 10);
        return 10;
    }
    // PR_GET_NAME is what pthread_getname_np does for the calling thread: up to 15 bytes.
    char name[16] = {0};
    // A thread nobody named carries the process's name (the kernel copies it at clone):
    // that is not a name of its own.
    if (prctl(PR_GET_NAME, name) == 0 && name[0] != 0) {
        char process[16] = {0};
        strncpy(process, program_invocation_short_name, 15);
        // libdispatch names its pool threads after the root queue's label, cut to the last
        // 15 bytes ("oot.default-qos"): the threads Swift concurrency runs tasks on. Such a
        // name says nothing about the work, so those get a number too.
        int pool = strstr(name, "-qos") != NULL || strstr(name, "overcommit") != NULL;
        if (!pool && strcmp(name, process) != 0) {
            size_t len = strnlen(name, 15);
            memcpy(out, name, len);
            return (uint32_t)len;
        }
    }
    out_buffer text = {(uint8_t *)out, (uint8_t *)out + SC_THREAD_NAME_BYTES - 1, 0};
    PUT(&text, "Thread-");
    put_decimal(&text, (uint64_t)(uint32_t)tid);
    return (uint32_t)(text.at - (uint8_t *)out);
}
