#define _GNU_SOURCE
#include "map_guard.h"

#include "signal_chain.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

// Slots are claimed and read with atomics: the handler may run on any thread at any time.
#define SLOTS 64

typedef struct {
    uintptr_t base;    // 0: free; 1: being claimed
    size_t length;
    size_t lost_from;  // (size_t)-1 while whole
    int in_flight;     // handlers working on this mapping: mg_forget waits for them
} slot;

static slot slots[SLOTS];
static uintptr_t page_size;
static sigchain_link bus_link;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

int mg_handle_fault(int sig, const siginfo_t *info) {
    if (sig != SIGBUS || info == NULL || info->si_code != BUS_ADRERR || page_size == 0) return 0;
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t base = __atomic_load_n(&slots[i].base, __ATOMIC_ACQUIRE);
        if (base < page_size || address < base) continue;  // free, being claimed, or not this one
        // Hold the slot, then check it still names the same mapping: mg_forget waits for
        // holders before the mapping goes, so the zeros never land on memory that is not ours.
        // (Sequentially consistent, with mg_forget's: either it sees this hold, or this sees
        // the slot cleared.)
        __atomic_add_fetch(&slots[i].in_flight, 1, __ATOMIC_SEQ_CST);
        size_t length = __atomic_load_n(&slots[i].length, __ATOMIC_ACQUIRE);
        int handled = 0;
        if (__atomic_load_n(&slots[i].base, __ATOMIC_SEQ_CST) == base && address < base + length) {
            // Everything from this page to the end of the mapping is past the file's end: one
            // fault, not one per page. (mmap is a plain system call here; nothing else is touched.)
            uintptr_t page = address & ~(page_size - 1);
            uintptr_t end = (base + length + page_size - 1) & ~(page_size - 1);
            void *zeros = mmap((void *)page, end - page, PROT_READ, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (zeros != MAP_FAILED) {
                size_t offset = page > base ? page - base : 0;
                size_t seen = __atomic_load_n(&slots[i].lost_from, __ATOMIC_RELAXED);
                while (offset < seen && !__atomic_compare_exchange_n(&slots[i].lost_from, &seen, offset, 1,
                                                                     __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
                }
                handled = 1;
            }
        }
        __atomic_sub_fetch(&slots[i].in_flight, 1, __ATOMIC_ACQ_REL);
        if (handled) return 1;
    }
    return 0;
}

static void on_bus(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    if (mg_handle_fault(sig, info)) {  // the read runs again, on zeros
        errno = saved_errno;
        return;
    }
    // Not ours: as if this handler had never been there.
    sigchain_put_back(&bus_link, 1);
    sigchain_hand_over(sig, info, context, &bus_link.previous);
}

static void install(void) {
    page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
    sigchain_install(&bus_link, SIGBUS, on_bus);  // leaves an ignored SIGBUS ignored
}

int mg_protect(const void *base, size_t length) {
    pthread_once(&install_once, install);
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t expected = 0;
        // Claim the slot with a placeholder, fill it, then publish the base.
        if (__atomic_compare_exchange_n(&slots[i].base, &expected, (uintptr_t)1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
            __atomic_store_n(&slots[i].length, length, __ATOMIC_RELEASE);
            __atomic_store_n(&slots[i].lost_from, (size_t)-1, __ATOMIC_RELAXED);
            __atomic_store_n(&slots[i].base, (uintptr_t)base, __ATOMIC_RELEASE);
            return 1;
        }
    }
    return 0;
}

void mg_forget(const void *base) {
    for (int i = 0; i < SLOTS; i++) {
        if (__atomic_load_n(&slots[i].base, __ATOMIC_ACQUIRE) == (uintptr_t)base) {
            __atomic_store_n(&slots[i].base, 0, __ATOMIC_SEQ_CST);
            // A handler that took this mapping a moment ago finishes before it may be unmapped.
            while (__atomic_load_n(&slots[i].in_flight, __ATOMIC_SEQ_CST) != 0) sched_yield();
            return;
        }
    }
}

size_t mg_lost_from(const void *base) {
    for (int i = 0; i < SLOTS; i++) {
        if (__atomic_load_n(&slots[i].base, __ATOMIC_ACQUIRE) == (uintptr_t)base) {
            return __atomic_load_n(&slots[i].lost_from, __ATOMIC_RELAXED);
        }
    }
    return (size_t)-1;
}
