/*
 * lock.c: process-shared locks. Swoole's Lock (mutex, reader-writer lock,
 * spinlock, semaphore, file lock), the owner-pid spinlock that guards the
 * rows of a table, and the anonymous shared memory every shared object
 * lives in.
 */
#define _GNU_SOURCE
#include "shm.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Shared memory
 * ---------------------------------------------------------------------- */

void *swirl__shm_alloc(size_t size) {
  void *p;
  if (size == 0) size = 1;
  p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1,
           0);
  return p == MAP_FAILED ? NULL : p;
}

void swirl__shm_free(void *p, size_t size) {
  if (p == NULL) return;
  munmap(p, size == 0 ? 1 : size);
}

/* ------------------------------------------------------------------------
 * The owner-pid spinlock
 * ---------------------------------------------------------------------- */

static pthread_once_t pid_once = PTHREAD_ONCE_INIT;
static _Atomic uint32_t cached_pid;

static void pid_refresh(void) { cached_pid = (uint32_t)getpid(); }

static void pid_init(void) {
  pid_refresh();
  pthread_atfork(NULL, NULL, pid_refresh);
}

uint32_t swirl__shm_pid(void) {
  pthread_once(&pid_once, pid_init);
  return cached_pid;
}

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* Whether process `pid` is gone. A pid that exists but belongs to another
 * user (EPERM) counts as alive. */
static int pid_dead(uint32_t pid) {
  return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/* Takes the lock. Spins briefly (critical sections are a memcpy long),
 * then yields the CPU between attempts. Every 64 yields it checks whether
 * the owner still exists; if it died holding the lock, the lock is taken
 * over with a compare-and-swap on the dead owner's pid, so that of several
 * waiters exactly one inherits it. */
void swirl__pidlock_lock(swirl__pidlock *l) {
  uint32_t me = swirl__shm_pid();
  uint32_t expected = 0;
  unsigned spins, yields = 0;

  if (atomic_compare_exchange_weak_explicit(l, &expected, me,
                                            memory_order_acquire,
                                            memory_order_relaxed))
    return;
  for (;;) {
    for (spins = 0; spins < 128; spins++) {
      if (atomic_load_explicit(l, memory_order_relaxed) == 0) {
        expected = 0;
        if (atomic_compare_exchange_weak_explicit(l, &expected, me,
                                                  memory_order_acquire,
                                                  memory_order_relaxed))
          return;
      }
      cpu_relax();
    }
    sched_yield();
    if (++yields % 64 == 0) {
      uint32_t owner = atomic_load_explicit(l, memory_order_relaxed);
      if (owner != 0 && owner != me && pid_dead(owner)) {
        expected = owner;
        if (atomic_compare_exchange_strong_explicit(
                l, &expected, me, memory_order_acquire, memory_order_relaxed)) {
          swirl__warn("lock process[%u] not exists, force unlock", owner);
          return;
        }
      }
    }
  }
}

void swirl__pidlock_unlock(swirl__pidlock *l) {
  atomic_store_explicit(l, 0, memory_order_release);
}

/* ------------------------------------------------------------------------
 * Swoole's Lock
 * ---------------------------------------------------------------------- */

/* The part every process shares. Only the member of the lock's type is
 * initialised. */
typedef struct lock_shared {
  int32_t type;
  union {
    pthread_mutex_t mutex;
    pthread_rwlock_t rwlock;
    pthread_spinlock_t spin;
    sem_t sem;
  } u;
} lock_shared;

struct swirl_lock {
  int32_t type;       /* SWIRL_LOCK_* */
  lock_shared *shm;   /* NULL for a FILELOCK */
  int fd;             /* FILELOCK: the file, else -1 */
};

static int32_t lock_init(lock_shared *s, int32_t type) {
  int rc = 0;
  s->type = type;
  switch (type) {
    case SWIRL_LOCK_MUTEX: {
      pthread_mutexattr_t attr;
      pthread_mutexattr_init(&attr);
      pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
      pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
      rc = pthread_mutex_init(&s->u.mutex, &attr);
      pthread_mutexattr_destroy(&attr);
      break;
    }
    case SWIRL_LOCK_RWLOCK: {
      pthread_rwlockattr_t attr;
      pthread_rwlockattr_init(&attr);
      pthread_rwlockattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
      rc = pthread_rwlock_init(&s->u.rwlock, &attr);
      pthread_rwlockattr_destroy(&attr);
      break;
    }
    case SWIRL_LOCK_SPINLOCK:
      rc = pthread_spin_init(&s->u.spin, PTHREAD_PROCESS_SHARED);
      break;
    case SWIRL_LOCK_SEM:
      rc = sem_init(&s->u.sem, 1, 1) < 0 ? errno : 0;
      break;
  }
  if (rc != 0)
    return swirl__fail(-rc, "cannot initialise the lock: %s", strerror(rc));
  return 0;
}

int32_t swirl__lock_new(swirl_lock **out, int32_t type, const char *path,
                        size_t path_len) {
  swirl_lock *lk;
  int32_t rc;

  if (type < SWIRL_LOCK_RWLOCK || type > SWIRL_LOCK_SPINLOCK)
    return swirl__fail(SWIRL_EINVAL, "unknown lock type %d", (int)type);
  if (type == SWIRL_LOCK_FILELOCK && path_len == 0)
    return swirl__fail(SWIRL_EINVAL, "filelock requires file name of the lock");
  lk = swirl__calloc(1, sizeof(*lk));
  if (lk == NULL) return swirl__fail(SWIRL_ENOMEM, "out of memory");
  lk->type = type;
  lk->fd = -1;
  if (type == SWIRL_LOCK_FILELOCK) {
    char *p = swirl__strndup(path, path_len);
    if (p == NULL) {
      swirl__free(lk);
      return swirl__fail(SWIRL_ENOMEM, "out of memory");
    }
    if (strlen(p) != path_len) {
      swirl__free(p);
      swirl__free(lk);
      return swirl__fail(SWIRL_EINVAL, "the file name contains a NUL byte");
    }
    lk->fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (lk->fd < 0) {
      rc = -errno;
      swirl__fail(rc, "open file[%s] failed. Error: %s [%d]", p,
                  strerror(errno), errno);
      swirl__free(p);
      swirl__free(lk);
      return rc;
    }
    swirl__free(p);
    *out = lk;
    return 0;
  }
  lk->shm = swirl__shm_alloc(sizeof(lock_shared));
  if (lk->shm == NULL) {
    rc = -errno;
    swirl__free(lk);
    return swirl__fail(rc, "mmap(): %s", strerror(-rc));
  }
  rc = lock_init(lk->shm, type);
  if (rc < 0) {
    swirl__shm_free(lk->shm, sizeof(lock_shared));
    swirl__free(lk);
    return rc;
  }
  *out = lk;
  return 0;
}

/* The shared object is not destroyed: other processes may still use it;
 * unmapping is all this process may do. */
void swirl__lock_free(swirl_lock *lk) {
  if (lk->fd >= 0) close(lk->fd);
  swirl__shm_free(lk->shm, sizeof(lock_shared));
  swirl__free(lk);
}

/* A pthread result as a Swirl code: 0, SWIRL_EBUSY, or -errno. A mutex
 * whose owner died is made consistent and counts as taken. */
static int32_t mutex_result(pthread_mutex_t *m, int rc) {
  if (rc == EOWNERDEAD) {
    pthread_mutex_consistent(m);
    swirl__warn("the owner of a mutex died holding it; lock recovered");
    return 0;
  }
  return -rc;
}

/* One fcntl() lock operation on the whole file, retried on EINTR. */
static int32_t file_op(int fd, short type, int wait) {
  struct flock fl;
  memset(&fl, 0, sizeof(fl));
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  for (;;) {
    if (fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl) == 0) return 0;
    if (errno == EINTR) continue;
    if (errno == EACCES || errno == EAGAIN) return SWIRL_EBUSY;
    return -errno;
  }
}

static int32_t sem_op(sem_t *s, int op) {
  switch (op) {
    case SWIRL__LOCK_OP_LOCK:
      while (sem_wait(s) < 0) {
        if (errno != EINTR) return -errno;
      }
      return 0;
    case SWIRL__LOCK_OP_TRYLOCK:
      if (sem_trywait(s) == 0) return 0;
      return errno == EAGAIN ? SWIRL_EBUSY : -errno;
    case SWIRL__LOCK_OP_UNLOCK:
      return sem_post(s) == 0 ? 0 : -errno;
    default:
      return swirl__fail(SWIRL_ENOTSUP, "a semaphore has no read lock");
  }
}

int32_t swirl__lock_op(swirl_lock *lk, int op) {
  int rc = 0;
  lock_shared *s = lk->shm;

  switch (lk->type) {
    case SWIRL_LOCK_MUTEX:
      switch (op) {
        case SWIRL__LOCK_OP_LOCK:
        case SWIRL__LOCK_OP_LOCK_READ:
          return mutex_result(&s->u.mutex, pthread_mutex_lock(&s->u.mutex));
        case SWIRL__LOCK_OP_TRYLOCK:
        case SWIRL__LOCK_OP_TRYLOCK_READ:
          return mutex_result(&s->u.mutex,
                              pthread_mutex_trylock(&s->u.mutex));
        default:
          rc = pthread_mutex_unlock(&s->u.mutex);
          break;
      }
      break;
    case SWIRL_LOCK_RWLOCK:
      switch (op) {
        case SWIRL__LOCK_OP_LOCK:
          rc = pthread_rwlock_wrlock(&s->u.rwlock);
          break;
        case SWIRL__LOCK_OP_LOCK_READ:
          rc = pthread_rwlock_rdlock(&s->u.rwlock);
          break;
        case SWIRL__LOCK_OP_TRYLOCK:
          rc = pthread_rwlock_trywrlock(&s->u.rwlock);
          break;
        case SWIRL__LOCK_OP_TRYLOCK_READ:
          rc = pthread_rwlock_tryrdlock(&s->u.rwlock);
          break;
        default:
          rc = pthread_rwlock_unlock(&s->u.rwlock);
          break;
      }
      break;
    case SWIRL_LOCK_SPINLOCK:
      switch (op) {
        case SWIRL__LOCK_OP_LOCK:
        case SWIRL__LOCK_OP_LOCK_READ:
          rc = pthread_spin_lock(&s->u.spin);
          break;
        case SWIRL__LOCK_OP_TRYLOCK:
        case SWIRL__LOCK_OP_TRYLOCK_READ:
          rc = pthread_spin_trylock(&s->u.spin);
          break;
        default:
          rc = pthread_spin_unlock(&s->u.spin);
          break;
      }
      break;
    case SWIRL_LOCK_SEM:
      return sem_op(&s->u.sem, op);
    case SWIRL_LOCK_FILELOCK:
      switch (op) {
        case SWIRL__LOCK_OP_LOCK:
          return file_op(lk->fd, F_WRLCK, 1);
        case SWIRL__LOCK_OP_LOCK_READ:
          return file_op(lk->fd, F_RDLCK, 1);
        case SWIRL__LOCK_OP_TRYLOCK:
          return file_op(lk->fd, F_WRLCK, 0);
        case SWIRL__LOCK_OP_TRYLOCK_READ:
          return file_op(lk->fd, F_RDLCK, 0);
        default:
          return file_op(lk->fd, F_UNLCK, 0);
      }
  }
  if (rc == EBUSY) return SWIRL_EBUSY;
  return -rc;
}

/* The CLOCK_MONOTONIC time `timeout` seconds from now. */
static struct timespec deadline_after(double timeout) {
  struct timespec ts;
  double whole;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  if (timeout < 0) timeout = 0;
  if (timeout > 1e9) timeout = 1e9;
  whole = (double)(int64_t)timeout;
  ts.tv_sec += (time_t)whole;
  ts.tv_nsec += (long)((timeout - whole) * 1e9);
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

static int before(const struct timespec *a, const struct timespec *b) {
  return a->tv_sec < b->tv_sec ||
         (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

int32_t swirl__lock_wait(swirl_lock *lk, double timeout) {
  struct timespec until = deadline_after(timeout);
  lock_shared *s = lk->shm;
  int rc;

  switch (lk->type) {
    case SWIRL_LOCK_MUTEX:
      rc = pthread_mutex_clocklock(&s->u.mutex, CLOCK_MONOTONIC, &until);
      return mutex_result(&s->u.mutex, rc);
    case SWIRL_LOCK_RWLOCK:
      rc = pthread_rwlock_clockwrlock(&s->u.rwlock, CLOCK_MONOTONIC, &until);
      return -rc;
    case SWIRL_LOCK_SEM:
      while (sem_clockwait(&s->u.sem, CLOCK_MONOTONIC, &until) < 0) {
        if (errno != EINTR) return -errno;
      }
      return 0;
    case SWIRL_LOCK_SPINLOCK:
      for (;;) {
        struct timespec now;
        if (pthread_spin_trylock(&s->u.spin) == 0) return 0;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (!before(&now, &until)) return SWIRL_ETIMEDOUT;
        sched_yield();
      }
    default:
      return swirl__fail(SWIRL_ENOTSUP, "lockwait is not supported by a "
                                        "file lock");
  }
}
