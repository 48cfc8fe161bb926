// LD_PRELOAD shim that counts calls to malloc, calloc and realloc, for the benchmark's
// "allocations per crumb" and the crash tests' "no allocation on the crash path".
// Build: gcc -O2 -shared -fPIC -o malloc_counter.so malloc_counter.c -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>

static uint64_t calls;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);

uint64_t malloc_counter_calls(void) { return __atomic_load_n(&calls, __ATOMIC_RELAXED); }

void *malloc(size_t size) {
    if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc");
    __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
    return real_malloc(size);
}

// dlsym itself may calloc: serve that first call from a static buffer.
static char early[4096];
static int in_dlsym;

void *calloc(size_t count, size_t size) {
    if (!real_calloc) {
        if (in_dlsym) return early;
        in_dlsym = 1;
        real_calloc = dlsym(RTLD_NEXT, "calloc");
        in_dlsym = 0;
    }
    __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
    return real_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    if (!real_realloc) real_realloc = dlsym(RTLD_NEXT, "realloc");
    __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
    return real_realloc(pointer, size);
}

void free(void *pointer) {
    static void (*real_free)(void *);
    if (pointer == early) return;
    if (!real_free) real_free = dlsym(RTLD_NEXT, "free");
    real_free(pointer);
}
