/*
 * task.c: messages between the processes of a server: tasks to task
 * workers, their results back (finish), and sendMessage between workers.
 *
 * Every worker and task worker has one Unix datagram socket pair, made in
 * the master before the first fork: the process reads end [0], any other
 * process writes a whole message to end [1] (a datagram is never torn or
 * interleaved with another writer's). A replacement worker inherits the
 * same pair, so messages sent to a worker that died wait for its successor.
 *
 * A message is a header and a payload. A payload over IPC_INLINE_MAX bytes
 * travels through a temporary file in task_tmpdir, whose path is the
 * datagram's payload; the receiver reads and removes it.
 *
 * A sender whose receiver's queue is full waits for room up to a second,
 * then fails with SWIRL_EAGAIN ("task queue full"), never blocking forever.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define IPC_INLINE_MAX (60 * 1024)
#define IPC_F_TMPFILE 0x10000
#define IPC_F_WAIT 0x20000
#define IPC_USER_FLAGS 0xffff

enum { IPC_TASK = 1, IPC_FINISH = 2, IPC_PIPE = 3, IPC_SEND = 4,
       IPC_CLOSE = 5 };

typedef struct ipc_hdr {
  int32_t type;
  int32_t src;        /* sender's worker id, -1 outside workers */
  int64_t task_id;
  int32_t flags;
  uint32_t len;
} ipc_hdr;

/* A message received while taskwait() waited for another one. */
typedef struct stashed {
  struct stashed *next;
  ipc_hdr h;
  char *data;
} stashed;

static stashed *stash_head, *stash_tail;
static uv_idle_t stash_idle;
static char *rbuf; /* one receive buffer per process */

/* ------------------------------------------------------------------------
 * Sending
 * ---------------------------------------------------------------------- */

/* Writes the payload to a new temporary file; its path goes in path. */
static int32_t spill(swirl_server *srv, const char *data, size_t len,
                     char *path, size_t psize) {
  int fd;
  size_t off = 0;
  snprintf(path, psize, "%s/swirl.task.XXXXXX",
           srv->cfg.task_tmpdir != NULL ? srv->cfg.task_tmpdir : "/tmp");
  fd = mkstemp(path);
  if (fd < 0)
    return swirl__srv_fail(srv, -errno, "task_tmpdir: cannot create %s: %s",
                           path, strerror(errno));
  while (off < len) {
    ssize_t n = write(fd, data + off, len - off);
    if (n < 0) {
      int err = errno;
      if (err == EINTR) continue;
      close(fd);
      unlink(path);
      return swirl__srv_fail(srv, -err, "task_tmpdir: cannot write %s: %s",
                             path, strerror(err));
    }
    off += (size_t)n;
  }
  close(fd);
  return 0;
}

/* Sends one message to worker `dst`. Returns 0 or a negative code. */
static int32_t ipc_send(swirl_server *srv, int dst, int type, int64_t task_id,
                        int32_t flags, const char *data, size_t len) {
  ipc_hdr h;
  struct iovec iov[2];
  struct msghdr msg;
  char path[512];
  int64_t deadline = 0;
  if (dst < 0 || dst >= srv->nipc)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "no worker with id %d", dst);
  memset(&h, 0, sizeof(h));
  h.type = type;
  h.src = srv->worker_id;
  h.task_id = task_id;
  h.flags = flags;
  if (len > IPC_INLINE_MAX) {
    int32_t rc = spill(srv, data, len, path, sizeof(path));
    if (rc != 0) return rc;
    h.flags |= IPC_F_TMPFILE;
    data = path;
    len = strlen(path);
  }
  h.len = (uint32_t)len;
  iov[0].iov_base = &h;
  iov[0].iov_len = sizeof(h);
  iov[1].iov_base = (void *)data;
  iov[1].iov_len = len;
  memset(&msg, 0, sizeof(msg));
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  for (;;) {
    ssize_t n = sendmsg(srv->ipc[dst].wr, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    struct pollfd p;
    int64_t now;
    if (n >= 0) return 0;
    if (errno == EINTR) continue;
    if (errno != EAGAIN) {
      int err = errno;
      if (h.flags & IPC_F_TMPFILE) unlink(path);
      return swirl__srv_fail(srv, -err, "message to worker#%d: %s", dst,
                             strerror(err));
    }
    now = swirl__now_ms();
    if (deadline == 0) deadline = now + 1000;
    if (now >= deadline) {
      if (h.flags & IPC_F_TMPFILE) unlink(path);
      return swirl__srv_fail(srv, SWIRL_EAGAIN,
                             "task queue full: worker#%d has not taken its "
                             "messages for 1s", dst);
    }
    p.fd = srv->ipc[dst].wr;
    p.events = POLLOUT;
    poll(&p, 1, (int)(deadline - now));
  }
}

/* ------------------------------------------------------------------------
 * Receiving
 * ---------------------------------------------------------------------- */

/* Reads one message into rbuf (or, for a spilled payload, a malloc'ed
 * buffer in *heap). Returns 1 with h, *data set; 0 when none is waiting. */
static int ipc_recv(swirl_server *srv, ipc_hdr *h, char **data, char **heap) {
  ssize_t n;
  *heap = NULL;
  for (;;) {
    n = recv(srv->ipc[srv->worker_id].rd, rbuf, sizeof(*h) + IPC_INLINE_MAX + 1,
             MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  if (n < (ssize_t)sizeof(*h)) return 0;
  memcpy(h, rbuf, sizeof(*h));
  *data = rbuf + sizeof(*h);
  if ((size_t)n - sizeof(*h) < h->len) h->len = (uint32_t)((size_t)n - sizeof(*h));
  if (h->flags & IPC_F_TMPFILE) {
    char path[512];
    FILE *f;
    long size;
    snprintf(path, sizeof(path), "%.*s", (int)h->len, *data);
    f = fopen(path, "rb");
    if (f == NULL) {
      swirl__error("task payload file %s is gone: %s", path, strerror(errno));
      return -1;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    *heap = swirl__malloc((size_t)size + 1);
    if (*heap == NULL || fread(*heap, 1, (size_t)size, f) != (size_t)size) {
      swirl__error("task payload file %s: cannot read it", path);
      fclose(f);
      swirl__free(*heap);
      *heap = NULL;
      unlink(path);
      return -1;
    }
    fclose(f);
    unlink(path);
    *data = *heap;
    h->len = (uint32_t)size;
  }
  return 1;
}

/* Raises the event a message stands for. */
static void ipc_dispatch(swirl_server *srv, const ipc_hdr *h, const char *data) {
  swirl_event ev;
  memset(&ev, 0, sizeof(ev));
  ev.worker_id = h->src;
  ev.reactor_id = -1;
  ev.id = h->task_id;
  ev.flags = h->flags & IPC_USER_FLAGS;
  ev.data = data;
  ev.len = h->len;
  ev.server = srv;
  switch (h->type) {
    case IPC_TASK:
      ev.type = SWIRL_EV_TASK;
      atomic_store(&srv->shm->busy[srv->worker_id], 1);
      srv->cur_task_src = h->src;
      srv->cur_task_id = h->task_id;
      srv->cur_task_done = 0;
      srv->in_task = 1;
      swirl__emit(srv, &ev);
      srv->in_task = 0;
      atomic_store(&srv->shm->busy[srv->worker_id], 0);
      swirl__worker_count_request(srv);
      break;
    case IPC_FINISH:
      ev.type = SWIRL_EV_FINISH;
      swirl__emit(srv, &ev);
      break;
    case IPC_PIPE:
      ev.type = SWIRL_EV_PIPE_MESSAGE;
      swirl__emit(srv, &ev);
      break;
    case IPC_SEND:
      /* Another worker's send() to one of our connections. A failure is
       * logged: the sender has already returned. */
      if (swirl__worker_send(srv, (uint64_t)h->task_id, data, h->len) != 0)
        swirl__notice("forwarded send to session#%lld failed: %s",
                      (long long)h->task_id, srv->errmsg);
      break;
    case IPC_CLOSE:
      swirl__worker_close(srv, (uint64_t)h->task_id, h->flags & 1);
      break;
  }
}

static void on_stash_idle(uv_idle_t *h) {
  swirl_server *srv = h->loop->data;
  uv_idle_stop(h);
  while (stash_head != NULL) {
    stashed *s = stash_head;
    stash_head = s->next;
    if (stash_head == NULL) stash_tail = NULL;
    ipc_dispatch(srv, &s->h, s->data);
    swirl__free(s->data);
    swirl__free(s);
  }
}

static void on_ipc_readable(uv_poll_t *p, int status, int events) {
  swirl_server *srv = p->loop->data;
  int i;
  SWIRL__UNUSED(events);
  if (status < 0) return;
  /* Take a bounded batch, so connections get their turn too. */
  for (i = 0; i < 64; i++) {
    ipc_hdr h;
    char *data, *heap;
    int r = ipc_recv(srv, &h, &data, &heap);
    if (r == 0) break;
    if (r < 0) continue;
    ipc_dispatch(srv, &h, data);
    swirl__free(heap);
    if (srv->stopping) break;
  }
}

/* ------------------------------------------------------------------------
 * Internal interface
 * ---------------------------------------------------------------------- */

int32_t swirl__ipc_create(swirl_server *srv) {
  int i, n = (int)(srv->cfg.worker_num + srv->cfg.task_worker_num);
  srv->ipc = swirl__calloc((size_t)n, sizeof(*srv->ipc));
  if (srv->ipc == NULL) return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  srv->nipc = n;
  for (i = 0; i < n; i++) {
    int sv[2], size = 4 * 1024 * 1024;
    if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) != 0)
      return swirl__srv_fail(srv, -errno, "socketpair(): %s", strerror(errno));
    if (setsockopt(sv[1], SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) != 0)
      setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
    if (setsockopt(sv[0], SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0)
      setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
    srv->ipc[i].rd = sv[0];
    srv->ipc[i].wr = sv[1];
  }
  return 0;
}

void swirl__ipc_close(swirl_server *srv) {
  int i;
  for (i = 0; i < srv->nipc; i++) {
    close(srv->ipc[i].rd);
    close(srv->ipc[i].wr);
  }
  swirl__free(srv->ipc);
  srv->ipc = NULL;
  srv->nipc = 0;
}

/* Starts reading this worker's messages on its loop. */
int32_t swirl__ipc_worker_init(swirl_server *srv) {
  static uv_poll_t poll_handle;
  if (srv->nipc == 0) return 0;
  rbuf = swirl__malloc(sizeof(ipc_hdr) + IPC_INLINE_MAX + 1);
  if (rbuf == NULL) return SWIRL_ENOMEM;
  uv_idle_init(srv->loop, &stash_idle);
  uv_poll_init(srv->loop, &poll_handle, srv->ipc[srv->worker_id].rd);
  uv_poll_start(&poll_handle, UV_READABLE, on_ipc_readable);
  /* Messages alone do not keep a stopping worker alive. */
  uv_unref((uv_handle_t *)&poll_handle);
  return 0;
}

int64_t swirl__task(swirl_server *srv, const char *data, size_t len,
                    int32_t dst, int32_t flags) {
  int first = (int)srv->cfg.worker_num, n = (int)srv->cfg.task_worker_num, i;
  int64_t id;
  int32_t rc;
  if (n == 0)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "task() needs task_worker_num > 0");
  if (srv->role != SWIRL__ROLE_WORKER || srv->worker_id >= first)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "task() is only possible in an event worker");
  if (dst >= 0 && dst >= n)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "no task worker with id %d (task_worker_num=%d)",
                           dst, n);
  if (dst < 0) {
    /* The next idle task worker, round robin; all busy: the next one. */
    dst = -1;
    for (i = 0; i < n; i++) {
      int cand = (srv->task_rr + i) % n;
      if (!atomic_load(&srv->shm->busy[first + cand])) {
        dst = cand;
        break;
      }
    }
    if (dst < 0) dst = srv->task_rr % n;
    srv->task_rr = dst + 1;
  }
  id = srv->next_task_id++;
  rc = ipc_send(srv, first + dst, IPC_TASK, id, flags & IPC_USER_FLAGS, data, len);
  if (rc != 0) return rc;
  return id;
}

/* Asks worker dst, which holds connection conn, to send data to it
 * (close = 0) or to close it (1, or 2 with a reset). */
int32_t swirl__forward(swirl_server *srv, int dst, int close, uint64_t conn,
                       const char *data, size_t len) {
  if (close)
    return ipc_send(srv, dst, IPC_CLOSE, (int64_t)conn, close == 2, "", 0);
  return ipc_send(srv, dst, IPC_SEND, (int64_t)conn, 0, data, len);
}

int32_t swirl__finish(swirl_server *srv, const char *data, size_t len,
                      int32_t flags) {
  int32_t rc;
  if (!srv->in_task)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "finish() is only possible inside onTask");
  if (srv->cur_task_done)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "this task has already finished");
  rc = ipc_send(srv, srv->cur_task_src, IPC_FINISH, srv->cur_task_id,
                flags & IPC_USER_FLAGS, data, len);
  if (rc == 0) srv->cur_task_done = 1;
  return rc;
}

int32_t swirl__send_message(swirl_server *srv, const char *data, size_t len,
                            int32_t dst, int32_t flags) {
  if (srv->role != SWIRL__ROLE_WORKER)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "sendMessage() is only possible in a worker");
  if (dst == srv->worker_id)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "a worker cannot send a message to itself");
  return ipc_send(srv, dst, IPC_PIPE, 0, flags & IPC_USER_FLAGS, data, len);
}

int32_t swirl__taskwait(swirl_server *srv, const char *data, size_t len,
                        double timeout, int32_t dst, int32_t flags,
                        char **out, size_t *out_len, int32_t *out_flags) {
  int64_t id = swirl__task(srv, data, len, dst, flags);
  int64_t deadline;
  if (id < 0) return (int32_t)id;
  deadline = swirl__now_ms() + (int64_t)(timeout * 1000);
  for (;;) {
    struct pollfd p;
    int64_t now = swirl__now_ms();
    ipc_hdr h;
    char *d, *heap;
    int r;
    if (now >= deadline)
      return swirl__srv_fail(srv, SWIRL_ETIMEDOUT,
                             "taskwait: no result within %gs", timeout);
    p.fd = srv->ipc[srv->worker_id].rd;
    p.events = POLLIN;
    if (poll(&p, 1, (int)(deadline - now)) <= 0) continue;
    while ((r = ipc_recv(srv, &h, &d, &heap)) != 0) {
      stashed *s;
      if (r < 0) continue;
      if (h.type == IPC_FINISH && h.task_id == id) {
        *out = swirl__malloc(h.len + 1);
        if (*out == NULL) {
          swirl__free(heap);
          return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
        }
        memcpy(*out, d, h.len);
        (*out)[h.len] = '\0';
        *out_len = h.len;
        *out_flags = h.flags & IPC_USER_FLAGS;
        swirl__free(heap);
        if (stash_head != NULL) uv_idle_start(&stash_idle, on_stash_idle);
        return 0;
      }
      /* Someone else's message: keep it for the loop. */
      s = swirl__calloc(1, sizeof(*s));
      if (s != NULL) s->data = swirl__malloc(h.len + 1);
      if (s == NULL || s->data == NULL) {
        swirl__error("taskwait: out of memory; a message is lost");
        if (s != NULL) swirl__free(s);
        swirl__free(heap);
        continue;
      }
      memcpy(s->data, d, h.len);
      s->h = h;
      if (stash_tail != NULL) stash_tail->next = s; else stash_head = s;
      stash_tail = s;
      swirl__free(heap);
    }
  }
}
