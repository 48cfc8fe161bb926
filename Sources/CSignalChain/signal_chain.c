// See signal_chain.h for what each function promises inside a signal handler.
#define _GNU_SOURCE
#include "signal_chain.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if !defined(__linux__)
#error "CSignalChain needs Linux: it signals a thread by its kernel id (gettid, tgkill)"
#endif

int32_t sigchain_gettid(void) { return (int32_t)syscall(SYS_gettid); }

int sigchain_install(sigchain_link *link, int sig, sigchain_handler handler) {
    link->sig = sig;
    link->ours = 0;
    struct sigaction before;
    if (sigaction(sig, NULL, &before) != 0) return 0;
    // With SA_SIGINFO the union holds sa_sigaction, which is never SIG_IGN.
    if (!(before.sa_flags & SA_SIGINFO) && before.sa_handler == SIG_IGN) return 0;
    link->previous = before;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;  // why: signal_chain.h
    sigemptyset(&action.sa_mask);
    if (sigaction(sig, &action, NULL) == 0) link->ours = 1;
    return link->ours;
}

int sigchain_remove(sigchain_link *link, sigchain_handler handler) {
    if (!link->ours) return 0;
    struct sigaction now;
    if (sigaction(link->sig, NULL, &now) != 0 || !(now.sa_flags & SA_SIGINFO) || now.sa_sigaction != handler)
        return 0;
    return sigaction(link->sig, &link->previous, NULL) == 0;
}

void sigchain_put_back(const sigchain_link *links, size_t count) {
    for (size_t i = 0; i < count; i++) {
        if (links[i].ours) sigaction(links[i].sig, &links[i].previous, NULL);
    }
}

const struct sigaction *sigchain_previous(const sigchain_link *links, size_t count, int sig) {
    for (size_t i = 0; i < count; i++) {
        if (links[i].sig == sig && links[i].ours) return &links[i].previous;
    }
    return NULL;
}

int sigchain_will_recur(int sig, const siginfo_t *info) {
    if (sig != SIGSEGV && sig != SIGBUS && sig != SIGILL && sig != SIGFPE) return 0;
    return info != NULL && info->si_code > 0 && info->si_code != SI_KERNEL;
}

static void set_default(int sig) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, NULL);
}

// tgkill to this thread's kernel id, not raise(): the signal must hit the thread that took it
// (the core dump and the backtracer's "crashed" thread are that one), and the raw system calls
// read nothing from memory the crash may have damaged, whereas raise() reads this thread's
// descriptor (and, in some C libraries, an id cached there that is stale after vfork).
static void send_to_this_thread(int sig) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    syscall(SYS_tgkill, getpid(), sigchain_gettid(), sig);
}

void sigchain_hand_over(int sig, siginfo_t *info, void *context, const struct sigaction *previous) {
    if (previous != NULL) {
        if (previous->sa_flags & SA_SIGINFO) {
            if (previous->sa_sigaction) previous->sa_sigaction(sig, info, context);
        } else if (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
            previous->sa_handler(sig);
        }
    }
    set_default(sig);
    if (!sigchain_will_recur(sig, info)) send_to_this_thread(sig);
    // Returning re-runs the faulting instruction, which now ends the process by SIG_DFL.
}

void sigchain_die(int sig) {
    set_default(sig);
    send_to_this_thread(sig);
    _exit(128 + sig);  // only if the signal could not end the process (with SIG_DFL it always can)
}

int sigchain_write_all(int fd, const void *bytes, size_t length) {
    const unsigned char *next = bytes;
    while (length > 0) {
        ssize_t written = write(fd, next, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (written == 0) return EIO;  // would loop for ever
        next += written;
        length -= (size_t)written;
    }
    return 0;
}
