/*
 * table.c: Swoole's Table, a fixed-size hash table of typed rows in
 * anonymous shared memory that every process forked after its creation
 * reads and writes.
 *
 * Layout of the shared memory (one mapping, made by create()):
 *
 *   tbl_shared     counters and the free list of rows
 *   tbl_bucket[size]   one per hash slot: a lock and the first row of the
 *                      slot's chain
 *   rows[capacity]     each a tbl_row header (chain link, key) followed by
 *                      the row image (the column values)
 *
 * Rows are not tied to slots: any free row can join any chain, so the
 * table holds `capacity` rows however the keys hash (Swoole's keeps a row
 * per slot and a small pool for collisions, and can fill up early). Links
 * are row indexes plus one, never pointers, because each process may map
 * the memory at its own address (in practice fork() keeps it in place).
 *
 * Locking: a slot's lock (an owner-pid spinlock, see lock.c) guards its
 * chain and the rows on it, so every operation on one key is atomic with
 * respect to the others; the pool lock guards the free list. A slot lock
 * may be held while taking the pool lock, never the other way round.
 *
 * The column list (names, types, offsets) is process-local: it is set up
 * before create() and then never changes, so each forked process has a
 * faithful copy.
 */
#include "shm.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define ROW_KEY_SIZE (SWIRL_TABLE_KEY_MAX + 1)
#define ROW_SIZE_MAX 0x7fffffffu /* a row image must fit an int32 offset */
#define SLOTS_MIN_SHIFT 6        /* at least 64 slots, as in Swoole */
#define SLOTS_MAX 0x80000000ull
#define CONFLICT_MIN 0.2
#define CONFLICT_MAX 1.0

typedef struct tbl_row {
  uint32_t next;    /* index + 1 of the next row of the chain; 0: last */
  uint32_t key_len;
  char key[ROW_KEY_SIZE];
  /* The row image follows (ROW_HDR is a multiple of 8). */
} tbl_row;

#define ROW_HDR sizeof(tbl_row)

typedef struct tbl_bucket {
  swirl__pidlock lock;
  uint32_t head; /* index + 1 of the chain's first row; 0: empty. Written
                    under the lock, read without it only as a hint. */
} tbl_bucket;

typedef struct tbl_shared {
  swirl__pidlock pool_lock;
  uint32_t free_head; /* index + 1 of the first released row; 0: none */
  uint64_t unused;    /* rows [unused, capacity) were never handed out */
  _Atomic int64_t row_num;
  _Atomic int64_t conflict_count;
  _Atomic int64_t conflict_max_level;
  _Atomic int64_t insert_count;
  _Atomic int64_t update_count;
  _Atomic int64_t delete_count;
} tbl_shared;

typedef struct tbl_col {
  char *name;
  size_t name_len;
  int32_t type;
  int64_t size;    /* as declared */
  uint32_t offset; /* of the value in the row image */
  uint32_t cap;    /* STRING: bytes the value may have */
} tbl_col;

struct swirl_table {
  uint64_t size;     /* hash slots, a power of two */
  uint64_t capacity; /* rows */
  tbl_col *cols;
  int32_t ncols;
  int32_t cols_cap;
  size_t data_size; /* bytes of a row image */
  size_t stride;    /* bytes of a row: header plus image, 8-aligned */
  /* From create() on: */
  void *mem;
  size_t mem_size;
  tbl_shared *sh;
  tbl_bucket *buckets;
  char *rows;
};

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Bytes a column of `type` takes in the row image (cap: a STRING's room;
 * its length comes first, in 4 bytes). */
static uint32_t col_width(int32_t type, uint32_t cap) {
  return type == SWIRL_TABLE_TYPE_STRING ? 4 + cap : 8;
}

/* FNV-1a, with the high bits folded in since only the low ones index. */
static uint64_t key_hash(const char *key, size_t len) {
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i;
  for (i = 0; i < len; i++) {
    h ^= (unsigned char)key[i];
    h *= 0x100000001b3ull;
  }
  return h ^ (h >> 29) ^ (h >> 47);
}

static size_t key_cut(size_t len) {
  return len > SWIRL_TABLE_KEY_MAX ? SWIRL_TABLE_KEY_MAX : len;
}

static tbl_row *row_at(const swirl_table *t, uint32_t idx1) {
  return (tbl_row *)(t->rows + (size_t)(idx1 - 1) * t->stride);
}

static char *row_data(tbl_row *r) { return (char *)r + ROW_HDR; }

static tbl_bucket *bucket_of(const swirl_table *t, const char *key,
                             size_t klen) {
  return &t->buckets[key_hash(key, klen) & (t->size - 1)];
}

static uint32_t head_peek(tbl_bucket *b) {
  return __atomic_load_n(&b->head, __ATOMIC_RELAXED);
}

static void head_set(tbl_bucket *b, uint32_t idx1) {
  __atomic_store_n(&b->head, idx1, __ATOMIC_RELAXED);
}

/* Finds key on the locked chain of b. Returns the row's index + 1, or 0;
 * *last gets the chain's last row (0 if empty) and *depth its length when
 * the key is missing. */
static uint32_t chain_find(const swirl_table *t, tbl_bucket *b,
                           const char *key, size_t klen, uint32_t *prev,
                           uint32_t *last, uint32_t *depth) {
  uint32_t i = b->head, p = 0, n = 0;
  while (i != 0) {
    tbl_row *r = row_at(t, i);
    if (r->key_len == klen && memcmp(r->key, key, klen) == 0) {
      if (prev != NULL) *prev = p;
      return i;
    }
    p = i;
    i = r->next;
    n++;
  }
  if (last != NULL) *last = p;
  if (depth != NULL) *depth = n;
  return 0;
}

static uint32_t pool_take(swirl_table *t) {
  tbl_shared *sh = t->sh;
  uint32_t idx1 = 0;
  swirl__pidlock_lock(&sh->pool_lock);
  if (sh->free_head != 0) {
    idx1 = sh->free_head;
    sh->free_head = row_at(t, idx1)->next;
  } else if (sh->unused < t->capacity) {
    idx1 = (uint32_t)++sh->unused;
  }
  swirl__pidlock_unlock(&sh->pool_lock);
  return idx1;
}

static void pool_give(swirl_table *t, uint32_t idx1) {
  tbl_shared *sh = t->sh;
  swirl__pidlock_lock(&sh->pool_lock);
  row_at(t, idx1)->next = sh->free_head;
  sh->free_head = idx1;
  swirl__pidlock_unlock(&sh->pool_lock);
}

static void stat_max(_Atomic int64_t *m, int64_t v) {
  int64_t cur = atomic_load_explicit(m, memory_order_relaxed);
  while (cur < v && !atomic_compare_exchange_weak(m, &cur, v)) {
  }
}

/* Finds row `key` on the locked chain of b, or makes it (key set, every
 * value 0) at the chain's tail. Returns the row, or NULL when the table is
 * full; *created says which. */
static tbl_row *row_upsert(swirl_table *t, tbl_bucket *b, const char *key,
                           size_t klen, int *created) {
  uint32_t last = 0, depth = 0, idx1;
  tbl_row *r;

  idx1 = chain_find(t, b, key, klen, NULL, &last, &depth);
  if (idx1 != 0) {
    *created = 0;
    atomic_fetch_add_explicit(&t->sh->update_count, 1, memory_order_relaxed);
    return row_at(t, idx1);
  }
  idx1 = pool_take(t);
  if (idx1 == 0) return NULL;
  r = row_at(t, idx1);
  r->next = 0;
  r->key_len = (uint32_t)klen;
  memcpy(r->key, key, klen);
  memset(r->key + klen, 0, ROW_KEY_SIZE - klen);
  memset(row_data(r), 0, t->data_size);
  if (last != 0)
    row_at(t, last)->next = idx1;
  else
    head_set(b, idx1);
  *created = 1;
  atomic_fetch_add_explicit(&t->sh->row_num, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&t->sh->insert_count, 1, memory_order_relaxed);
  if (depth > 0) {
    atomic_fetch_add_explicit(&t->sh->conflict_count, 1,
                              memory_order_relaxed);
    stat_max(&t->sh->conflict_max_level, depth);
  }
  return r;
}

/* Writes a string value, cut to the column's room as Swoole does (with
 * the warning Swoole logs). */
static void put_str(const swirl_table *t, tbl_row *r, const tbl_col *c,
                    const char *s, size_t len) {
  uint32_t n;
  char *p = row_data(r) + c->offset;
  if (len > c->cap) {
    swirl__warn("[key=%.*s,field=%.*s]string value is too long",
                (int)r->key_len, r->key, (int)c->name_len, c->name);
    len = c->cap;
  }
  n = (uint32_t)len;
  memcpy(p, &n, 4);
  if (n > 0) memcpy(p + 4, s, n);
  SWIRL__UNUSED(t);
}

static int32_t table_full(const char *key, size_t klen) {
  return swirl__fail(SWIRL_ENOSPC,
                     "failed to set('%.*s'), unable to allocate memory",
                     (int)klen, key);
}

/* Checks a packed value list (see swirl_table_set()). 0 or SWIRL_EINVAL. */
static int32_t values_check(const swirl_table *t, const char *v, size_t len) {
  size_t off = 0;
  while (off < len) {
    int32_t ci;
    uint32_t slen;
    if (len - off < 4) goto bad;
    memcpy(&ci, v + off, 4);
    off += 4;
    if (ci < 0 || ci >= t->ncols)
      return swirl__fail(SWIRL_EINVAL, "no column %d in the value list",
                         (int)ci);
    if (t->cols[ci].type != SWIRL_TABLE_TYPE_STRING) {
      if (len - off < 8) goto bad;
      off += 8;
      continue;
    }
    if (len - off < 4) goto bad;
    memcpy(&slen, v + off, 4);
    off += 4;
    if (len - off < slen) goto bad;
    off += slen;
  }
  return 0;
bad:
  return swirl__fail(SWIRL_EINVAL, "the value list is cut short at byte %zu",
                     off);
}

static void values_apply(const swirl_table *t, tbl_row *r, const char *v,
                         size_t len) {
  size_t off = 0;
  while (off < len) {
    int32_t ci;
    const tbl_col *c;
    memcpy(&ci, v + off, 4);
    off += 4;
    c = &t->cols[ci];
    if (c->type == SWIRL_TABLE_TYPE_STRING) {
      uint32_t slen;
      memcpy(&slen, v + off, 4);
      off += 4;
      put_str(t, r, c, v + off, slen);
      off += slen;
    } else {
      memcpy(row_data(r) + c->offset, v + off, 8);
      off += 8;
    }
  }
}

/* ------------------------------------------------------------------------
 * Description and creation
 * ---------------------------------------------------------------------- */

int32_t swirl__table_new(swirl_table **out, int64_t size, double conflict) {
  swirl_table *t;
  uint64_t slots;
  unsigned shift = SLOTS_MIN_SHIFT;

  if (size < 0)
    return swirl__fail(SWIRL_EINVAL, "table size %lld is negative",
                       (long long)size);
  if ((uint64_t)size >= SLOTS_MAX) {
    slots = SLOTS_MAX;
  } else {
    while ((1ull << shift) < (uint64_t)size) shift++;
    slots = 1ull << shift;
  }
  /* NaN fails both comparisons and gets the minimum. */
  if (!(conflict >= CONFLICT_MIN)) conflict = CONFLICT_MIN;
  if (conflict > CONFLICT_MAX) conflict = CONFLICT_MAX;

  t = swirl__calloc(1, sizeof(*t));
  if (t == NULL) return swirl__fail(SWIRL_ENOMEM, "out of memory");
  t->size = slots;
  t->capacity = slots + (uint64_t)((double)slots * conflict);
  if (t->capacity > UINT32_MAX - 1) t->capacity = UINT32_MAX - 1;
  *out = t;
  return 0;
}

void swirl__table_free(swirl_table *t) {
  int32_t i;
  for (i = 0; i < t->ncols; i++) swirl__free(t->cols[i].name);
  swirl__free(t->cols);
  swirl__shm_free(t->mem, t->mem_size);
  swirl__free(t);
}

int32_t swirl__table_column(swirl_table *t, const char *name, size_t nlen,
                            int32_t type, int64_t size) {
  tbl_col *c;
  uint32_t cap = 0, width;

  if (t->mem != NULL)
    return swirl__fail(SWIRL_EWRONG_OPERATION,
                       "unable to add column after table has been created");
  if (type < SWIRL_TABLE_TYPE_INT || type > SWIRL_TABLE_TYPE_STRING)
    return swirl__fail(SWIRL_EINVAL, "unknown column type %d", (int)type);
  if (type == SWIRL_TABLE_TYPE_STRING) {
    if (size < 1)
      return swirl__fail(SWIRL_EINVAL, "the length of string type values "
                                       "has to be more than zero");
    if (size > (int64_t)(ROW_SIZE_MAX - 16))
      return swirl__fail(SWIRL_EINVAL, "string column size %lld is too large",
                         (long long)size);
    cap = (uint32_t)align8((size_t)size);
  }
  if (swirl__table_column_index(t, name, nlen) >= 0)
    return swirl__fail(SWIRL_EEXIST, "column[%.*s] already exists", (int)nlen,
                       name);
  width = col_width(type, cap);
  if (t->data_size + width > ROW_SIZE_MAX)
    return swirl__fail(SWIRL_EINVAL, "the row is too large");
  if (t->ncols == t->cols_cap) {
    int32_t ncap = t->cols_cap == 0 ? 8 : t->cols_cap * 2;
    tbl_col *nc = swirl__realloc(t->cols, (size_t)ncap * sizeof(*nc));
    if (nc == NULL) return swirl__fail(SWIRL_ENOMEM, "out of memory");
    t->cols = nc;
    t->cols_cap = ncap;
  }
  c = &t->cols[t->ncols];
  c->name = swirl__strndup(name, nlen);
  if (c->name == NULL) return swirl__fail(SWIRL_ENOMEM, "out of memory");
  c->name_len = nlen;
  c->type = type;
  c->size = size;
  c->cap = cap;
  c->offset = (uint32_t)t->data_size;
  t->data_size += width;
  return t->ncols++;
}

/* Contract: computes the layout, maps it (zeroed memory is an empty table:
 * unlocked slots, empty chains, no free list) and keeps the pointers.
 * Returns 0, SWIRL_EWRONG_OPERATION if already created, SWIRL_ENOMEM when
 * the size overflows or the system refuses the mapping. */
int32_t swirl__table_create(swirl_table *t) {
  size_t head, slots, rows, total;

  if (t->mem != NULL)
    return swirl__fail(SWIRL_EWRONG_OPERATION, "the table is created already");
  t->stride = align8(ROW_HDR + t->data_size);
  head = align8(sizeof(tbl_shared));
  if (__builtin_mul_overflow((size_t)t->size, sizeof(tbl_bucket), &slots) ||
      __builtin_mul_overflow((size_t)t->capacity, t->stride, &rows) ||
      __builtin_add_overflow(head, slots, &total) ||
      __builtin_add_overflow(total, rows, &total))
    return swirl__fail(SWIRL_ENOMEM, "unable to allocate memory: the table "
                                     "is too large");
  t->mem = swirl__shm_alloc(total);
  if (t->mem == NULL)
    return swirl__fail(SWIRL_ENOMEM, "unable to allocate memory (%zu bytes): "
                                     "%s", total, strerror(errno));
  t->mem_size = total;
  t->sh = t->mem;
  t->buckets = (tbl_bucket *)((char *)t->mem + head);
  t->rows = (char *)t->mem + head + slots;
  return 0;
}

int swirl__table_created(const swirl_table *t) { return t->mem != NULL; }

int64_t swirl__table_size(const swirl_table *t) { return (int64_t)t->size; }

int64_t swirl__table_memory_size(const swirl_table *t) {
  return (int64_t)t->mem_size;
}

int32_t swirl__table_column_count(const swirl_table *t) { return t->ncols; }

int32_t swirl__table_column_index(const swirl_table *t, const char *name,
                                  size_t nlen) {
  int32_t i;
  for (i = 0; i < t->ncols; i++) {
    const tbl_col *c = &t->cols[i];
    if (c->name_len == nlen && memcmp(c->name, name, nlen) == 0) return i;
  }
  return SWIRL_ENOENT;
}

int32_t swirl__table_column_info(const swirl_table *t, int32_t index,
                                 char *name, size_t *name_len, int32_t *type,
                                 int64_t *size, int64_t *offset) {
  const tbl_col *c;
  if (index < 0 || index >= t->ncols) return SWIRL_ENOENT;
  c = &t->cols[index];
  if (type != NULL) *type = c->type;
  if (size != NULL) *size = c->size;
  if (offset != NULL) *offset = c->offset;
  if (name_len != NULL) {
    size_t room = *name_len;
    *name_len = c->name_len;
    if (name != NULL)
      memcpy(name, c->name, room < c->name_len ? room : c->name_len);
    if (room < c->name_len) return SWIRL_ERANGE;
  }
  return 0;
}

int64_t swirl__table_row_size(const swirl_table *t) {
  return (int64_t)t->data_size;
}

/* ------------------------------------------------------------------------
 * Rows
 * ---------------------------------------------------------------------- */

int32_t swirl__table_set(swirl_table *t, const char *key, size_t klen,
                         const char *values, size_t vlen) {
  tbl_bucket *b;
  tbl_row *r;
  int created;
  int32_t rc = values_check(t, values, vlen);

  if (rc < 0) return rc;
  klen = key_cut(klen);
  b = bucket_of(t, key, klen);
  swirl__pidlock_lock(&b->lock);
  r = row_upsert(t, b, key, klen, &created);
  if (r != NULL) values_apply(t, r, values, vlen);
  swirl__pidlock_unlock(&b->lock);
  return r != NULL ? created : table_full(key, klen);
}

int32_t swirl__table_get(swirl_table *t, const char *key, size_t klen,
                         char *row, size_t row_len) {
  tbl_bucket *b;
  uint32_t idx1;

  klen = key_cut(klen);
  b = bucket_of(t, key, klen);
  swirl__pidlock_lock(&b->lock);
  idx1 = chain_find(t, b, key, klen, NULL, NULL, NULL);
  if (idx1 != 0 && row != NULL)
    memcpy(row, row_data(row_at(t, idx1)),
           row_len < t->data_size ? row_len : t->data_size);
  swirl__pidlock_unlock(&b->lock);
  return idx1 != 0 ? 0 : SWIRL_ENOENT;
}

static int32_t col_check(const swirl_table *t, int32_t col, int type) {
  if (col < 0 || col >= t->ncols)
    return swirl__fail(SWIRL_EINVAL, "no column %d", (int)col);
  if (t->cols[col].type != type)
    return swirl__fail(SWIRL_EINVAL, "column[%s] is not of type %d",
                       t->cols[col].name, type);
  return 0;
}

int32_t swirl__table_set_num(swirl_table *t, const char *key, size_t klen,
                             int32_t col, int type, int64_t i, double d) {
  tbl_bucket *b;
  tbl_row *r;
  int created;
  int32_t rc = col_check(t, col, type);

  if (rc < 0) return rc;
  klen = key_cut(klen);
  b = bucket_of(t, key, klen);
  swirl__pidlock_lock(&b->lock);
  r = row_upsert(t, b, key, klen, &created);
  if (r != NULL) {
    char *p = row_data(r) + t->cols[col].offset;
    if (type == SWIRL_TABLE_TYPE_INT)
      memcpy(p, &i, 8);
    else
      memcpy(p, &d, 8);
  }
  swirl__pidlock_unlock(&b->lock);
  return r != NULL ? created : table_full(key, klen);
}

int32_t swirl__table_set_str(swirl_table *t, const char *key, size_t klen,
                             int32_t col, const char *s, size_t slen) {
  tbl_bucket *b;
  tbl_row *r;
  int created;
  int32_t rc = col_check(t, col, SWIRL_TABLE_TYPE_STRING);

  if (rc < 0) return rc;
  klen = key_cut(klen);
  b = bucket_of(t, key, klen);
  swirl__pidlock_lock(&b->lock);
  r = row_upsert(t, b, key, klen, &created);
  if (r != NULL) put_str(t, r, &t->cols[col], s, slen);
  swirl__pidlock_unlock(&b->lock);
  return r != NULL ? created : table_full(key, klen);
}

int32_t swirl__table_get_num(swirl_table *t, const char *key, size_t klen,
                             int32_t col, int type, int64_t *i, double *d) {
  tbl_bucket *b;
  uint32_t idx1;
  int32_t rc = col_check(t, col, type);

  if (rc < 0) return rc;
  klen = key_cut(klen);
  b = bucket_of(t, key, klen);
  swirl__pidlock_lock(&b->lock);
  idx1 = chain_find(t, b, key, klen, NULL, NULL, NULL);
  if (idx1 != 0) {
    const char *p = row_data(row_at(t, idx1)) + t->cols[col].offset;
    if (type == SWIRL_TABLE_TYPE_INT)
      memcpy(i, p, 8);
    else
      memcpy(d, p, 8);
  }
  swirl__pidlock_unlock(&b->lock);
  return idx1 != 0 ? 0 : SWIRL_ENOENT;
}

int32_t swirl__table_get_str(swirl_table *t, const char *key, size_t klen,
                             int32_t col, char *buf, size_t *len) {
  tbl_bucket *b;
  uint32_t idx1, n = 0;
  size_t room = *len;
  int32_t rc = col_check(t, col, SWIRL_TABLE_TYPE_STRING);

  if (rc < 0) return rc;
  klen = key_cut(klen);
  b = bucket_of(t, key, klen);
  swirl__pidlock_lock(&b->lock);
  idx1 = chain_find(t, b, key, klen, NULL, NULL, NULL);
  if (idx1 != 0) {
    const char *p = row_data(row_at(t, idx1)) + t->cols[col].offset;
    memcpy(&n, p, 4);
    if (buf != NULL) memcpy(buf, p + 4, room < n ? room : n);
  }
  swirl__pidlock_unlock(&b->lock);
  if (idx1 == 0) return SWIRL_ENOENT;
  *len = n;
  return room < n ? SWIRL_ERANGE : 0;
}

/* Contract: adds i (INT) or d (FLOAT) to the column under the row's lock,
 * making the row if missing; the new value goes to *iout or *dout when
 * not NULL. Returns 1 (row made), 0 (row existed), SWIRL_EINVAL (column),
 * SWIRL_ENOSPC (table full). */
int32_t swirl__table_incr(swirl_table *t, const char *key, size_t klen,
                          int32_t col, int type, int64_t i, double d,
                          int64_t *iout, double *dout) {
  tbl_bucket *b;
  tbl_row *r;
  int created;
  int32_t rc = col_check(t, col, type);

  if (rc < 0) return rc;
  klen = key_cut(klen);
  b = bucket_of(t, key, klen);
  swirl__pidlock_lock(&b->lock);
  r = row_upsert(t, b, key, klen, &created);
  if (r != NULL) {
    char *p = row_data(r) + t->cols[col].offset;
    if (type == SWIRL_TABLE_TYPE_INT) {
      uint64_t v;
      memcpy(&v, p, 8);
      v += (uint64_t)i; /* wraps, never undefined */
      memcpy(p, &v, 8);
      if (iout != NULL) *iout = (int64_t)v;
    } else {
      double v;
      memcpy(&v, p, 8);
      v += d;
      memcpy(p, &v, 8);
      if (dout != NULL) *dout = v;
    }
  }
  swirl__pidlock_unlock(&b->lock);
  return r != NULL ? created : table_full(key, klen);
}

int32_t swirl__table_exists(swirl_table *t, const char *key, size_t klen) {
  return swirl__table_get(t, key, klen, NULL, 0) == 0;
}

int32_t swirl__table_del(swirl_table *t, const char *key, size_t klen) {
  tbl_bucket *b;
  uint32_t idx1, prev = 0;

  klen = key_cut(klen);
  b = bucket_of(t, key, klen);
  if (head_peek(b) == 0) return SWIRL_ENOENT;
  swirl__pidlock_lock(&b->lock);
  idx1 = chain_find(t, b, key, klen, &prev, NULL, NULL);
  if (idx1 != 0) {
    tbl_row *r = row_at(t, idx1);
    if (prev != 0)
      row_at(t, prev)->next = r->next;
    else
      head_set(b, r->next);
    r->key_len = 0;
    pool_give(t, idx1);
    atomic_fetch_sub_explicit(&t->sh->row_num, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&t->sh->delete_count, 1, memory_order_relaxed);
  }
  swirl__pidlock_unlock(&b->lock);
  return idx1 != 0 ? 0 : SWIRL_ENOENT;
}

int64_t swirl__table_count(const swirl_table *t) {
  return atomic_load_explicit(&t->sh->row_num, memory_order_relaxed);
}

/* Contract: the cursor is (slot << 32) | position in the slot's chain.
 * Copies the row at the cursor, or the first one after it, and moves the
 * cursor past it. Returns 1, or 0 at the end (the cursor then stays at the
 * end). key_len must say at least SWIRL_TABLE_KEY_MAX bytes (checked by
 * the caller). */
int32_t swirl__table_next(swirl_table *t, uint64_t *cursor, char *key,
                          size_t *key_len, char *row, size_t row_len) {
  uint64_t slot = *cursor >> 32;
  uint32_t pos = (uint32_t)(*cursor & 0xffffffffu);

  for (; slot < t->size; slot++, pos = 0) {
    tbl_bucket *b = &t->buckets[slot];
    uint32_t i, n = 0;
    if (head_peek(b) == 0) continue;
    swirl__pidlock_lock(&b->lock);
    for (i = b->head; i != 0 && n < pos; n++) i = row_at(t, i)->next;
    if (i != 0) {
      tbl_row *r = row_at(t, i);
      memcpy(key, r->key, r->key_len);
      *key_len = r->key_len;
      if (row != NULL)
        memcpy(row, row_data(r),
               row_len < t->data_size ? row_len : t->data_size);
      swirl__pidlock_unlock(&b->lock);
      *cursor = (slot << 32) | (uint64_t)(pos + 1);
      return 1;
    }
    swirl__pidlock_unlock(&b->lock);
  }
  *cursor = t->size << 32;
  return 0;
}

int64_t swirl__table_stat(const swirl_table *t, int32_t which) {
  const tbl_shared *sh = t->sh;
  int64_t num = atomic_load_explicit(&sh->row_num, memory_order_relaxed);
  switch (which) {
    case SWIRL_TABLE_STAT_NUM:
      return num;
    case SWIRL_TABLE_STAT_CONFLICT_COUNT:
      return atomic_load(&sh->conflict_count);
    case SWIRL_TABLE_STAT_CONFLICT_MAX_LEVEL:
      return atomic_load(&sh->conflict_max_level);
    case SWIRL_TABLE_STAT_INSERT_COUNT:
      return atomic_load(&sh->insert_count);
    case SWIRL_TABLE_STAT_UPDATE_COUNT:
      return atomic_load(&sh->update_count);
    case SWIRL_TABLE_STAT_DELETE_COUNT:
      return atomic_load(&sh->delete_count);
    case SWIRL_TABLE_STAT_AVAILABLE_SLICE_NUM:
      return (int64_t)t->capacity - num;
    case SWIRL_TABLE_STAT_TOTAL_SLICE_NUM:
      return (int64_t)t->capacity;
  }
  return swirl__fail(SWIRL_EINVAL, "unknown table statistic %d", (int)which);
}
