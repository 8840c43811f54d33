/*
 * http_server: a hello-world HTTP server on Swirl's public C ABI.
 *
 *   http_server [port=9501] [worker_num=1] [mode=base|process]
 *               [--reactor-num N]
 *
 * Binds 127.0.0.1:port (0 picks a free port) with the HTTP protocol on and
 * answers every request with status 200 and the body "Hello World" through
 * swirl_http_respond(), which adds Server, Date, Content-Type,
 * Content-Length and Connection and keeps the connection alive when the
 * client asked for that. --reactor-num sets the reactor threads of PROCESS
 * mode. When the server has started it prints
 * "listening on 127.0.0.1:PORT" and flushes stdout. SIGTERM shuts it down;
 * the master then exits with status 0.
 *
 * Try it: curl http://127.0.0.1:9501/
 * Build: make examples, or by hand:
 *   cc -Iabi examples/c/http_server.c -Lbuild -lswirl
 */
#include "swirl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char body[] = "Hello World";

/* Handles START in the master and REQUEST in each worker. A respond that
 * fails because the client went away meanwhile is normal; anything else
 * is reported on stderr and the connection is closed. */
static void on_event(const swirl_event *ev, void *ud) {
  (void)ud;
  switch (ev->type) {
  case SWIRL_EV_START:
    printf("listening on 127.0.0.1:%d\n", swirl_server_port(ev->server, 0));
    fflush(stdout);
    break;
  case SWIRL_EV_REQUEST: {
    int32_t rc = swirl_http_respond(ev->server, ev->conn, 200, NULL, 0, body,
                                    sizeof(body) - 1, 0);
    if (rc < 0 && rc != SWIRL_ESESSION_NOT_EXIST &&
        rc != SWIRL_ESESSION_CLOSED && rc != SWIRL_ESESSION_CLOSING &&
        rc != SWIRL_ESESSION_CLOSED_BY_CLIENT) {
      fprintf(stderr, "http_server: respond to %llu: %s\n",
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
 * argument is absent (i >= argc). Exits with status 2 on a malformed
 * value. */
static long int_arg(int argc, char **argv, int i, long def, long min,
                    long max) {
  if (i >= argc)
    return def;
  char *end;
  long v = strtol(argv[i], &end, 10);
  if (*argv[i] == '\0' || *end != '\0' || v < min || v > max) {
    fprintf(stderr, "http_server: argument %d must be %ld..%ld, not '%s'\n",
            i, min, max, argv[i]);
    exit(2);
  }
  return v;
}

static void usage(const char *prog) {
  fprintf(stderr,
          "usage: %s [port=9501] [worker_num=1] [mode=base|process]"
          " [--reactor-num N]\n",
          prog);
  exit(2);
}

int main(int argc, char **argv) {
  /* The positional arguments come first, the options after them. */
  int npos = 1;
  while (npos < argc && npos < 4 && strncmp(argv[npos], "--", 2) != 0)
    npos++;
  int32_t port = (int32_t)int_arg(npos, argv, 1, 9501, 0, 65535);
  int64_t workers = int_arg(npos, argv, 2, 1, 1, 1024);
  int32_t mode = SWIRL_MODE_BASE;
  if (npos > 3) {
    if (strcmp(argv[3], "base") == 0) {
      mode = SWIRL_MODE_BASE;
    } else if (strcmp(argv[3], "process") == 0) {
      mode = SWIRL_MODE_PROCESS;
    } else {
      fprintf(stderr, "http_server: mode must be 'base' or 'process'\n");
      return 2;
    }
  }
  int64_t reactors = 0;
  for (int i = npos; i < argc; i++) {
    if (strcmp(argv[i], "--reactor-num") == 0 && i + 1 < argc) {
      reactors = int_arg(i + 2, argv, i + 1, 0, 1, 256);
      i++;
    } else {
      usage(argv[0]);
    }
  }

  static const char host[] = "127.0.0.1";
  swirl_server *srv = NULL;
  int32_t rc = swirl_server_new(&srv, host, sizeof(host) - 1, port, mode,
                                SWIRL_SOCK_TCP);
  if (rc < 0) {
    fprintf(stderr, "http_server: %s:%d: %s (%s)\n", host, port,
            swirl_strerror(rc), swirl_last_errmsg());
    return 1;
  }
  rc = swirl_server_set_int(srv, "worker_num", strlen("worker_num"),
                            workers);
  if (rc == 0)
    rc = swirl_server_set_bool(srv, "open_http_protocol",
                               strlen("open_http_protocol"), 1);
  if (rc == 0 && reactors > 0)
    rc = swirl_server_set_int(srv, "reactor_num", strlen("reactor_num"),
                              reactors);
  if (rc == 0)
    rc = swirl_server_on_event(srv, on_event, NULL,
                               (UINT64_C(1) << SWIRL_EV_START) |
                                   (UINT64_C(1) << SWIRL_EV_REQUEST));
  if (rc == 0)
    rc = swirl_server_start(srv);
  if (rc < 0) {
    fprintf(stderr, "http_server: %s (%s)\n", swirl_strerror(rc),
            swirl_server_errmsg(srv));
    swirl_server_free(srv);
    return 1;
  }
  swirl_server_free(srv);
  return 0;
}
