/*
 * test-server-new.c: creating servers and listeners. The constructor binds
 * at once, as Swoole's does, so a port in use or an address that is not
 * ours fails right there with the system's reason.
 */
#define _GNU_SOURCE /* strcasestr */
#include "task.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

/* Tries to bind a plain socket (no SO_REUSEADDR) to host:port. Returns 0
 * or -errno. */
static int try_bind(const char *host, int port) {
  struct sockaddr_in a4;
  struct sockaddr_in6 a6;
  struct sockaddr *sa;
  socklen_t len;
  int fd, rc = 0;
  memset(&a4, 0, sizeof(a4));
  memset(&a6, 0, sizeof(a6));
  if (inet_pton(AF_INET, host, &a4.sin_addr) == 1) {
    a4.sin_family = AF_INET;
    a4.sin_port = htons((uint16_t)port);
    sa = (struct sockaddr *)&a4;
    len = sizeof(a4);
  } else {
    ASSERT_EQ(inet_pton(AF_INET6, host, &a6.sin6_addr), 1);
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((uint16_t)port);
    sa = (struct sockaddr *)&a6;
    len = sizeof(a6);
  }
  fd = socket(sa->sa_family, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  if (bind(fd, sa, len) != 0)
    rc = -errno;
  close(fd);
  return rc;
}

static int32_t new_server(swirl_server **srv, const char *host, int port,
                          int32_t type) {
  *srv = NULL;
  return swirl_server_new(srv, host, strlen(host), port, SWIRL_MODE_BASE, type);
}

/* Checks a failed swirl_server_new on `port` that was in use. */
static void check_in_use(int port) {
  swirl_server *srv = (swirl_server *)(uintptr_t)1;
  char num[16];
  const char *msg;
  int32_t rc = swirl_server_new(&srv, "127.0.0.1", 9, port, SWIRL_MODE_BASE,
                                SWIRL_SOCK_TCP);
  ASSERT_CODE(rc, SWIRL_EADDRINUSE);
  msg = swirl_last_errmsg();
  ASSERT_NOT_NULL(msg);
  fprintf(stderr, "swirl_last_errmsg(): %s\n", msg);
  snprintf(num, sizeof(num), "%d", port);
  ASSERT_STR_HAS(msg, num);
  ASSERT(strcasestr(msg, "in use") != NULL);
  /* A failed constructor hands out no object. */
  ASSERT(srv == NULL || srv == (swirl_server *)(uintptr_t)1);
}

TEST_IMPL(server_new_port_in_use) {
  int port, fd = task_bind_any("127.0.0.1", 1, &port);
  ASSERT_GE(fd, 0);
  check_in_use(port);
  close(fd);
  return 0;
}

TEST_IMPL(server_new_port_bound_not_listening) {
  int port, fd = task_bind_any("127.0.0.1", 0, &port);
  ASSERT_GE(fd, 0);
  check_in_use(port);
  close(fd);
  return 0;
}

TEST_IMPL(server_new_port_in_use_by_server) {
  /* A second server on the port of a running one fails (no SO_REUSEPORT
   * unless enable_reuse_port asks for it). */
  task_server ts;
  int status;
  ASSERT_CODE(task_server_start(&ts, NULL), 0);
  ASSERT_EQ(task_log_wait(&ts, "ev=WORKER_START ", 1, 10000), 1);
  check_in_use(ts.port);
  ASSERT_EQ(task_server_stop(&ts, SIGTERM, 10000, &status), 0);
  task_server_cleanup(&ts);
  return 0;
}

TEST_IMPL(server_new_port_zero) {
  swirl_server *srv;
  int port;
  ASSERT_CODE(new_server(&srv, "127.0.0.1", 0, SWIRL_SOCK_TCP), 0);
  ASSERT_NOT_NULL(srv);
  port = swirl_server_port(srv, 0);
  ASSERT_GT(port, 0);
  ASSERT_LT(port, 65536);
  /* The port really is bound by the server... */
  ASSERT_CODE(try_bind("127.0.0.1", port), -EADDRINUSE);
  /* ...and other listener indexes do not exist. */
  ASSERT_LT(swirl_server_port(srv, 1), 0);
  ASSERT_LT(swirl_server_port(srv, -1), 0);
  /* Freeing the server releases it. */
  swirl_server_free(srv);
  ASSERT_CODE(try_bind("127.0.0.1", port), 0);
  return 0;
}

TEST_IMPL(server_new_ipv6) {
  swirl_server *srv;
  int port, fd = task_bind_any("::1", 0, &port);
  if (fd < 0)
    RETURN_SKIP("no IPv6 loopback on this machine");
  close(fd);
  ASSERT_CODE(new_server(&srv, "::1", 0, SWIRL_SOCK_TCP6), 0);
  port = swirl_server_port(srv, 0);
  ASSERT_GT(port, 0);
  ASSERT_CODE(try_bind("::1", port), -EADDRINUSE);
  swirl_server_free(srv);
  ASSERT_CODE(try_bind("::1", port), 0);
  return 0;
}

TEST_IMPL(server_new_bad_host) {
  static const char *const bad[] = {"999.1.1.1", "not a host", "",
                                    "127.0.0.1.1", "::zz"};
  swirl_server *srv;
  size_t i;
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    int32_t rc = new_server(&srv, bad[i], 0, SWIRL_SOCK_TCP);
    if (rc >= 0)
      fprintf(stderr, "host \"%s\" was accepted\n", bad[i]);
    ASSERT_LT(rc, 0);
    ASSERT_NOT_NULL(swirl_last_errmsg());
    ASSERT_GT(strlen(swirl_last_errmsg()), 0);
  }
  /* An address that is not this machine's. */
  ASSERT_CODE(new_server(&srv, "192.0.2.1", 0, SWIRL_SOCK_TCP),
              SWIRL_EADDRNOTAVAIL);
  ASSERT_STR_HAS(swirl_last_errmsg(), "192.0.2.1");
  return 0;
}

TEST_IMPL(server_new_host_len) {
  /* The host is (pointer, length): bytes after the length do not count. */
  swirl_server *srv = NULL;
  ASSERT_CODE(swirl_server_new(&srv, "127.0.0.1:trailing", 9, 0,
                               SWIRL_MODE_BASE, SWIRL_SOCK_TCP),
              0);
  ASSERT_GT(swirl_server_port(srv, 0), 0);
  swirl_server_free(srv);
  return 0;
}

TEST_IMPL(server_new_bad_args) {
  swirl_server *srv;
  ASSERT_LT(swirl_server_new(NULL, "127.0.0.1", 9, 0, SWIRL_MODE_BASE,
                             SWIRL_SOCK_TCP),
            0);
  ASSERT_LT(new_server(&srv, "127.0.0.1", -1, SWIRL_SOCK_TCP), 0);
  ASSERT_LT(new_server(&srv, "127.0.0.1", 65536, SWIRL_SOCK_TCP), 0);
  ASSERT_LT(new_server(&srv, "127.0.0.1", 0, 99), 0);
  ASSERT_LT(swirl_server_new(&srv, "127.0.0.1", 9, 0, 0, SWIRL_SOCK_TCP), 0);
  ASSERT_LT(swirl_server_new(&srv, "127.0.0.1", 9, 0, 7, SWIRL_SOCK_TCP), 0);
  ASSERT_GT(strlen(swirl_last_errmsg()), 0);
  return 0;
}

TEST_IMPL(server_listen_more) {
  swirl_server *srv;
  int p0, p1, p2, fd, busy;
  ASSERT_CODE(new_server(&srv, "127.0.0.1", 0, SWIRL_SOCK_TCP), 0);
  ASSERT_CODE(swirl_server_listen(srv, "127.0.0.1", 9, 0, SWIRL_SOCK_TCP), 1);
  ASSERT_CODE(swirl_server_listen(srv, "127.0.0.1", 9, 0, SWIRL_SOCK_TCP), 2);
  p0 = swirl_server_port(srv, 0);
  p1 = swirl_server_port(srv, 1);
  p2 = swirl_server_port(srv, 2);
  ASSERT_GT(p0, 0);
  ASSERT_GT(p1, 0);
  ASSERT_GT(p2, 0);
  ASSERT_NE(p0, p1);
  ASSERT_NE(p1, p2);
  ASSERT_CODE(try_bind("127.0.0.1", p1), -EADDRINUSE);
  /* A listener on a port in use fails like the constructor. */
  fd = task_bind_any("127.0.0.1", 1, &busy);
  ASSERT_GE(fd, 0);
  ASSERT_CODE(swirl_server_listen(srv, "127.0.0.1", 9, busy, SWIRL_SOCK_TCP),
              SWIRL_EADDRINUSE);
  ASSERT_GT(strlen(swirl_server_errmsg(srv)), 0);
  close(fd);
  ASSERT_LT(swirl_server_port(srv, 3), 0);
  swirl_server_free(srv);
  ASSERT_CODE(try_bind("127.0.0.1", p1), 0);
  return 0;
}
