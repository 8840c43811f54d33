/*
 * loadgen: a closed-loop echo load generator for `make bench`.
 *
 *   loadgen [--udp | --tls] HOST PORT CONNS MSG_SIZE SECONDS
 *
 * Opens CONNS connections to HOST:PORT: TCP by default, TLS over TCP with
 * --tls, or CONNS connected UDP sockets with --udp. Each keeps exactly one
 * message of MSG_SIZE bytes in flight: it sends the message, waits until
 * the whole echo is back and equal to what it sent, and sends the next
 * one. After SECONDS (counted from the moment every connection is up, and
 * with --tls every handshake done) it stops and prints one line on stdout:
 *
 *   msgs=N secs=F rate=F p50_us=F p99_us=F lost=N errors=N
 *
 * msgs counts the round trips completed inside the window, rate is msgs per
 * second, p50_us/p99_us are round-trip latencies in microseconds, errors
 * counts failed connects and handshakes, resets, early EOFs and echoes that
 * differ from the message. A failed connection is not reopened. lost counts
 * UDP datagrams sent again because no echo came within UDP_RETRY_MS (always
 * 0 for TCP); a round trip that needed a resend is timed from the first
 * send. The exit status is 0 when the run completed at least one round
 * trip with no error, 1 when it ran but saw errors or no traffic, 2 on bad
 * arguments.
 *
 * UDP: every datagram is one message; its first 8 bytes carry its sequence
 * number, so the late echo of a datagram that was sent again is recognised
 * and dropped (MSG_SIZE must be at least 8 with --udp).
 *
 * TLS: OpenSSL's default client method, no certificate verification (the
 * benchmark's certificate is self-signed), TLS 1.3 when the server offers
 * it. The handshakes happen before the measured window, bounded like the
 * connects.
 *
 * One thread, one epoll set, level-triggered, non-blocking sockets with
 * TCP_NODELAY. Every wait is bounded: connecting (and the handshakes) get
 * CONNECT_TIMEOUT_S seconds, and the run ends at its deadline whatever the
 * server does.
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

#include <openssl/err.h>
#include <openssl/ssl.h>

#define CONNECT_TIMEOUT_S 10.0
#define MAX_EVENTS 256
#define UDP_RETRY_MS 200
#define UDP_SCAN_MS 20

enum mode { MODE_TCP, MODE_UDP, MODE_TLS };

enum conn_state {
  CONN_CONNECTING, /* TCP connect in progress */
  CONN_HANDSHAKE,  /* TLS handshake in progress */
  CONN_READY,      /* up, waiting for the measured window */
  CONN_SENDING,
  CONN_RECEIVING,
  CONN_DEAD
};

typedef struct {
  int fd;
  enum conn_state state;
  uint32_t events;     /* the epoll events registered for fd */
  uint32_t index;      /* position in the connection array */
  uint64_t seq;        /* number of the message in flight */
  size_t sent;         /* bytes of the message written so far */
  size_t received;     /* bytes of its echo read and checked so far */
  uint64_t started_ns; /* when the first byte of the message was written */
  uint64_t sent_ns;    /* UDP: when the datagram was last sent */
  unsigned char *msg;  /* the message in flight, msg_size bytes */
  SSL *ssl;            /* TLS only */
} conn;

static enum mode mode = MODE_TCP;
static size_t msg_size;
static int epfd;
static unsigned long errors;
static unsigned long lost;
static int live; /* connections neither dead nor failed */
static SSL_CTX *tls_ctx;

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
 * or misplaced bytes fails the comparison. A UDP message starts with its
 * sequence number. */
static void fill_message(conn *c) {
  uint32_t x = c->index * 2654435761u + (uint32_t)c->seq * 40503u + 1;
  for (size_t i = 0; i < msg_size; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c->msg[i] = (unsigned char)x;
  }
  if (mode == MODE_UDP)
    memcpy(c->msg, &c->seq, sizeof(c->seq));
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

/* Registers `events` for c's socket, skipping the system call when they
 * are registered already. */
static void set_events(conn *c, uint32_t events) {
  if (c->events == events)
    return;
  struct epoll_event ev = {.events = events, .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
  c->events = events;
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
  if (c->ssl != NULL) {
    SSL_free(c->ssl);
    c->ssl = NULL;
  }
  close(c->fd); /* Also removes it from the epoll set. */
  c->fd = -1;
  c->state = CONN_DEAD;
  live--;
}

/* The text of the oldest OpenSSL error, or of errno when there is none. */
static const char *tls_reason(int ssl_err) {
  static char buf[256];
  unsigned long e = ERR_get_error();
  if (e != 0) {
    ERR_error_string_n(e, buf, sizeof(buf));
    ERR_clear_error();
    return buf;
  }
  if (ssl_err == SSL_ERROR_ZERO_RETURN)
    return "TLS connection closed by the server";
  if (ssl_err == SSL_ERROR_SYSCALL)
    return errno != 0 ? strerror(errno) : "server closed the connection";
  snprintf(buf, sizeof(buf), "TLS error %d", ssl_err);
  return buf;
}

/* One transfer step of c in either direction. Returns the bytes moved
 * (> 0); 0 when the socket would block, with *wait set to the epoll event
 * to wait for; -1 after failing the connection (EOF included). */
static ssize_t io_step(conn *c, int out, void *p, size_t n, uint32_t *wait) {
  if (c->ssl != NULL) {
    ERR_clear_error();
    int r = out ? SSL_write(c->ssl, p, (int)n) : SSL_read(c->ssl, p, (int)n);
    if (r > 0)
      return r;
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
      *wait = e == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT;
      return 0;
    }
    fail(c, 1, tls_reason(e));
    return -1;
  }
  for (;;) {
    ssize_t r = out ? send(c->fd, p, n, MSG_NOSIGNAL) : recv(c->fd, p, n, 0);
    if (r > 0)
      return r;
    if (r == 0 && !out && mode != MODE_UDP) {
      fail(c, 1, "server closed the connection");
      return -1;
    }
    if (r == 0)
      return 0; /* An empty datagram: nothing we sent. */
    if (errno == EINTR)
      continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      *wait = out ? EPOLLOUT : EPOLLIN;
      return 0;
    }
    fail(c, 1, strerror(errno));
    return -1;
  }
}

/* Writes what is left of the message in flight. Returns 0, or -1 after
 * failing the connection. Waits for the event the socket asks for when it
 * cannot take more now. */
static int send_some(conn *c) {
  while (c->sent < msg_size) {
    uint32_t wait = 0;
    ssize_t n = io_step(c, 1, c->msg + c->sent, msg_size - c->sent, &wait);
    if (n < 0)
      return -1;
    if (n == 0) {
      set_events(c, wait);
      return 0;
    }
    c->sent += (size_t)n;
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
  c->started_ns = c->sent_ns = now_ns();
  if (send_some(c) == 0 && c->sent == msg_size) {
    c->state = CONN_RECEIVING;
    set_events(c, EPOLLIN);
  }
}

/* Reads the datagrams that arrived on c's UDP socket. A datagram carrying
 * an older sequence number is the late echo of one sent again: dropped.
 * Returns 1 when the echo of the message in flight came back, 0 when it
 * has not yet, -1 after failing the connection. */
static int receive_datagram(conn *c) {
  unsigned char buf[65536];
  for (;;) {
    uint32_t wait = 0;
    ssize_t n = io_step(c, 0, buf, sizeof(buf), &wait);
    if (n < 0)
      return -1;
    if (n == 0)
      return 0;
    uint64_t seq;
    if ((size_t)n >= sizeof(seq)) {
      memcpy(&seq, buf, sizeof(seq));
      if (seq < c->seq)
        continue;
    }
    if ((size_t)n != msg_size || memcmp(buf, c->msg, msg_size) != 0) {
      fail(c, 1, "echoed datagram differs from the message");
      return -1;
    }
    return 1;
  }
}

/* Reads whatever arrived on c and compares it with the message. When the
 * echo is complete, records the round trip (if `measuring`) and returns 1;
 * returns 0 while incomplete and -1 after failing the connection. */
static int receive_some(conn *c, int measuring) {
  unsigned char buf[16384];
  if (mode == MODE_UDP) {
    int r = receive_datagram(c);
    if (r != 1)
      return r;
    c->received = msg_size;
  }
  for (;;) {
    size_t want = msg_size - c->received;
    if (want == 0)
      break;
    if (want > sizeof(buf))
      want = sizeof(buf);
    uint32_t wait = 0;
    ssize_t n = io_step(c, 0, buf, want, &wait);
    if (n < 0)
      return -1;
    if (n == 0) {
      set_events(c, wait);
      return 0;
    }
    if (c->received + (size_t)n > c->sent) {
      fail(c, 1, "echo arrived before the bytes were sent");
      return -1;
    }
    if (memcmp(buf, c->msg + c->received, (size_t)n) != 0) {
      fail(c, 1, "echoed bytes differ from the message");
      return -1;
    }
    c->received += (size_t)n;
  }
  if (measuring)
    add_sample(now_ns() - c->started_ns);
  return 1;
}

/* Opens a non-blocking socket to addr for c. TCP: the connect's result is
 * known when the socket turns writable. UDP: the socket is connected (so
 * only the server's datagrams reach it) and ready at once. Returns 0 or -1
 * (counted as an error). */
static int open_conn(conn *c, const struct addrinfo *ai) {
  c->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK, 0);
  if (c->fd < 0) {
    errors++;
    fprintf(stderr, "loadgen: socket: %s\n", strerror(errno));
    return -1;
  }
  if (mode != MODE_UDP) {
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) < 0 &&
      errno != EINPROGRESS) {
    errors++;
    fprintf(stderr, "loadgen: connect: %s\n", strerror(errno));
    close(c->fd);
    return -1;
  }
  c->state = mode == MODE_UDP ? CONN_READY : CONN_CONNECTING;
  c->events = mode == MODE_UDP ? EPOLLIN : EPOLLOUT;
  struct epoll_event ev = {.events = c->events, .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
  live++;
  return 0;
}

/* Drives c's TLS handshake one step. Returns 1 once it is done, 0 while
 * it waits for the socket, -1 after failing the connection. */
static int handshake_step(conn *c) {
  ERR_clear_error();
  int r = SSL_do_handshake(c->ssl);
  if (r == 1) {
    c->state = CONN_READY;
    set_events(c, EPOLLIN);
    return 1;
  }
  int e = SSL_get_error(c->ssl, r);
  if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
    set_events(c, e == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT);
    return 0;
  }
  fail(c, 1, tls_reason(e));
  return -1;
}

/* Handles an event on c before the measured window: a finished connect
 * (which starts the TLS handshake with --tls) or a handshake step.
 * Returns 1 when c has just become ready or failed, else 0. */
static int setup_step(conn *c) {
  if (c->state == CONN_CONNECTING) {
    int err = 0;
    socklen_t elen = sizeof(err);
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &elen);
    if (err != 0) {
      fail(c, 1, strerror(err));
      return 1;
    }
    if (mode != MODE_TLS) {
      c->state = CONN_READY; /* Idle until the run starts. */
      set_events(c, EPOLLIN);
      return 1;
    }
    c->ssl = SSL_new(tls_ctx);
    if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1) {
      fail(c, 1, tls_reason(SSL_ERROR_SSL));
      return 1;
    }
    SSL_set_connect_state(c->ssl);
    c->state = CONN_HANDSHAKE;
  }
  if (c->state == CONN_HANDSHAKE)
    return handshake_step(c) != 0;
  return 0;
}

/* Sends again, with the same content, every UDP datagram whose echo has
 * not come back within UDP_RETRY_MS; counts each as lost. */
static void resend_lost(conn *conns, size_t nconns, uint64_t t) {
  for (size_t i = 0; i < nconns; i++) {
    conn *c = &conns[i];
    /* sent_ns may be later than t: messages started after t was read. */
    if (c->state != CONN_RECEIVING ||
        c->sent_ns + (uint64_t)UDP_RETRY_MS * 1000000u > t)
      continue;
    lost++;
    c->sent_ns = t;
    if (send(c->fd, c->msg, msg_size, MSG_NOSIGNAL) < 0 && errno != EAGAIN &&
        errno != EWOULDBLOCK)
      fail(c, 1, strerror(errno));
  }
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
  int a = 1;
  if (a < argc && strcmp(argv[a], "--udp") == 0) {
    mode = MODE_UDP;
    a++;
  } else if (a < argc && strcmp(argv[a], "--tls") == 0) {
    mode = MODE_TLS;
    a++;
  }
  if (argc - a != 5) {
    fprintf(stderr,
            "usage: %s [--udp | --tls] HOST PORT CONNS MSG_SIZE SECONDS\n",
            argv[0]);
    return 2;
  }
  double d_conns, d_size, seconds;
  if (parse_num(argv[a + 2], 1, 60000, &d_conns) < 0 ||
      parse_num(argv[a + 3], mode == MODE_UDP ? 8 : 1,
                mode == MODE_UDP ? 65507 : 64 << 20, &d_size) < 0 ||
      parse_num(argv[a + 4], 0.01, 86400, &seconds) < 0) {
    fprintf(stderr, "loadgen: CONNS 1..60000, MSG_SIZE 1..64M (UDP: "
                    "8..65507), SECONDS 0.01..86400\n");
    return 2;
  }
  size_t nconns = (size_t)d_conns;
  msg_size = (size_t)d_size;

  struct addrinfo hints = {
      .ai_family = AF_UNSPEC,
      .ai_socktype = mode == MODE_UDP ? SOCK_DGRAM : SOCK_STREAM};
  struct addrinfo *ai;
  int gai = getaddrinfo(argv[a], argv[a + 1], &hints, &ai);
  if (gai != 0) {
    fprintf(stderr, "loadgen: %s:%s: %s\n", argv[a], argv[a + 1],
            gai_strerror(gai));
    return 2;
  }

  signal(SIGPIPE, SIG_IGN);
  if (mode == MODE_TLS) {
    tls_ctx = SSL_CTX_new(TLS_client_method());
    if (tls_ctx == NULL) {
      fprintf(stderr, "loadgen: SSL_CTX_new: %s\n",
              tls_reason(SSL_ERROR_SSL));
      return 1;
    }
    SSL_CTX_set_verify(tls_ctx, SSL_VERIFY_NONE, NULL);
  }
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

  /* Phase 1: wait (bounded) until every connection is established and,
   * with --tls, has finished its handshake. */
  struct epoll_event evs[MAX_EVENTS];
  size_t pending = 0;
  for (size_t i = 0; i < nconns; i++)
    pending += conns[i].state == CONN_CONNECTING;
  uint64_t connect_deadline =
      now_ns() + (uint64_t)(CONNECT_TIMEOUT_S * 1e9);
  while (pending > 0 && now_ns() < connect_deadline) {
    int n = epoll_wait(epfd, evs, MAX_EVENTS, ms_until(connect_deadline));
    for (int i = 0; i < n; i++) {
      conn *c = evs[i].data.ptr;
      if (c->state == CONN_CONNECTING || c->state == CONN_HANDSHAKE)
        pending -= (size_t)setup_step(c);
    }
  }
  for (size_t i = 0; i < nconns; i++)
    if (conns[i].state == CONN_CONNECTING || conns[i].state == CONN_HANDSHAKE)
      fail(&conns[i], 1, conns[i].state == CONN_CONNECTING
                             ? "connect timed out"
                             : "TLS handshake timed out");

  /* Phase 2: the measured window. Every live connection sends its first
   * message now; from then on each completed echo starts the next one. */
  uint64_t start = now_ns();
  uint64_t deadline = start + (uint64_t)(seconds * 1e9);
  uint64_t next_scan = start + (uint64_t)UDP_SCAN_MS * 1000000u;
  unsigned long done = 0;
  for (size_t i = 0; i < nconns; i++)
    if (conns[i].state != CONN_DEAD)
      start_message(&conns[i]);

  while (live > 0) {
    int timeout = ms_until(deadline);
    if (timeout == 0)
      break;
    if (mode == MODE_UDP && timeout > UDP_SCAN_MS)
      timeout = UDP_SCAN_MS;
    int n = epoll_wait(epfd, evs, MAX_EVENTS, timeout);
    if (n < 0 && errno != EINTR) {
      perror("loadgen: epoll_wait");
      errors++;
      break;
    }
    uint64_t t = now_ns();
    for (int i = 0; i < n; i++) {
      conn *c = evs[i].data.ptr;
      if (c->state == CONN_SENDING) {
        if (send_some(c) < 0 || c->sent < msg_size)
          continue;
        c->state = CONN_RECEIVING;
        set_events(c, EPOLLIN);
      }
      if (c->state != CONN_RECEIVING)
        continue;
      /* A TLS record may have been read whole while the event was for
       * writing: SSL_read sees it even though the socket is empty. */
      int r = receive_some(c, t < deadline);
      if (r == 1 && t < deadline) {
        done++;
        start_message(c);
      }
    }
    if (mode == MODE_UDP && t >= next_scan) {
      resend_lost(conns, nconns, t);
      next_scan = t + (uint64_t)UDP_SCAN_MS * 1000000u;
    }
  }
  uint64_t end = now_ns();
  double secs = (double)(end - start) / 1e9;

  /* Connections still open at the end are not errors: close them quietly. */
  for (size_t i = 0; i < nconns; i++)
    if (conns[i].state != CONN_DEAD)
      fail(&conns[i], 0, NULL);

  qsort(samples, nsamples, sizeof(*samples), cmp_u32);
  printf("msgs=%lu secs=%.3f rate=%.1f p50_us=%.1f p99_us=%.1f lost=%lu "
         "errors=%lu\n",
         done, secs, secs > 0 ? (double)done / secs : 0.0, quantile_us(0.50),
         quantile_us(0.99), lost, errors);
  fflush(stdout);
  free(samples);
  free(msgs);
  free(conns);
  close(epfd);
  SSL_CTX_free(tls_ctx);
  return errors == 0 && done > 0 ? 0 : 1;
}
