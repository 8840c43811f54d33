/*
 * shm.h: what the shared-memory objects (table.c, atomic.c, lock.c) and
 * their public layer (api_shm.c) share. Nothing here is public.
 *
 * Every object lives in anonymous shared memory (MAP_SHARED), so a copy
 * of its handle inherited through fork() reaches the same memory. The
 * handles themselves are process-local.
 */
#ifndef SWIRL_SHM_H
#define SWIRL_SHM_H

#include "internal.h"

#include <stdint.h>

/* ------------------------------------------------------------------------
 * Shared memory and the owner-pid spinlock (lock.c)
 * ---------------------------------------------------------------------- */

/* Maps `size` bytes of zeroed anonymous shared memory. Returns NULL and
 * leaves errno set when the system refuses. */
void *swirl__shm_alloc(size_t size);

/* Unmaps memory from swirl__shm_alloc() in this process only; the other
 * processes that inherited it keep their mapping. NULL is a no-op. */
void swirl__shm_free(void *p, size_t size);

/* A process-shared spinlock of one 32-bit word that holds the owner's pid
 * (0 when free). A waiter that finds the owner gone (the process died
 * while holding it) takes the lock over, so a crashed worker never blocks
 * the others for good. Not recursive. Zeroed memory is an unlocked lock. */
typedef _Atomic uint32_t swirl__pidlock;

void swirl__pidlock_lock(swirl__pidlock *l);
void swirl__pidlock_unlock(swirl__pidlock *l);

/* This process's pid, cached (refreshed in a forked child). */
uint32_t swirl__shm_pid(void);

/* ------------------------------------------------------------------------
 * Tables (table.c). The handle is struct swirl_table; see abi/swirl.h for
 * the contract of each operation. Arguments are checked by api_shm.c:
 * non-NULL handle, pointers non-NULL where a length is not 0.
 * ---------------------------------------------------------------------- */

int32_t swirl__table_new(swirl_table **out, int64_t size, double conflict);
void swirl__table_free(swirl_table *t);
int32_t swirl__table_column(swirl_table *t, const char *name, size_t nlen,
                            int32_t type, int64_t size);
int32_t swirl__table_create(swirl_table *t);
int swirl__table_created(const swirl_table *t);
int64_t swirl__table_size(const swirl_table *t);
int64_t swirl__table_memory_size(const swirl_table *t);
int32_t swirl__table_column_count(const swirl_table *t);
int32_t swirl__table_column_index(const swirl_table *t, const char *name,
                                  size_t nlen);
int32_t swirl__table_column_info(const swirl_table *t, int32_t index,
                                 char *name, size_t *name_len, int32_t *type,
                                 int64_t *size, int64_t *offset);
int64_t swirl__table_row_size(const swirl_table *t);
int32_t swirl__table_set(swirl_table *t, const char *key, size_t klen,
                         const char *values, size_t vlen);
int32_t swirl__table_get(swirl_table *t, const char *key, size_t klen,
                         char *row, size_t row_len);
int32_t swirl__table_set_num(swirl_table *t, const char *key, size_t klen,
                             int32_t col, int type, int64_t i, double d);
int32_t swirl__table_set_str(swirl_table *t, const char *key, size_t klen,
                             int32_t col, const char *s, size_t slen);
int32_t swirl__table_get_num(swirl_table *t, const char *key, size_t klen,
                             int32_t col, int type, int64_t *i, double *d);
int32_t swirl__table_get_str(swirl_table *t, const char *key, size_t klen,
                             int32_t col, char *buf, size_t *len);
int32_t swirl__table_incr(swirl_table *t, const char *key, size_t klen,
                          int32_t col, int type, int64_t i, double d,
                          int64_t *iout, double *dout);
int32_t swirl__table_exists(swirl_table *t, const char *key, size_t klen);
int32_t swirl__table_del(swirl_table *t, const char *key, size_t klen);
int64_t swirl__table_count(const swirl_table *t);
int32_t swirl__table_next(swirl_table *t, uint64_t *cursor, char *key,
                          size_t *key_len, char *row, size_t row_len);
int64_t swirl__table_stat(const swirl_table *t, int32_t which);

/* ------------------------------------------------------------------------
 * Atomics (atomic.c)
 * ---------------------------------------------------------------------- */

int32_t swirl__atomic_new(swirl_atomic **out, int64_t value);
void swirl__atomic_free(swirl_atomic *a);
int64_t swirl__atomic_get(swirl_atomic *a);
int64_t swirl__atomic_add(swirl_atomic *a, int64_t value);
void swirl__atomic_set(swirl_atomic *a, int64_t value);
int32_t swirl__atomic_cmpset(swirl_atomic *a, int64_t cmp, int64_t value);
int32_t swirl__atomic_wait(swirl_atomic *a, double timeout);
int32_t swirl__atomic_wakeup(swirl_atomic *a, int32_t n);

int32_t swirl__atomic_long_new(swirl_atomic_long **out, int64_t value);
void swirl__atomic_long_free(swirl_atomic_long *a);
int64_t swirl__atomic_long_get(swirl_atomic_long *a);
int64_t swirl__atomic_long_add(swirl_atomic_long *a, int64_t value);
void swirl__atomic_long_set(swirl_atomic_long *a, int64_t value);
int32_t swirl__atomic_long_cmpset(swirl_atomic_long *a, int64_t cmp,
                                  int64_t value);

/* ------------------------------------------------------------------------
 * Locks (lock.c)
 * ---------------------------------------------------------------------- */

/* Operations of swirl__lock_op(). */
enum {
  SWIRL__LOCK_OP_LOCK = 1,
  SWIRL__LOCK_OP_TRYLOCK,
  SWIRL__LOCK_OP_LOCK_READ,
  SWIRL__LOCK_OP_TRYLOCK_READ,
  SWIRL__LOCK_OP_UNLOCK
};

int32_t swirl__lock_new(swirl_lock **out, int32_t type, const char *path,
                        size_t path_len);
void swirl__lock_free(swirl_lock *lk);
int32_t swirl__lock_op(swirl_lock *lk, int op);
int32_t swirl__lock_wait(swirl_lock *lk, double timeout);

#endif /* SWIRL_SHM_H */
