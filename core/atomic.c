/*
 * atomic.c: Swoole's Atomic (a 32-bit unsigned counter that processes can
 * also wait on, through a futex) and Atomic\Long (a 64-bit signed
 * counter). The handle points straight at the shared counter, so a copy
 * inherited through fork() needs no fixing up.
 */
#define _GNU_SOURCE
#include "shm.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct swirl_atomic {
  _Atomic uint32_t value;
};

struct swirl_atomic_long {
  _Atomic int64_t value;
};

int32_t swirl__atomic_new(swirl_atomic **out, int64_t value) {
  swirl_atomic *a = swirl__shm_alloc(sizeof(*a));
  if (a == NULL) return swirl__fail(-errno, "mmap(): %s", strerror(errno));
  atomic_init(&a->value, (uint32_t)value);
  *out = a;
  return 0;
}

void swirl__atomic_free(swirl_atomic *a) { swirl__shm_free(a, sizeof(*a)); }

int64_t swirl__atomic_get(swirl_atomic *a) {
  return (int64_t)atomic_load(&a->value);
}

/* Unsigned arithmetic wraps around by definition, which is what Swoole's
 * counter does. */
int64_t swirl__atomic_add(swirl_atomic *a, int64_t value) {
  uint32_t v = (uint32_t)value;
  return (int64_t)(uint32_t)(atomic_fetch_add(&a->value, v) + v);
}

void swirl__atomic_set(swirl_atomic *a, int64_t value) {
  atomic_store(&a->value, (uint32_t)value);
}

int32_t swirl__atomic_cmpset(swirl_atomic *a, int64_t cmp, int64_t value) {
  uint32_t expected = (uint32_t)cmp;
  return atomic_compare_exchange_strong(&a->value, &expected,
                                        (uint32_t)value);
}

static int take_wakeup(swirl_atomic *a) {
  uint32_t one = 1;
  return atomic_compare_exchange_strong(&a->value, &one, 0);
}

/* Swoole's futex wait: a 1 is a pending wakeup, taken at once; a 0 means
 * "sleep until someone wakes us". The futex is not private: waiters and
 * wakers are different processes. The relative timeout of FUTEX_WAIT is
 * measured on CLOCK_MONOTONIC. */
int32_t swirl__atomic_wait(swirl_atomic *a, double timeout) {
  struct timespec ts, *tsp = NULL;
  long rc;
  int err;

  if (take_wakeup(a)) return 0;
  if (timeout > 0) {
    if (timeout > (double)INT_MAX) timeout = (double)INT_MAX;
    ts.tv_sec = (time_t)timeout;
    ts.tv_nsec = (long)((timeout - (double)ts.tv_sec) * 1e9);
    tsp = &ts;
  }
  rc = syscall(SYS_futex, (uint32_t *)&a->value, FUTEX_WAIT, 0, tsp, NULL, 0);
  err = rc < 0 ? errno : 0;
  /* Woken, or the value changed before we slept (a wakeup raced us):
   * either way a pending wakeup is ours if we take it first. */
  if (take_wakeup(a)) return 0;
  if (err == ETIMEDOUT) return SWIRL_ETIMEDOUT;
  if (err == EINTR) return SWIRL_EINTR;
  return SWIRL_EAGAIN;
}

int32_t swirl__atomic_wakeup(swirl_atomic *a, int32_t n) {
  uint32_t zero = 0;
  long rc;
  if (!atomic_compare_exchange_strong(&a->value, &zero, 1)) return 0;
  if (n < 1) return 0;
  rc = syscall(SYS_futex, (uint32_t *)&a->value, FUTEX_WAKE, n, NULL, NULL,
               0);
  if (rc < 0) return swirl__fail(-errno, "futex(): %s", strerror(errno));
  return (int32_t)rc;
}

int32_t swirl__atomic_long_new(swirl_atomic_long **out, int64_t value) {
  swirl_atomic_long *a = swirl__shm_alloc(sizeof(*a));
  if (a == NULL) return swirl__fail(-errno, "mmap(): %s", strerror(errno));
  atomic_init(&a->value, value);
  *out = a;
  return 0;
}

void swirl__atomic_long_free(swirl_atomic_long *a) {
  swirl__shm_free(a, sizeof(*a));
}

int64_t swirl__atomic_long_get(swirl_atomic_long *a) {
  return atomic_load(&a->value);
}

/* C11 defines atomic arithmetic on signed types to wrap around (two's
 * complement), unlike plain signed arithmetic; the sum is computed
 * unsigned for the same reason. */
int64_t swirl__atomic_long_add(swirl_atomic_long *a, int64_t value) {
  int64_t old = atomic_fetch_add(&a->value, value);
  return (int64_t)((uint64_t)old + (uint64_t)value);
}

void swirl__atomic_long_set(swirl_atomic_long *a, int64_t value) {
  atomic_store(&a->value, value);
}

int32_t swirl__atomic_long_cmpset(swirl_atomic_long *a, int64_t cmp,
                                  int64_t value) {
  return atomic_compare_exchange_strong(&a->value, &cmp, value);
}
