/*
 * udp_echo: a UDP echo server on Swirl's public C ABI.
 *
 *   udp_echo [port=9502] [worker_num=1] [mode=base|process]
 *
 * Binds a UDP socket on 127.0.0.1:port (0 picks a free port) and sends
 * every datagram it receives back to its sender with swirl_server_sendto().
 * When the server has started it prints "listening on 127.0.0.1:PORT" and
 * flushes stdout. SIGTERM shuts it down; the master then exits with
 * status 0.
 *
 * Try it: echo hello | nc -u -q1 127.0.0.1 9502
 * Build: make examples, or by hand:
 *   cc -Iabi examples/c/udp_echo.c -Lbuild -lswirl
 */
#include "swirl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Handles START in the master and PACKET in each worker: the sender's
 * address is the event's extra (IP text) and status (port). A failed
 * sendto is reported on stderr; UDP has no connection to close. */
static void on_event(const swirl_event *ev, void *ud) {
  (void)ud;
  switch (ev->type) {
  case SWIRL_EV_START:
    printf("listening on 127.0.0.1:%d\n", swirl_server_port(ev->server, 0));
    fflush(stdout);
    break;
  case SWIRL_EV_PACKET: {
    int32_t rc = swirl_server_sendto(ev->server, ev->extra, ev->extra_len,
                                     (int32_t)ev->status, ev->data, ev->len,
                                     ev->listener);
    if (rc < 0)
      fprintf(stderr, "udp_echo: sendto %.*s:%d: %s\n", (int)ev->extra_len,
              ev->extra, (int)ev->status, swirl_strerror(rc));
    break;
  }
  default:
    break;
  }
}

/* Parses argv[i] as an integer in [min, max], or returns `def` when the
 * argument is absent. Exits with status 2 on a malformed value. */
static long int_arg(int argc, char **argv, int i, long def, long min,
                    long max) {
  if (i >= argc)
    return def;
  char *end;
  long v = strtol(argv[i], &end, 10);
  if (*argv[i] == '\0' || *end != '\0' || v < min || v > max) {
    fprintf(stderr, "udp_echo: argument %d must be %ld..%ld, not '%s'\n", i,
            min, max, argv[i]);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  if (argc > 4) {
    fprintf(stderr,
            "usage: %s [port=9502] [worker_num=1] [mode=base|process]\n",
            argv[0]);
    return 2;
  }
  int32_t port = (int32_t)int_arg(argc, argv, 1, 9502, 0, 65535);
  int64_t workers = int_arg(argc, argv, 2, 1, 1, 1024);
  int32_t mode = SWIRL_MODE_BASE;
  if (argc > 3) {
    if (strcmp(argv[3], "base") == 0) {
      mode = SWIRL_MODE_BASE;
    } else if (strcmp(argv[3], "process") == 0) {
      mode = SWIRL_MODE_PROCESS;
    } else {
      fprintf(stderr, "udp_echo: mode must be 'base' or 'process'\n");
      return 2;
    }
  }

  static const char host[] = "127.0.0.1";
  swirl_server *srv = NULL;
  int32_t rc = swirl_server_new(&srv, host, sizeof(host) - 1, port, mode,
                                SWIRL_SOCK_UDP);
  if (rc < 0) {
    fprintf(stderr, "udp_echo: %s:%d: %s (%s)\n", host, port,
            swirl_strerror(rc), swirl_last_errmsg());
    return 1;
  }
  rc = swirl_server_set_int(srv, "worker_num", strlen("worker_num"),
                            workers);
  if (rc == 0)
    rc = swirl_server_on_event(srv, on_event, NULL,
                               (UINT64_C(1) << SWIRL_EV_START) |
                                   (UINT64_C(1) << SWIRL_EV_PACKET));
  if (rc == 0)
    rc = swirl_server_start(srv);
  if (rc < 0) {
    fprintf(stderr, "udp_echo: %s (%s)\n", swirl_strerror(rc),
            swirl_server_errmsg(srv));
    swirl_server_free(srv);
    return 1;
  }
  swirl_server_free(srv);
  return 0;
}
