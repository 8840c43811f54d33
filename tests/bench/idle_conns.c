/*
 * idle_conns: opens many idle TCP connections and holds them, for the
 * memory-per-connection figure of `make bench`.
 *
 *   idle_conns HOST PORT COUNT NSRC SECONDS
 *
 * Opens up to COUNT TCP connections to HOST:PORT (an IPv4 address), from
 * the source addresses 127.0.0.2 .. 127.0.0.(NSRC + 1) in turn (each source
 * address has its own range of ephemeral ports, so NSRC of them allow about
 * NSRC times 28,000 connections to one server port). At most MAX_PENDING
 * connects are in flight at a time. Opening stops when COUNT are up, when
 * SECONDS have passed, when every source address has run out of ports, or
 * when the process runs out of descriptors (raise RLIMIT_NOFILE first:
 * `prlimit --nofile=N idle_conns ...`). It then prints one line on stdout:
 *
 *   connected=N failed=N secs=F stopped=REASON
 *
 * (REASON: done, timeout, ports, fds, memory) and holds the connections,
 * sending nothing, until its standard input reaches end of file (or
 * HOLD_MAX_S seconds pass, or SIGTERM). Meanwhile it notices connections
 * the server closes. At the end it prints
 *
 *   held=N closed_by_server=N
 *
 * and exits: 0 when every connection it opened was still open, 1
 * otherwise, 2 on bad arguments.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

#define MAX_PENDING 1000
#define MAX_EVENTS 1024
#define HOLD_MAX_S 900

enum { ST_FREE, ST_CONNECTING, ST_UP, ST_CLOSED };

static volatile sig_atomic_t stop;

static void on_term(int sig) {
  (void)sig;
  stop = 1;
}

static uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static long num_arg(const char *s, long min, long max, const char *what) {
  char *end;
  long v = strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v < min || v > max) {
    fprintf(stderr, "idle_conns: %s must be %ld..%ld, not '%s'\n", what, min,
            max, s);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s HOST PORT COUNT NSRC SECONDS\n", argv[0]);
    return 2;
  }
  struct sockaddr_in dst = {.sin_family = AF_INET};
  if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
    fprintf(stderr, "idle_conns: HOST must be an IPv4 address\n");
    return 2;
  }
  dst.sin_port = htons((uint16_t)num_arg(argv[2], 1, 65535, "PORT"));
  long count = num_arg(argv[3], 1, 10000000, "COUNT");
  int nsrc = (int)num_arg(argv[4], 1, 250, "NSRC");
  long seconds = num_arg(argv[5], 1, 86400, "SECONDS");

  signal(SIGPIPE, SIG_IGN);
  signal(SIGTERM, on_term);
  signal(SIGINT, on_term);

  /* fds[i] and state[i] describe connection i; i is also its epoll key. */
  int *fds = malloc((size_t)count * sizeof(*fds));
  unsigned char *state = calloc((size_t)count, 1);
  int *src_full = calloc((size_t)nsrc, sizeof(*src_full));
  int epfd = epoll_create1(EPOLL_CLOEXEC);
  if (fds == NULL || state == NULL || src_full == NULL || epfd < 0) {
    fprintf(stderr, "idle_conns: out of resources\n");
    return 1;
  }

  uint64_t t0 = now_ms(), deadline = t0 + (uint64_t)seconds * 1000u;
  long opened = 0, connected = 0, failed = 0, pending = 0;
  int src = 0, full = 0, halt = 0;
  const char *stopped = "done";
  struct epoll_event evs[MAX_EVENTS];

  while (connected < count) {
    if (now_ms() >= deadline) {
      stopped = "timeout";
      break;
    }
    /* Start connects while there is room for more in flight. */
    while (opened < count && pending < MAX_PENDING && full < nsrc && !halt) {
      while (src_full[src])
        src = (src + 1) % nsrc;
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        stopped = errno == ENOMEM || errno == ENOBUFS ? "memory" : "fds";
        halt = 1;
        break;
      }
      int one = 1;
      setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
      struct sockaddr_in from = {.sin_family = AF_INET};
      from.sin_addr.s_addr = htonl(0x7f000002u + (uint32_t)src);
      int rc = bind(fd, (struct sockaddr *)&from, sizeof(from));
      if (rc == 0)
        rc = connect(fd, (struct sockaddr *)&dst, sizeof(dst));
      if (rc < 0 && errno != EINPROGRESS) {
        int e = errno;
        close(fd);
        if (e == EADDRNOTAVAIL || e == EADDRINUSE) {
          src_full[src] = 1; /* This source has no port left. */
          full++;
          continue;
        }
        failed++;
        if (failed <= 5)
          fprintf(stderr, "idle_conns: connect: %s\n", strerror(e));
        if (failed > count / 10 + 100) {
          stopped = "errors";
          halt = 1;
          break;
        }
        continue;
      }
      struct epoll_event ev = {.events = EPOLLOUT,
                               .data.u64 = (uint64_t)opened};
      epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
      fds[opened] = fd;
      state[opened] = ST_CONNECTING;
      opened++;
      pending++;
      src = (src + 1) % nsrc;
    }
    if (full == nsrc && pending == 0) {
      stopped = "ports";
      break;
    }
    if (pending == 0 && (halt || opened >= count))
      break;
    int n = epoll_wait(epfd, evs, MAX_EVENTS, 100);
    for (int i = 0; i < n; i++) {
      long k = (long)evs[i].data.u64;
      if (state[k] != ST_CONNECTING)
        continue;
      int err = 0;
      socklen_t elen = sizeof(err);
      getsockopt(fds[k], SOL_SOCKET, SO_ERROR, &err, &elen);
      pending--;
      if (err != 0) {
        failed++;
        if (failed <= 5)
          fprintf(stderr, "idle_conns: connect: %s\n", strerror(err));
        close(fds[k]);
        state[k] = ST_CLOSED;
        continue;
      }
      /* From now on only a close by the server wakes us for it. */
      struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP,
                               .data.u64 = (uint64_t)k};
      epoll_ctl(epfd, EPOLL_CTL_MOD, fds[k], &ev);
      state[k] = ST_UP;
      connected++;
    }
  }
  /* Connects still in flight at the end count as failed. */
  for (long k = 0; k < opened; k++)
    if (state[k] == ST_CONNECTING) {
      close(fds[k]);
      state[k] = ST_CLOSED;
      failed++;
    }
  printf("connected=%ld failed=%ld secs=%.3f stopped=%s\n", connected, failed,
         (double)(now_ms() - t0) / 1000.0, stopped);
  fflush(stdout);

  /* Hold until stdin ends (when stdin cannot be polled, e.g. /dev/null,
   * until SIGTERM or HOLD_MAX_S). */
  struct epoll_event ev = {.events = EPOLLIN | EPOLLHUP,
                           .data.u64 = UINT64_MAX};
  epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &ev);
  long closed = 0;
  uint64_t hold_end = now_ms() + HOLD_MAX_S * 1000u;
  int holding = 1;
  while (holding && !stop && now_ms() < hold_end) {
    int n = epoll_wait(epfd, evs, MAX_EVENTS, 1000);
    for (int i = 0; i < n; i++) {
      if (evs[i].data.u64 == UINT64_MAX) {
        char buf[256];
        if (read(0, buf, sizeof(buf)) <= 0)
          holding = 0;
        continue;
      }
      long k = (long)evs[i].data.u64;
      if (state[k] != ST_UP)
        continue;
      char buf[256];
      ssize_t r = recv(fds[k], buf, sizeof(buf), 0);
      if (r > 0 || (r < 0 && (errno == EAGAIN || errno == EINTR)))
        continue; /* Unexpected data: the connection stays. */
      close(fds[k]);
      state[k] = ST_CLOSED;
      closed++;
    }
  }
  long held = 0;
  for (long k = 0; k < opened; k++)
    if (state[k] == ST_UP) {
      held++;
      close(fds[k]);
    }
  printf("held=%ld closed_by_server=%ld\n", held, closed);
  fflush(stdout);
  return closed == 0 ? 0 : 1;
}
