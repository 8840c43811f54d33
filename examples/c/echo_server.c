/*
 * echo_server: a TCP echo server on Swirl's public C ABI.
 *
 *   echo_server [port=9501] [worker_num=1] [mode=base|process] [options]
 *
 * Options (after the positional arguments):
 *   --reactor-num N     reactor threads of PROCESS mode (reactor_num)
 *   --max-conn N        connections the server accepts (max_connection)
 *   --ssl CERT KEY      TLS on the port: SWIRL_SOCK_TCP | SWIRL_SOCK_SSL,
 *                       with ssl_cert_file CERT and ssl_key_file KEY (PEM)
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

/* Sets string option `name` of srv to value. Returns 0 or a negative code. */
static int32_t set_str(swirl_server *srv, const char *name,
                       const char *value) {
  return swirl_server_set_str(srv, name, strlen(name), value, strlen(value));
}

static void usage(const char *prog) {
  fprintf(stderr,
          "usage: %s [port=9501] [worker_num=1] [mode=base|process]"
          " [--reactor-num N] [--max-conn N] [--ssl CERT KEY]\n",
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
      fprintf(stderr, "echo_server: mode must be 'base' or 'process'\n");
      return 2;
    }
  }
  int64_t reactors = 0, max_conn = 0;
  const char *cert = NULL, *key = NULL;
  for (int i = npos; i < argc; i++) {
    if (strcmp(argv[i], "--reactor-num") == 0 && i + 1 < argc) {
      reactors = int_arg(i + 2, argv, i + 1, 0, 1, 256);
      i++;
    } else if (strcmp(argv[i], "--max-conn") == 0 && i + 1 < argc) {
      max_conn = int_arg(i + 2, argv, i + 1, 0, 1, 1000000);
      i++;
    } else if (strcmp(argv[i], "--ssl") == 0 && i + 2 < argc) {
      cert = argv[i + 1];
      key = argv[i + 2];
      i += 2;
    } else {
      usage(argv[0]);
    }
  }

  static const char host[] = "127.0.0.1";
  swirl_server *srv = NULL;
  int32_t sock_type = SWIRL_SOCK_TCP | (cert != NULL ? SWIRL_SOCK_SSL : 0);
  int32_t rc = swirl_server_new(&srv, host, sizeof(host) - 1, port, mode,
                                sock_type);
  if (rc < 0) {
    fprintf(stderr, "echo_server: %s:%d: %s (%s)\n", host, port,
            swirl_strerror(rc), swirl_last_errmsg());
    return 1;
  }
  rc = swirl_server_set_int(srv, "worker_num", strlen("worker_num"),
                            workers);
  if (rc == 0 && reactors > 0)
    rc = swirl_server_set_int(srv, "reactor_num", strlen("reactor_num"),
                              reactors);
  if (rc == 0 && max_conn > 0)
    rc = swirl_server_set_int(srv, "max_connection",
                              strlen("max_connection"), max_conn);
  if (rc == 0 && cert != NULL)
    rc = set_str(srv, "ssl_cert_file", cert);
  if (rc == 0 && key != NULL)
    rc = set_str(srv, "ssl_key_file", key);
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
