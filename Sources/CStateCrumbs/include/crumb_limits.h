// Limits the Swift recorder and the C side (ring, crash path, live writer) must agree on, named
// once: the C buffers are sized by them and Swift reads them through the Clang importer
// (CrumbLimits.swift, CrashHook.swift).
#ifndef CSTATECRUMBS_CRUMB_LIMITS_H
#define CSTATECRUMBS_CRUMB_LIMITS_H

/// The smallest crumb size `enable` accepts (`maxCrumbBytes`): still room for a useful crumb.
#define SC_MIN_CRUMB_BYTES 256

/// The largest crumb size `enable` accepts, so that `maxCrumbs` times it stays a sane amount of
/// memory; the crash path's copy of one crumb is this big. A multiple of 8 (a ring slot is
/// whole 8-byte words).
#define SC_MAX_CRUMB_BYTES 65536

/// A file path with its terminating NUL (Linux's PATH_MAX): a crash dump file or live file
/// path must be shorter. A longer one is refused, never cut to a different file's name.
#define SC_PATH_BYTES 4096

/// A thread's name for crumbs with its terminating NUL (`Crumbs.setThreadName` keeps 71 bytes).
#define SC_THREAD_NAME_BYTES 72

#endif
