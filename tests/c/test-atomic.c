/*
 * test-atomic.c: Swoole's Atomic (32-bit unsigned, with futex wait and
 * wakeup) and Atomic\Long (64-bit signed) on shared memory: arithmetic
 * wraps as in Swoole, and processes forked after creation update one
 * counter at the same time without losing an update.
 */
#include "task.h"

#include <errno.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* Forks n children; child i runs fn(i, arg) and exits with its result.
 * The children start together: each waits (at most 10 s) for a flag the
 * parent raises once all are forked, so their work overlaps. Asserts that
 * every child exits 0 within timeout_ms. */
static void fork_all(int n, int (*fn)(int, void *), void *arg,
                     int timeout_ms) {
  pid_t pids[32];
  int i, status;
  volatile int *go = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT(go != MAP_FAILED);
  ASSERT_LE(n, 32);
  for (i = 0; i < n; i++) {
    pids[i] = fork();
    ASSERT_GE(pids[i], 0);
    if (pids[i] == 0) {
      uint64_t deadline = task_now_ms() + 10000;
      while (!__atomic_load_n(go, __ATOMIC_ACQUIRE)) {
        if (task_now_ms() > deadline) _exit(99);
        sched_yield();
      }
      _exit(fn(i, arg));
    }
  }
  __atomic_store_n(go, 1, __ATOMIC_RELEASE);
  for (i = 0; i < n; i++) {
    ASSERT_EQ(task_wait_pid(pids[i], timeout_ms, &status), 0);
    ASSERT(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);
  }
  munmap((void *)go, 4096);
}

TEST_IMPL(atomic_basic) {
  swirl_atomic *a = NULL;
  ASSERT_CODE(swirl_atomic_new(&a, 5), 0);
  ASSERT_NOT_NULL(a);
  ASSERT_EQ(swirl_atomic_get(a), 5);
  ASSERT_EQ(swirl_atomic_add(a, 10), 15);
  ASSERT_EQ(swirl_atomic_sub(a, 20), 4294967291LL); /* wraps, unsigned */
  ASSERT_EQ(swirl_atomic_add(a, 5), 0);
  ASSERT_CODE(swirl_atomic_set(a, -1), 0);
  ASSERT_EQ(swirl_atomic_get(a), 4294967295LL);
  ASSERT_CODE(swirl_atomic_set(a, 4294967296LL + 7), 0);
  ASSERT_EQ(swirl_atomic_get(a), 7);
  ASSERT_CODE(swirl_atomic_cmpset(a, 6, 100), 0);
  ASSERT_EQ(swirl_atomic_get(a), 7);
  ASSERT_CODE(swirl_atomic_cmpset(a, 7, 100), 1);
  ASSERT_EQ(swirl_atomic_get(a), 100);
  swirl_atomic_free(a);
  swirl_atomic_free(NULL);
  ASSERT_CODE(swirl_atomic_new(&a, 4294967296LL * 3 + 1), 0);
  ASSERT_EQ(swirl_atomic_get(a), 1);
  swirl_atomic_free(a);
  ASSERT_CODE(swirl_atomic_new(NULL, 0), SWIRL_EINVAL);
  ASSERT_CODE(swirl_atomic_get(NULL), SWIRL_EINVAL);
  return 0;
}

TEST_IMPL(atomic_long_basic) {
  swirl_atomic_long *a = NULL;
  int64_t v = 0;
  ASSERT_CODE(swirl_atomic_long_new(&a, -5), 0);
  ASSERT_CODE(swirl_atomic_long_get(a, &v), 0);
  ASSERT_EQ(v, -5);
  ASSERT_CODE(swirl_atomic_long_add(a, 10, &v), 0);
  ASSERT_EQ(v, 5);
  ASSERT_CODE(swirl_atomic_long_sub(a, 20, &v), 0);
  ASSERT_EQ(v, -15);
  ASSERT_CODE(swirl_atomic_long_set(a, INT64_MAX), 0);
  ASSERT_CODE(swirl_atomic_long_add(a, 1, &v), 0);
  ASSERT_EQ(v, INT64_MIN);
  ASSERT_CODE(swirl_atomic_long_sub(a, 1, NULL), 0);
  ASSERT_CODE(swirl_atomic_long_get(a, &v), 0);
  ASSERT_EQ(v, INT64_MAX);
  ASSERT_CODE(swirl_atomic_long_cmpset(a, 1, 2), 0);
  ASSERT_CODE(swirl_atomic_long_cmpset(a, INT64_MAX, -2), 1);
  ASSERT_CODE(swirl_atomic_long_get(a, &v), 0);
  ASSERT_EQ(v, -2);
  ASSERT_CODE(swirl_atomic_long_get(a, NULL), SWIRL_EINVAL);
  swirl_atomic_long_free(a);
  swirl_atomic_long_free(NULL);
  return 0;
}

#define ADD_CHILDREN 4
#define ADD_TIMES 100000

typedef struct counters {
  swirl_atomic *a;
  swirl_atomic_long *l;
} counters;

static int add_child(int i, void *arg) {
  counters *c = arg;
  int k;
  for (k = 0; k < ADD_TIMES; k++) {
    swirl_atomic_add(c->a, 1);
    swirl_atomic_long_add(c->l, i % 2 == 0 ? 3 : -1, NULL);
  }
  return 0;
}

TEST_IMPL(atomic_fork_stress) {
  counters c;
  int64_t v;
  ASSERT_CODE(swirl_atomic_new(&c.a, 0), 0);
  ASSERT_CODE(swirl_atomic_long_new(&c.l, 0), 0);
  fork_all(ADD_CHILDREN, add_child, &c, 20000);
  ASSERT_EQ(swirl_atomic_get(c.a), ADD_CHILDREN * ADD_TIMES);
  ASSERT_CODE(swirl_atomic_long_get(c.l, &v), 0);
  ASSERT_EQ(v, (ADD_CHILDREN / 2) * ADD_TIMES * 3 -
                   (ADD_CHILDREN / 2) * ADD_TIMES);
  swirl_atomic_free(c.a);
  swirl_atomic_long_free(c.l);
  return 0;
}

/* A child waits (value 0) until the parent wakes it; it reports through a
 * second counter that it is about to wait, so the test also covers a
 * wakeup that lands before the waiter sleeps. */
static int waiter_child(int i, void *arg) {
  counters *c = arg;
  int32_t rc;
  (void)i;
  swirl_atomic_long_add(c->l, 1, NULL);
  rc = swirl_atomic_wait(c->a, 10.0);
  return rc == 0 ? 0 : 10 + (-rc % 100);
}

TEST_IMPL(atomic_wait_wakeup) {
  counters c;
  pid_t pid;
  int status;
  int64_t ready = 0;
  uint64_t deadline;

  ASSERT_CODE(swirl_atomic_new(&c.a, 0), 0);
  ASSERT_CODE(swirl_atomic_long_new(&c.l, 0), 0);
  pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) _exit(waiter_child(0, &c));
  deadline = task_now_ms() + 10000;
  while (ready == 0 && task_now_ms() < deadline) {
    swirl_atomic_long_get(c.l, &ready);
    if (ready == 0) usleep(1000);
  }
  ASSERT_EQ(ready, 1);
  /* wakeup() sets 0 -> 1 and wakes; the child takes the 1 back to 0. A
   * wakeup while the value is not 0 does nothing. */
  ASSERT_GE(swirl_atomic_wakeup(c.a, 1), 0);
  ASSERT_EQ(task_wait_pid(pid, 10000, &status), 0);
  ASSERT(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  ASSERT_EQ(swirl_atomic_get(c.a), 0);

  /* A pending wakeup (value 1) is taken at once. */
  ASSERT_CODE(swirl_atomic_set(c.a, 1), 0);
  ASSERT_CODE(swirl_atomic_wait(c.a, 1.0), 0);
  ASSERT_EQ(swirl_atomic_get(c.a), 0);
  /* Any other value is not a wakeup. */
  ASSERT_CODE(swirl_atomic_set(c.a, 5), 0);
  ASSERT_CODE(swirl_atomic_wait(c.a, 1.0), SWIRL_EAGAIN);
  ASSERT_EQ(swirl_atomic_wakeup(c.a, 1), 0);
  ASSERT_EQ(swirl_atomic_get(c.a), 5);
  swirl_atomic_free(c.a);
  swirl_atomic_long_free(c.l);
  return 0;
}

TEST_IMPL(atomic_wait_timeout) {
  swirl_atomic *a = NULL;
  uint64_t t0, dt;
  ASSERT_CODE(swirl_atomic_new(&a, 0), 0);
  t0 = task_now_ms();
  ASSERT_CODE(swirl_atomic_wait(a, 0.2), SWIRL_ETIMEDOUT);
  dt = task_now_ms() - t0;
  ASSERT_GE(dt, 190);
  ASSERT_LT(dt, 5000);
  ASSERT_EQ(swirl_atomic_get(a), 0);
  swirl_atomic_free(a);
  return 0;
}
