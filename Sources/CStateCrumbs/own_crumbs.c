// The crumbs StateCrumbs writes of its own, as crumbs: `statecrumbs.crash`, which the crash path
// adds after the ring's crumbs to say what killed the process, and `statecrumbs.dropped`, the
// live file's drop marker.
//
// The crash crumb, compact, keys in this order (every value a string, as in any crumb):
//   {"event":"statecrumbs.crash","ts":"…","thread":"worker-7","signal":"SIGSEGV",
//    "code":"SEGV_MAPERR","address":"0x7ffd5c3e2ff8","pid":"4242"}
// - `thread`: the JSON string the crashing thread's own crumbs carry (so a reader can join
//   them); for a thread that recorded none, the name a crumb of it would carry.
// - `code`: the name of si_code for the signal (`code_N` for one Linux does not define).
// - `address`: where the kernel says the fault was (si_addr, for a fault of ILL, FPE, SEGV, BUS
//   or TRAP with a code of that signal); for SYS from seccomp or syscall user dispatch, the
//   system call's address, and `syscall` its number. Left out where there is no such address: a signal sent with kill,
//   raise, abort or sigqueue, or raised by the kernel with SI_KERNEL (where si_addr is 0).
// - `sender_pid`: after `pid`, for a signal another process sent (SI_USER, SI_QUEUE, SI_TKILL).
//
// It is built in the signal handler: no lock, no allocation, static buffers, and only calls
// POSIX lists as async-signal-safe (clock_gettime, getpid, memcpy) or raw system calls (gettid,
// prctl through sc_thread_system_name). The ring is not touched: it is frozen at the crash,
// and `Crumbs.snapshot()` never shows this crumb.
#define _GNU_SOURCE
#include "own_crumbs.h"

#include "crash_hook.h"
#include "crumb_clock.h"
#include "otlp_output.h"
#include "signal_chain.h"
#include "thread_info.h"

#include <time.h>
#include <unistd.h>

// The header, the stamp and the other keys take under 400 bytes; a thread name of
// SC_THREAD_NAME_BYTES bytes, every one escaped as \u00XX, six times its length.
_Static_assert(SC_CRASH_CRUMB_BYTES >= 400 + 6 * SC_THREAD_NAME_BYTES, "room for the crash crumb");

// MARK: Names

static const char *signal_name(int sig) {
    switch (sig) {
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGSEGV: return "SIGSEGV";
    case SIGSYS: return "SIGSYS";
    default: return NULL;  // not one the hook catches: `signal_N`
    }
}

// Each signal's own codes (si_code > 0), by value. The names come from glibc's constants where
// glibc 2.36 has them; the rest are Linux's own (include/uapi/asm-generic/siginfo.h).
#define CODE(name) [name] = #name
static const char *const ill_codes[] = {
    CODE(ILL_ILLOPC), CODE(ILL_ILLOPN), CODE(ILL_ILLADR), CODE(ILL_ILLTRP), CODE(ILL_PRVOPC),
    CODE(ILL_PRVREG), CODE(ILL_COPROC), CODE(ILL_BADSTK), CODE(ILL_BADIADDR),
};
static const char *const fpe_codes[] = {
    CODE(FPE_INTDIV), CODE(FPE_INTOVF), CODE(FPE_FLTDIV), CODE(FPE_FLTOVF), CODE(FPE_FLTUND),
    CODE(FPE_FLTRES), CODE(FPE_FLTINV), CODE(FPE_FLTSUB), CODE(FPE_FLTUNK), CODE(FPE_CONDTRAP),
};
static const char *const segv_codes[] = {
    CODE(SEGV_MAPERR), CODE(SEGV_ACCERR), CODE(SEGV_BNDERR), CODE(SEGV_PKUERR), CODE(SEGV_ACCADI),
    CODE(SEGV_ADIDERR), CODE(SEGV_ADIPERR), CODE(SEGV_MTEAERR), CODE(SEGV_MTESERR),
    [10] = "SEGV_CPERR",  // shadow stack (Linux 6.6)
};
static const char *const bus_codes[] = {
    CODE(BUS_ADRALN), CODE(BUS_ADRERR), CODE(BUS_OBJERR), CODE(BUS_MCEERR_AR), CODE(BUS_MCEERR_AO),
};
static const char *const trap_codes[] = {
    CODE(TRAP_BRKPT), CODE(TRAP_TRACE), CODE(TRAP_BRANCH), CODE(TRAP_HWBKPT), CODE(TRAP_UNK),
    [6] = "TRAP_PERF",  // a perf event with sigtrap=1 (Linux 5.13)
};
#define SYS_SECCOMP_CODE 1
#define SYS_USER_DISPATCH_CODE 2
static const char *const sys_codes[] = {
    [SYS_SECCOMP_CODE] = "SYS_SECCOMP",
    [SYS_USER_DISPATCH_CODE] = "SYS_USER_DISPATCH",  // syscall user dispatch (Linux 5.11)
};
#undef CODE

// Codes any signal can have: who sent it (si_code <= 0), or the kernel (SI_KERNEL).
static const struct {
    int code;
    const char *name;
} generic_codes[] = {
    {SI_USER, "SI_USER"},     {SI_KERNEL, "SI_KERNEL"},   {SI_QUEUE, "SI_QUEUE"},
    {SI_TIMER, "SI_TIMER"},   {SI_MESGQ, "SI_MESGQ"},     {SI_ASYNCIO, "SI_ASYNCIO"},
    {SI_SIGIO, "SI_SIGIO"},   {SI_TKILL, "SI_TKILL"},     {SI_DETHREAD, "SI_DETHREAD"},
    {SI_ASYNCNL, "SI_ASYNCNL"},
};

#define COUNT(table) (int)(sizeof table / sizeof table[0])
#define LOOK_UP(table) (code < COUNT(table) ? table[code] : NULL)

static const char *code_name(int sig, int code) {
    if (code <= 0 || code == SI_KERNEL) {
        for (int i = 0; i < COUNT(generic_codes); i++) {
            if (generic_codes[i].code == code) return generic_codes[i].name;
        }
        return NULL;
    }
    switch (sig) {
    case SIGILL: return LOOK_UP(ill_codes);
    case SIGFPE: return LOOK_UP(fpe_codes);
    case SIGSEGV: return LOOK_UP(segv_codes);
    case SIGBUS: return LOOK_UP(bus_codes);
    case SIGTRAP: return LOOK_UP(trap_codes);
    case SIGSYS: return LOOK_UP(sys_codes);
    default: return NULL;
    }
}

// MARK: Writing

static void put_signed(out_buffer *out, int64_t value) {
    if (value < 0) PUT(out, "-");
    put_decimal(out, value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value);
}

static void put_hex(out_buffer *out, uintptr_t value) {
    uint8_t digits[2 * sizeof value];
    int count = 0;
    do {
        digits[sizeof digits - 1 - count++] = (uint8_t)hex_digits[value & 15];
        value >>= 4;
    } while (value != 0);
    PUT(out, "0x");
    put(out, digits + sizeof digits - count, (size_t)count);
}

static void put_timestamp(out_buffer *out, struct timespec time) {
    uint8_t stamp[SC_TIMESTAMP_WIDTH];
    sc_format_timestamp(time.tv_sec, (int32_t)(time.tv_nsec / 1000), stamp);  // as crumbs write it
    put(out, stamp, sizeof stamp);
}

// A quoted JSON string escaped as a crumb's (CrumbCodec's JSONEscape): quote, backslash and
// control characters escaped, every other byte as it is.
static void put_json_string(out_buffer *out, const uint8_t *bytes, size_t length) {
    PUT(out, "\"");
    for (size_t i = 0; i < length; i++) {
        uint8_t c = bytes[i], escape[6] = {'\\', c, 0, 0, 0, 0};
        size_t width = 2;
        switch (c) {
        case '"': case '\\': break;
        case '\n': escape[1] = 'n'; break;
        case '\r': escape[1] = 'r'; break;
        case '\t': escape[1] = 't'; break;
        case '\b': escape[1] = 'b'; break;
        case '\f': escape[1] = 'f'; break;
        default:
            if (c >= 0x20) {
                width = 1, escape[0] = c;
            } else {
                memcpy(escape, "\\u00", 4), escape[4] = (uint8_t)hex_digits[c >> 4];
                escape[5] = (uint8_t)hex_digits[c & 15], width = 6;
            }
        }
        put(out, escape, width);
    }
    PUT(out, "\"");
}

static int is_hex(uint8_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Whether `bytes` are one whole JSON string as the escaper writes it. A crash in the middle of
// the recorder's refreshing the name leaves it half rewritten: then it is made anew.
static int is_json_string(const uint8_t *bytes, size_t length) {
    if (length < 2 || bytes[0] != '"') return 0;
    for (size_t i = 1; i < length; i++) {
        uint8_t c = bytes[i];
        if (c < 0x20) return 0;
        if (c == '"') return i == length - 1;
        if (c != '\\') continue;
        if (++i >= length) return 0;
        if (bytes[i] == 'u') {
            if (length - i < 5 || !is_hex(bytes[i + 1]) || !is_hex(bytes[i + 2]) || !is_hex(bytes[i + 3]) ||
                !is_hex(bytes[i + 4]))
                return 0;
            i += 4;
        } else if (!memchr("\"\\/bfnrt", bytes[i], 8)) {
            return 0;
        }
    }
    return 0;
}

// The name the calling thread's crumbs carry: the JSON string the recorder keeps for them, or,
// for a thread that recorded none (or none since fork), the same name made here.
static void put_thread(out_buffer *out) {
    sc_thread_info *info = sc_thread_info_current();  // initial-exec TLS: no call, no lock
    uint32_t length = info->json_name_len;
    if (length <= sizeof info->json_name && is_json_string(info->json_name, length)) {
        put(out, info->json_name, length);
        return;
    }
    char name[SC_THREAD_NAME_BYTES];
    if (info->named_by_crumbs) {
        length = info->name_len < sizeof name ? info->name_len : sizeof name - 1;
        memcpy(name, info->name, length);
    } else {
        length = sc_thread_system_name(sigchain_gettid(), (int32_t)getpid(), name);
    }
    put_json_string(out, (const uint8_t *)name, length);
}

static size_t format(uint8_t *buffer, int sig, const siginfo_t *info, struct timespec *time) {
    out_buffer out = {buffer, buffer + SC_CRASH_CRUMB_BYTES, 0};
    PUT(&out, "{\"event\":\"statecrumbs.crash\",\"ts\":\"");
    clock_gettime(CLOCK_REALTIME, time);
    put_timestamp(&out, *time);
    PUT(&out, "\",\"thread\":");
    put_thread(&out);
    PUT(&out, ",\"signal\":\"");
    const char *name = signal_name(sig);
    if (name != NULL) {
        put(&out, name, strlen(name));
    } else {
        PUT(&out, "signal_");
        put_signed(&out, sig);
    }
    int code = info->si_code;
    PUT(&out, "\",\"code\":\"");
    name = code_name(sig, code);
    if (name != NULL) {
        put(&out, name, strlen(name));
    } else {
        PUT(&out, "code_");
        put_signed(&out, code);
    }
    PUT(&out, "\"");
    int fault = code > 0 && code != SI_KERNEL;
    if (fault && (sig == SIGILL || sig == SIGFPE || sig == SIGSEGV || sig == SIGBUS || sig == SIGTRAP)) {
        PUT(&out, ",\"address\":\"");
        put_hex(&out, (uintptr_t)info->si_addr);
        PUT(&out, "\"");
    } else if (sig == SIGSYS && (code == SYS_SECCOMP_CODE || code == SYS_USER_DISPATCH_CODE)) {
        PUT(&out, ",\"address\":\"");
        put_hex(&out, (uintptr_t)info->si_call_addr);
        PUT(&out, "\",\"syscall\":\"");
        put_signed(&out, info->si_syscall);
        PUT(&out, "\"");
    }
    pid_t pid = getpid();
    PUT(&out, ",\"pid\":\"");
    put_signed(&out, pid);
    PUT(&out, "\"");
    if ((code == SI_USER || code == SI_QUEUE || code == SI_TKILL) && info->si_pid != pid) {
        PUT(&out, ",\"sender_pid\":\"");
        put_signed(&out, info->si_pid);
        PUT(&out, "\"");
    }
    PUT(&out, "}");
    return out.full ? 0 : (size_t)(out.at - buffer);  // full: cannot be (see the _Static_assert)
}

size_t sc_crash_crumb_format(uint8_t *buffer, int sig, const siginfo_t *info) {
    struct timespec time;
    return format(buffer, sig, info, &time);
}

// One crash at a time writes these: the handler lets only the thread that claimed it through.
static uint8_t crash_line[SC_CRASH_CRUMB_BYTES + 1];
static size_t crash_length;  // 0 until the crash crumb is made
static struct timespec crash_time;  // its time

void sc_crash_crumb_record(int sig, const siginfo_t *info) {
    size_t length = format(crash_line, sig, info, &crash_time);
    crash_line[length] = '\n';
    __atomic_store_n(&crash_length, length, __ATOMIC_RELEASE);
}

const uint8_t *sc_crash_crumb(size_t *length) {
    *length = __atomic_load_n(&crash_length, __ATOMIC_ACQUIRE);
    return crash_line;
}

const uint8_t *sc_crash_crumb_line(size_t *length) {
    size_t crumb = __atomic_load_n(&crash_length, __ATOMIC_ACQUIRE);
    *length = crumb > 0 ? crumb + 1 : 0;
    return crash_line;
}

// MARK: The drop marker

size_t sc_drop_marker_line(uint8_t *buffer, uint64_t count) {
    // During a crash the marker, written before the crash crumb, bears its time: the crash
    // crumb stays the last crumb in time as in place.
    struct timespec time;
    if (__atomic_load_n(&crash_length, __ATOMIC_ACQUIRE) > 0) {
        time = crash_time;
    } else {
        clock_gettime(CLOCK_REALTIME, &time);
    }
    out_buffer out = {buffer, buffer + SC_DROP_MARKER_BYTES, 0};
    PUT(&out, "{\"event\":\"statecrumbs.dropped\",\"count\":");
    put_decimal(&out, count);
    PUT(&out, ",\"ts\":\"");
    put_timestamp(&out, time);
    PUT(&out, "\",\"thread\":\"statecrumbs-live\"}\n");
    return (size_t)(out.at - buffer);
}
