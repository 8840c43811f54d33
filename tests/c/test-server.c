/*
 * test-server.c: whole servers in child processes, driven over real
 * sockets: echo, a 5 MiB reply, server-side close, shutdown on SIGTERM with
 * the events in order, stale connection ids, a worker killed and replaced,
 * backpressure on a client that never reads, and the event mask.
 */
#include "task.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define IO_MS 10000   /* bound on one exchange */
#define STOP_MS 15000 /* bound on a server's shutdown */

/* One parsed line of the event log. */
typedef struct ev_line {
  char ev[24];
  int64_t self, pid, wid, conn, listener, reactor, status, signal;
} ev_line;

/* Parses the event lines of the log (other lines are skipped) into a
 * malloc'd array; sets *n. */
static ev_line *parse_log(task_server *ts, int *n) {
  char *log = task_server_log(ts);
  char *line = log;
  ev_line *out = calloc(strlen(log) / 40 + 1, sizeof(ev_line));
  ASSERT_NOT_NULL(out);
  *n = 0;
  while (line != NULL && *line != '\0') {
    char *next = strchr(line, '\n');
    if (next != NULL)
      *next = '\0';
    if (strncmp(line, "ev=", 3) == 0) {
      ev_line *e = &out[(*n)++];
      size_t k = strcspn(line + 3, " ");
      if (k >= sizeof(e->ev))
        k = sizeof(e->ev) - 1;
      memcpy(e->ev, line + 3, k);
      e->ev[k] = '\0';
      task_line_field(line, "self", &e->self);
      task_line_field(line, "pid", &e->pid);
      task_line_field(line, "wid", &e->wid);
      task_line_field(line, "conn", &e->conn);
      task_line_field(line, "listener", &e->listener);
      task_line_field(line, "reactor", &e->reactor);
      task_line_field(line, "status", &e->status);
      task_line_field(line, "signal", &e->signal);
    }
    line = next ? next + 1 : NULL;
  }
  free(log);
  return out;
}

static int count_ev(const ev_line *e, int n, const char *name) {
  int i, c = 0;
  for (i = 0; i < n; i++)
    c += strcmp(e[i].ev, name) == 0;
  return c;
}

/* Index of the first (last when `last`) line of event name, or -1. */
static int find_ev(const ev_line *e, int n, const char *name, int last) {
  int i, found = -1;
  for (i = 0; i < n; i++) {
    if (strcmp(e[i].ev, name) == 0) {
      found = i;
      if (!last)
        break;
    }
  }
  return found;
}

/* Prints the log to stderr: the runner shows it when the test fails. */
static void dump_log(task_server *ts) {
  char *log = task_server_log(ts);
  fprintf(stderr, "--- event log ---\n%s--- end of log ---\n", log);
  free(log);
}

/* Fails the test with the log printed when the server has logged a
 * problem of its own (a wrong ud or server pointer, an event outside the
 * mask, a failed send or close). */
static void check_no_trouble(task_server *ts) {
  if (task_log_count(ts, "bad=") || task_log_count(ts, "sendfail") ||
      task_log_count(ts, "closefail"))
    dump_log(ts);
  ASSERT_EQ(task_log_count(ts, "bad="), 0);
  ASSERT_EQ(task_log_count(ts, "sendfail"), 0);
  ASSERT_EQ(task_log_count(ts, "closefail"), 0);
}

/* Stops the server with SIGTERM and asserts that the master exited 0. */
static void stop_ok(task_server *ts) {
  int status = 0, r = task_server_stop(ts, SIGTERM, STOP_MS, &status);
  /* The runner shows a test's output only when it fails. */
  dump_log(ts);
  ASSERT_EQ(r, 0);
  if (WIFSIGNALED(status))
    fprintf(stderr, "master killed by signal %d\n", WTERMSIG(status));
  ASSERT(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  ASSERT_EQ(task_log_count(ts, "return rc=0 "), 1);
}

/* Sends msg and expects the same bytes back. */
static void echo_once(int fd, const char *msg) {
  size_t n = strlen(msg);
  char *buf = malloc(n + 1);
  ASSERT_NOT_NULL(buf);
  ASSERT_EQ(task_write_all(fd, msg, n, IO_MS), 0);
  ASSERT_EQ(task_read_exact(fd, buf, n, IO_MS), (ssize_t)n);
  buf[n] = '\0';
  ASSERT_STR_EQ(buf, msg);
  free(buf);
}

/* Checks that buf holds the server's pattern bytes from offset 0. */
static void check_pattern(const unsigned char *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    if (buf[i] != TASK_PATTERN(i)) {
      fprintf(stderr, "pattern differs at byte %zu of %zu\n", i, n);
      ASSERT_EQ(buf[i], TASK_PATTERN(i));
    }
  }
}

/* Asks the server for this connection's id. */
static uint64_t conn_id(int fd) {
  char line[64];
  ASSERT_GT(task_request(fd, "id\n", line, sizeof(line), IO_MS), 3);
  ASSERT_EQ(strncmp(line, "id=", 3), 0);
  return strtoull(line + 3, NULL, 10);
}

/* Waits for the CLOSE event of conn in the log. */
static void wait_closed(task_server *ts, uint64_t conn) {
  char needle[64];
  snprintf(needle, sizeof(needle), " conn=%llu ", (unsigned long long)conn);
  {
    uint64_t deadline = task_now_ms() + IO_MS;
    for (;;) {
      char *log = task_server_log(ts);
      char *p = log;
      int found = 0;
      while ((p = strstr(p, "ev=CLOSE ")) != NULL) {
        char *eol = strchr(p, '\n');
        if (eol != NULL)
          *eol = '\0';
        found = strstr(p, needle) != NULL;
        if (eol == NULL || found)
          break;
        p = eol + 1;
      }
      free(log);
      if (found)
        return;
      if (task_now_ms() >= deadline) {
        dump_log(ts);
        fprintf(stderr, "no CLOSE event for conn %llu\n",
                (unsigned long long)conn);
        ASSERT(found);
      }
      /* The log is written by the server's processes: look again. */
      poll(NULL, 0, 10);
    }
  }
}

/* Checks the log of a server that ran `workers` workers and served `conns`
 * connections, then stopped on SIGTERM: every event once where it belongs,
 * in Swoole's order. */
static void check_life_events(task_server *ts, int32_t mode, int workers,
                              int conns) {
  int n, i, j, start, shutdown, mstart, mstop;
  ev_line *e = parse_log(ts, &n);
  int64_t manager;

  if (count_ev(e, n, "START") != 1 || count_ev(e, n, "SHUTDOWN") != 1 ||
      count_ev(e, n, "WORKER_START") != workers ||
      count_ev(e, n, "WORKER_STOP") != workers ||
      count_ev(e, n, "CONNECT") != conns || count_ev(e, n, "CLOSE") != conns)
    dump_log(ts);
  ASSERT_EQ(count_ev(e, n, "START"), 1);
  ASSERT_EQ(count_ev(e, n, "SHUTDOWN"), 1);
  ASSERT_EQ(count_ev(e, n, "MANAGER_START"), 1);
  ASSERT_EQ(count_ev(e, n, "MANAGER_STOP"), 1);
  ASSERT_EQ(count_ev(e, n, "WORKER_START"), workers);
  ASSERT_EQ(count_ev(e, n, "WORKER_STOP"), workers);
  ASSERT_EQ(count_ev(e, n, "WORKER_ERROR"), 0);
  ASSERT_EQ(count_ev(e, n, "CONNECT"), conns);
  ASSERT_EQ(count_ev(e, n, "CLOSE"), conns);
  ASSERT_GE(count_ev(e, n, "RECEIVE"), conns);

  /* START and SHUTDOWN run in the master and name it. */
  start = find_ev(e, n, "START", 0);
  shutdown = find_ev(e, n, "SHUTDOWN", 0);
  ASSERT_EQ(e[start].self, ts->pid);
  ASSERT_EQ(e[start].pid, ts->pid);
  ASSERT_EQ(e[shutdown].self, ts->pid);
  /* SHUTDOWN is the last event, after every worker and the manager. */
  ASSERT_EQ(shutdown, n - 1);

  /* In PROCESS mode the manager is a process of its own (in BASE mode the
   * master may do its work, as Swoole's does); it stops after every
   * worker. */
  mstart = find_ev(e, n, "MANAGER_START", 0);
  mstop = find_ev(e, n, "MANAGER_STOP", 0);
  manager = e[mstart].self;
  if (mode == SWIRL_MODE_PROCESS)
    ASSERT_NE(manager, ts->pid);
  ASSERT_EQ(e[mstop].self, manager);
  ASSERT_GT(mstop, find_ev(e, n, "WORKER_STOP", 1));

  for (i = 0; i < n; i++) {
    if (strcmp(e[i].ev, "WORKER_START") == 0) {
      int stops = 0;
      /* One process per worker id, and it knows its own pid. */
      ASSERT_EQ(e[i].pid, e[i].self);
      ASSERT_GE(e[i].wid, 0);
      ASSERT_LT(e[i].wid, workers);
      ASSERT_NE(e[i].self, ts->pid);
      ASSERT_NE(e[i].self, manager);
      for (j = 0; j < n; j++) {
        if (j != i && strcmp(e[j].ev, "WORKER_START") == 0)
          ASSERT_NE(e[j].wid, e[i].wid);
        if (strcmp(e[j].ev, "WORKER_STOP") == 0 && e[j].self == e[i].self) {
          ASSERT_GT(j, i);
          ASSERT_EQ(e[j].wid, e[i].wid);
          stops++;
        }
      }
      ASSERT_EQ(stops, 1);
    }
    if (strcmp(e[i].ev, "CONNECT") == 0 || strcmp(e[i].ev, "RECEIVE") == 0 ||
        strcmp(e[i].ev, "CLOSE") == 0) {
      /* Connection events run in a worker, between its START and STOP. */
      int ok = 0;
      for (j = 0; j < i; j++) {
        if (strcmp(e[j].ev, "WORKER_START") == 0 && e[j].self == e[i].self)
          ok = 1;
      }
      ASSERT(ok);
      ASSERT_GT(e[i].conn, 0);
    }
    /* The first event of every forked process is MANAGER_START or
     * WORKER_START. */
    if (e[i].self != ts->pid) {
      int first = 1;
      for (j = 0; j < i; j++)
        first &= e[j].self != e[i].self;
      if (first)
        ASSERT(strcmp(e[i].ev, "MANAGER_START") == 0 ||
               strcmp(e[i].ev, "WORKER_START") == 0);
    }
  }
  /* Every closed connection was connected first, once. */
  for (i = 0; i < n; i++) {
    if (strcmp(e[i].ev, "CLOSE") == 0) {
      int seen = 0;
      for (j = 0; j < i; j++)
        seen += strcmp(e[j].ev, "CONNECT") == 0 && e[j].conn == e[i].conn;
      ASSERT_EQ(seen, 1);
    }
  }
  free(e);
}

/* The worker processes' pids and the master/manager they report. */
static void check_worker_ids(task_server *ts) {
  int64_t v, manager;
  ASSERT_EQ(task_log_field(ts, "ev=MANAGER_START ", 0, "self", &manager), 0);
  ASSERT_EQ(task_log_field(ts, "ev=WORKER_START ", 0, "master", &v), 0);
  ASSERT_EQ(v, ts->pid);
  ASSERT_EQ(task_log_field(ts, "ev=WORKER_START ", 0, "manager", &v), 0);
  ASSERT_EQ(v, manager);
  ASSERT_EQ(task_log_field(ts, "ev=WORKER_START ", 0, "wpid", &v), 0);
  {
    int64_t self, wid;
    ASSERT_EQ(task_log_field(ts, "ev=WORKER_START ", 0, "self", &self), 0);
    ASSERT_EQ(v, self);
    ASSERT_EQ(task_log_field(ts, "ev=WORKER_START ", 0, "widfn", &v), 0);
    ASSERT_EQ(task_log_field(ts, "ev=WORKER_START ", 0, "wid", &wid), 0);
    ASSERT_EQ(v, wid);
  }
}

/* The full life of a server: echo, a big reply, a server-side close, a
 * client-side close, SIGTERM, and the event log checked. */
static int lifecycle(int32_t mode, const char *host, int32_t type) {
  task_server_opts o = {0};
  task_server ts;
  unsigned char *big;
  char *chunk;
  uint64_t id_a, id_b;
  ssize_t n;
  int fd, i;

  o.host = host;
  o.mode = mode;
  o.sock_type = type;
  o.worker_num = 2;
  ASSERT_CODE(task_server_start(&ts, &o), 0);

  /* Connection A: small and large echoes, then 5 MiB from the server. */
  fd = task_connect(host, ts.port, IO_MS);
  ASSERT_GE(fd, 0);
  echo_once(fd, "hello");
  id_a = conn_id(fd);
  ASSERT_GT(id_a, 0);
  chunk = malloc(256 * 1024 + 1);
  ASSERT_NOT_NULL(chunk);
  for (i = 0; i < 256 * 1024; i++)
    chunk[i] = (char)('a' + i % 26);
  chunk[256 * 1024] = '\0';
  echo_once(fd, chunk);
  free(chunk);
  big = malloc(TASK_BIG_SIZE + 4);
  ASSERT_NOT_NULL(big);
  ASSERT_EQ(task_write_all(fd, "big\n", 4, IO_MS), 0);
  n = task_read_exact(fd, big, TASK_BIG_SIZE, 2 * IO_MS);
  ASSERT_EQ(n, TASK_BIG_SIZE);
  check_pattern(big, TASK_BIG_SIZE);
  /* Nothing more than the 5 MiB came: the next reply is the echo. */
  echo_once(fd, "ping");
  close(fd);
  wait_closed(&ts, id_a);

  /* Connection B: the server sends 64 KiB and closes; EOF follows the
   * data, and the CLOSE event says the server closed it. */
  fd = task_connect(host, ts.port, IO_MS);
  ASSERT_GE(fd, 0);
  id_b = conn_id(fd);
  ASSERT_NE(id_b, id_a);
  ASSERT_EQ(task_write_all(fd, "bye\n", 4, IO_MS), 0);
  n = task_read_to_eof(fd, big, TASK_BIG_SIZE, IO_MS);
  ASSERT_EQ(n, TASK_BYE_SIZE);
  check_pattern(big, TASK_BYE_SIZE);
  close(fd);
  free(big);
  wait_closed(&ts, id_b);
  {
    int64_t reactor;
    char needle[64];
    snprintf(needle, sizeof(needle), "ev=CLOSE type=10");
    ASSERT_EQ(task_log_field(&ts, needle, 1, "reactor", &reactor), 0);
    ASSERT_EQ(reactor, -1);
    ASSERT_EQ(task_log_field(&ts, needle, 0, "reactor", &reactor), 0);
    ASSERT_GE(reactor, 0);
  }

  stop_ok(&ts);
  check_worker_ids(&ts);
  check_no_trouble(&ts);
  check_life_events(&ts, mode, 2, 2);
  task_server_cleanup(&ts);
  return 0;
}

TEST_IMPL(server_lifecycle_base) {
  return lifecycle(SWIRL_MODE_BASE, "127.0.0.1", SWIRL_SOCK_TCP);
}

TEST_IMPL(server_lifecycle_process) {
  return lifecycle(SWIRL_MODE_PROCESS, "127.0.0.1", SWIRL_SOCK_TCP);
}

TEST_IMPL(server_lifecycle_ipv6) {
  int port, fd = task_bind_any("::1", 0, &port);
  if (fd < 0)
    RETURN_SKIP("no IPv6 loopback on this machine");
  close(fd);
  return lifecycle(SWIRL_MODE_BASE, "::1", SWIRL_SOCK_TCP6);
}

/* Sends "send ID" on fd and returns the server's answer line. */
static void send_to(int fd, uint64_t id, char *line, size_t cap) {
  char cmd[64];
  snprintf(cmd, sizeof(cmd), "send %llu\n", (unsigned long long)id);
  ASSERT_GT(task_request(fd, cmd, line, cap, IO_MS), 0);
}

static int stale_conn(int32_t mode) {
  task_server_opts o = {0};
  task_server ts;
  char line[128], buf[TASK_BYE_SIZE];
  uint64_t id_a, id_c, id_b;
  int a, b, c;

  o.mode = mode;
  o.worker_num = 1;
  ASSERT_CODE(task_server_start(&ts, &o), 0);

  /* A is closed by the server, C by the client. */
  a = task_connect("127.0.0.1", ts.port, IO_MS);
  ASSERT_GE(a, 0);
  id_a = conn_id(a);
  ASSERT_EQ(task_write_all(a, "bye\n", 4, IO_MS), 0);
  ASSERT_EQ(task_read_to_eof(a, buf, sizeof(buf), IO_MS), TASK_BYE_SIZE);
  close(a);
  wait_closed(&ts, id_a);
  c = task_connect("127.0.0.1", ts.port, IO_MS);
  ASSERT_GE(c, 0);
  id_c = conn_id(c);
  close(c);
  wait_closed(&ts, id_c);

  b = task_connect("127.0.0.1", ts.port, IO_MS);
  ASSERT_GE(b, 0);
  id_b = conn_id(b);
  ASSERT_NE(id_b, id_a);
  ASSERT_NE(id_b, id_c);
  send_to(b, id_a, line, sizeof(line));
  ASSERT_STR_EQ(line, "rc=-1005 exist=0");
  send_to(b, id_c, line, sizeof(line));
  ASSERT_STR_EQ(line, "rc=-1005 exist=0");
  /* An id that never existed. */
  send_to(b, UINT64_C(987654321), line, sizeof(line));
  ASSERT_STR_EQ(line, "rc=-1005 exist=0");
  /* A live id works: B gets the byte, then the answer. */
  send_to(b, id_b, line, sizeof(line));
  ASSERT_STR_EQ(line, "xrc=0 exist=1");
  close(b);
  wait_closed(&ts, id_b);
  stop_ok(&ts);
  task_server_cleanup(&ts);
  return 0;
}

TEST_IMPL(server_send_stale_conn_base) { return stale_conn(SWIRL_MODE_BASE); }

TEST_IMPL(server_send_stale_conn_process) {
  return stale_conn(SWIRL_MODE_PROCESS);
}

/* Echoes on `count` new connections. */
static void echo_new_conns(int port, int count) {
  int i;
  for (i = 0; i < count; i++) {
    char msg[32];
    int fd = task_connect("127.0.0.1", port, IO_MS);
    ASSERT_GE(fd, 0);
    snprintf(msg, sizeof(msg), "after-%d", i);
    echo_once(fd, msg);
    close(fd);
  }
}

static int worker_killed(int32_t mode) {
  task_server_opts o = {0};
  task_server ts;
  int64_t victim, wid, v, manager, self;

  o.mode = mode;
  o.worker_num = 2;
  ASSERT_CODE(task_server_start(&ts, &o), 0);
  ASSERT_EQ(task_log_wait(&ts, "ev=WORKER_START ", 2, IO_MS), 2);
  ASSERT_EQ(task_log_wait(&ts, "ev=MANAGER_START ", 1, IO_MS), 1);
  echo_new_conns(ts.port, 2);
  ASSERT_EQ(task_log_field(&ts, "ev=WORKER_START ", 0, "self", &victim), 0);
  ASSERT_EQ(task_log_field(&ts, "ev=WORKER_START ", 0, "wid", &wid), 0);
  ASSERT_EQ(task_log_field(&ts, "ev=MANAGER_START ", 0, "self", &manager), 0);
  ASSERT_GT(victim, 1);
  ASSERT_EQ(kill((pid_t)victim, SIGKILL), 0);

  /* The manager sees the death with the signal, then starts a new worker
   * with the same id in a new process. */
  if (task_log_wait(&ts, "ev=WORKER_ERROR ", 1, IO_MS) != 1 ||
      task_log_wait(&ts, "ev=WORKER_START ", 3, IO_MS) != 3)
    dump_log(&ts);
  ASSERT_EQ(task_log_count(&ts, "ev=WORKER_ERROR "), 1);
  ASSERT_EQ(task_log_field(&ts, "ev=WORKER_ERROR ", 0, "signal", &v), 0);
  ASSERT_EQ(v, SIGKILL);
  ASSERT_EQ(task_log_field(&ts, "ev=WORKER_ERROR ", 0, "pid", &v), 0);
  ASSERT_EQ(v, victim);
  ASSERT_EQ(task_log_field(&ts, "ev=WORKER_ERROR ", 0, "wid", &v), 0);
  ASSERT_EQ(v, wid);
  ASSERT_EQ(task_log_field(&ts, "ev=WORKER_ERROR ", 0, "self", &self), 0);
  ASSERT_EQ(self, manager);
  ASSERT_EQ(task_log_wait(&ts, "ev=WORKER_START ", 3, IO_MS), 3);
  ASSERT_EQ(task_log_field(&ts, "ev=WORKER_START ", 2, "wid", &v), 0);
  ASSERT_EQ(v, wid);
  ASSERT_EQ(task_log_field(&ts, "ev=WORKER_START ", 2, "self", &v), 0);
  ASSERT_NE(v, victim);

  /* The server still answers, on new connections. */
  echo_new_conns(ts.port, 8);
  stop_ok(&ts);
  check_no_trouble(&ts);
  /* The two living workers stopped; the dead one did not "stop". */
  ASSERT_EQ(task_log_count(&ts, "ev=WORKER_STOP "), 2);
  ASSERT_EQ(task_log_count(&ts, "ev=SHUTDOWN "), 1);
  task_server_cleanup(&ts);
  return 0;
}

TEST_IMPL(server_worker_killed_base) { return worker_killed(SWIRL_MODE_BASE); }

TEST_IMPL(server_worker_killed_process) {
  return worker_killed(SWIRL_MODE_PROCESS);
}

TEST_IMPL(server_backpressure) {
  task_server_opts o = {0};
  task_server ts;
  int64_t rc, bytes;
  int fd;

  o.worker_num = 1;
  o.socket_buffer_size = 1024 * 1024;
  ASSERT_CODE(task_server_start(&ts, &o), 0);
  fd = task_connect("127.0.0.1", ts.port, IO_MS);
  ASSERT_GE(fd, 0);
  echo_once(fd, "hi");
  /* From here on the client never reads. The server sends 64 KiB blocks
   * until a send fails; it must fail with the overflow code once about
   * socket_buffer_size bytes wait (plus what the kernel buffers hold),
   * long before the 64 MiB the loop would send. */
  ASSERT_EQ(task_write_all(fd, "flood\n", 6, IO_MS), 0);
  ASSERT_EQ(task_log_wait(&ts, "flood rc=", 1, IO_MS), 1);
  ASSERT_EQ(task_log_field(&ts, "flood rc=", 0, "rc", &rc), 0);
  ASSERT_EQ(task_log_field(&ts, "flood rc=", 0, "bytes", &bytes), 0);
  fprintf(stderr, "first flood: rc=%lld after %lld bytes\n", (long long)rc,
          (long long)bytes);
  ASSERT_CODE(rc, SWIRL_EOUTPUT_BUFFER_OVERFLOW);
  ASSERT_GE(bytes, 512 * 1024);
  ASSERT_LE(bytes, 16 * 1024 * 1024);

  /* Still full on the next event: the queue did not silently grow. */
  ASSERT_EQ(task_write_all(fd, "flood\n", 6, IO_MS), 0);
  ASSERT_EQ(task_log_wait(&ts, "flood rc=", 2, IO_MS), 2);
  ASSERT_EQ(task_log_field(&ts, "flood rc=", 1, "rc", &rc), 0);
  ASSERT_EQ(task_log_field(&ts, "flood rc=", 1, "bytes", &bytes), 0);
  ASSERT_CODE(rc, SWIRL_EOUTPUT_BUFFER_OVERFLOW);
  ASSERT_LE(bytes, 128 * 1024);

  /* Other clients are still served while that one is stuck. */
  echo_new_conns(ts.port, 3);
  close(fd);
  stop_ok(&ts);
  task_server_cleanup(&ts);
  return 0;
}

TEST_IMPL(server_shutdown_from_worker) {
  task_server_opts o = {0};
  task_server ts;
  char line[64];
  int fd, status;

  o.worker_num = 2;
  ASSERT_CODE(task_server_start(&ts, &o), 0);
  fd = task_connect("127.0.0.1", ts.port, IO_MS);
  ASSERT_GE(fd, 0);
  ASSERT_GT(task_request(fd, "shutdown\n", line, sizeof(line), IO_MS), 0);
  ASSERT_STR_EQ(line, "rc=0");
  close(fd);
  /* No signal: the master ends by itself, with status 0. */
  if (task_wait_pid(ts.pid, STOP_MS, &status) != 0) {
    dump_log(&ts);
    task_server_kill(&ts);
    ASSERT(0 && "the server did not shut down");
  }
  dump_log(&ts);
  ASSERT(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  ASSERT_EQ(task_log_count(&ts, "ev=SHUTDOWN "), 1);
  /* Both workers stopped normally: none was killed by the shutdown. */
  ASSERT_EQ(task_log_count(&ts, "ev=WORKER_ERROR "), 0);
  ASSERT_EQ(task_log_count(&ts, "ev=WORKER_STOP "), 2);
  task_server_cleanup(&ts);
  return 0;
}

TEST_IMPL(server_event_mask) {
  task_server_opts o = {0};
  task_server ts;
  int fd;

  o.worker_num = 1;
  o.mask = (UINT64_C(1) << SWIRL_EV_RECEIVE) | (UINT64_C(1) << SWIRL_EV_CLOSE);
  ASSERT_CODE(task_server_start(&ts, &o), 0);
  fd = task_connect("127.0.0.1", ts.port, IO_MS);
  ASSERT_GE(fd, 0);
  echo_once(fd, "masked");
  close(fd);
  ASSERT_EQ(task_log_wait(&ts, "ev=CLOSE ", 1, IO_MS), 1);
  stop_ok(&ts);
  /* Only the two asked-for events were delivered. */
  check_no_trouble(&ts);
  ASSERT_EQ(task_log_count(&ts, "ev="), task_log_count(&ts, "ev=RECEIVE ") +
                                            task_log_count(&ts, "ev=CLOSE "));
  ASSERT_EQ(task_log_count(&ts, "ev=CLOSE "), 1);
  task_server_cleanup(&ts);
  return 0;
}

TEST_IMPL(server_master_misuse) {
  task_server_opts o = {0};
  task_server ts;
  int64_t v;
  int fd;

  o.worker_num = 1;
  o.probe_master = 1;
  ASSERT_CODE(task_server_start(&ts, &o), 0);
  ASSERT_EQ(task_log_wait(&ts, "ev=START ", 1, IO_MS), 1);
  ASSERT_EQ(task_log_field(&ts, "ev=START ", 0, "msend", &v), 0);
  ASSERT_CODE(v, SWIRL_ESERVER_SEND_IN_MASTER);
  ASSERT_EQ(task_log_field(&ts, "ev=START ", 0, "mstart", &v), 0);
  ASSERT_CODE(v, SWIRL_ESERVER_ONLY_START_ONE);
  ASSERT_EQ(task_log_field(&ts, "ev=START ", 0, "widfn", &v), 0);
  ASSERT_EQ(v, -1);
  /* The server is unharmed. */
  fd = task_connect("127.0.0.1", ts.port, IO_MS);
  ASSERT_GE(fd, 0);
  echo_once(fd, "still here");
  close(fd);
  stop_ok(&ts);
  task_server_cleanup(&ts);
  return 0;
}

TEST_IMPL(server_two_listeners) {
  task_server_opts o = {0};
  task_server ts;
  int64_t v;
  int fd;

  o.worker_num = 1;
  o.extra_listener = 1;
  ASSERT_CODE(task_server_start(&ts, &o), 0);
  ASSERT_GT(ts.port2, 0);
  ASSERT_NE(ts.port2, ts.port);
  fd = task_connect("127.0.0.1", ts.port2, IO_MS);
  ASSERT_GE(fd, 0);
  echo_once(fd, "second port");
  close(fd);
  ASSERT_EQ(task_log_wait(&ts, "ev=CONNECT ", 1, IO_MS), 1);
  ASSERT_EQ(task_log_field(&ts, "ev=CONNECT ", 0, "listener", &v), 0);
  ASSERT_EQ(v, 1);
  fd = task_connect("127.0.0.1", ts.port, IO_MS);
  ASSERT_GE(fd, 0);
  echo_once(fd, "first port");
  close(fd);
  ASSERT_EQ(task_log_wait(&ts, "ev=CONNECT ", 2, IO_MS), 2);
  ASSERT_EQ(task_log_field(&ts, "ev=CONNECT ", 1, "listener", &v), 0);
  ASSERT_EQ(v, 0);
  stop_ok(&ts);
  task_server_cleanup(&ts);
  return 0;
}

TEST_IMPL(server_many_clients) {
  enum { NCLIENTS = 40 };
  task_server_opts o = {0};
  task_server ts;
  int fds[NCLIENTS], i;

  o.worker_num = 2;
  ASSERT_CODE(task_server_start(&ts, &o), 0);
  /* All connected at once, then each one answered. */
  for (i = 0; i < NCLIENTS; i++) {
    fds[i] = task_connect("127.0.0.1", ts.port, IO_MS);
    ASSERT_GE(fds[i], 0);
  }
  for (i = 0; i < NCLIENTS; i++) {
    char msg[32];
    snprintf(msg, sizeof(msg), "client %d", i);
    ASSERT_EQ(task_write_all(fds[i], msg, strlen(msg), IO_MS), 0);
  }
  for (i = 0; i < NCLIENTS; i++) {
    char msg[32], buf[32];
    int n = snprintf(msg, sizeof(msg), "client %d", i);
    ASSERT_EQ(task_read_exact(fds[i], buf, (size_t)n, IO_MS), n);
    buf[n] = '\0';
    ASSERT_STR_EQ(buf, msg);
    close(fds[i]);
  }
  ASSERT_EQ(task_log_wait(&ts, "ev=CLOSE ", NCLIENTS, IO_MS), NCLIENTS);
  stop_ok(&ts);
  check_no_trouble(&ts);
  ASSERT_EQ(task_log_count(&ts, "ev=CONNECT "), NCLIENTS);
  task_server_cleanup(&ts);
  return 0;
}

TEST_IMPL(server_worker_killed_keeps_conn_process) {
  /* In PROCESS mode the master holds the connections, so a worker's death
   * loses none: the same connection is answered by the replacement. */
  task_server_opts o = {0};
  task_server ts;
  char line[64];
  int64_t wid, pid;
  char needle[32];
  int fd;

  o.mode = SWIRL_MODE_PROCESS;
  o.worker_num = 2;
  ASSERT_CODE(task_server_start(&ts, &o), 0);
  ASSERT_EQ(task_log_wait(&ts, "ev=WORKER_START ", 2, IO_MS), 2);
  fd = task_connect("127.0.0.1", ts.port, IO_MS);
  ASSERT_GE(fd, 0);
  echo_once(fd, "before");
  ASSERT_GT(task_request(fd, "wid\n", line, sizeof(line), IO_MS), 0);
  ASSERT_EQ(task_line_field(line, "wid", &wid), 0);
  ASSERT_EQ(task_line_field(line, "pid", &pid), 0);
  ASSERT_NE(pid, ts.pid);
  ASSERT_EQ(kill((pid_t)pid, SIGKILL), 0);
  ASSERT_EQ(task_log_wait(&ts, "ev=WORKER_ERROR ", 1, IO_MS), 1);
  ASSERT_EQ(task_log_wait(&ts, "ev=WORKER_START ", 3, IO_MS), 3);
  snprintf(needle, sizeof(needle), "wid=%lld", (long long)wid);
  /* The same connection still works, served by the new worker. */
  echo_once(fd, "after");
  ASSERT_GT(task_request(fd, "wid\n", line, sizeof(line), IO_MS), 0);
  ASSERT_STR_HAS(line, needle);
  close(fd);
  stop_ok(&ts);
  task_server_cleanup(&ts);
  return 0;
}
