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

/// Makes the crash hook slow (300 ms before it writes the dump) and remembers that a crash is
/// being handled: the exit-race scenario calls exit() on another thread in that window.
void fixture_slow_crash_handling(void);

/// Whether the crash hook has started handling a crash (after fixture_slow_crash_handling).
int fixture_crash_being_handled(void);

/// Renames `from` to `to` when the crash hook starts handling a crash (before the live file's
/// crash flush), so that the lines the live file's writer could not write wait for the crash flush.
void fixture_rename_on_crash(const char *from, const char *to);

#endif
