/*
 * echo_server: a TCP echo server on Swirl's public C ABI.
 *
 *   echo_server [port=9501] [worker_num=1] [mode=base|process]
 *
 * Binds 127.0.0.1:port (0 picks a free port) and sends every byte it
 * receives back to the connection it came from. When the server has
 * started it prints "listening on 127.0.0.1:PORT" and flushes stdout, so a
 * script can wait for that line. SIGTERM shuts it down; the master then
 * exits with status 0.
 *
 * Build: make examples (the binary is build/examples/echo_server), or by
 * hand: cc -Iabi examples/c/echo_server.c -Lbuild -lswirl
 */
#include "swirl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Handles the two events this server asks for: START in the master, and
 * RECEIVE in each worker, which it answers with the same bytes. A send that
 * fails because the client went away meanwhile is normal; anything else is
 * reported on stderr and the connection is closed. */
static void on_event(const swirl_event *ev, void *ud) {
  (void)ud;
  switch (ev->type) {
  case SWIRL_EV_START:
    printf("listening on 127.0.0.1:%d\n", swirl_server_port(ev->server, 0));
    fflush(stdout);
    break;
  case SWIRL_EV_RECEIVE: {
    int32_t rc = swirl_server_send(ev->server, ev->conn, ev->data, ev->len);
    if (rc < 0 && rc != SWIRL_ESESSION_NOT_EXIST &&
        rc != SWIRL_ESESSION_CLOSED && rc != SWIRL_ESESSION_CLOSING &&
        rc != SWIRL_ESESSION_CLOSED_BY_CLIENT) {
      fprintf(stderr, "echo_server: send to %llu: %s\n",
              (unsigned long long)ev->conn, swirl_strerror(rc));
      swirl_server_close(ev->server, ev->conn, 0);
    }
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
    fprintf(stderr, "echo_server: argument %d must be %ld..%ld, not '%s'\n",
            i, min, max, argv[i]);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  if (argc > 4) {
    fprintf(stderr,
            "usage: %s [port=9501] [worker_num=1] [mode=base|process]\n",
            argv[0]);
    return 2;
  }
  int32_t port = (int32_t)int_arg(argc, argv, 1, 9501, 0, 65535);
  int64_t workers = int_arg(argc, argv, 2, 1, 1, 1024);
  int32_t mode = SWIRL_MODE_BASE;
  if (argc > 3) {
    if (strcmp(argv[3], "base") == 0) {
      mode = SWIRL_MODE_BASE;
    } else if (strcmp(argv[3], "process") == 0) {
      mode = SWIRL_MODE_PROCESS;
    } else {
      fprintf(stderr, "echo_server: mode must be 'base' or 'process'\n");
      return 2;
    }
  }

  static const char host[] = "127.0.0.1";
  static const char opt_workers[] = "worker_num";
  swirl_server *srv = NULL;
  int32_t rc = swirl_server_new(&srv, host, sizeof(host) - 1, port, mode,
                                SWIRL_SOCK_TCP);
  if (rc < 0) {
    fprintf(stderr, "echo_server: %s:%d: %s (%s)\n", host, port,
            swirl_strerror(rc), swirl_last_errmsg());
    return 1;
  }
  rc = swirl_server_set_int(srv, opt_workers, sizeof(opt_workers) - 1,
                            workers);
  if (rc == 0)
    rc = swirl_server_on_event(srv, on_event, NULL,
                               (UINT64_C(1) << SWIRL_EV_START) |
                                   (UINT64_C(1) << SWIRL_EV_RECEIVE));
  if (rc == 0)
    rc = swirl_server_start(srv);
  if (rc < 0) {
    fprintf(stderr, "echo_server: %s (%s)\n", swirl_strerror(rc),
            swirl_server_errmsg(srv));
    swirl_server_free(srv);
    return 1;
  }
  swirl_server_free(srv);
  return 0;
}
