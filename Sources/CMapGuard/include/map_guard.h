// Keeps crumbtui alive when a file it has mapped is cut short under it (another process
// truncates or rewrites it: `app 2> crash.log` run again while crash.log is open). Reading a
// mapped page past the file's new end raises SIGBUS; for a registered mapping the handler puts
// zero-filled pages over the rest of it instead, notes where, and lets the read go on.
#ifndef CMAPGUARD_H
#define CMAPGUARD_H

#include <signal.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Protects the mapping at `base` of `length` bytes (installing the SIGBUS handler the first
/// time). Returns 0 when all slots are taken (the mapping is then unprotected).
int mg_protect(const void *base, size_t length);

/// Stops protecting the mapping at `base` (before it is unmapped).
void mg_forget(const void *base);

/// The offset from which the mapping at `base` reads as zeros because its file was cut short,
/// or (size_t)-1 while it is whole.
size_t mg_lost_from(const void *base);

/// For another SIGBUS handler (the terminal guard's): handles the fault when it is a read past
/// the end of a protected mapping. Returns 1 when it did (the handler should return at once).
int mg_handle_fault(int sig, const siginfo_t *info);

#ifdef __cplusplus
}
#endif
#endif
