#define _GNU_SOURCE
#include "thread_info.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static __thread sc_thread_info current_info;
static pthread_key_t cleanup_key;
static pthread_once_t cleanup_once = PTHREAD_ONCE_INIT;

// Frees a finished thread's scratch buffer.
static void release_scratch(void *scratch) { free(scratch); }
static void make_cleanup_key(void) { pthread_key_create(&cleanup_key, release_scratch); }

sc_thread_info *sc_thread_info_current(void) { return &current_info; }

int sc_thread_info_reserve(sc_thread_info *info, uint32_t bytes) {
    if (info->scratch_cap >= bytes) return 1;
    uint8_t *grown = realloc(info->scratch, bytes);
    if (grown == NULL) return 0;
    info->scratch = grown;
    info->scratch_cap = bytes;
    pthread_once(&cleanup_once, make_cleanup_key);
    pthread_setspecific(cleanup_key, grown);
    return 1;
}

int32_t sc_gettid(void) { return (int32_t)syscall(SYS_gettid); }

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

void sc_thread_info_refresh_name(sc_thread_info *info) {
    info->since_name_check = 0;
    if (info->named_by_crumbs) return;
    int32_t tid = sc_gettid();
    if (tid == (int32_t)getpid()) {
        memcpy(info->name, "MainThread", 10);
        info->name_len = 10;
        return;
    }
    char name[32] = {0};
    // A thread nobody named carries the process's name (the kernel copies it at clone):
    // that is not a name of its own.
    if (pthread_getname_np(pthread_self(), name, sizeof name) == 0 && name[0] != 0) {
        char process[16] = {0};
        strncpy(process, program_invocation_short_name, 15);
        // libdispatch names its pool threads after the root queue's label, cut to the last
        // 15 bytes ("oot.default-qos"): the threads Swift concurrency runs tasks on. Such a
        // name says nothing about the work, so those get a number too.
        int pool = strstr(name, "-qos") != NULL || strstr(name, "overcommit") != NULL;
        if (!pool && strcmp(name, process) != 0) {
            size_t len = strlen(name);
            memcpy(info->name, name, len);
            info->name_len = (uint32_t)len;
            return;
        }
    }
    info->name_len = (uint32_t)snprintf(info->name, sizeof info->name, "Thread-%d", (int)tid);
}
