/*
 * test-table.c: Swoole's Table on shared memory. Sizes are rounded as
 * Swoole rounds them; columns are typed and fixed at create(); rows are
 * set, read, counted, iterated and deleted by key; long keys and long
 * strings are cut as in Swoole; a full table refuses new rows without
 * losing old ones; and processes forked after create() share the rows,
 * with each row's update atomic under concurrent writers.
 */
#include "task.h"

#include <errno.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define STR(s) (s), strlen(s)

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

/* A table of `size` rows with columns id (INT), score (FLOAT) and name
 * (STRING of 10 bytes, which Swoole rounds to 16), created. */
static swirl_table *make_table(int64_t size, double conflict) {
  swirl_table *t = NULL;
  ASSERT_CODE(swirl_table_new(&t, size, conflict), 0);
  ASSERT_NOT_NULL(t);
  ASSERT_CODE(swirl_table_column(t, STR("id"), SWIRL_TABLE_TYPE_INT, 8), 0);
  ASSERT_CODE(swirl_table_column(t, STR("score"), SWIRL_TABLE_TYPE_FLOAT, 0),
              1);
  ASSERT_CODE(swirl_table_column(t, STR("name"), SWIRL_TABLE_TYPE_STRING, 10),
              2);
  ASSERT_CODE(swirl_table_create(t), 0);
  return t;
}

/* Appends one entry of swirl_table_set()'s packed value list to buf at
 * *off. */
static void pack_int(char *buf, size_t *off, int32_t col, int64_t v) {
  memcpy(buf + *off, &col, 4);
  memcpy(buf + *off + 4, &v, 8);
  *off += 12;
}

static void pack_float(char *buf, size_t *off, int32_t col, double v) {
  memcpy(buf + *off, &col, 4);
  memcpy(buf + *off + 4, &v, 8);
  *off += 12;
}

static void pack_str(char *buf, size_t *off, int32_t col, const char *s) {
  uint32_t n = (uint32_t)strlen(s);
  memcpy(buf + *off, &col, 4);
  memcpy(buf + *off + 4, &n, 4);
  memcpy(buf + *off + 8, s, n);
  *off += 8 + n;
}

static int64_t get_i(swirl_table *t, const char *key, int32_t col) {
  int64_t v = -1;
  ASSERT_CODE(swirl_table_get_int(t, key, strlen(key), col, &v), 0);
  return v;
}

TEST_IMPL(table_size_rounding) {
  static const int64_t in[] = {0, 1, 64, 65, 100, 1024, 1025};
  static const int64_t want[] = {64, 64, 64, 128, 128, 1024, 2048};
  swirl_table *t = NULL;
  size_t i;
  for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
    ASSERT_CODE(swirl_table_new(&t, in[i], 0.2), 0);
    ASSERT_EQ(swirl_table_size(t), want[i]);
    ASSERT_EQ(swirl_table_memory_size(t), 0);
    ASSERT_EQ(swirl_table_count(t), 0);
    swirl_table_free(t);
  }
  ASSERT_CODE(swirl_table_new(&t, -1, 0.2), SWIRL_EINVAL);
  ASSERT_NULL(t);
  ASSERT_CODE(swirl_table_new(NULL, 1, 0.2), SWIRL_EINVAL);
  swirl_table_free(NULL);
  return 0;
}

TEST_IMPL(table_columns) {
  swirl_table *t = NULL;
  char name[16];
  size_t nlen;
  int32_t type;
  int64_t size, offset;

  ASSERT_CODE(swirl_table_new(&t, 16, 0.2), 0);
  ASSERT_CODE(swirl_table_column(t, STR("a"), SWIRL_TABLE_TYPE_STRING, 5), 0);
  ASSERT_CODE(swirl_table_column(t, STR("b"), SWIRL_TABLE_TYPE_INT, 2), 1);
  ASSERT_CODE(swirl_table_column(t, STR("c"), SWIRL_TABLE_TYPE_FLOAT, 0), 2);
  /* Wrong type, empty string column, a name in use. */
  ASSERT_CODE(swirl_table_column(t, STR("d"), 7, 8), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_column(t, STR("d"), 0, 8), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_column(t, STR("d"), SWIRL_TABLE_TYPE_STRING, 0),
              SWIRL_EINVAL);
  ASSERT_STR_HAS(swirl_last_errmsg(), "more than zero");
  ASSERT_CODE(swirl_table_column(t, STR("a"), SWIRL_TABLE_TYPE_INT, 8),
              SWIRL_EEXIST);
  ASSERT_EQ(swirl_table_column_count(t), 3);
  /* Rows before create() are refused. */
  ASSERT_CODE(swirl_table_exists(t, STR("k")), SWIRL_EWRONG_OPERATION);
  ASSERT_CODE(swirl_table_set_int(t, STR("k"), 1, 1), SWIRL_EWRONG_OPERATION);
  ASSERT_STR_HAS(swirl_last_errmsg(), "not created");

  /* Layout: a STRING of 5 holds 8 bytes after a 4-byte length. */
  ASSERT_EQ(swirl_table_row_size(t), 4 + 8 + 8 + 8);
  nlen = sizeof(name);
  ASSERT_CODE(swirl_table_column_info(t, 1, name, &nlen, &type, &size,
                                      &offset), 0);
  ASSERT_EQ(nlen, 1);
  ASSERT_EQ(name[0], 'b');
  ASSERT_EQ(type, SWIRL_TABLE_TYPE_INT);
  ASSERT_EQ(size, 2);
  ASSERT_EQ(offset, 12);
  nlen = 0;
  ASSERT_CODE(swirl_table_column_info(t, 0, name, &nlen, NULL, NULL, NULL),
              SWIRL_ERANGE);
  ASSERT_EQ(nlen, 1);
  ASSERT_CODE(swirl_table_column_info(t, 3, NULL, NULL, NULL, NULL, NULL),
              SWIRL_ENOENT);
  ASSERT_CODE(swirl_table_column_index(t, STR("c")), 2);
  ASSERT_CODE(swirl_table_column_index(t, STR("zz")), SWIRL_ENOENT);

  ASSERT_CODE(swirl_table_create(t), 0);
  ASSERT_GT(swirl_table_memory_size(t), 16 * 28);
  ASSERT_CODE(swirl_table_create(t), SWIRL_EWRONG_OPERATION);
  ASSERT_CODE(swirl_table_column(t, STR("e"), SWIRL_TABLE_TYPE_INT, 8),
              SWIRL_EWRONG_OPERATION);
  ASSERT_STR_HAS(swirl_last_errmsg(), "after table has been created");
  swirl_table_free(t);
  return 0;
}

TEST_IMPL(table_set_get) {
  swirl_table *t = make_table(1024, 0.2);
  char vals[256], row[64], buf[32];
  size_t off = 0, len;
  int64_t i, size, offset;
  double d;
  uint32_t slen;

  pack_int(vals, &off, 0, 42);
  pack_float(vals, &off, 1, 2.5);
  pack_str(vals, &off, 2, "alice");
  ASSERT_CODE(swirl_table_set(t, STR("u1"), vals, off), 1);
  ASSERT_EQ(swirl_table_count(t), 1);
  /* The same key again updates the row. */
  ASSERT_CODE(swirl_table_set(t, STR("u1"), vals, off), 0);
  ASSERT_EQ(swirl_table_count(t), 1);

  ASSERT_EQ(swirl_table_row_size(t), 8 + 8 + 4 + 16);
  ASSERT_CODE(swirl_table_get(t, STR("u1"), row, sizeof(row)), 0);
  memcpy(&i, row + 0, 8);
  ASSERT_EQ(i, 42);
  memcpy(&d, row + 8, 8);
  ASSERT(d == 2.5);
  memcpy(&slen, row + 16, 4);
  ASSERT_EQ(slen, 5);
  ASSERT(memcmp(row + 20, "alice", 5) == 0);
  ASSERT_CODE(swirl_table_column_info(t, 2, NULL, NULL, NULL, &size, &offset),
              0);
  ASSERT_EQ(size, 10);
  ASSERT_EQ(offset, 16);

  /* One column at a time; the others keep their values. */
  ASSERT_CODE(swirl_table_set_int(t, STR("u1"), 0, -7), 0);
  ASSERT_EQ(get_i(t, "u1", 0), -7);
  ASSERT_CODE(swirl_table_get_float(t, STR("u1"), 1, &d), 0);
  ASSERT(d == 2.5);
  len = sizeof(buf);
  ASSERT_CODE(swirl_table_get_str(t, STR("u1"), 2, buf, &len), 0);
  ASSERT_EQ(len, 5);
  len = 2;
  ASSERT_CODE(swirl_table_get_str(t, STR("u1"), 2, buf, &len), SWIRL_ERANGE);
  ASSERT_EQ(len, 5);
  /* Wrong column type or index. */
  ASSERT_CODE(swirl_table_get_int(t, STR("u1"), 1, &i), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_get_int(t, STR("u1"), 9, &i), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_set_str(t, STR("u1"), 0, STR("x")), SWIRL_EINVAL);

  /* A new row set column by column starts at zero everywhere else. */
  ASSERT_CODE(swirl_table_set_str(t, STR("u2"), 2, STR("bob")), 1);
  ASSERT_EQ(get_i(t, "u2", 0), 0);
  ASSERT_CODE(swirl_table_get_float(t, STR("u2"), 1, &d), 0);
  ASSERT(d == 0.0);

  /* Missing rows. */
  ASSERT_CODE(swirl_table_get(t, STR("nope"), row, sizeof(row)), SWIRL_ENOENT);
  ASSERT_CODE(swirl_table_get_int(t, STR("nope"), 0, &i), SWIRL_ENOENT);
  ASSERT_CODE(swirl_table_exists(t, STR("nope")), 0);
  ASSERT_CODE(swirl_table_exists(t, STR("u2")), 1);
  ASSERT_CODE(swirl_table_del(t, STR("nope")), SWIRL_ENOENT);
  ASSERT_CODE(swirl_table_del(t, STR("u2")), 0);
  ASSERT_CODE(swirl_table_exists(t, STR("u2")), 0);
  ASSERT_CODE(swirl_table_del(t, STR("u2")), SWIRL_ENOENT);
  ASSERT_EQ(swirl_table_count(t), 1);

  /* An empty key is a key like any other. */
  ASSERT_CODE(swirl_table_set_int(t, "", 0, 0, 5), 1);
  ASSERT_EQ(get_i(t, "", 0), 5);
  ASSERT_CODE(swirl_table_del(t, NULL, 0), 0);

  /* incr makes the row and wraps INT arithmetic. */
  ASSERT_CODE(swirl_table_incr_int(t, STR("c"), 0, 5, &i), 1);
  ASSERT_EQ(i, 5);
  ASSERT_CODE(swirl_table_incr_int(t, STR("c"), 0, -8, &i), 0);
  ASSERT_EQ(i, -3);
  ASSERT_CODE(swirl_table_set_int(t, STR("c"), 0, INT64_MAX), 0);
  ASSERT_CODE(swirl_table_incr_int(t, STR("c"), 0, 1, &i), 0);
  ASSERT_EQ(i, INT64_MIN);
  ASSERT_CODE(swirl_table_incr_float(t, STR("c"), 1, 0.25, &d), 0);
  ASSERT(d == 0.25);
  ASSERT_CODE(swirl_table_incr_float(t, STR("c"), 0, 1.0, &d), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_incr_int(t, STR("c"), 2, 1, &i), SWIRL_EINVAL);

  /* A malformed value list writes nothing. */
  off = 0;
  pack_int(vals, &off, 0, 99);
  ASSERT_CODE(swirl_table_set(t, STR("u1"), vals, off - 1), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_set(t, STR("u3"), vals, off - 1), SWIRL_EINVAL);
  off = 0;
  pack_int(vals, &off, 0, 99);
  pack_int(vals, &off, 5, 99);
  ASSERT_CODE(swirl_table_set(t, STR("u1"), vals, off), SWIRL_EINVAL);
  ASSERT_EQ(get_i(t, "u1", 0), -7);
  ASSERT_CODE(swirl_table_exists(t, STR("u3")), 0);
  /* An empty list makes an empty row. */
  ASSERT_CODE(swirl_table_set(t, STR("u4"), NULL, 0), 1);
  ASSERT_EQ(get_i(t, "u4", 0), 0);

  ASSERT_EQ(swirl_table_stat(t, SWIRL_TABLE_STAT_NUM), swirl_table_count(t));
  ASSERT_EQ(swirl_table_stat(t, SWIRL_TABLE_STAT_DELETE_COUNT), 2);
  ASSERT_EQ(swirl_table_stat(t, SWIRL_TABLE_STAT_TOTAL_SLICE_NUM), 1024 + 204);
  ASSERT_CODE(swirl_table_stat(t, 99), SWIRL_EINVAL);
  swirl_table_free(t);
  return 0;
}

TEST_IMPL(table_string_truncated) {
  swirl_table *t = make_table(64, 0.2);
  char buf[64];
  size_t len = sizeof(buf);
  /* The column was declared 10 bytes; like Swoole it holds 16. */
  ASSERT_CODE(swirl_table_set_str(t, STR("k"), 2, STR("0123456789abcdefXYZ")),
              1);
  ASSERT_CODE(swirl_table_get_str(t, STR("k"), 2, buf, &len), 0);
  ASSERT_EQ(len, 16);
  ASSERT(memcmp(buf, "0123456789abcdef", 16) == 0);
  swirl_table_free(t);
  return 0;
}

TEST_IMPL(table_long_key_cut) {
  swirl_table *t = make_table(64, 0.2);
  char key[100], key2[100];
  size_t klen = 0;
  uint64_t cursor = 0;
  memset(key, 'k', sizeof(key));
  memcpy(key2, key, sizeof(key2));
  key2[80] = 'X'; /* differs only after byte 63 */
  ASSERT_CODE(swirl_table_set_int(t, key, sizeof(key), 0, 1), 1);
  /* The key is cut to 63 bytes: the other long key is the same row. */
  ASSERT_CODE(swirl_table_set_int(t, key2, sizeof(key2), 0, 2), 0);
  ASSERT_EQ(swirl_table_count(t), 1);
  key[SWIRL_TABLE_KEY_MAX] = '\0';
  ASSERT_EQ(get_i(t, key, 0), 2); /* the first 63 bytes alone */
  klen = sizeof(key);
  ASSERT_CODE(swirl_table_next(t, &cursor, key, &klen, NULL, 0), 1);
  ASSERT_EQ(klen, SWIRL_TABLE_KEY_MAX);
  /* A key buffer shorter than the longest key is refused. */
  klen = 10;
  cursor = 0;
  ASSERT_CODE(swirl_table_next(t, &cursor, key, &klen, NULL, 0), SWIRL_EINVAL);
  swirl_table_free(t);
  return 0;
}

TEST_IMPL(table_full) {
  /* 64 slots and 0.2: room for 64 + 12 rows, however the keys hash. */
  swirl_table *t = make_table(64, 0.2);
  char key[32];
  int i;
  for (i = 0; i < 76; i++) {
    snprintf(key, sizeof(key), "key-%d", i);
    ASSERT_CODE(swirl_table_set_int(t, key, strlen(key), 0, i), 1);
  }
  ASSERT_EQ(swirl_table_count(t), 76);
  ASSERT_CODE(swirl_table_set_int(t, STR("one-too-many"), 0, 1), SWIRL_ENOSPC);
  ASSERT_STR_HAS(swirl_last_errmsg(), "unable to allocate memory");
  ASSERT_CODE(swirl_table_incr_int(t, STR("one-too-many"), 0, 1, NULL),
              SWIRL_ENOSPC);
  ASSERT_EQ(swirl_table_stat(t, SWIRL_TABLE_STAT_AVAILABLE_SLICE_NUM), 0);
  /* Updating an existing row still works, and nothing was lost. */
  ASSERT_CODE(swirl_table_set_int(t, STR("key-3"), 0, 333), 0);
  for (i = 0; i < 76; i++) {
    snprintf(key, sizeof(key), "key-%d", i);
    ASSERT_EQ(get_i(t, key, 0), i == 3 ? 333 : i);
  }
  /* A deleted row makes room for a new one. */
  ASSERT_CODE(swirl_table_del(t, STR("key-10")), 0);
  ASSERT_CODE(swirl_table_set_int(t, STR("one-too-many"), 0, 1), 1);
  ASSERT_CODE(swirl_table_set_int(t, STR("key-10"), 0, 1), SWIRL_ENOSPC);
  swirl_table_free(t);
  return 0;
}

/* Many keys share slots: every row stays reachable through inserts,
 * deletions (heads, middles and tails of chains) and reinserts, and the
 * iteration sees each row exactly once. */
TEST_IMPL(table_collisions) {
  enum { N = 1200 };
  swirl_table *t = make_table(1024, 0.2);
  static unsigned char seen[N];
  char key[64], row[64];
  size_t klen;
  uint64_t cursor = 0;
  int i, n = 0;

  for (i = 0; i < N; i++) {
    snprintf(key, sizeof(key), "user:%d", i);
    ASSERT_CODE(swirl_table_set_int(t, key, strlen(key), 0, i), 1);
  }
  ASSERT_GT(swirl_table_stat(t, SWIRL_TABLE_STAT_CONFLICT_COUNT), 0);
  ASSERT_GT(swirl_table_stat(t, SWIRL_TABLE_STAT_CONFLICT_MAX_LEVEL), 0);
  for (i = 0; i < N; i += 3) {
    snprintf(key, sizeof(key), "user:%d", i);
    ASSERT_CODE(swirl_table_del(t, key, strlen(key)), 0);
  }
  for (i = 0; i < N; i++) {
    int64_t v = -1;
    snprintf(key, sizeof(key), "user:%d", i);
    ASSERT_CODE(swirl_table_get_int(t, key, strlen(key), 0, &v),
                i % 3 == 0 ? SWIRL_ENOENT : 0);
    if (i % 3 != 0) ASSERT_EQ(v, i);
  }
  ASSERT_EQ(swirl_table_count(t), N - (N + 2) / 3);

  klen = sizeof(key);
  while (swirl_table_next(t, &cursor, key, &klen, row, sizeof(row)) == 1) {
    int64_t v;
    int id;
    key[klen] = '\0';
    ASSERT_EQ(sscanf(key, "user:%d", &id), 1);
    ASSERT(id >= 0 && id < N && id % 3 != 0);
    ASSERT_EQ(seen[id], 0);
    seen[id] = 1;
    memcpy(&v, row, 8);
    ASSERT_EQ(v, id);
    n++;
    klen = sizeof(key);
  }
  ASSERT_EQ(n, swirl_table_count(t));
  /* The end stays the end. */
  ASSERT_CODE(swirl_table_next(t, &cursor, key, &klen, NULL, 0), 0);
  swirl_table_free(t);
  return 0;
}

#define INCR_CHILDREN 4
#define INCR_TIMES 100000

static int incr_child(int i, void *arg) {
  swirl_table *t = arg;
  char own[16];
  int k;
  snprintf(own, sizeof(own), "own-%d", i);
  for (k = 0; k < INCR_TIMES; k++) {
    if (swirl_table_incr_int(t, STR("shared"), 0, 1, NULL) < 0) return 2;
    if (swirl_table_incr_float(t, STR("shared"), 1, 0.5, NULL) < 0) return 3;
    if (swirl_table_incr_int(t, own, strlen(own), 0, 2, NULL) < 0) return 4;
  }
  return 0;
}

/* Processes forked after create() add to one row at the same time; no
 * increment is lost. */
TEST_IMPL(table_fork_incr) {
  swirl_table *t = make_table(256, 0.2);
  double d;
  int i;
  fork_all(INCR_CHILDREN, incr_child, t, 20000);
  ASSERT_EQ(get_i(t, "shared", 0), INCR_CHILDREN * INCR_TIMES);
  ASSERT_CODE(swirl_table_get_float(t, STR("shared"), 1, &d), 0);
  ASSERT(d == INCR_CHILDREN * INCR_TIMES * 0.5);
  for (i = 0; i < INCR_CHILDREN; i++) {
    char own[16];
    snprintf(own, sizeof(own), "own-%d", i);
    ASSERT_EQ(get_i(t, own, 0), 2 * INCR_TIMES);
  }
  ASSERT_EQ(swirl_table_count(t), 1 + INCR_CHILDREN);
  swirl_table_free(t);
  return 0;
}

/* Writers set id and name of one row together while readers check that
 * they always agree: a row is never seen half written. Writers also
 * insert and delete rows of their own so that chains change meanwhile. */
static int consistency_child(int i, void *arg) {
  swirl_table *t = arg;
  char vals[64], row[64], name[32], key[32];
  int k;
  for (k = 0; k < 20000; k++) {
    if (i % 2 == 0) {
      size_t off = 0;
      int64_t v = (int64_t)i * 1000000 + k;
      snprintf(name, sizeof(name), "%lld", (long long)(v % 10000000));
      pack_int(vals, &off, 0, v);
      pack_str(vals, &off, 2, name);
      if (swirl_table_set(t, STR("row"), vals, off) < 0) return 2;
      snprintf(key, sizeof(key), "tmp-%d-%d", i, k % 50);
      if (swirl_table_set_int(t, key, strlen(key), 0, k) < 0) return 3;
      if (k % 3 == 0 && swirl_table_del(t, key, strlen(key)) < 0) return 4;
    } else {
      int64_t v;
      uint32_t n;
      int32_t rc = swirl_table_get(t, STR("row"), row, sizeof(row));
      if (rc == SWIRL_ENOENT) continue;
      if (rc < 0) return 5;
      memcpy(&v, row, 8);
      memcpy(&n, row + 16, 4);
      snprintf(name, sizeof(name), "%lld", (long long)(v % 10000000));
      if (n != strlen(name) || memcmp(row + 20, name, n) != 0) return 6;
    }
  }
  return 0;
}

TEST_IMPL(table_fork_consistency) {
  swirl_table *t = make_table(64, 1.0);
  fork_all(6, consistency_child, t, 20000);
  ASSERT_CODE(swirl_table_exists(t, STR("row")), 1);
  swirl_table_free(t);
  return 0;
}

/* Rows set in a child are seen by the parent and the other way round; a
 * handle freed in a child leaves the parent's table intact. */
static int visible_child(int i, void *arg) {
  swirl_table *t = arg;
  int64_t v = 0;
  if (swirl_table_get_int(t, STR("from-parent"), 0, &v) != 0 || v != 7)
    return 2;
  if (swirl_table_set_int(t, STR("from-child"), 0, 100 + i) != 1) return 3;
  if (swirl_table_del(t, STR("doomed")) != 0) return 4;
  swirl_table_free(t);
  return 0;
}

TEST_IMPL(table_fork_visible) {
  swirl_table *t = make_table(64, 0.2);
  ASSERT_CODE(swirl_table_set_int(t, STR("from-parent"), 0, 7), 1);
  ASSERT_CODE(swirl_table_set_int(t, STR("doomed"), 0, 1), 1);
  fork_all(1, visible_child, t, 10000);
  ASSERT_EQ(get_i(t, "from-child", 0), 100);
  ASSERT_CODE(swirl_table_exists(t, STR("doomed")), 0);
  ASSERT_EQ(swirl_table_count(t), 2);
  swirl_table_free(t);
  return 0;
}

TEST_IMPL(table_bad_args) {
  swirl_table *t = make_table(64, 0.2);
  uint64_t cursor = 0;
  size_t klen = 64;
  char key[64];
  ASSERT_CODE(swirl_table_set_int(NULL, STR("k"), 0, 1), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_set_int(t, NULL, 3, 0, 1), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_set(t, STR("k"), NULL, 4), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_get_int(t, STR("k"), 0, NULL), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_next(t, NULL, key, &klen, NULL, 0), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_next(t, &cursor, NULL, &klen, NULL, 0),
              SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_column(NULL, STR("x"), 1, 8), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_count(NULL), SWIRL_EINVAL);
  ASSERT_CODE(swirl_table_size(NULL), SWIRL_EINVAL);
  swirl_table_free(t);
  return 0;
}
