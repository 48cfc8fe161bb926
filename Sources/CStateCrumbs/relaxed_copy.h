// Copies between plain memory and memory another thread may read or write at the same time
// (a ring slot, a queue record), in 8-byte words through relaxed atomics: plain moves on x86,
// and ThreadSanitizer sees no data race where a sequence number already orders the accesses.
// Private to CStateCrumbs (not in include/).
#ifndef CSTATECRUMBS_RELAXED_COPY_H
#define CSTATECRUMBS_RELAXED_COPY_H

#include <stdint.h>
#include <string.h>

/// Stores `length` bytes into `words`, zero-padding the last word.
static inline void sc_relaxed_store(uint64_t *words, const uint8_t *bytes, uint32_t length) {
    uint32_t whole = length / 8, rest = length % 8;
    for (uint32_t i = 0; i < whole; i++) {
        uint64_t word;
        memcpy(&word, bytes + 8 * i, 8);
        __atomic_store_n(&words[i], word, __ATOMIC_RELAXED);
    }
    if (rest) {
        // The last bytes, in the low end of a word. Loaded as a word, not copied into one:
        // storing bytes into a word and reading it back stalls the processor (no store
        // forwarding), which cost a third of a ring write.
        uint64_t word = 0;
        // This form needs a little-endian processor; the memcpy works in any byte order (a
        // build with SC_PORTABLE takes it, so the tests run it on little-endian machines too).
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && !defined(SC_PORTABLE)
        if (length >= 8) {
            memcpy(&word, bytes + length - 8, 8);
            word >>= 8 * (8 - rest);
        } else {
            for (uint32_t i = rest; i-- > 0;) word = (word << 8) | bytes[i];
        }
#else
        memcpy(&word, bytes + 8 * whole, rest);
#endif
        __atomic_store_n(&words[whole], word, __ATOMIC_RELAXED);
    }
}

/// Loads `length` bytes from `words` into `bytes`.
static inline void sc_relaxed_load(uint8_t *bytes, const uint64_t *words, uint32_t length) {
    uint32_t count = (length + 7) / 8;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t word = __atomic_load_n(&words[i], __ATOMIC_RELAXED);
        uint32_t take = (i + 1) * 8 <= length ? 8 : length - i * 8;
        memcpy(bytes + 8 * i, &word, take);
    }
}

#endif
