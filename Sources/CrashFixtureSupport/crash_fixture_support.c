#define _GNU_SOURCE
#include "crash_fixture_support.h"

#include <dlfcn.h>
#include <stdio.h>
#include <time.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "crash_hook.h"

int fixture_divide_by_zero(int divisor) {
    volatile int numerator = 1;
    return numerator / divisor;
}

void fixture_breakpoint(void) { __builtin_debugtrap(); }

static uint64_t (*count_mallocs)(void);
static uint64_t before;

static void probe_before(void) { before = count_mallocs(); }

static void probe_after(void) {
    uint64_t delta = count_mallocs() - before;
    char text[64] = "crash-path-mallocs=";
    size_t length = strlen(text);
    char digits[24];
    int count = 0;
    do {
        digits[count++] = (char)('0' + delta % 10);
        delta /= 10;
    } while (delta > 0);
    while (count > 0) text[length++] = digits[--count];
    text[length++] = '\n';
    write(2, text, length);
}

int fixture_count_mallocs_during_dump(void) {
    count_mallocs = (uint64_t(*)(void))dlsym(RTLD_DEFAULT, "malloc_counter_calls");
    if (count_mallocs == NULL) return 0;
    sc_crash_set_probes(probe_before, probe_after);
    return 1;
}

static int handling;

static void slow_before(void) {
    __atomic_store_n(&handling, 1, __ATOMIC_RELEASE);
    struct timespec pause = {0, 300 * 1000 * 1000};
    nanosleep(&pause, NULL);
}

void fixture_slow_crash_handling(void) { sc_crash_set_probes(slow_before, NULL); }

int fixture_crash_being_handled(void) { return __atomic_load_n(&handling, __ATOMIC_ACQUIRE); }

static char rename_from[4096], rename_to[4096];

static void rename_on_crash(void) { rename(rename_from, rename_to); }  // async-signal-safe

void fixture_rename_on_crash(const char *from, const char *to) {
    strncpy(rename_from, from, sizeof rename_from - 1);
    strncpy(rename_to, to, sizeof rename_to - 1);
    sc_crash_set_probes(rename_on_crash, NULL);
}
