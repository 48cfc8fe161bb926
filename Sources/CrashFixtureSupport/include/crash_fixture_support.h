// Crashes that only C can cause, and the malloc probe, for the crash-fixture executable.
#ifndef CRASH_FIXTURE_SUPPORT_H
#define CRASH_FIXTURE_SUPPORT_H

/// Integer division by zero in C: SIGFPE on x86 (Swift's own `/ 0` traps with SIGILL).
int fixture_divide_by_zero(int divisor);

/// A breakpoint instruction: SIGTRAP.
void fixture_breakpoint(void);

/// Counts malloc calls during the crash dump and writes `crash-path-mallocs=N` to stderr after
/// it. Needs Benchmarks/malloc_counter.so preloaded; returns 0 without it.
int fixture_count_mallocs_during_dump(void);

#endif
