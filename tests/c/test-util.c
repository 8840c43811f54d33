/*
 * test-util.c: helpers the C tests share (declared in task.h): bounded
 * socket I/O, waiting for processes, and a real Swirl server run in a
 * forked child that logs every event it sees to a file.
 */
#include "task.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Codes, time, sockets
 * ---------------------------------------------------------------------- */

const char *task_code_name(int64_t code) {
  const char *name;
  if (code < INT32_MIN || code > INT32_MAX)
    return "?";
  name = swirl_err_name((int32_t)code);
  return name != NULL ? name : "?";
}

uint64_t task_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Milliseconds left until deadline, at least 0. */
static int left_ms(uint64_t deadline) {
  uint64_t now = task_now_ms();
  return now >= deadline ? 0 : (int)(deadline - now);
}

/* Fills *ss from a numeric host and a port. Returns its length or 0. */
static socklen_t make_addr(const char *host, int port,
                           struct sockaddr_storage *ss) {
  struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
  memset(ss, 0, sizeof(*ss));
  if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    return sizeof(*a4);
  }
  if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    return sizeof(*a6);
  }
  return 0;
}

int task_connect(const char *host, int port, int timeout_ms) {
  struct sockaddr_storage ss;
  socklen_t len = make_addr(host, port, &ss);
  uint64_t deadline = task_now_ms() + (uint64_t)timeout_ms;
  int err;
  if (len == 0)
    return -EINVAL;
  for (;;) {
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
      return -errno;
    if (connect(fd, (struct sockaddr *)&ss, len) == 0)
      return fd;
    err = errno;
    close(fd);
    if (err != ECONNREFUSED || left_ms(deadline) == 0)
      return -err;
    /* The port is bound but not listening yet: poll again shortly. */
    poll(NULL, 0, 10);
  }
}

/* Waits for events on fd until deadline. Returns 1 when ready, -ETIMEDOUT
 * or -errno. */
static int wait_fd(int fd, short events, uint64_t deadline) {
  for (;;) {
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, left_ms(deadline));
    if (r > 0)
      return 1;
    if (r == 0)
      return -ETIMEDOUT;
    if (errno != EINTR)
      return -errno;
  }
}

int task_write_all(int fd, const void *buf, size_t n, int timeout_ms) {
  const char *p = buf;
  uint64_t deadline = task_now_ms() + (uint64_t)timeout_ms;
  while (n > 0) {
    ssize_t w;
    int r = wait_fd(fd, POLLOUT, deadline);
    if (r < 0)
      return r;
    w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
      if (errno == EAGAIN || errno == EINTR)
        continue;
      return -errno;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

ssize_t task_read_exact(int fd, void *buf, size_t n, int timeout_ms) {
  char *p = buf;
  size_t got = 0;
  uint64_t deadline = task_now_ms() + (uint64_t)timeout_ms;
  while (got < n) {
    ssize_t r;
    int w = wait_fd(fd, POLLIN, deadline);
    if (w < 0)
      return w;
    r = recv(fd, p + got, n - got, MSG_DONTWAIT);
    if (r == 0)
      break;
    if (r < 0) {
      if (errno == EAGAIN || errno == EINTR)
        continue;
      return -errno;
    }
    got += (size_t)r;
  }
  return (ssize_t)got;
}

ssize_t task_read_to_eof(int fd, void *buf, size_t cap, int timeout_ms) {
  char *p = buf;
  size_t got = 0;
  uint64_t deadline = task_now_ms() + (uint64_t)timeout_ms;
  for (;;) {
    char extra;
    ssize_t r;
    int w = wait_fd(fd, POLLIN, deadline);
    if (w < 0)
      return w;
    if (got < cap)
      r = recv(fd, p + got, cap - got, MSG_DONTWAIT);
    else
      r = recv(fd, &extra, 1, MSG_DONTWAIT);
    if (r == 0)
      return (ssize_t)got;
    if (r < 0) {
      if (errno == EAGAIN || errno == EINTR)
        continue;
      return -errno;
    }
    if (got >= cap)
      return -EMSGSIZE;
    got += (size_t)r;
  }
}

ssize_t task_request(int fd, const char *line, char *out, size_t cap,
                     int timeout_ms) {
  uint64_t deadline = task_now_ms() + (uint64_t)timeout_ms;
  size_t got = 0;
  int r = task_write_all(fd, line, strlen(line), timeout_ms);
  if (r < 0)
    return r;
  /* One byte at a time, so nothing after the reply's newline is eaten. */
  while (got + 1 < cap) {
    ssize_t n;
    int w = wait_fd(fd, POLLIN, deadline);
    if (w < 0)
      return w;
    n = recv(fd, out + got, 1, MSG_DONTWAIT);
    if (n == 0)
      return -ECONNRESET;
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR)
        continue;
      return -errno;
    }
    if (out[got] == '\n') {
      out[got] = '\0';
      return (ssize_t)got;
    }
    got++;
  }
  return -EMSGSIZE;
}

int task_bind_any(const char *host, int listen_too, int *port) {
  struct sockaddr_storage ss;
  socklen_t len = make_addr(host, 0, &ss);
  int fd;
  if (len == 0)
    return -EINVAL;
  fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -errno;
  if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
      (listen_too && listen(fd, 16) != 0) ||
      getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
    int err = errno;
    close(fd);
    return -err;
  }
  *port =
      ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                    : ((struct sockaddr_in6 *)&ss)->sin6_port);
  return fd;
}

int task_wait_pid(pid_t pid, int timeout_ms, int *status) {
  uint64_t deadline = task_now_ms() + (uint64_t)timeout_ms;
#ifdef SYS_pidfd_open
  int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
#else
  int pfd = -1;
#endif
  for (;;) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid) {
      if (pfd >= 0)
        close(pfd);
      return 0;
    }
    if (r < 0 && errno != EINTR) {
      int err = errno;
      if (pfd >= 0)
        close(pfd);
      return -err;
    }
    if (left_ms(deadline) == 0) {
      if (pfd >= 0)
        close(pfd);
      return -ETIMEDOUT;
    }
    if (pfd >= 0) {
      /* A pidfd becomes readable when the process ends. */
      struct pollfd p = {pfd, POLLIN, 0};
      poll(&p, 1, left_ms(deadline));
    } else {
      poll(NULL, 0, 5);
    }
  }
}

/* ------------------------------------------------------------------------
 * The server child
 * ---------------------------------------------------------------------- */

#define FLOOD_BLOCK (64 * 1024)
#define FLOOD_MAX_BLOCKS 1024

/* State of the server process (and of its forks). */
static struct {
  swirl_server *srv;
  int log_fd;
  uint64_t mask;
  int probe_master;
  unsigned char *pattern; /* TASK_BIG_SIZE pattern bytes */
} child;

static const char *event_name(int32_t type) {
  static const char *const names[] = {
      "NONE",         "START",        "SHUTDOWN",    "MANAGER_START",
      "MANAGER_STOP", "WORKER_START", "WORKER_STOP", "WORKER_ERROR",
      "CONNECT",      "RECEIVE",      "CLOSE"};
  if (type < 0 || type >= (int32_t)(sizeof(names) / sizeof(names[0])))
    return "UNKNOWN";
  return names[type];
}

/* Appends one line to the log with a single write(), so lines written by
 * different processes never interleave. */
static void log_line(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static void log_line(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if (n > (int)sizeof(buf) - 2)
    n = (int)sizeof(buf) - 2;
  buf[n++] = '\n';
  if (write(child.log_fd, buf, (size_t)n) < 0)
    _exit(5);
}

/* Sends data to conn and logs a failure. */
static int32_t reply(uint64_t conn, const void *data, size_t len) {
  int32_t rc = swirl_server_send(child.srv, conn, data, len);
  if (rc < 0)
    log_line("sendfail conn=%llu rc=%d name=%s", (unsigned long long)conn, rc,
             task_code_name(rc));
  return rc;
}

static void reply_str(uint64_t conn, const char *s) {
  reply(conn, s, strlen(s));
}

static const unsigned char *pattern(void) {
  if (child.pattern == NULL) {
    size_t i;
    child.pattern = malloc(TASK_BIG_SIZE);
    if (child.pattern == NULL)
      _exit(6);
    for (i = 0; i < TASK_BIG_SIZE; i++)
      child.pattern[i] = TASK_PATTERN(i);
  }
  return child.pattern;
}

static int is_cmd(const swirl_event *ev, const char *cmd) {
  size_t n = strlen(cmd);
  return ev->len >= n && memcmp(ev->data, cmd, n) == 0;
}

/* Answers one RECEIVE as the table in task.h says. */
static void on_receive(const swirl_event *ev) {
  char out[128];
  if (is_cmd(ev, "big\n")) {
    size_t off;
    for (off = 0; off < TASK_BIG_SIZE; off += 1024 * 1024) {
      if (reply(ev->conn, pattern() + off, 1024 * 1024) < 0)
        break;
    }
  } else if (is_cmd(ev, "bye\n")) {
    int32_t rc;
    reply(ev->conn, pattern(), TASK_BYE_SIZE);
    rc = swirl_server_close(child.srv, ev->conn, 0);
    if (rc < 0)
      log_line("closefail conn=%llu rc=%d", (unsigned long long)ev->conn, rc);
  } else if (is_cmd(ev, "id\n")) {
    snprintf(out, sizeof(out), "id=%llu\n", (unsigned long long)ev->conn);
    reply_str(ev->conn, out);
  } else if (is_cmd(ev, "wid\n")) {
    snprintf(out, sizeof(out), "wid=%d pid=%ld\n",
             swirl_server_worker_id(child.srv), (long)getpid());
    reply_str(ev->conn, out);
  } else if (is_cmd(ev, "send ")) {
    char num[32];
    size_t n = ev->len - 5 < sizeof(num) - 1 ? ev->len - 5 : sizeof(num) - 1;
    uint64_t id;
    int32_t rc, e;
    memcpy(num, ev->data + 5, n);
    num[n] = '\0';
    id = strtoull(num, NULL, 10);
    rc = swirl_server_send(child.srv, id, "x", 1);
    e = swirl_server_exist(child.srv, id);
    snprintf(out, sizeof(out), "rc=%d exist=%d\n", rc, e);
    reply_str(ev->conn, out);
  } else if (is_cmd(ev, "flood\n")) {
    size_t bytes = 0;
    int32_t rc = 0;
    int i;
    for (i = 0; i < FLOOD_MAX_BLOCKS; i++) {
      rc = swirl_server_send(child.srv, ev->conn, (const char *)pattern(),
                             FLOOD_BLOCK);
      if (rc < 0)
        break;
      bytes += FLOOD_BLOCK;
    }
    log_line("flood rc=%d bytes=%zu", rc, bytes);
  } else if (is_cmd(ev, "shutdown\n")) {
    snprintf(out, sizeof(out), "rc=%d\n", swirl_server_shutdown(child.srv));
    reply_str(ev->conn, out);
  } else {
    reply(ev->conn, ev->data, ev->len);
  }
}

/* The one event callback of every process of the test server. */
static void on_event(const swirl_event *ev, void *ud) {
  char extra[256] = "";
  size_t n = 0;
  if (ud != &child)
    n += (size_t)snprintf(extra + n, sizeof(extra) - n, " bad=ud");
  if (ev->server != child.srv)
    n += (size_t)snprintf(extra + n, sizeof(extra) - n, " bad=server");
  if (ev->type <= 0 || ev->type >= 64 ||
      !(child.mask & (UINT64_C(1) << ev->type)))
    n += (size_t)snprintf(extra + n, sizeof(extra) - n, " bad=mask");
  if (ev->type == SWIRL_EV_WORKER_START)
    n += (size_t)snprintf(extra + n, sizeof(extra) - n,
                          " master=%lld manager=%lld wpid=%lld widfn=%d",
                          (long long)swirl_server_master_pid(child.srv),
                          (long long)swirl_server_manager_pid(child.srv),
                          (long long)swirl_server_worker_pid(child.srv),
                          swirl_server_worker_id(child.srv));
  if (ev->type == SWIRL_EV_START && child.probe_master) {
    /* A master may not send, nor start the server again. */
    int32_t s = swirl_server_send(child.srv, 1, "x", 1);
    int32_t t = swirl_server_start(child.srv);
    n += (size_t)snprintf(extra + n, sizeof(extra) - n,
                          " msend=%d mstart=%d widfn=%d", s, t,
                          swirl_server_worker_id(child.srv));
  }
  log_line("ev=%s type=%d pid=%lld self=%ld wid=%d conn=%llu listener=%d "
           "reactor=%d status=%lld signal=%lld len=%zu%s",
           event_name(ev->type), ev->type, (long long)ev->pid, (long)getpid(),
           ev->worker_id, (unsigned long long)ev->conn, ev->listener,
           ev->reactor_id, (long long)ev->status, (long long)ev->signal,
           ev->len, extra);
  if (ev->type == SWIRL_EV_RECEIVE)
    on_receive(ev);
}

/* Reports a failed setup call to the parent and ends the child. */
static void child_fail(int wfd, const char *what, int32_t rc) {
  char buf[512];
  int n = snprintf(buf, sizeof(buf), "err=%d %s: %s (%s / %s)\n", rc, what,
                   task_code_name(rc),
                   child.srv ? swirl_server_errmsg(child.srv) : "",
                   swirl_last_errmsg());
  if (write(wfd, buf, (size_t)n) < 0)
    _exit(4);
  _exit(3);
}

/* The body of the forked server process; never returns. */
static void child_main(int wfd, const task_server_opts *o,
                       const char *log_path) {
  const char *host = o->host ? o->host : "127.0.0.1";
  int32_t mode = o->mode ? o->mode : SWIRL_MODE_BASE;
  int32_t type = o->sock_type ? o->sock_type : SWIRL_SOCK_TCP;
  int64_t sbs =
      o->socket_buffer_size ? o->socket_buffer_size : 16 * 1024 * 1024;
  char buf[128];
  int32_t rc, port2 = 0;
  int n;

  child.mask =
      o->mask ? o->mask : ((UINT64_C(1) << SWIRL_EV_MAX) - 1) & ~UINT64_C(1);
  child.probe_master = o->probe_master;
  child.log_fd = open(log_path, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (child.log_fd < 0)
    child_fail(wfd, "open log", -errno);
  rc = swirl_server_new(&child.srv, host, strlen(host), 0, mode, type);
  if (rc < 0)
    child_fail(wfd, "swirl_server_new", rc);
  rc = swirl_server_set_int(child.srv, "worker_num", 10,
                            o->worker_num ? o->worker_num : 1);
  if (rc < 0)
    child_fail(wfd, "set worker_num", rc);
  rc = swirl_server_set_int(child.srv, "socket_buffer_size", 18, sbs);
  if (rc < 0)
    child_fail(wfd, "set socket_buffer_size", rc);
  if (o->extra_listener) {
    rc = swirl_server_listen(child.srv, host, strlen(host), 0, type);
    if (rc != 1)
      child_fail(wfd, "swirl_server_listen", rc < 0 ? rc : SWIRL_EINVAL);
    port2 = swirl_server_port(child.srv, 1);
    if (port2 <= 0)
      child_fail(wfd, "swirl_server_port(1)", port2 < 0 ? port2 : -1);
  }
  rc = swirl_server_on_event(child.srv, on_event, &child, child.mask);
  if (rc < 0)
    child_fail(wfd, "swirl_server_on_event", rc);
  rc = swirl_server_port(child.srv, 0);
  if (rc <= 0)
    child_fail(wfd, "swirl_server_port", rc < 0 ? rc : -1);
  n = snprintf(buf, sizeof(buf), "port=%d port2=%d\n", rc, port2);
  if (write(wfd, buf, (size_t)n) < 0)
    _exit(4);
  close(wfd);

  rc = swirl_server_start(child.srv);
  log_line("return rc=%d self=%ld name=%s", rc, (long)getpid(),
           task_code_name(rc));
  if (rc < 0)
    fprintf(stderr, "swirl_server_start: %s (%s)\n", task_code_name(rc),
            swirl_server_errmsg(child.srv));
  swirl_server_free(child.srv);
  fflush(stdout);
  fflush(stderr);
  _exit(rc == 0 ? 0 : 4);
}

int task_server_start(task_server *ts, const task_server_opts *opts) {
  static const task_server_opts defaults;
  char buf[512];
  size_t got = 0;
  uint64_t deadline;
  int pfd[2], fd;

  memset(ts, 0, sizeof(*ts));
  snprintf(ts->log_path, sizeof(ts->log_path), "/tmp/swirl-ev.XXXXXX");
  fd = mkstemp(ts->log_path);
  if (fd < 0 || pipe(pfd) != 0)
    return -errno;
  close(fd);
  fflush(stdout);
  fflush(stderr);
  ts->pid = fork();
  if (ts->pid < 0)
    return -errno;
  if (ts->pid == 0) {
    close(pfd[0]);
    child_main(pfd[1], opts ? opts : &defaults, ts->log_path);
  }
  close(pfd[1]);

  /* Read the child's one line: its port, or the call that failed. */
  deadline = task_now_ms() + 10000;
  while (got < sizeof(buf) - 1 && memchr(buf, '\n', got) == NULL) {
    ssize_t n;
    if (wait_fd(pfd[0], POLLIN, deadline) < 0)
      break;
    n = read(pfd[0], buf + got, sizeof(buf) - 1 - got);
    if (n <= 0)
      break;
    got += (size_t)n;
  }
  buf[got] = '\0';
  close(pfd[0]);
  if (sscanf(buf, "port=%d port2=%d", &ts->port, &ts->port2) == 2 &&
      ts->port > 0)
    return 0;
  fprintf(stderr, "test server did not start: %s\n",
          got ? buf : "(no report within 10 s)");
  {
    int st, code = SWIRL_EINVAL;
    if (strncmp(buf, "err=", 4) == 0)
      code = atoi(buf + 4);
    if (task_wait_pid(ts->pid, 5000, &st) != 0)
      task_server_kill(ts);
    ts->stopped = 1;
    return code < 0 ? code : SWIRL_EINVAL;
  }
}

int task_server_stop(task_server *ts, int sig, int timeout_ms, int *status) {
  int r;
  kill(ts->pid, sig);
  r = task_wait_pid(ts->pid, timeout_ms, status);
  if (r != 0) {
    task_server_kill(ts);
    task_wait_pid(ts->pid, 5000, status);
    ts->stopped = 1;
    return -ETIMEDOUT;
  }
  ts->stopped = 1;
  return 0;
}

void task_server_kill(task_server *ts) {
  char *log = task_server_log(ts);
  char *line = log;
  while (line != NULL && *line != '\0') {
    char *next = strchr(line, '\n');
    int64_t pid;
    if (next != NULL)
      *next = '\0';
    if (task_line_field(line, "self", &pid) == 0 && pid > 1 && pid != getpid())
      kill((pid_t)pid, SIGKILL);
    line = next ? next + 1 : NULL;
  }
  free(log);
  if (ts->pid > 0)
    kill(ts->pid, SIGKILL);
}

void task_server_cleanup(task_server *ts) { unlink(ts->log_path); }

char *task_server_log(task_server *ts) {
  struct stat st;
  char *buf;
  ssize_t n = 0;
  int fd = open(ts->log_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat(fd, &st) != 0) {
    if (fd >= 0)
      close(fd);
    return calloc(1, 1);
  }
  buf = malloc((size_t)st.st_size + 1);
  if (buf != NULL) {
    n = read(fd, buf, (size_t)st.st_size);
    buf[n > 0 ? n : 0] = '\0';
  }
  close(fd);
  return buf;
}

int task_line_field(const char *line, const char *key, int64_t *out) {
  size_t klen = strlen(key);
  const char *p = line;
  while ((p = strstr(p, key)) != NULL) {
    if ((p == line || p[-1] == ' ') && p[klen] == '=') {
      char *end;
      long long v = strtoll(p + klen + 1, &end, 10);
      if (end == p + klen + 1)
        return -1;
      *out = v;
      return 0;
    }
    p += klen;
  }
  return -1;
}

int task_log_count(task_server *ts, const char *needle) {
  char *log = task_server_log(ts);
  char *line = log;
  int count = 0;
  while (line != NULL && *line != '\0') {
    char *next = strchr(line, '\n');
    if (next != NULL)
      *next = '\0';
    if (strstr(line, needle) != NULL)
      count++;
    line = next ? next + 1 : NULL;
  }
  free(log);
  return count;
}

int task_log_wait(task_server *ts, const char *needle, int n, int timeout_ms) {
  uint64_t deadline = task_now_ms() + (uint64_t)timeout_ms;
  for (;;) {
    int c = task_log_count(ts, needle);
    if (c >= n || left_ms(deadline) == 0)
      return c;
    /* The log is written by other processes: look again shortly. */
    poll(NULL, 0, 10);
  }
}

int task_log_field(task_server *ts, const char *needle, int skip,
                   const char *key, int64_t *out) {
  char *log = task_server_log(ts);
  char *line = log;
  int seen = 0, rc = -1;
  while (line != NULL && *line != '\0') {
    char *next = strchr(line, '\n');
    if (next != NULL)
      *next = '\0';
    if (strstr(line, needle) != NULL && seen++ == skip) {
      rc = task_line_field(line, key, out);
      break;
    }
    line = next ? next + 1 : NULL;
  }
  free(log);
  return rc;
}
