/*
 * test-options.c: options set by Swoole's names with typed setters. Known
 * names are accepted and read back, unknown names, wrong types and values
 * out of range fail with their own codes and a message naming the option,
 * and swirl_server_options() lists them with the buffer-too-small protocol.
 */
#include "task.h"

/* Creates a server on 127.0.0.1 port 0 (not started). */
static swirl_server *new_server(void) {
  swirl_server *srv = NULL;
  int32_t rc = swirl_server_new(&srv, "127.0.0.1", 9, 0, SWIRL_MODE_BASE,
                                SWIRL_SOCK_TCP);
  if (rc < 0)
    fprintf(stderr, "swirl_server_new: %s\n", swirl_last_errmsg());
  ASSERT_CODE(rc, 0);
  ASSERT_NOT_NULL(srv);
  return srv;
}

static int32_t set_int(swirl_server *srv, const char *name, int64_t v) {
  return swirl_server_set_int(srv, name, strlen(name), v);
}

static int32_t set_bool(swirl_server *srv, const char *name, int32_t v) {
  return swirl_server_set_bool(srv, name, strlen(name), v);
}

static int32_t set_str(swirl_server *srv, const char *name, const char *v) {
  return swirl_server_set_str(srv, name, strlen(name), v, strlen(v));
}

static int64_t get_int(swirl_server *srv, const char *name) {
  int64_t v = -12345;
  ASSERT_CODE(swirl_server_get_int(srv, name, strlen(name), &v), 0);
  return v;
}

TEST_IMPL(options_known) {
  swirl_server *srv = new_server();
  ASSERT_CODE(set_int(srv, "worker_num", 2), 0);
  ASSERT_CODE(set_int(srv, "reactor_num", 1), 0);
  ASSERT_CODE(set_int(srv, "max_request", 1000), 0);
  ASSERT_CODE(set_int(srv, "max_connection", 1000), 0);
  ASSERT_CODE(set_int(srv, "backlog", 128), 0);
  ASSERT_CODE(set_int(srv, "dispatch_mode", 2), 0);
  ASSERT_CODE(set_int(srv, "socket_buffer_size", 1024 * 1024), 0);
  ASSERT_CODE(set_int(srv, "log_level", SWIRL_LOG_WARNING), 0);
  ASSERT_CODE(set_bool(srv, "open_tcp_nodelay", 1), 0);
  ASSERT_CODE(set_bool(srv, "daemonize", 0), 0);
  ASSERT_CODE(set_bool(srv, "enable_reuse_port", 0), 0);
  ASSERT_CODE(set_str(srv, "log_file", "/tmp/swirl-test-never-used.log"), 0);
  /* A successful call leaves no error behind. */
  ASSERT_CODE(swirl_server_last_error(srv), 0);
  swirl_server_free(srv);
  return 0;
}

TEST_IMPL(options_unknown) {
  static const char name[] = "no_such_option_x";
  swirl_server *srv = new_server();
  int64_t v;
  ASSERT_CODE(set_int(srv, name, 1), SWIRL_EUNKNOWN_OPTION);
  ASSERT_CODE(swirl_server_last_error(srv), SWIRL_EUNKNOWN_OPTION);
  ASSERT_STR_HAS(swirl_server_errmsg(srv), name);
  ASSERT_CODE(set_bool(srv, name, 1), SWIRL_EUNKNOWN_OPTION);
  ASSERT_CODE(set_str(srv, name, "x"), SWIRL_EUNKNOWN_OPTION);
  ASSERT_CODE(swirl_server_set_double(srv, name, strlen(name), 1.0),
              SWIRL_EUNKNOWN_OPTION);
  ASSERT_STR_HAS(swirl_server_errmsg(srv), name);
  ASSERT_CODE(swirl_server_get_int(srv, name, strlen(name), &v),
              SWIRL_EUNKNOWN_OPTION);
  /* Option names are case-sensitive, as in Swoole. */
  ASSERT_CODE(set_int(srv, "WORKER_NUM", 1), SWIRL_EUNKNOWN_OPTION);
  ASSERT_STR_HAS(swirl_server_errmsg(srv), "WORKER_NUM");
  swirl_server_free(srv);
  return 0;
}

TEST_IMPL(options_name_len) {
  /* Names are (pointer, length): bytes after the length do not count. */
  swirl_server *srv = new_server();
  ASSERT_CODE(swirl_server_set_int(srv, "worker_num_and_more", 10, 3), 0);
  ASSERT_EQ(get_int(srv, "worker_num"), 3);
  ASSERT_CODE(swirl_server_set_int(srv, "worker_num", 6, 3),
              SWIRL_EUNKNOWN_OPTION);
  ASSERT_STR_HAS(swirl_server_errmsg(srv), "worker");
  swirl_server_free(srv);
  return 0;
}

TEST_IMPL(options_wrong_type) {
  swirl_server *srv = new_server();
  int64_t v;
  ASSERT_CODE(set_str(srv, "worker_num", "4"), SWIRL_EOPTION_TYPE);
  ASSERT_CODE(swirl_server_last_error(srv), SWIRL_EOPTION_TYPE);
  ASSERT_STR_HAS(swirl_server_errmsg(srv), "worker_num");
  ASSERT_CODE(swirl_server_set_double(srv, "worker_num", 10, 1.5),
              SWIRL_EOPTION_TYPE);
  ASSERT_CODE(set_int(srv, "log_file", 1), SWIRL_EOPTION_TYPE);
  ASSERT_STR_HAS(swirl_server_errmsg(srv), "log_file");
  ASSERT_CODE(set_bool(srv, "log_file", 1), SWIRL_EOPTION_TYPE);
  ASSERT_CODE(set_str(srv, "daemonize", "yes"), SWIRL_EOPTION_TYPE);
  ASSERT_STR_HAS(swirl_server_errmsg(srv), "daemonize");
  ASSERT_CODE(swirl_server_get_int(srv, "log_file", 8, &v), SWIRL_EOPTION_TYPE);
  /* The failed calls changed nothing. */
  ASSERT_GE(get_int(srv, "worker_num"), 1);
  swirl_server_free(srv);
  return 0;
}

TEST_IMPL(options_range) {
  static const int64_t bad[] = {0, -1, 100000, INT64_MIN};
  swirl_server *srv = new_server();
  size_t i;
  ASSERT_CODE(set_int(srv, "worker_num", 2), 0);
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    ASSERT_CODE(set_int(srv, "worker_num", bad[i]), SWIRL_EOPTION_RANGE);
    ASSERT_CODE(swirl_server_last_error(srv), SWIRL_EOPTION_RANGE);
    ASSERT_STR_HAS(swirl_server_errmsg(srv), "worker_num");
    ASSERT_EQ(get_int(srv, "worker_num"), 2);
  }
  ASSERT_CODE(set_int(srv, "backlog", -5), SWIRL_EOPTION_RANGE);
  ASSERT_STR_HAS(swirl_server_errmsg(srv), "backlog");
  swirl_server_free(srv);
  return 0;
}

TEST_IMPL(options_get_int) {
  swirl_server *srv = new_server();
  /* Defaults are readable before anything is set. */
  ASSERT_GE(get_int(srv, "worker_num"), 1);
  ASSERT_GE(get_int(srv, "backlog"), 1);
  ASSERT_GE(get_int(srv, "socket_buffer_size"), 4096);
  ASSERT_EQ(get_int(srv, "daemonize"), 0);
  ASSERT_CODE(set_int(srv, "worker_num", 3), 0);
  ASSERT_EQ(get_int(srv, "worker_num"), 3);
  ASSERT_CODE(set_int(srv, "max_request", 12345678901LL), 0);
  ASSERT_EQ(get_int(srv, "max_request"), 12345678901LL);
  /* Integers accept set_bool, booleans accept set_int 0 and 1. */
  ASSERT_CODE(set_bool(srv, "worker_num", 1), 0);
  ASSERT_EQ(get_int(srv, "worker_num"), 1);
  ASSERT_CODE(set_int(srv, "open_tcp_nodelay", 1), 0);
  ASSERT_EQ(get_int(srv, "open_tcp_nodelay"), 1);
  ASSERT_CODE(set_bool(srv, "open_tcp_nodelay", 0), 0);
  ASSERT_EQ(get_int(srv, "open_tcp_nodelay"), 0);
  swirl_server_free(srv);
  return 0;
}

/* Checks that listing buf (len bytes) is "name:type\n..." and contains
 * "want:type" as a whole line. */
static int list_has(const char *buf, size_t len, const char *want) {
  size_t wl = strlen(want);
  const char *p = buf, *end = buf + len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (ll == wl && memcmp(p, want, wl) == 0)
      return 1;
    p += ll + 1;
  }
  return 0;
}

TEST_IMPL(options_list) {
  swirl_server *srv = new_server();
  size_t need = 0, len, i, lines = 0;
  char *buf;
  const char *p, *end;

  /* With no buffer the call only says how much it needs. */
  ASSERT_CODE(swirl_server_options(srv, NULL, &need), SWIRL_ERANGE);
  ASSERT_GT(need, 20);

  /* A buffer one byte short fails and writes nothing past its end. */
  buf = malloc(need + 16);
  ASSERT_NOT_NULL(buf);
  memset(buf, '#', need + 16);
  len = need - 1;
  ASSERT_CODE(swirl_server_options(srv, buf, &len), SWIRL_ERANGE);
  ASSERT_EQ(len, need);
  for (i = need - 1; i < need + 16; i++)
    ASSERT_EQ(buf[i], '#');

  /* The right size works and reports the same length. */
  memset(buf, '#', need + 16);
  len = need;
  ASSERT_CODE(swirl_server_options(srv, buf, &len), 0);
  ASSERT_EQ(len, need);
  for (i = need; i < need + 16; i++)
    ASSERT_EQ(buf[i], '#');

  /* The text may end in a NUL that is counted; look at what precedes it. */
  end = buf + len;
  if (end > buf && end[-1] == '\0')
    end--;
  ASSERT(list_has(buf, (size_t)(end - buf), "worker_num:i"));
  ASSERT(list_has(buf, (size_t)(end - buf), "daemonize:b"));
  ASSERT(list_has(buf, (size_t)(end - buf), "log_file:s"));

  /* Every line is name:type, and every integer or boolean one reads back
   * through get_int and accepts its own value again. */
  for (p = buf; p < end; lines++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *colon;
    size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
    char name[128], type;
    colon = memchr(p, ':', ll);
    ASSERT_NOT_NULL(colon);
    ASSERT_EQ(ll - (size_t)(colon - p), 2);
    ASSERT_LT(colon - p, (int64_t)sizeof(name));
    memcpy(name, p, (size_t)(colon - p));
    name[colon - p] = '\0';
    type = colon[1];
    ASSERT(type == 'i' || type == 'b' || type == 'd' || type == 's');
    if (type == 'i' || type == 'b') {
      int64_t v;
      int32_t rc = swirl_server_get_int(srv, name, strlen(name), &v);
      if (rc != 0)
        fprintf(stderr, "get_int(%s): %s\n", name, swirl_server_errmsg(srv));
      ASSERT_CODE(rc, 0);
      rc = swirl_server_set_int(srv, name, strlen(name), v);
      if (rc != 0)
        fprintf(stderr, "set_int(%s, %lld): %s\n", name, (long long)v,
                swirl_server_errmsg(srv));
      ASSERT_CODE(rc, 0);
    }
    p += ll + 1;
  }
  ASSERT_GE(lines, 5);
  free(buf);
  swirl_server_free(srv);
  return 0;
}
