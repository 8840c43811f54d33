/*
 * loadgen: a closed-loop TCP echo load generator for `make bench`.
 *
 *   loadgen HOST PORT CONNS MSG_SIZE SECONDS
 *
 * Opens CONNS connections to HOST:PORT. Each keeps exactly one message of
 * MSG_SIZE bytes in flight: it sends the message, waits until the whole
 * echo is back and equal to what it sent, and sends the next one. After
 * SECONDS (counted from the moment every connection is up) it stops and
 * prints one line on stdout:
 *
 *   msgs=N secs=F rate=F p50_us=F p99_us=F errors=N
 *
 * msgs counts the round trips completed inside the window, rate is msgs per
 * second, p50_us/p99_us are round-trip latencies in microseconds, errors
 * counts failed connects, resets, early EOFs and echoes that differ from
 * the message. A failed connection is not reopened. The exit status is 0
 * when the run completed at least one round trip with no error, 1 when it
 * ran but saw errors or no traffic, 2 on bad arguments.
 *
 * One thread, one epoll set, level-triggered, non-blocking sockets with
 * TCP_NODELAY. Every wait is bounded: connecting gets CONNECT_TIMEOUT_S
 * seconds, and the run ends at its deadline whatever the server does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_S 5.0
#define MAX_EVENTS 256

enum conn_state { CONN_CONNECTING, CONN_SENDING, CONN_RECEIVING, CONN_DEAD };

typedef struct {
  int fd;
  enum conn_state state;
  uint32_t index;      /* position in the connection array */
  uint64_t seq;        /* number of the message in flight */
  size_t sent;         /* bytes of the message written so far */
  size_t received;     /* bytes of its echo read and checked so far */
  uint64_t started_ns; /* when the first byte of the message was written */
  unsigned char *msg;  /* the message in flight, msg_size bytes */
} conn;

static size_t msg_size;
static int epfd;
static unsigned long errors;
static int live; /* connections neither dead nor failed */

/* Round-trip samples in nanoseconds, kept only for the measured window. */
static uint32_t *samples;
static size_t nsamples, samples_cap;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Fills c->msg with the content of message c->seq of connection c->index.
 * Every message differs from its neighbours, so an echo that returns stale
 * or misplaced bytes fails the comparison. */
static void fill_message(conn *c) {
  uint32_t x = c->index * 2654435761u + (uint32_t)c->seq * 40503u + 1;
  for (size_t i = 0; i < msg_size; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c->msg[i] = (unsigned char)x;
  }
}

static void add_sample(uint64_t ns) {
  if (nsamples == samples_cap) {
    size_t cap = samples_cap ? samples_cap * 2 : 1u << 16;
    uint32_t *p = realloc(samples, cap * sizeof(*p));
    if (p == NULL)
      return; /* Keeps counting messages; only the percentiles lose it. */
    samples = p;
    samples_cap = cap;
  }
  samples[nsamples++] = ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* The q-quantile (0..1) of the sorted samples in microseconds; 0 if none.
 * Uses the nearest-rank definition. */
static double quantile_us(double q) {
  if (nsamples == 0)
    return 0.0;
  size_t rank = (size_t)(q * (double)nsamples + 0.999999);
  if (rank < 1)
    rank = 1;
  if (rank > nsamples)
    rank = nsamples;
  return samples[rank - 1] / 1000.0;
}

static void set_events(conn *c, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Marks c as failed: counts one error (unless the run is already over),
 * closes the socket. */
static void fail(conn *c, int count_error, const char *why) {
  if (c->state == CONN_DEAD)
    return;
  if (count_error) {
    errors++;
    if (errors <= 5)
      fprintf(stderr, "loadgen: connection %u: %s\n", c->index, why);
  }
  close(c->fd); /* Also removes it from the epoll set. */
  c->fd = -1;
  c->state = CONN_DEAD;
  live--;
}

/* Writes what is left of the message in flight. Returns 0, or -1 after
 * failing the connection. Waits for EPOLLOUT when the socket is full. */
static int send_some(conn *c) {
  while (c->sent < msg_size) {
    ssize_t n = send(c->fd, c->msg + c->sent, msg_size - c->sent,
                     MSG_NOSIGNAL);
    if (n > 0) {
      c->sent += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      set_events(c, EPOLLIN | EPOLLOUT);
      return 0;
    }
    fail(c, 1, strerror(errno));
    return -1;
  }
  return 0;
}

/* Starts the next message on c. */
static void start_message(conn *c) {
  c->seq++;
  fill_message(c);
  c->sent = 0;
  c->received = 0;
  c->state = CONN_SENDING;
  c->started_ns = now_ns();
  if (send_some(c) == 0 && c->sent == msg_size) {
    c->state = CONN_RECEIVING;
  }
}

/* Reads whatever arrived on c and compares it with the message. When the
 * echo is complete, records the round trip (if `measuring`) and returns 1;
 * returns 0 while incomplete and -1 after failing the connection. */
static int receive_some(conn *c, int measuring) {
  unsigned char buf[16384];
  for (;;) {
    size_t want = msg_size - c->received;
    if (want == 0)
      break;
    if (want > sizeof(buf))
      want = sizeof(buf);
    ssize_t n = recv(c->fd, buf, want, 0);
    if (n > 0) {
      if (c->received + (size_t)n > c->sent) {
        fail(c, 1, "echo arrived before the bytes were sent");
        return -1;
      }
      if (memcmp(buf, c->msg + c->received, (size_t)n) != 0) {
        fail(c, 1, "echoed bytes differ from the message");
        return -1;
      }
      c->received += (size_t)n;
      continue;
    }
    if (n == 0) {
      fail(c, 1, "server closed the connection");
      return -1;
    }
    if (errno == EINTR)
      continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      return 0;
    fail(c, 1, strerror(errno));
    return -1;
  }
  if (measuring)
    add_sample(now_ns() - c->started_ns);
  return 1;
}

/* Opens a non-blocking connection to addr for c; the result is known when
 * the socket turns writable. Returns 0 or -1 (counted as an error). */
static int open_conn(conn *c, const struct addrinfo *ai) {
  c->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK, 0);
  if (c->fd < 0) {
    errors++;
    fprintf(stderr, "loadgen: socket: %s\n", strerror(errno));
    return -1;
  }
  int one = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) < 0 &&
      errno != EINPROGRESS) {
    errors++;
    fprintf(stderr, "loadgen: connect: %s\n", strerror(errno));
    close(c->fd);
    return -1;
  }
  c->state = CONN_CONNECTING;
  struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
  live++;
  return 0;
}

/* Milliseconds from now until deadline_ns, for epoll_wait (at least 0). */
static int ms_until(uint64_t deadline_ns) {
  uint64_t t = now_ns();
  if (t >= deadline_ns)
    return 0;
  return (int)((deadline_ns - t + 999999) / 1000000);
}

static int parse_num(const char *s, double min, double max, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno != 0 || *end != '\0' || end == s || v < min || v > max)
    return -1;
  *out = v;
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s HOST PORT CONNS MSG_SIZE SECONDS\n", argv[0]);
    return 2;
  }
  double d_conns, d_size, seconds;
  if (parse_num(argv[3], 1, 60000, &d_conns) < 0 ||
      parse_num(argv[4], 1, 64 << 20, &d_size) < 0 ||
      parse_num(argv[5], 0.01, 86400, &seconds) < 0) {
    fprintf(stderr, "loadgen: CONNS 1..60000, MSG_SIZE 1..64M, "
                    "SECONDS 0.01..86400\n");
    return 2;
  }
  size_t nconns = (size_t)d_conns;
  msg_size = (size_t)d_size;

  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
  struct addrinfo *ai;
  int gai = getaddrinfo(argv[1], argv[2], &hints, &ai);
  if (gai != 0) {
    fprintf(stderr, "loadgen: %s:%s: %s\n", argv[1], argv[2],
            gai_strerror(gai));
    return 2;
  }

  signal(SIGPIPE, SIG_IGN);
  epfd = epoll_create1(EPOLL_CLOEXEC);
  conn *conns = calloc(nconns, sizeof(*conns));
  unsigned char *msgs = malloc(nconns * msg_size);
  if (epfd < 0 || conns == NULL || msgs == NULL) {
    fprintf(stderr, "loadgen: out of resources\n");
    return 1;
  }
  for (size_t i = 0; i < nconns; i++) {
    conns[i].index = (uint32_t)i;
    conns[i].msg = msgs + i * msg_size;
    conns[i].state = CONN_DEAD;
    open_conn(&conns[i], ai);
  }
  freeaddrinfo(ai);

  /* Phase 1: wait (bounded) until every connection is established. */
  struct epoll_event evs[MAX_EVENTS];
  size_t pending = (size_t)live;
  uint64_t connect_deadline =
      now_ns() + (uint64_t)(CONNECT_TIMEOUT_S * 1e9);
  while (pending > 0 && now_ns() < connect_deadline) {
    int n = epoll_wait(epfd, evs, MAX_EVENTS, ms_until(connect_deadline));
    for (int i = 0; i < n; i++) {
      conn *c = evs[i].data.ptr;
      if (c->state != CONN_CONNECTING)
        continue;
      int err = 0;
      socklen_t elen = sizeof(err);
      getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &elen);
      pending--;
      if (err != 0) {
        fail(c, 1, strerror(err));
        continue;
      }
      c->state = CONN_RECEIVING; /* Idle until the run starts. */
      set_events(c, EPOLLIN);
    }
  }
  for (size_t i = 0; i < nconns; i++)
    if (conns[i].state == CONN_CONNECTING)
      fail(&conns[i], 1, "connect timed out");

  /* Phase 2: the measured window. Every live connection sends its first
   * message now; from then on each completed echo starts the next one. */
  uint64_t start = now_ns();
  uint64_t deadline = start + (uint64_t)(seconds * 1e9);
  unsigned long done = 0;
  for (size_t i = 0; i < nconns; i++)
    if (conns[i].state != CONN_DEAD)
      start_message(&conns[i]);

  while (live > 0) {
    int timeout = ms_until(deadline);
    if (timeout == 0)
      break;
    int n = epoll_wait(epfd, evs, MAX_EVENTS, timeout);
    if (n < 0 && errno != EINTR) {
      perror("loadgen: epoll_wait");
      errors++;
      break;
    }
    uint64_t t = now_ns();
    for (int i = 0; i < n; i++) {
      conn *c = evs[i].data.ptr;
      if (c->state == CONN_DEAD)
        continue;
      if ((evs[i].events & EPOLLOUT) && c->state == CONN_SENDING) {
        if (send_some(c) < 0)
          continue;
        if (c->sent == msg_size) {
          c->state = CONN_RECEIVING;
          set_events(c, EPOLLIN);
        }
      }
      if (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        int r = receive_some(c, t < deadline);
        if (r == 1 && t < deadline) {
          done++;
          start_message(c);
        }
      }
    }
  }
  uint64_t end = now_ns();
  double secs = (double)(end - start) / 1e9;

  /* Connections still open at the end are not errors: close them quietly. */
  for (size_t i = 0; i < nconns; i++)
    if (conns[i].state != CONN_DEAD)
      fail(&conns[i], 0, NULL);

  qsort(samples, nsamples, sizeof(*samples), cmp_u32);
  printf("msgs=%lu secs=%.3f rate=%.1f p50_us=%.1f p99_us=%.1f errors=%lu\n",
         done, secs, secs > 0 ? (double)done / secs : 0.0, quantile_us(0.50),
         quantile_us(0.99), errors);
  fflush(stdout);
  free(samples);
  free(msgs);
  free(conns);
  close(epfd);
  return errors == 0 && done > 0 ? 0 : 1;
}
