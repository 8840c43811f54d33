/*
 * test-lock.c: Swoole's Lock types across fork(). Each type keeps a plain
 * (non-atomic) counter in shared memory exact while several processes
 * update it under the lock; trylock, read locks, lockwait and a mutex
 * whose owner died behave as documented in abi/swirl.h.
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

/* Runs fn(0, arg) in one child and returns its exit status. */
static int in_child(int (*fn)(int, void *), void *arg) {
  int status;
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) _exit(fn(0, arg));
  ASSERT_EQ(task_wait_pid(pid, 10000, &status), 0);
  ASSERT(WIFEXITED(status));
  return WEXITSTATUS(status);
}

typedef struct shared_counter {
  swirl_lock *lk;
  volatile int64_t *value; /* in shared memory, guarded by lk only */
} shared_counter;

#define LOCK_CHILDREN 4
#define LOCK_TIMES 5000

static int count_child(int i, void *arg) {
  shared_counter *c = arg;
  int k;
  for (k = 0; k < LOCK_TIMES; k++) {
    int64_t v;
    if (swirl_lock_lock(c->lk) != 0) return 2;
    v = *c->value;
    if ((k + i) % 64 == 0) sched_yield(); /* widen the window */
    *c->value = v + 1;
    if (swirl_lock_unlock(c->lk) != 0) return 3;
  }
  return 0;
}

static char lock_path[64];

static swirl_lock *new_lock(int32_t type) {
  swirl_lock *lk = NULL;
  int32_t rc;
  if (type == SWIRL_LOCK_FILELOCK) {
    snprintf(lock_path, sizeof(lock_path), "/tmp/swirl-lock-%d",
             (int)getpid());
    rc = swirl_lock_new(&lk, type, lock_path, strlen(lock_path));
  } else {
    rc = swirl_lock_new(&lk, type, NULL, 0);
  }
  if (rc < 0) fprintf(stderr, "swirl_lock_new: %s\n", swirl_last_errmsg());
  ASSERT_CODE(rc, 0);
  ASSERT_NOT_NULL(lk);
  return lk;
}

static void exclusion(int32_t type) {
  shared_counter c;
  c.value = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT(c.value != MAP_FAILED);
  c.lk = new_lock(type);
  fork_all(LOCK_CHILDREN, count_child, &c, 25000);
  ASSERT_EQ(*c.value, LOCK_CHILDREN * LOCK_TIMES);
  swirl_lock_free(c.lk);
  munmap((void *)c.value, 4096);
  if (type == SWIRL_LOCK_FILELOCK) unlink(lock_path);
}

TEST_IMPL(lock_mutex_exclusion) {
  exclusion(SWIRL_LOCK_MUTEX);
  return 0;
}

TEST_IMPL(lock_rwlock_exclusion) {
  exclusion(SWIRL_LOCK_RWLOCK);
  return 0;
}

TEST_IMPL(lock_spinlock_exclusion) {
  exclusion(SWIRL_LOCK_SPINLOCK);
  return 0;
}

TEST_IMPL(lock_sem_exclusion) {
  exclusion(SWIRL_LOCK_SEM);
  return 0;
}

TEST_IMPL(lock_filelock_exclusion) {
  exclusion(SWIRL_LOCK_FILELOCK);
  return 0;
}

TEST_IMPL(lock_new_errors) {
  swirl_lock *lk = NULL;
  ASSERT_CODE(swirl_lock_new(&lk, 0, NULL, 0), SWIRL_EINVAL);
  ASSERT_CODE(swirl_lock_new(&lk, 6, NULL, 0), SWIRL_EINVAL);
  ASSERT_NULL(lk);
  ASSERT_CODE(swirl_lock_new(&lk, SWIRL_LOCK_FILELOCK, NULL, 0), SWIRL_EINVAL);
  ASSERT_STR_HAS(swirl_last_errmsg(), "file name");
  ASSERT_CODE(swirl_lock_new(&lk, SWIRL_LOCK_FILELOCK, "/nonexistent/dir/x",
                             18), SWIRL_ENOENT);
  ASSERT_STR_HAS(swirl_last_errmsg(), "/nonexistent/dir/x");
  ASSERT_CODE(swirl_lock_new(NULL, SWIRL_LOCK_MUTEX, NULL, 0), SWIRL_EINVAL);
  ASSERT_CODE(swirl_lock_lock(NULL), SWIRL_EINVAL);
  swirl_lock_free(NULL);
  return 0;
}

static int trylock_child(int i, void *arg) {
  swirl_lock *lk = arg;
  (void)i;
  if (swirl_lock_trylock(lk) != SWIRL_EBUSY) return 2;
  if (swirl_lock_lockwait(lk, 0.1) != SWIRL_ETIMEDOUT) return 3;
  return 0;
}

static int trylock_free_child(int i, void *arg) {
  swirl_lock *lk = arg;
  (void)i;
  if (swirl_lock_trylock(lk) != 0) return 2;
  if (swirl_lock_unlock(lk) != 0) return 3;
  if (swirl_lock_lockwait(lk, 0.1) != 0) return 4;
  return swirl_lock_unlock(lk) == 0 ? 0 : 5;
}

/* Held by the parent, a lock is busy for a child: trylock fails at once and
 * lockwait gives up after its timeout. Released, both succeed. */
static void busy(int32_t type) {
  swirl_lock *lk = new_lock(type);
  ASSERT_CODE(swirl_lock_lock(lk), 0);
  ASSERT_EQ(in_child(trylock_child, lk), 0);
  ASSERT_CODE(swirl_lock_unlock(lk), 0);
  ASSERT_EQ(in_child(trylock_free_child, lk), 0);
  swirl_lock_free(lk);
}

TEST_IMPL(lock_trylock_lockwait) {
  busy(SWIRL_LOCK_MUTEX);
  busy(SWIRL_LOCK_RWLOCK);
  busy(SWIRL_LOCK_SPINLOCK);
  busy(SWIRL_LOCK_SEM);
  return 0;
}

static int file_busy_child(int i, void *arg) {
  swirl_lock *lk = arg;
  (void)i;
  if (swirl_lock_trylock(lk) != SWIRL_EBUSY) return 2;
  if (swirl_lock_trylock_read(lk) != SWIRL_EBUSY) return 3;
  return 0;
}

static int file_shared_child(int i, void *arg) {
  swirl_lock *lk = arg;
  (void)i;
  if (swirl_lock_trylock_read(lk) != 0) return 2;
  if (swirl_lock_trylock(lk) != SWIRL_EBUSY) return 3;
  return swirl_lock_unlock(lk) == 0 ? 0 : 4;
}

TEST_IMPL(lock_filelock_modes) {
  swirl_lock *lk = new_lock(SWIRL_LOCK_FILELOCK);
  ASSERT_CODE(swirl_lock_lock(lk), 0);
  ASSERT_EQ(in_child(file_busy_child, lk), 0);
  ASSERT_CODE(swirl_lock_unlock(lk), 0);
  ASSERT_CODE(swirl_lock_lock_read(lk), 0);
  ASSERT_EQ(in_child(file_shared_child, lk), 0);
  ASSERT_CODE(swirl_lock_unlock(lk), 0);
  ASSERT_CODE(swirl_lock_lockwait(lk, 0.1), SWIRL_ENOTSUP);
  swirl_lock_free(lk);
  unlink(lock_path);
  return 0;
}

static int readers_child(int i, void *arg) {
  swirl_lock *lk = arg;
  (void)i;
  /* Another reader gets in, a writer does not. */
  if (swirl_lock_trylock_read(lk) != 0) return 2;
  if (swirl_lock_unlock(lk) != 0) return 3;
  if (swirl_lock_trylock(lk) != SWIRL_EBUSY) return 4;
  return 0;
}

TEST_IMPL(lock_rwlock_readers) {
  swirl_lock *lk = new_lock(SWIRL_LOCK_RWLOCK);
  ASSERT_CODE(swirl_lock_lock_read(lk), 0);
  ASSERT_EQ(in_child(readers_child, lk), 0);
  ASSERT_CODE(swirl_lock_unlock(lk), 0);
  swirl_lock_free(lk);

  /* A semaphore has no read lock, as in Swoole. */
  lk = new_lock(SWIRL_LOCK_SEM);
  ASSERT_CODE(swirl_lock_lock_read(lk), SWIRL_ENOTSUP);
  ASSERT_CODE(swirl_lock_trylock_read(lk), SWIRL_ENOTSUP);
  swirl_lock_free(lk);
  return 0;
}

static int die_holding(int i, void *arg) {
  (void)i;
  return swirl_lock_lock((swirl_lock *)arg) == 0 ? 0 : 2;
}

static int unlock_foreign(int i, void *arg) {
  (void)i;
  return swirl_lock_unlock((swirl_lock *)arg) == SWIRL_EPERM ? 0 : 2;
}

/* A mutex whose owner exited is recovered by the next locker instead of
 * blocking everyone; a process that does not hold it cannot unlock it. */
TEST_IMPL(lock_mutex_owner_died) {
  swirl_lock *lk = new_lock(SWIRL_LOCK_MUTEX);
  ASSERT_EQ(in_child(die_holding, lk), 0);
  ASSERT_CODE(swirl_lock_lockwait(lk, 5.0), 0);
  ASSERT_EQ(in_child(unlock_foreign, lk), 0);
  ASSERT_CODE(swirl_lock_unlock(lk), 0);
  ASSERT_CODE(swirl_lock_trylock(lk), 0);
  ASSERT_CODE(swirl_lock_unlock(lk), 0);
  swirl_lock_free(lk);
  return 0;
}
