/*
 * api_shm.c: the public layer of the shared-memory objects (tables,
 * atomics, locks). Every swirl_table_*, swirl_atomic_* and swirl_lock_*
 * function of abi/swirl.h is defined here and nowhere else: it checks its
 * arguments and calls the internal code of table.c, atomic.c and lock.c.
 */
#include "shm.h"

#include <stddef.h>

#define CHECK_NULL(p, what)                                         \
  do {                                                              \
    if ((p) == NULL) return swirl__fail(SWIRL_EINVAL, what " is NULL"); \
  } while (0)

#define CHECK_STR(p, n, what)                                       \
  do {                                                              \
    if ((p) == NULL && (n) != 0)                                    \
      return swirl__fail(SWIRL_EINVAL, what " is NULL");            \
  } while (0)

/* A table whose rows may be used: the handle and the key are valid and
 * create() has run. */
#define CHECK_ROWS(t, key, klen)                                        \
  do {                                                                  \
    CHECK_NULL(t, "table");                                             \
    CHECK_STR(key, klen, "key");                                        \
    if (!swirl__table_created(t))                                       \
      return swirl__fail(SWIRL_EWRONG_OPERATION,                        \
                         "table is not created or has been destroyed"); \
  } while (0)

/* NULL keys of length 0 become "" so the internals never see NULL. */
#define KEY(key) ((key) != NULL ? (key) : "")

/* ------------------------------------------------------------------------
 * Tables
 * ---------------------------------------------------------------------- */

SWIRL_EXTERN int32_t swirl_table_new(swirl_table **out, int64_t size,
                                     double conflict_proportion) {
  CHECK_NULL(out, "out");
  *out = NULL;
  return swirl__table_new(out, size, conflict_proportion);
}

SWIRL_EXTERN void swirl_table_free(swirl_table *t) {
  if (t != NULL) swirl__table_free(t);
}

SWIRL_EXTERN int32_t swirl_table_column(swirl_table *t, const char *name,
                                        size_t name_len, int32_t type,
                                        int64_t size) {
  CHECK_NULL(t, "table");
  CHECK_STR(name, name_len, "name");
  return swirl__table_column(t, KEY(name), name_len, type, size);
}

SWIRL_EXTERN int32_t swirl_table_create(swirl_table *t) {
  CHECK_NULL(t, "table");
  return swirl__table_create(t);
}

SWIRL_EXTERN int64_t swirl_table_size(swirl_table *t) {
  CHECK_NULL(t, "table");
  return swirl__table_size(t);
}

SWIRL_EXTERN int64_t swirl_table_memory_size(swirl_table *t) {
  CHECK_NULL(t, "table");
  return swirl__table_memory_size(t);
}

SWIRL_EXTERN int32_t swirl_table_column_count(swirl_table *t) {
  CHECK_NULL(t, "table");
  return swirl__table_column_count(t);
}

SWIRL_EXTERN int32_t swirl_table_column_index(swirl_table *t,
                                              const char *name,
                                              size_t name_len) {
  CHECK_NULL(t, "table");
  CHECK_STR(name, name_len, "name");
  return swirl__table_column_index(t, KEY(name), name_len);
}

SWIRL_EXTERN int32_t swirl_table_column_info(swirl_table *t, int32_t index,
                                             char *name, size_t *name_len,
                                             int32_t *type, int64_t *size,
                                             int64_t *offset) {
  CHECK_NULL(t, "table");
  if (name != NULL && name_len == NULL)
    return swirl__fail(SWIRL_EINVAL, "name_len is NULL");
  return swirl__table_column_info(t, index, name, name_len, type, size,
                                  offset);
}

SWIRL_EXTERN int64_t swirl_table_row_size(swirl_table *t) {
  CHECK_NULL(t, "table");
  return swirl__table_row_size(t);
}

SWIRL_EXTERN int32_t swirl_table_set(swirl_table *t, const char *key,
                                     size_t key_len, const char *values,
                                     size_t values_len) {
  CHECK_ROWS(t, key, key_len);
  CHECK_STR(values, values_len, "values");
  return swirl__table_set(t, KEY(key), key_len, KEY(values), values_len);
}

SWIRL_EXTERN int32_t swirl_table_get(swirl_table *t, const char *key,
                                     size_t key_len, char *row,
                                     size_t row_len) {
  CHECK_ROWS(t, key, key_len);
  CHECK_STR(row, row_len, "row");
  return swirl__table_get(t, KEY(key), key_len, row, row_len);
}

SWIRL_EXTERN int32_t swirl_table_set_int(swirl_table *t, const char *key,
                                         size_t key_len, int32_t column,
                                         int64_t value) {
  CHECK_ROWS(t, key, key_len);
  return swirl__table_set_num(t, KEY(key), key_len, column,
                              SWIRL_TABLE_TYPE_INT, value, 0);
}

SWIRL_EXTERN int32_t swirl_table_set_float(swirl_table *t, const char *key,
                                           size_t key_len, int32_t column,
                                           double value) {
  CHECK_ROWS(t, key, key_len);
  return swirl__table_set_num(t, KEY(key), key_len, column,
                              SWIRL_TABLE_TYPE_FLOAT, 0, value);
}

SWIRL_EXTERN int32_t swirl_table_set_str(swirl_table *t, const char *key,
                                         size_t key_len, int32_t column,
                                         const char *value,
                                         size_t value_len) {
  CHECK_ROWS(t, key, key_len);
  CHECK_STR(value, value_len, "value");
  return swirl__table_set_str(t, KEY(key), key_len, column, KEY(value),
                              value_len);
}

SWIRL_EXTERN int32_t swirl_table_get_int(swirl_table *t, const char *key,
                                         size_t key_len, int32_t column,
                                         int64_t *out) {
  CHECK_ROWS(t, key, key_len);
  CHECK_NULL(out, "out");
  return swirl__table_get_num(t, KEY(key), key_len, column,
                              SWIRL_TABLE_TYPE_INT, out, NULL);
}

SWIRL_EXTERN int32_t swirl_table_get_float(swirl_table *t, const char *key,
                                           size_t key_len, int32_t column,
                                           double *out) {
  CHECK_ROWS(t, key, key_len);
  CHECK_NULL(out, "out");
  return swirl__table_get_num(t, KEY(key), key_len, column,
                              SWIRL_TABLE_TYPE_FLOAT, NULL, out);
}

SWIRL_EXTERN int32_t swirl_table_get_str(swirl_table *t, const char *key,
                                         size_t key_len, int32_t column,
                                         char *buf, size_t *len) {
  CHECK_ROWS(t, key, key_len);
  CHECK_NULL(len, "len");
  CHECK_STR(buf, *len, "buf");
  return swirl__table_get_str(t, KEY(key), key_len, column, buf, len);
}

SWIRL_EXTERN int32_t swirl_table_incr_int(swirl_table *t, const char *key,
                                          size_t key_len, int32_t column,
                                          int64_t by, int64_t *out) {
  CHECK_ROWS(t, key, key_len);
  return swirl__table_incr(t, KEY(key), key_len, column, SWIRL_TABLE_TYPE_INT,
                           by, 0, out, NULL);
}

SWIRL_EXTERN int32_t swirl_table_incr_float(swirl_table *t, const char *key,
                                            size_t key_len, int32_t column,
                                            double by, double *out) {
  CHECK_ROWS(t, key, key_len);
  return swirl__table_incr(t, KEY(key), key_len, column,
                           SWIRL_TABLE_TYPE_FLOAT, 0, by, NULL, out);
}

SWIRL_EXTERN int32_t swirl_table_exists(swirl_table *t, const char *key,
                                        size_t key_len) {
  CHECK_ROWS(t, key, key_len);
  return swirl__table_exists(t, KEY(key), key_len);
}

SWIRL_EXTERN int32_t swirl_table_del(swirl_table *t, const char *key,
                                     size_t key_len) {
  CHECK_ROWS(t, key, key_len);
  return swirl__table_del(t, KEY(key), key_len);
}

SWIRL_EXTERN int64_t swirl_table_count(swirl_table *t) {
  CHECK_NULL(t, "table");
  if (!swirl__table_created(t)) return 0;
  return swirl__table_count(t);
}

SWIRL_EXTERN int32_t swirl_table_next(swirl_table *t, uint64_t *cursor,
                                      char *key, size_t *key_len, char *row,
                                      size_t row_len) {
  CHECK_ROWS(t, "", 0);
  CHECK_NULL(cursor, "cursor");
  CHECK_NULL(key, "key");
  CHECK_NULL(key_len, "key_len");
  if (*key_len < SWIRL_TABLE_KEY_MAX)
    return swirl__fail(SWIRL_EINVAL, "the key buffer has %zu bytes, fewer "
                                     "than %d", *key_len,
                       (int)SWIRL_TABLE_KEY_MAX);
  CHECK_STR(row, row_len, "row");
  return swirl__table_next(t, cursor, key, key_len, row, row_len);
}

SWIRL_EXTERN int64_t swirl_table_stat(swirl_table *t, int32_t which) {
  CHECK_ROWS(t, "", 0);
  return swirl__table_stat(t, which);
}

/* ------------------------------------------------------------------------
 * Atomics
 * ---------------------------------------------------------------------- */

SWIRL_EXTERN int32_t swirl_atomic_new(swirl_atomic **out, int64_t value) {
  CHECK_NULL(out, "out");
  *out = NULL;
  return swirl__atomic_new(out, value);
}

SWIRL_EXTERN void swirl_atomic_free(swirl_atomic *a) {
  if (a != NULL) swirl__atomic_free(a);
}

SWIRL_EXTERN int64_t swirl_atomic_get(swirl_atomic *a) {
  CHECK_NULL(a, "atomic");
  return swirl__atomic_get(a);
}

SWIRL_EXTERN int64_t swirl_atomic_add(swirl_atomic *a, int64_t value) {
  CHECK_NULL(a, "atomic");
  return swirl__atomic_add(a, value);
}

SWIRL_EXTERN int64_t swirl_atomic_sub(swirl_atomic *a, int64_t value) {
  CHECK_NULL(a, "atomic");
  /* Modulo 2^32, subtracting is adding the complement. */
  return swirl__atomic_add(a, (int64_t)(0 - (uint64_t)value));
}

SWIRL_EXTERN int32_t swirl_atomic_set(swirl_atomic *a, int64_t value) {
  CHECK_NULL(a, "atomic");
  swirl__atomic_set(a, value);
  return 0;
}

SWIRL_EXTERN int32_t swirl_atomic_cmpset(swirl_atomic *a, int64_t cmp,
                                         int64_t value) {
  CHECK_NULL(a, "atomic");
  return swirl__atomic_cmpset(a, cmp, value);
}

SWIRL_EXTERN int32_t swirl_atomic_wait(swirl_atomic *a, double timeout) {
  CHECK_NULL(a, "atomic");
  return swirl__atomic_wait(a, timeout);
}

SWIRL_EXTERN int32_t swirl_atomic_wakeup(swirl_atomic *a, int32_t n) {
  CHECK_NULL(a, "atomic");
  return swirl__atomic_wakeup(a, n);
}

SWIRL_EXTERN int32_t swirl_atomic_long_new(swirl_atomic_long **out,
                                           int64_t value) {
  CHECK_NULL(out, "out");
  *out = NULL;
  return swirl__atomic_long_new(out, value);
}

SWIRL_EXTERN void swirl_atomic_long_free(swirl_atomic_long *a) {
  if (a != NULL) swirl__atomic_long_free(a);
}

SWIRL_EXTERN int32_t swirl_atomic_long_get(swirl_atomic_long *a,
                                           int64_t *out) {
  CHECK_NULL(a, "atomic");
  CHECK_NULL(out, "out");
  *out = swirl__atomic_long_get(a);
  return 0;
}

SWIRL_EXTERN int32_t swirl_atomic_long_add(swirl_atomic_long *a,
                                           int64_t value, int64_t *out) {
  int64_t v;
  CHECK_NULL(a, "atomic");
  v = swirl__atomic_long_add(a, value);
  if (out != NULL) *out = v;
  return 0;
}

SWIRL_EXTERN int32_t swirl_atomic_long_sub(swirl_atomic_long *a,
                                           int64_t value, int64_t *out) {
  int64_t v;
  CHECK_NULL(a, "atomic");
  v = swirl__atomic_long_add(a, (int64_t)(0 - (uint64_t)value));
  if (out != NULL) *out = v;
  return 0;
}

SWIRL_EXTERN int32_t swirl_atomic_long_set(swirl_atomic_long *a,
                                           int64_t value) {
  CHECK_NULL(a, "atomic");
  swirl__atomic_long_set(a, value);
  return 0;
}

SWIRL_EXTERN int32_t swirl_atomic_long_cmpset(swirl_atomic_long *a,
                                              int64_t cmp, int64_t value) {
  CHECK_NULL(a, "atomic");
  return swirl__atomic_long_cmpset(a, cmp, value);
}

/* ------------------------------------------------------------------------
 * Locks
 * ---------------------------------------------------------------------- */

SWIRL_EXTERN int32_t swirl_lock_new(swirl_lock **out, int32_t type,
                                    const char *path, size_t path_len) {
  CHECK_NULL(out, "out");
  *out = NULL;
  CHECK_STR(path, path_len, "path");
  return swirl__lock_new(out, type, KEY(path), path_len);
}

SWIRL_EXTERN void swirl_lock_free(swirl_lock *lk) {
  if (lk != NULL) swirl__lock_free(lk);
}

SWIRL_EXTERN int32_t swirl_lock_lock(swirl_lock *lk) {
  CHECK_NULL(lk, "lock");
  return swirl__lock_op(lk, SWIRL__LOCK_OP_LOCK);
}

SWIRL_EXTERN int32_t swirl_lock_trylock(swirl_lock *lk) {
  CHECK_NULL(lk, "lock");
  return swirl__lock_op(lk, SWIRL__LOCK_OP_TRYLOCK);
}

SWIRL_EXTERN int32_t swirl_lock_lock_read(swirl_lock *lk) {
  CHECK_NULL(lk, "lock");
  return swirl__lock_op(lk, SWIRL__LOCK_OP_LOCK_READ);
}

SWIRL_EXTERN int32_t swirl_lock_trylock_read(swirl_lock *lk) {
  CHECK_NULL(lk, "lock");
  return swirl__lock_op(lk, SWIRL__LOCK_OP_TRYLOCK_READ);
}

SWIRL_EXTERN int32_t swirl_lock_unlock(swirl_lock *lk) {
  CHECK_NULL(lk, "lock");
  return swirl__lock_op(lk, SWIRL__LOCK_OP_UNLOCK);
}

SWIRL_EXTERN int32_t swirl_lock_lockwait(swirl_lock *lk, double timeout) {
  CHECK_NULL(lk, "lock");
  return swirl__lock_wait(lk, timeout);
}
