/*
 * server.c: the server object: creation, listeners, and start(), which
 * prepares what every process shares and hands over to the manager.
 */
#include "internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

/* Names this process (or thread) after its role, as ps -e, top and
 * /proc/PID/comm show it: "swirl: worker 3". The command line, which
 * ps aux and pgrep -f read, is left alone. */
void swirl__set_role_name(const char *fmt, int n) {
  char name[16];
  snprintf(name, sizeof(name), fmt, n);
  prctl(PR_SET_NAME, name);
}

void swirl__emit_simple(swirl_server *srv, int type) {
  swirl_event ev;
  memset(&ev, 0, sizeof(ev));
  ev.type = type;
  ev.worker_id = -1;
  ev.reactor_id = -1;
  ev.pid = getpid();
  ev.server = srv;
  swirl__emit(srv, &ev);
}

int64_t swirl__now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Parses host into addr for the given socket type. Returns 0 or a code. */
static int32_t parse_addr(const char *host, int port, int sock_type,
                          struct sockaddr_storage *addr, socklen_t *alen) {
  struct sockaddr_in *a4 = (struct sockaddr_in *)addr;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;
  int v6 = sock_type == SWIRL_SOCK_TCP6 || strchr(host, ':') != NULL;
  memset(addr, 0, sizeof(*addr));
  if (strcmp(host, "localhost") == 0) host = v6 ? "::1" : "127.0.0.1";
  if (v6) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1) return SWIRL_EINVAL;
    *alen = sizeof(*a6);
  } else {
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &a4->sin_addr) != 1) return SWIRL_EINVAL;
    *alen = sizeof(*a4);
  }
  return 0;
}

/* Creates and binds one listener. On failure returns a code and writes the
 * reason to msg. The socket listens only from start(). */
static int32_t listener_open(swirl__listener *l, const char *host, int port,
                             int sock_type, int reuse_port, char *msg,
                             size_t msgsize) {
  struct sockaddr_storage addr;
  socklen_t alen;
  int fd, on = 1, err;
  int base = sock_type & ~SWIRL_SOCK_SSL;
  int stream = !swirl__sock_is_dgram(base);
  if (base < SWIRL_SOCK_TCP || base > SWIRL_SOCK_UNIX_DGRAM) {
    snprintf(msg, msgsize, "unknown socket type %d", sock_type);
    return SWIRL_EINVALID_PARAMS;
  }
  if ((sock_type & SWIRL_SOCK_SSL) && base != SWIRL_SOCK_TCP &&
      base != SWIRL_SOCK_TCP6 && base != SWIRL_SOCK_UNIX_STREAM) {
    snprintf(msg, msgsize, "SSL needs a stream socket");
    return SWIRL_EINVALID_PARAMS;
  }
  if (strlen(host) >= sizeof(l->host)) {
    snprintf(msg, msgsize, "address too long");
    return SWIRL_EINVAL;
  }
  memset(&addr, 0, sizeof(addr));
  if (swirl__sock_is_unix(base)) {
    struct sockaddr_un *a = (struct sockaddr_un *)&addr;
    struct stat st;
    if (host[0] == '\0' || strlen(host) >= sizeof(a->sun_path)) {
      snprintf(msg, msgsize, "invalid Unix socket path '%s'", host);
      return SWIRL_EINVAL;
    }
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, host);
    alen = sizeof(*a);
    /* A socket file left by an earlier run would make bind() fail. */
    if (stat(host, &st) == 0 && S_ISSOCK(st.st_mode)) unlink(host);
    port = 0;
  } else {
    if (port < 0 || port > 65535) {
      snprintf(msg, msgsize, "invalid port %d", port);
      return SWIRL_ESERVER_INVALID_LISTEN_PORT;
    }
    if (parse_addr(host, port,
                   base == SWIRL_SOCK_TCP6 || base == SWIRL_SOCK_UDP6
                       ? SWIRL_SOCK_TCP6 : SWIRL_SOCK_TCP,
                   &addr, &alen) != 0) {
      snprintf(msg, msgsize, "invalid address '%s'", host);
      return SWIRL_EINVAL;
    }
  }
  fd = socket(addr.ss_family,
              (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC,
              0);
  if (fd < 0) {
    err = errno;
    snprintf(msg, msgsize, "socket(): %s", strerror(err));
    return -err;
  }
  if (!swirl__sock_is_unix(base)) {
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (reuse_port) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    if (addr.ss_family == AF_INET6)
      setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
  }
  if (bind(fd, (struct sockaddr *)&addr, alen) != 0) {
    err = errno;
    close(fd);
    if (swirl__sock_is_unix(base))
      snprintf(msg, msgsize, "bind(%s): %s", host, strerror(err));
    else
      snprintf(msg, msgsize, "bind(%s:%d): %s", host, port, strerror(err));
    return -err;
  }
  /* Listen now, as Swoole does: a second server on the same port fails in
   * its constructor, not later. start() sets the final backlog. */
  if (stream && listen(fd, 512) != 0) {
    err = errno;
    close(fd);
    snprintf(msg, msgsize, "listen(%s:%d): %s", host, port, strerror(err));
    return -err;
  }
  l->port = 0;
  if (!swirl__sock_is_unix(base)) {
    alen = sizeof(addr);
    getsockname(fd, (struct sockaddr *)&addr, &alen);
    l->port = ntohs(addr.ss_family == AF_INET6
                        ? ((struct sockaddr_in6 *)&addr)->sin6_port
                        : ((struct sockaddr_in *)&addr)->sin_port);
  }
  l->fd = fd;
  l->sock_type = base;
  l->ssl = (sock_type & SWIRL_SOCK_SSL) != 0;
  snprintf(l->host, sizeof(l->host), "%s", host);
  return 0;
}

int32_t swirl__server_listen(swirl_server *srv, const char *host, size_t hlen,
                             int32_t port, int32_t sock_type) {
  swirl__listener *l;
  char hbuf[256];
  int32_t rc;
  if (srv->started)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "cannot add a listener after start()");
  if (srv->nlisteners >= SWIRL__MAX_LISTENERS)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS, "too many listeners");
  if (hlen >= sizeof(hbuf) || memchr(host, '\0', hlen) != NULL)
    return swirl__srv_fail(srv, SWIRL_EINVAL, "invalid address");
  memcpy(hbuf, host, hlen);
  hbuf[hlen] = '\0';
  l = swirl__calloc(1, sizeof(*l));
  if (l == NULL) return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  rc = listener_open(l, hbuf, port, sock_type,
                     (int)srv->cfg.enable_reuse_port, srv->errmsg,
                     sizeof(srv->errmsg));
  if (rc != 0) {
    swirl__free(l);
    srv->last_error = rc;
    return rc;
  }
  l->index = srv->nlisteners;
  srv->listeners[srv->nlisteners] = l;
  return srv->nlisteners++;
}

int32_t swirl__server_new(swirl_server **out, const char *host, size_t hlen,
                          int32_t port, int32_t mode, int32_t sock_type) {
  swirl_server *srv;
  int32_t rc;
  *out = NULL;
  if (mode != SWIRL_MODE_BASE && mode != SWIRL_MODE_PROCESS)
    return swirl__fail(SWIRL_EINVALID_PARAMS, "invalid server mode %d", mode);
  srv = swirl__calloc(1, sizeof(*srv));
  if (srv == NULL) return swirl__fail(SWIRL_ENOMEM, "out of memory");
  swirl__config_init(&srv->cfg);
  srv->mode = mode;
  srv->sock_type = sock_type;
  srv->worker_id = -1;
  srv->reload_next = -1;
  srv->task_queue = -1;
  srv->msqid = -1;
  rc = swirl__server_listen(srv, host, hlen, port, sock_type);
  if (rc < 0) {
    swirl__fail(rc, "%s", srv->errmsg);
    swirl__server_free(srv);
    return rc;
  }
  *out = srv;
  return 0;
}

void swirl__server_free(swirl_server *srv) {
  int i;
  if (srv == NULL) return;
  for (i = 0; i < srv->nlisteners; i++) {
    if (srv->listeners[i]->fd >= 0) close(srv->listeners[i]->fd);
    if (srv->listeners[i]->cfg != NULL) {
      swirl__config_free(srv->listeners[i]->cfg);
      swirl__free(srv->listeners[i]->cfg);
    }
    swirl__free(srv->listeners[i]);
  }
  swirl__config_free(&srv->cfg);
  swirl__free(srv->outbox.data);
  swirl__free(srv->slots);
  if (srv->shm != NULL) munmap(srv->shm, srv->shm_size);
  if (srv->ipc != NULL) swirl__ipc_close(srv);
  if (srv->sessions != NULL)
    munmap(srv->sessions, srv->sessions_cap * sizeof(swirl__session));
  swirl__free(srv);
}

/* Detaches from the terminal as Swoole's daemonize does: the starting
 * process exits 0, the server goes on in a new session with its standard
 * streams on log_file (or /dev/null). */
static int32_t daemonize(swirl_server *srv) {
  pid_t pid;
  int fd;
  fflush(NULL);
  pid = fork();
  if (pid < 0) return swirl__srv_fail(srv, -errno, "fork(): %s", strerror(errno));
  if (pid > 0) _exit(0);
  setsid();
  fd = open(srv->cfg.log_file != NULL ? srv->cfg.log_file : "/dev/null",
            O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) {
    int nul = open("/dev/null", O_RDONLY);
    if (nul >= 0) {
      dup2(nul, 0);
      close(nul);
    }
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
  }
  return 0;
}

static int32_t write_pid_file(swirl_server *srv) {
  char buf[32];
  int fd, n;
  if (srv->cfg.pid_file == NULL) return 0;
  fd = open(srv->cfg.pid_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return swirl__srv_fail(srv, -errno, "pid_file %s: %s", srv->cfg.pid_file,
                           strerror(errno));
  n = snprintf(buf, sizeof(buf), "%d", (int)getpid());
  if (write(fd, buf, n) != n) {
    int err = errno;
    close(fd);
    return swirl__srv_fail(srv, -err, "pid_file %s: %s", srv->cfg.pid_file,
                           strerror(err));
  }
  close(fd);
  return 0;
}

int32_t swirl__server_start(swirl_server *srv) {
  int i, log_fd = -1;
  int32_t rc;
  if (srv->started)
    return swirl__srv_fail(srv, SWIRL_ESERVER_ONLY_START_ONE,
                           "the server can only be started once");
  for (i = 0; i < srv->nlisteners; i++) {
    swirl__listener *l = srv->listeners[i];
    if (swirl__sock_is_dgram(l->sock_type)) continue;
    if (srv->cfg.tcp_defer_accept > 0 && !swirl__sock_is_unix(l->sock_type)) {
      /* Wake the accept only when the client has sent something. */
      int secs = (int)srv->cfg.tcp_defer_accept;
      setsockopt(l->fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &secs, sizeof(secs));
    }
    {
      /* TCP Fast Open: the queue length of pending fast-open requests. */
      const swirl__config *pc = l->cfg != NULL ? l->cfg : &srv->cfg;
      int tfo = (int)pc->tcp_fastopen;
      if (tfo > 0 && !swirl__sock_is_unix(l->sock_type))
        setsockopt(l->fd, IPPROTO_TCP, TCP_FASTOPEN, &tfo, sizeof(tfo));
    }
    if (listen(l->fd, (int)srv->cfg.backlog) != 0)
      return swirl__srv_fail(srv, -errno, "listen(%s:%d): %s", l->host,
                             l->port, strerror(errno));
  }
  if ((rc = swirl__tls_check(srv)) != 0) return rc;
  if (srv->mode == SWIRL_MODE_PROCESS && !srv->cfg.enable_unsafe_event &&
      (srv->cfg.dispatch_mode == 1 || srv->cfg.dispatch_mode == 3)) {
    /* Swoole's start check: the events of one connection may reach any
     * worker, so these two are not raised. */
    if (srv->mask & ((uint64_t)1 << SWIRL_EV_CONNECT))
      swirl__warn("cannot set 'onConnect' event when using "
                  "dispatch_mode=1/3/7");
    if (srv->mask & ((uint64_t)1 << SWIRL_EV_CLOSE))
      swirl__warn("cannot set 'onClose' event when using dispatch_mode=1/3/7");
  }
  if (srv->cfg.log_file != NULL) {
    log_fd = open(srv->cfg.log_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                  0644);
    if (log_fd < 0)
      return swirl__srv_fail(srv, -errno, "log_file %s: %s",
                             srv->cfg.log_file, strerror(errno));
  }
  swirl__log_set(log_fd, (int)srv->cfg.log_level, '$');
  swirl__log_open(srv->cfg.log_file, (int)srv->cfg.daemonize);
  srv->shm_size = sizeof(*srv->shm) +
                  (size_t)SWIRL__NSLOTS(srv) * 2 * sizeof(srv->shm->busy[0]) +
                  (size_t)srv->cfg.reactor_num * (size_t)srv->cfg.worker_num *
                      sizeof(uint32_t);
  srv->shm = mmap(NULL, srv->shm_size, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (srv->shm == MAP_FAILED) {
    srv->shm = NULL;
    return swirl__srv_fail(srv, -errno, "mmap(): %s", strerror(errno));
  }
  memset(srv->shm, 0, srv->shm_size);
  srv->shm->pids = srv->shm->busy + SWIRL__NSLOTS(srv);
  srv->shm->taken = (_Atomic uint32_t *)(srv->shm->pids + SWIRL__NSLOTS(srv));
  srv->sessions_cap = 1024;
  while (srv->sessions_cap < (size_t)srv->cfg.max_connection * 2)
    srv->sessions_cap *= 2;
  srv->sessions = mmap(NULL, srv->sessions_cap * sizeof(swirl__session),
                       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (srv->sessions == MAP_FAILED) {
    srv->sessions = NULL;
    return swirl__srv_fail(srv, -errno, "mmap(): %s", strerror(errno));
  }
  srv->shm->start_time = (int64_t)time(NULL);
  srv->slots = swirl__calloc((size_t)SWIRL__NSLOTS(srv), sizeof(*srv->slots));
  if (srv->slots == NULL) return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  if ((rc = swirl__ipc_create(srv)) != 0) return rc;
  if (srv->cfg.daemonize && (rc = daemonize(srv)) != 0) return rc;
  if ((rc = write_pid_file(srv)) != 0) return rc;
  srv->started = 1;
  /* A peer that vanishes must not kill a process that writes to it. */
  signal(SIGPIPE, SIG_IGN);
  srv->master_pid = srv->manager_pid = getpid();
  {
    /* The master shows its role too while it runs; the script gets its
     * own name back when start() returns. */
    char own[17] = {0};
    prctl(PR_GET_NAME, own);
    swirl__set_role_name("swirl: master", 0);
    rc = srv->mode == SWIRL_MODE_PROCESS ? swirl__master_run(srv)
                                         : swirl__manager_run(srv);
    prctl(PR_SET_NAME, own);
  }
  swirl__ipc_queue_remove(srv);
  if (srv->cfg.pid_file != NULL) unlink(srv->cfg.pid_file);
  return rc;
}

int swirl__drop_privileges(swirl_server *srv) {
  const char *user = srv->cfg.user, *group = srv->cfg.group;
  if ((user == NULL && group == NULL) || geteuid() != 0) return 0;
  if (group != NULL) {
    struct group *g = getgrnam(group);
    if (g == NULL || setgid(g->gr_gid) != 0) {
      swirl__error("cannot switch to group '%s': %s", group,
                   g == NULL ? "no such group" : strerror(errno));
      return -1;
    }
  }
  if (user != NULL) {
    struct passwd *pw = getpwnam(user);
    if (pw == NULL || (group == NULL && setgid(pw->pw_gid) != 0) ||
        initgroups(user, group != NULL ? getgid() : pw->pw_gid) != 0 ||
        setuid(pw->pw_uid) != 0) {
      swirl__error("cannot switch to user '%s': %s", user,
                   pw == NULL ? "no such user" : strerror(errno));
      return -1;
    }
  }
  return 0;
}
