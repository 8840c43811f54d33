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
 * The same channels carry connection traffic: in BASE mode a worker's
 * send() to a connection another worker holds; in PROCESS mode the events
 * of the reactor threads (each reactor thread reads a channel of its own,
 * after the workers') and the workers' sends, closes and responses.
 *
 * A message is a header and a payload. A task, result or sendMessage
 * payload over SWIRL__IPC_INLINE_MAX bytes travels through a temporary
 * file in task_tmpdir, whose path is the datagram's payload (the receiver
 * reads and removes it); connection traffic travels in fragments that the
 * receiver joins, per sender (a sender's datagrams arrive in order).
 *
 * A sender whose receiver's queue is full waits for room up to a second,
 * then fails with SWIRL_EAGAIN ("task queue full"), never blocking forever.
 *
 * task_ipc_mode 2 sends tasks through a System V message queue instead
 * (message_queue_key, or a private queue removed when the server ends);
 * the message type is the task worker's id + 1, so a task still goes to
 * the worker it was given to. A thread in each task worker takes its
 * messages off the queue and hands them to its own channel, so the loop
 * reads tasks as it reads everything else.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"

#define IPC_INLINE_MAX SWIRL__IPC_INLINE_MAX
#define IPC_F_TMPFILE 0x10000
#define IPC_USER_FLAGS 0xffff
#define IPC_TASK SWIRL__IPC_TASK
#define IPC_FINISH SWIRL__IPC_FINISH
#define IPC_PIPE SWIRL__IPC_PIPE

typedef swirl__ipc_hdr ipc_hdr;

__thread int swirl__ipc_self = -1;

/* A message received while taskwait() waited for another one. */
typedef struct stashed {
  struct stashed *next;
  ipc_hdr h;
  char *data;
} stashed;

static stashed *stash_head, *stash_tail;
static uv_idle_t stash_idle;
static char *rbuf;                /* one receive buffer per worker */
static swirl__buf **assembly;     /* fragments being joined, per sender */

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

/* Writes one datagram to channel dst, waiting up to wait_ms for room. */
static int32_t datagram(swirl_server *srv, int dst, struct iovec *iov, int niov,
                        int64_t wait_ms) {
  struct msghdr msg;
  int64_t deadline = 0;
  memset(&msg, 0, sizeof(msg));
  msg.msg_iov = iov;
  msg.msg_iovlen = (size_t)niov;
  for (;;) {
    ssize_t n = sendmsg(srv->ipc[dst].wr, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    struct pollfd p;
    int64_t now;
    if (n >= 0) return 0;
    if (errno == EINTR) continue;
    if (errno != EAGAIN)
      return swirl__srv_fail(srv, -errno, "message to channel#%d: %s", dst,
                             strerror(errno));
    now = swirl__now_ms();
    if (deadline == 0) deadline = now + wait_ms;
    if (now >= deadline) {
      if (dst == srv->task_queue)
        return swirl__srv_fail(srv, SWIRL_EAGAIN,
                               "task queue full: no task worker has taken a "
                               "task for %llds", (long long)(wait_ms / 1000));
      if (dst < SWIRL__NWORKERS(srv))
        return swirl__srv_fail(srv, SWIRL_EAGAIN,
                               "task queue full: worker#%d has not taken its "
                               "messages for %llds", dst,
                               (long long)(wait_ms / 1000));
      return swirl__srv_fail(srv, SWIRL_EAGAIN,
                             "channel full: reactor#%d has not taken its "
                             "messages for %llds", dst - SWIRL__NWORKERS(srv),
                             (long long)(wait_ms / 1000));
    }
    p.fd = srv->ipc[dst].wr;
    p.events = POLLOUT;
    poll(&p, 1, (int)(deadline - now));
  }
}

/* The largest message text the kernel takes by default (MSGMAX). */
#define QUEUE_MAX 8192

typedef struct queue_msg {
  long mtype;
  char mtext[QUEUE_MAX];
} queue_msg;

/* task_ipc_mode 2: sends a task to task worker dst (a channel index)
 * through the message queue, waiting up to a second for room. */
static int32_t queue_send(swirl_server *srv, int dst, int64_t id,
                          int32_t flags, const char *data, size_t len) {
  queue_msg *m;
  ipc_hdr h;
  char path[512];
  int spilled = 0;
  int64_t deadline = swirl__now_ms() + 1000;
  int32_t rc = 0;
  memset(&h, 0, sizeof(h));
  h.type = IPC_TASK;
  h.src = swirl__ipc_self;
  h.id = id;
  h.flags = flags;
  if (sizeof(h) + len > QUEUE_MAX) {
    if ((rc = spill(srv, data, len, path, sizeof(path))) != 0) return rc;
    h.flags |= IPC_F_TMPFILE;
    data = path;
    len = strlen(path);
    spilled = 1;
  }
  h.len = (uint32_t)len;
  m = swirl__malloc(sizeof(long) + sizeof(h) + len);
  if (m == NULL) {
    if (spilled) unlink(path);
    return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  }
  m->mtype = (long)(dst - (int)srv->cfg.worker_num) + 1;
  memcpy(m->mtext, &h, sizeof(h));
  memcpy(m->mtext + sizeof(h), data, len);
  while (msgsnd(srv->msqid, m, sizeof(h) + len, IPC_NOWAIT) != 0) {
    struct timespec ts = {0, 1000000};
    if (errno == EINTR) continue;
    if (errno != EAGAIN) {
      rc = swirl__srv_fail(srv, -errno, "msgsnd() to the task queue: %s",
                           strerror(errno));
      break;
    }
    if (swirl__now_ms() >= deadline) {
      rc = swirl__srv_fail(srv, SWIRL_EAGAIN,
                           "task queue full: the message queue has had no "
                           "room for 1s");
      break;
    }
    nanosleep(&ts, NULL);
  }
  swirl__free(m);
  if (rc != 0 && spilled) unlink(path);
  return rc;
}

/* The thread of a task worker in task_ipc_mode 2: moves the worker's
 * messages from the queue to its channel, one at a time. */
static void *queue_relay(void *arg) {
  swirl_server *srv = arg;
  long type = (long)(srv->worker_id - (int)srv->cfg.worker_num) + 1;
  int fd = srv->ipc[srv->worker_id].wr;
  queue_msg *m = swirl__malloc(sizeof(*m));
  if (m == NULL) return NULL;
  for (;;) {
    ssize_t n = msgrcv(srv->msqid, m, QUEUE_MAX, type, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EIDRM || errno == EINVAL) break; /* the queue is gone */
      swirl__error("msgrcv() from the task queue: %s", strerror(errno));
      sleep(1);
      continue;
    }
    while (send(fd, m->mtext, (size_t)n, MSG_NOSIGNAL) < 0) {
      struct pollfd p;
      if (errno == EINTR) continue;
      if (errno != EAGAIN) {
        swirl__error("a task from the queue is lost: %s", strerror(errno));
        break;
      }
      p.fd = fd;
      p.events = POLLOUT;
      poll(&p, 1, 1000);
    }
  }
  swirl__free(m);
  return NULL;
}

/* A worker's messages to the reactor threads (PROCESS mode) wait in one
 * batch per reactor until the end of the loop's turn, or until something
 * must not wait behind them (a blocking call, the end of the process):
 * the answers to a datagram of events go back in one datagram. */
static struct {
  char **buf;
  size_t *len;
  int first, n;          /* the reactors' channels */
  uv_check_t check;
  uv_prepare_t prepare;
} wb;

static int32_t wb_flush(swirl_server *srv, int dst) {
  struct iovec iov;
  size_t len = wb.len[dst - wb.first];
  if (len == 0) return 0;
  wb.len[dst - wb.first] = 0;
  iov.iov_base = wb.buf[dst - wb.first];
  iov.iov_len = len;
  return datagram(srv, dst, &iov, 1, 1000);
}

void swirl__ipc_flush(swirl_server *srv) {
  int i;
  for (i = 0; i < wb.n; i++)
    if (wb.len[i] != 0 && wb_flush(srv, wb.first + i) != 0)
      swirl__error("messages to reactor#%d are lost: %s", i, srv->errmsg);
}

/* Flushed after the I/O callbacks of each turn of the loop, and before
 * the loop waits (for what timers and close callbacks sent). */
static void on_wb_check(uv_check_t *h) { swirl__ipc_flush(h->loop->data); }

static void on_wb_prepare(uv_prepare_t *h) { swirl__ipc_flush(h->loop->data); }

/* Writes one message (iov) to channel dst: through the batch for a reactor,
 * straight to the channel otherwise. */
static int32_t channel_write(swirl_server *srv, int dst, struct iovec *iov,
                             int niov, int64_t wait_ms) {
  size_t len = 0, rec;
  char *p, *b;
  int i, k = dst - wb.first;
  int32_t rc;
  if (wb.n == 0 || k < 0 || k >= wb.n)
    return datagram(srv, dst, iov, niov, wait_ms);
  for (i = 0; i < niov; i++) len += iov[i].iov_len;
  rec = SWIRL__IPC_ALIGN(len);
  if (rec > SWIRL__IPC_BATCH_MAX / 4) {
    if ((rc = wb_flush(srv, dst)) != 0) return rc;
    return datagram(srv, dst, iov, niov, wait_ms);
  }
  if (wb.buf[k] == NULL &&
      (wb.buf[k] = swirl__malloc(SWIRL__IPC_BATCH_MAX)) == NULL)
    return datagram(srv, dst, iov, niov, wait_ms);
  if (wb.len[k] + rec > SWIRL__IPC_BATCH_MAX && (rc = wb_flush(srv, dst)) != 0)
    return rc;
  b = wb.buf[k];
  p = b + wb.len[k];
  for (i = 0; i < niov; i++) {
    memcpy(p, iov[i].iov_base, iov[i].iov_len);
    p += iov[i].iov_len;
  }
  memset(p, 0, rec - len);
  wb.len[k] += rec;
  return 0;
}

int32_t swirl__ipc_send(swirl_server *srv, int dst, int type, int64_t id,
                        int32_t flags, const char *p1, size_t l1,
                        const char *p2, size_t l2) {
  ipc_hdr h;
  struct iovec iov[3];
  char path[512];
  size_t total = l1 + l2, sent = 0;
  int spilled = 0;
  int32_t rc;
  if (dst < 0 || dst >= srv->nipc)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "no worker with id %d", dst);
  memset(&h, 0, sizeof(h));
  h.type = type;
  h.src = swirl__ipc_self;
  h.id = id;
  h.flags = flags;
  if (total > IPC_INLINE_MAX && type <= IPC_PIPE) {
    /* A task payload waits in a file, so a slow task worker never holds
     * the sender up. These payloads come in one part. */
    if ((rc = spill(srv, p1, l1, path, sizeof(path))) != 0) return rc;
    h.flags |= IPC_F_TMPFILE;
    p1 = path;
    l1 = strlen(path);
    total = l1;
    spilled = 1;
  }
  do {
    size_t chunk = total - sent > IPC_INLINE_MAX ? IPC_INLINE_MAX : total - sent;
    size_t pos = sent, left = chunk;
    int n = 1;
    h.len = (uint32_t)chunk;
    h.flags = (h.flags & ~SWIRL__IPC_MORE) |
              (sent + chunk < total ? SWIRL__IPC_MORE : 0);
    iov[0].iov_base = &h;
    iov[0].iov_len = sizeof(h);
    if (pos < l1 && left > 0) {
      size_t take = l1 - pos < left ? l1 - pos : left;
      iov[n].iov_base = (void *)(p1 + pos);
      iov[n++].iov_len = take;
      pos += take;
      left -= take;
    }
    if (left > 0) {
      iov[n].iov_base = (void *)(p2 + (pos - l1));
      iov[n++].iov_len = left;
    }
    /* A message begun must be finished, or the receiver would join the
     * next one onto it: later fragments wait longer for room. */
    rc = channel_write(srv, dst, iov, n, sent == 0 ? 1000 : 30000);
    if (rc != 0) {
      if (spilled) unlink(path);
      if (sent > 0)
        swirl__error("a message to channel#%d was cut short: %s", dst,
                     srv->errmsg);
      return rc;
    }
    sent += chunk;
  } while (sent < total);
  return 0;
}

int swirl__ipc_assemble(swirl__buf **slots, int nslots, ipc_hdr *h,
                        const char **data) {
  swirl__buf *b;
  int src = h->src;
  if (src < 0 || src >= nslots) return (h->flags & SWIRL__IPC_MORE) ? 0 : 1;
  b = slots[src];
  if (!(h->flags & SWIRL__IPC_MORE) && (b == NULL || b->len == 0)) return 1;
  if (b == NULL && (b = slots[src] = swirl__calloc(1, sizeof(*b))) == NULL)
    return 0;
  if (swirl__buf_append(b, *data, h->len) != 0) {
    swirl__error("out of memory joining a message from channel#%d", src);
    b->len = 0;
    return 0;
  }
  if (h->flags & SWIRL__IPC_MORE) return 0;
  *data = b->data;
  h->len = (uint32_t)b->len;
  b->len = 0;
  return 1;
}

/* ------------------------------------------------------------------------
 * Receiving
 * ---------------------------------------------------------------------- */

/* Reads one message into rbuf (or, for a spilled payload, a malloc'ed
 * buffer in *heap). Returns 1 with h, *data set; 0 when none is waiting. */
/* Marks the events of a datagram just read as taken (see retry in
 * reactor.c): once out of the channel, a dead worker's events are the
 * reactor's to answer. Records of one reactor come in sequence order. */
static void mark_taken(swirl_server *srv, const char *buf, size_t n) {
  size_t off = 0;
  while (off + sizeof(ipc_hdr) <= n) {
    ipc_hdr h;
    swirl__ipc_event e;
    int r;
    memcpy(&h, buf + off, sizeof(h));
    r = h.src - SWIRL__NWORKERS(srv);
    if (h.type == SWIRL__IPC_EVENT && !(h.flags & SWIRL__IPC_MORE) &&
        r >= 0 && r < (int)srv->cfg.reactor_num &&
        srv->worker_id < srv->cfg.worker_num &&
        n - off - sizeof(h) >= sizeof(e) && h.len >= sizeof(e)) {
      memcpy(&e, buf + off + sizeof(h), sizeof(e));
      atomic_store(&srv->shm->taken[r * srv->cfg.worker_num + srv->worker_id],
                   (uint32_t)e.pad);
    }
    off += SWIRL__IPC_ALIGN(sizeof(h) + h.len);
  }
}

/* The datagram being read: records left in rbuf from rpos to rend. */
static size_t rpos, rend;

static int ipc_recv_fd(swirl_server *srv, int fd, ipc_hdr *h, char **data,
                       char **heap) {
  ssize_t n;
  *heap = NULL;
  if (rend - rpos < sizeof(*h)) {
    for (;;) {
      n = recv(fd, rbuf, SWIRL__IPC_BATCH_MAX + 1, MSG_DONTWAIT);
      if (n < 0 && errno == EINTR) continue;
      break;
    }
    rpos = rend = 0;
    if (n < (ssize_t)sizeof(*h)) return 0;
    rend = (size_t)n;
    if (srv->mode == SWIRL_MODE_PROCESS) mark_taken(srv, rbuf, rend);
  }
  memcpy(h, rbuf + rpos, sizeof(*h));
  *data = rbuf + rpos + sizeof(*h);
  if (rend - rpos - sizeof(*h) < h->len)
    h->len = (uint32_t)(rend - rpos - sizeof(*h));
  rpos += SWIRL__IPC_ALIGN(sizeof(*h) + h->len);
  if (rpos > rend) rpos = rend;
  {
    const char *joined = *data;
    if (swirl__ipc_assemble(assembly, srv->nipc + SWIRL__MAX_PROCS, h, &joined) == 0)
      return -1;
    *data = (char *)joined;
  }
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

static int ipc_recv(swirl_server *srv, ipc_hdr *h, char **data, char **heap) {
  return ipc_recv_fd(srv, srv->ipc[srv->worker_id].rd, h, data, heap);
}

/* Raises the event a message stands for. */
static void ipc_dispatch(swirl_server *srv, const ipc_hdr *h, const char *data) {
  swirl_event ev;
  memset(&ev, 0, sizeof(ev));
  ev.worker_id = h->src;
  ev.reactor_id = -1;
  ev.id = h->id;
  ev.flags = h->flags & IPC_USER_FLAGS;
  ev.data = data;
  ev.len = h->len;
  ev.server = srv;
  switch (h->type) {
    case IPC_TASK:
      ev.type = SWIRL_EV_TASK;
      atomic_store(&srv->shm->busy[srv->worker_id], 1);
      srv->cur_task_src = h->src;
      srv->cur_task_id = h->id;
      srv->cur_task_done = 0;
      srv->in_task = 1;
      swirl__emit(srv, &ev);
      srv->in_task = 0;
      atomic_store(&srv->shm->busy[srv->worker_id], 0);
      atomic_fetch_sub(&srv->shm->tasking_num, 1);
      swirl__worker_count_request(srv);
      break;
    case IPC_FINISH:
      ev.type = SWIRL_EV_FINISH;
      swirl__emit(srv, &ev);
      break;
    case IPC_PIPE:
      ev.type = SWIRL_EV_PIPE_MESSAGE;
      /* A user process sends from a channel index past the others; its
       * worker id is the one Swoole gives it (after the task workers). */
      if (h->src >= srv->nipc)
        ev.worker_id = SWIRL__NWORKERS(srv) + (h->src - srv->nipc);
      swirl__emit(srv, &ev);
      break;
    case SWIRL__IPC_EVENT: {
      /* PROCESS mode: an event from a reactor thread. */
      swirl__ipc_event e;
      if (h->len < sizeof(e)) return;
      memcpy(&e, data, sizeof(e));
      if (e.data_len > h->len - sizeof(e)) return;
      ev.type = e.type;
      ev.worker_id = srv->worker_id;
      ev.reactor_id = e.reactor_id;
      ev.listener = e.listener;
      ev.conn = (uint64_t)h->id;
      ev.id = 0;
      ev.status = e.status;
      ev.flags = e.flags;
      ev.data = data + sizeof(e);
      ev.len = (size_t)e.data_len;
      ev.extra = ev.data + ev.len;
      ev.extra_len = h->len - sizeof(e) - (size_t)e.data_len;
      if (ev.type == SWIRL_EV_PACKET) ev.conn = 0;
      atomic_store(&srv->shm->busy[srv->worker_id], 1);
      {
        /* The outbox may serve a send to the event's connection while it
         * takes data (see swirl_outbox). */
        swirl__session *e = swirl__session_get(srv, ev.conn);
        srv->outbox.ok_conn =
            e != NULL && atomic_load(&e->out_queued) < srv->cfg.socket_buffer_size
                ? ev.conn : 0;
      }
      swirl__emit(srv, &ev);
      srv->outbox.ok_conn = 0;
      swirl__ws_after_event(srv, &ev);
      if (ev.type == SWIRL_EV_CLOSE && srv->sessions != NULL) {
        /* The reactor left the entry for this callback: clear it now. */
        uint64_t id = ev.conn;
        atomic_compare_exchange_strong(
            &srv->sessions[ev.conn & (srv->sessions_cap - 1)].id, &id, 0);
      }
      atomic_store(&srv->shm->busy[srv->worker_id], 0);
      if (ev.type == SWIRL_EV_RECEIVE || ev.type == SWIRL_EV_REQUEST ||
          ev.type == SWIRL_EV_PACKET)
        swirl__worker_count_request(srv);
      break;
    }
    default:
      /* BASE mode: another worker's send, close or response for one of
       * our connections. */
      if (srv->rx != NULL) swirl__rx_handle_message(srv->rx, h, data);
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
  /* Take a bounded batch, so connections get their turn too; but never
   * leave records of a datagram already read (they are taken). */
  for (i = 0; i < 64 || rpos < rend; i++) {
    ipc_hdr h;
    char *data, *heap;
    int fd = -1, r;
    uv_fileno((uv_handle_t *)p, &fd);
    r = ipc_recv_fd(srv, fd, &h, &data, &heap);
    if (r == 0) break;
    if (r < 0) continue;
    ipc_dispatch(srv, &h, data);
    swirl__free(heap);
    if (srv->stopping && rpos >= rend) break;
  }
}

/* ------------------------------------------------------------------------
 * Internal interface
 * ---------------------------------------------------------------------- */

int32_t swirl__ipc_create(swirl_server *srv) {
  /* One channel per worker, then (PROCESS mode) one per reactor thread. */
  int i, n = SWIRL__NWORKERS(srv) +
             (srv->mode == SWIRL_MODE_PROCESS ? (int)srv->cfg.reactor_num : 0);
  /* task_ipc_mode 3: one more channel, read by every task worker. A
   * datagram goes to exactly one reader, so the task workers compete for
   * the tasks and a busy one never holds one back. */
  srv->task_queue = -1;
  if (srv->cfg.task_ipc_mode == 3 && srv->cfg.task_worker_num > 0)
    srv->task_queue = n++;
  srv->msqid = -1;
  if (srv->cfg.task_ipc_mode == 2 && srv->cfg.task_worker_num > 0) {
    key_t key = srv->cfg.message_queue_key != 0
                    ? (key_t)srv->cfg.message_queue_key : IPC_PRIVATE;
    srv->msqid = msgget(key, IPC_CREAT | 0600);
    if (srv->msqid < 0)
      return swirl__srv_fail(srv, -errno, "msgget() of the task queue "
                             "(message_queue_key=%lld): %s",
                             (long long)srv->cfg.message_queue_key,
                             strerror(errno));
  }
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

void swirl__ipc_queue_remove(swirl_server *srv) {
  /* A queue of the user's key outlives the server, with the tasks left in
   * it, as in Swoole; a private one goes with it. */
  if (srv->msqid >= 0 && srv->cfg.message_queue_key == 0)
    msgctl(srv->msqid, IPC_RMID, NULL);
  srv->msqid = -1;
}

/* Starts reading this worker's messages on its loop. */
int32_t swirl__ipc_worker_init(swirl_server *srv) {
  static uv_poll_t poll_handle, queue_handle;
  if (srv->nipc == 0) return 0;
  rbuf = swirl__malloc(SWIRL__IPC_BATCH_MAX + 1);
  assembly = swirl__calloc((size_t)srv->nipc + SWIRL__MAX_PROCS, sizeof(*assembly));
  if (rbuf == NULL || assembly == NULL) return SWIRL_ENOMEM;
  uv_idle_init(srv->loop, &stash_idle);
  uv_poll_init(srv->loop, &poll_handle, srv->ipc[srv->worker_id].rd);
  uv_poll_start(&poll_handle, UV_READABLE, on_ipc_readable);
  /* Messages alone do not keep a stopping worker alive. */
  uv_unref((uv_handle_t *)&poll_handle);
  if (srv->task_queue >= 0 && srv->worker_id >= srv->cfg.worker_num &&
      srv->worker_id < SWIRL__NWORKERS(srv)) {
    uv_poll_init(srv->loop, &queue_handle, srv->ipc[srv->task_queue].rd);
    uv_poll_start(&queue_handle, UV_READABLE, on_ipc_readable);
    uv_unref((uv_handle_t *)&queue_handle);
  }
  if (srv->mode == SWIRL_MODE_PROCESS && srv->cfg.reactor_num > 0) {
    wb.first = SWIRL__NWORKERS(srv);
    wb.buf = swirl__calloc((size_t)srv->cfg.reactor_num, sizeof(*wb.buf));
    wb.len = swirl__calloc((size_t)srv->cfg.reactor_num, sizeof(*wb.len));
    if (wb.buf == NULL || wb.len == NULL) return SWIRL_ENOMEM;
    wb.n = (int)srv->cfg.reactor_num;
    uv_check_init(srv->loop, &wb.check);
    uv_check_start(&wb.check, on_wb_check);
    uv_unref((uv_handle_t *)&wb.check);
    uv_prepare_init(srv->loop, &wb.prepare);
    uv_prepare_start(&wb.prepare, on_wb_prepare);
    uv_unref((uv_handle_t *)&wb.prepare);
  }
  if (srv->msqid >= 0 && srv->worker_id >= srv->cfg.worker_num &&
      srv->worker_id < SWIRL__NWORKERS(srv)) {
    pthread_t t;
    sigset_t all, old;
    int rc;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old); /* no signal lands on it */
    rc = pthread_create(&t, NULL, queue_relay, srv);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
      swirl__error("cannot start the task queue thread: %s", strerror(rc));
      return SWIRL_ENOMEM;
    }
    pthread_detach(t);
  }
  return 0;
}

int64_t swirl__task(swirl_server *srv, const char *data, size_t len,
                    int32_t dst, int32_t flags) {
  int first = (int)srv->cfg.worker_num, n = (int)srv->cfg.task_worker_num, i;
  int queued;
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
  queued = dst < 0 && srv->task_queue >= 0;
  if (dst < 0 && !queued) {
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
  atomic_fetch_add(&srv->shm->tasking_num, 1);
  if (srv->msqid >= 0)
    rc = queue_send(srv, first + dst, id, flags & IPC_USER_FLAGS, data, len);
  else
    rc = swirl__ipc_send(srv, queued ? srv->task_queue : first + dst, IPC_TASK,
                         id, flags & IPC_USER_FLAGS, data, len, NULL, 0);
  if (rc != 0) {
    atomic_fetch_sub(&srv->shm->tasking_num, 1);
    return rc;
  }
  return id;
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
  rc = swirl__ipc_send(srv, srv->cur_task_src, IPC_FINISH, srv->cur_task_id,
                       flags & IPC_USER_FLAGS, data, len, NULL, 0);
  if (rc == 0) srv->cur_task_done = 1;
  return rc;
}

int32_t swirl__finish_to(swirl_server *srv, int32_t src, int64_t task_id,
                         const char *data, size_t len, int32_t flags) {
  int32_t rc;
  if (srv->role != SWIRL__ROLE_WORKER ||
      srv->worker_id < (int)srv->cfg.worker_num)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "finish() is only possible in a task worker");
  if (src < 0 || src >= (int32_t)srv->cfg.worker_num || task_id < 0)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "no task %lld from worker %d", (long long)task_id,
                           (int)src);
  if (srv->in_task && src == srv->cur_task_src && task_id == srv->cur_task_id) {
    if (srv->cur_task_done)
      return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                             "this task has already finished");
    srv->cur_task_done = 1;
  }
  rc = swirl__ipc_send(srv, src, IPC_FINISH, task_id, flags & IPC_USER_FLAGS,
                       data, len, NULL, 0);
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
  return swirl__ipc_send(srv, dst, IPC_PIPE, 0, flags & IPC_USER_FLAGS, data,
                         len, NULL, 0);
}

/* Takes the result of task id out of the stash, if it waits there. */
static int stash_take(int64_t id, char **out, size_t *out_len,
                      int32_t *out_flags) {
  stashed *s, *prev = NULL;
  for (s = stash_head; s != NULL; prev = s, s = s->next) {
    if (s->h.type != IPC_FINISH || s->h.id != id) continue;
    if (prev != NULL) prev->next = s->next; else stash_head = s->next;
    if (stash_tail == s) stash_tail = prev;
    *out = s->data; /* allocated with room for a NUL */
    (*out)[s->h.len] = '\0';
    *out_len = s->h.len;
    *out_flags = s->h.flags & IPC_USER_FLAGS;
    swirl__free(s);
    return 1;
  }
  return 0;
}

int32_t swirl__task_wait(swirl_server *srv, int64_t id, double timeout,
                         char **out, size_t *out_len, int32_t *out_flags) {
  int64_t deadline = swirl__now_ms() + (int64_t)(timeout * 1000);
  swirl__ipc_flush(srv); /* nothing waits behind a blocking call */
  if (stash_take(id, out, out_len, out_flags)) return 0;
  for (;;) {
    struct pollfd p;
    int64_t now = swirl__now_ms();
    ipc_hdr h;
    char *d, *heap;
    int r;
    /* Records left of a datagram already read come first. */
    if (rpos >= rend) {
      if (now >= deadline) {
        if (stash_head != NULL) uv_idle_start(&stash_idle, on_stash_idle);
        return swirl__srv_fail(srv, SWIRL_ETIMEDOUT,
                               "taskwait: no result within %gs", timeout);
      }
      p.fd = srv->ipc[srv->worker_id].rd;
      p.events = POLLIN;
      if (poll(&p, 1, (int)(deadline - now)) <= 0) continue;
    }
    while ((r = ipc_recv(srv, &h, &d, &heap)) != 0) {
      stashed *s;
      if (r < 0) continue;
      if (h.type == IPC_FINISH && h.id == id) {
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

int32_t swirl__taskwait(swirl_server *srv, const char *data, size_t len,
                        double timeout, int32_t dst, int32_t flags,
                        char **out, size_t *out_len, int32_t *out_flags) {
  int64_t id = swirl__task(srv, data, len, dst, flags);
  if (id < 0) return (int32_t)id;
  return swirl__task_wait(srv, id, timeout, out, out_len, out_flags);
}
