/*
 * loop.c: the process's event loop, its timers and deferred calls.
 *
 * In a server worker the loop is the worker's; anywhere else it is made on
 * first use. Timers are kept in an id map so a stale id fails cleanly; a
 * timer's memory goes in its close callback, never inside its own event.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

typedef struct swirl__timer {
  uv_timer_t handle;
  int64_t id;
  int repeat;
} swirl__timer;

typedef struct swirl__watch {
  uv_poll_t handle;
  int64_t id;
  int fd;
} swirl__watch;

typedef struct swirl__defer {
  uv_idle_t handle;   /* an idle handle runs once on the next iteration */
  int64_t id;
} defer_entry;

static struct {
  uv_loop_t *loop;
  int own;              /* made here (not a worker's) */
  swirl_event_cb cb;
  void *ud;
  swirl__map timers;
  swirl__map watches;
  int64_t next_watch;
  int64_t next_timer;
  int64_t next_defer;
  int ndefer;
} proc;

/* The prepare handle that drops closed descriptors (on_watch_check), and
 * the loop it belongs to. */
static uv_prepare_t watch_check;
static uv_loop_t *watch_check_loop;

uv_loop_t *swirl__loop(void) {
  if (proc.loop == NULL) {
    uv_loop_t *l = swirl__malloc(sizeof(*l));
    if (l == NULL) return NULL;
    if (uv_loop_init(l) != 0) {
      swirl__free(l);
      return NULL;
    }
    proc.loop = l;
    proc.own = 1;
  }
  if (proc.timers.cap == 0 && swirl__map_init(&proc.timers) != 0) return NULL;
  if (proc.watches.cap == 0 && swirl__map_init(&proc.watches) != 0) return NULL;
  return proc.loop;
}

/* Forgets the loop, timers and watches this process inherited (they are
 * its parent's) and makes `loop` (NULL: one made on first use) its own. */
static void loop_reset(uv_loop_t *loop) {
  memset(&proc.timers, 0, sizeof(proc.timers));
  memset(&proc.watches, 0, sizeof(proc.watches));
  watch_check_loop = NULL;
  proc.loop = loop;
  proc.own = 0;
  proc.next_timer = 0;
  proc.ndefer = 0;
  swirl__sigwait_forget();
}

void swirl__loop_adopt(uv_loop_t *loop) {
  /* A forked worker: what the parent had belongs to the parent. Its memory
   * is left alone (it may be shared with nothing, but freeing handles of a
   * loop that never runs here is pointless). */
  loop_reset(loop);
  swirl__map_init(&proc.timers);
}

void swirl__loop_forget(void) {
  /* A forked child: the parent's loop (its epoll instance is shared with
   * the parent) and timers are not ours. The next swirl__loop() makes a
   * fresh one. */
  loop_reset(NULL);
}

static void emit(int type, int64_t id) {
  swirl_event ev;
  if (proc.cb == NULL) return;
  memset(&ev, 0, sizeof(ev));
  ev.type = type;
  ev.id = id;
  ev.worker_id = -1;
  ev.reactor_id = -1;
  proc.cb(&ev, proc.ud);
}

static void timer_free(uv_handle_t *h) { swirl__free(h); }

static void timer_fire(uv_timer_t *h) {
  swirl__timer *t = (swirl__timer *)h;
  int64_t id = t->id;
  if (!t->repeat) {
    /* A one-shot timer is gone before its event: inside the callback it no
     * longer exists, and clearing it is a harmless no-op. */
    swirl__map_del(&proc.timers, (uint64_t)id);
    uv_close((uv_handle_t *)h, timer_free);
  }
  emit(SWIRL_EV_TIMER, id);
}

int32_t swirl__loop_on_event(swirl_event_cb cb, void *ud) {
  proc.cb = cb;
  proc.ud = ud;
  return 0;
}

int64_t swirl__timer_add(int64_t ms, int repeat) {
  swirl__timer *t;
  uv_loop_t *loop;
  if (ms < 1)
    return swirl__fail(SWIRL_EINVALID_PARAMS,
                       "timer interval must be at least 1 ms, not %lld",
                       (long long)ms);
  if (ms > 86400000LL * 365)
    return swirl__fail(SWIRL_EINVALID_PARAMS, "timer interval %lld ms is too "
                       "long", (long long)ms);
  if ((loop = swirl__loop()) == NULL)
    return swirl__fail(SWIRL_ENOMEM, "cannot create the event loop");
  t = swirl__calloc(1, sizeof(*t));
  if (t == NULL) return swirl__fail(SWIRL_ENOMEM, "out of memory");
  t->id = ++proc.next_timer;
  t->repeat = repeat != 0;
  uv_timer_init(loop, &t->handle);
  if (swirl__map_put(&proc.timers, (uint64_t)t->id, t) != 0) {
    uv_close((uv_handle_t *)&t->handle, timer_free);
    return swirl__fail(SWIRL_ENOMEM, "out of memory");
  }
  /* The timer counts from now, not from the loop's cached time: a
   * callback that ran for a while before adding it would see it fire
   * early (Co::sleep(0.05) returning after 45 ms). */
  uv_update_time(loop);
  uv_timer_start(&t->handle, timer_fire, (uint64_t)ms,
                 t->repeat ? (uint64_t)ms : 0);
  return t->id;
}

int32_t swirl__timer_clear(int64_t id) {
  swirl__timer *t = swirl__map_del(&proc.timers, (uint64_t)id);
  if (t == NULL)
    return swirl__fail(SWIRL_ENOENT, "no timer with id %lld", (long long)id);
  uv_timer_stop(&t->handle);
  uv_close((uv_handle_t *)&t->handle, timer_free);
  return 0;
}

int32_t swirl__timer_exists(int64_t id) {
  return swirl__map_get(&proc.timers, (uint64_t)id) != NULL;
}

int32_t swirl__timer_count(void) { return (int32_t)proc.timers.count; }

int32_t swirl__timer_clear_all(void) {
  int32_t n = 0;
  size_t i;
  for (i = 0; i < proc.timers.cap; i++) {
    swirl__timer *t = proc.timers.vals[i];
    if (t == NULL) continue;
    if (swirl__timer_clear(t->id) == 0) n++;
  }
  return n;
}

/* ------------------------------------------------------------- watches */

static void watch_fire(uv_poll_t *h, int status, int events) {
  swirl__watch *w = (swirl__watch *)h;
  swirl_event ev;
  if (proc.cb == NULL) return;
  memset(&ev, 0, sizeof(ev));
  ev.type = SWIRL_EV_FD;
  ev.id = w->id;
  ev.worker_id = -1;
  ev.reactor_id = -1;
  ev.status = status;
  /* An error (libuv then stops the watch) is for whoever waits to find
   * out, reader or writer (a non-blocking connect() that failed); a
   * hang-up is for the reader. */
  ev.flags = status < 0 ? SWIRL_WATCH_READ | SWIRL_WATCH_WRITE
                        : ((events & UV_READABLE) ? SWIRL_WATCH_READ : 0) |
                              ((events & (UV_WRITABLE)) ? SWIRL_WATCH_WRITE : 0) |
                              ((events & UV_DISCONNECT) ? SWIRL_WATCH_READ : 0);
  proc.cb(&ev, proc.ud);
}

static int uv_events(int events) {
  return ((events & SWIRL_WATCH_READ) ? UV_READABLE : 0) |
         ((events & SWIRL_WATCH_WRITE) ? UV_WRITABLE : 0);
}

/* Before the loop waits: a descriptor closed while watched (fclose()
 * without Event::del()) is dropped from the loop instead of being handed
 * to epoll again, which libuv would not survive. The watch stays until
 * unwatched, idle. */
static void on_watch_check(uv_prepare_t *h) {
  size_t i;
  (void)h;
  for (i = 0; i < proc.watches.cap; i++) {
    swirl__watch *w = proc.watches.vals[i];
    if (w == NULL || !uv_is_active((uv_handle_t *)&w->handle)) continue;
    if (fcntl(w->fd, F_GETFD) < 0 && errno == EBADF)
      uv_poll_stop(&w->handle);
  }
}

int64_t swirl__watch_add(int fd, int events) {
  swirl__watch *w;
  uv_loop_t *loop;
  size_t i;
  int rc;
  if (fd < 0 || fcntl(fd, F_GETFD) < 0)
    return swirl__fail(SWIRL_EINVAL, "invalid file descriptor#%d", fd);
  if ((loop = swirl__loop()) == NULL)
    return swirl__fail(SWIRL_ENOMEM, "cannot create the event loop");
  for (i = 0; i < proc.watches.cap; i++) {
    swirl__watch *o = proc.watches.vals[i];
    if (o != NULL && o->fd == fd)
      return swirl__fail(SWIRL_EEXIST, "fd#%d is watched already", fd);
  }
  w = swirl__calloc(1, sizeof(*w));
  if (w == NULL) return swirl__fail(SWIRL_ENOMEM, "out of memory");
  if ((rc = uv_poll_init(loop, &w->handle, fd)) != 0) {
    swirl__free(w);
    return swirl__fail(SWIRL_EINVAL, "fd#%d cannot be watched: %s", fd,
                       uv_strerror(rc));
  }
  if (watch_check_loop != loop) {
    watch_check_loop = loop;
    uv_prepare_init(loop, &watch_check);
    uv_prepare_start(&watch_check, on_watch_check);
    uv_unref((uv_handle_t *)&watch_check);
  }
  w->id = ++proc.next_watch;
  w->fd = fd;
  if (swirl__map_put(&proc.watches, (uint64_t)w->id, w) != 0) {
    uv_close((uv_handle_t *)&w->handle, timer_free);
    return swirl__fail(SWIRL_ENOMEM, "out of memory");
  }
  if (events & (SWIRL_WATCH_READ | SWIRL_WATCH_WRITE))
    uv_poll_start(&w->handle, uv_events(events), watch_fire);
  return w->id;
}

int32_t swirl__watch_set(int64_t id, int events) {
  swirl__watch *w = swirl__map_get(&proc.watches, (uint64_t)id);
  if (w == NULL)
    return swirl__fail(SWIRL_ENOENT, "no watch with id %lld", (long long)id);
  if (events & (SWIRL_WATCH_READ | SWIRL_WATCH_WRITE))
    uv_poll_start(&w->handle, uv_events(events), watch_fire);
  else
    uv_poll_stop(&w->handle);
  return 0;
}

int32_t swirl__watch_del(int64_t id) {
  swirl__watch *w = swirl__map_del(&proc.watches, (uint64_t)id);
  if (w == NULL)
    return swirl__fail(SWIRL_ENOENT, "no watch with id %lld", (long long)id);
  uv_poll_stop(&w->handle);
  uv_close((uv_handle_t *)&w->handle, timer_free);
  return 0;
}

static void defer_close(uv_handle_t *h) { swirl__free(h); }

static void defer_fire(uv_idle_t *h) {
  defer_entry *d = (defer_entry *)h;
  uv_idle_stop(h);
  uv_close((uv_handle_t *)h, defer_close);
  proc.ndefer--;
  emit(SWIRL_EV_DEFER, d->id);
}

int64_t swirl__defer(void) {
  defer_entry *d;
  uv_loop_t *loop = swirl__loop();
  if (loop == NULL) return swirl__fail(SWIRL_ENOMEM, "cannot create the loop");
  d = swirl__calloc(1, sizeof(*d));
  if (d == NULL) return swirl__fail(SWIRL_ENOMEM, "out of memory");
  d->id = ++proc.next_defer;
  uv_idle_init(loop, &d->handle);
  uv_idle_start(&d->handle, defer_fire);
  proc.ndefer++;
  return d->id;
}

int32_t swirl__loop_run(void) {
  uv_loop_t *loop = swirl__loop();
  if (loop == NULL) return swirl__fail(SWIRL_ENOMEM, "cannot create the loop");
  if (!proc.own)
    return swirl__fail(SWIRL_EWRONG_OPERATION,
                       "the server runs this process's loop");
  uv_run(loop, UV_RUN_DEFAULT);
  return 0;
}

int32_t swirl__loop_stop(void) {
  if (proc.loop != NULL) uv_stop(proc.loop);
  return 0;
}

/* ------------------------------------------------ waiting for signals */

/* The master and the manager take their signals one at a time, blocked.
 * When the process's loop has work (a timer started in onStart or
 * onManagerStart), the wait runs the loop with a signalfd watched in it;
 * otherwise it is a plain sigtimedwait(). */
static struct {
  int fd;               /* signalfd + 1, or 0 */
  uv_loop_t *loop;      /* the loop the handles below belong to */
  uv_poll_t poll;
  uv_timer_t timer;
} sw;

static void sw_wake(uv_poll_t *h, int status, int events) {
  (void)status;
  (void)events;
  uv_stop(h->loop);
}

static void sw_timeout(uv_timer_t *h) { uv_stop(h->loop); }

void swirl__sigwait_forget(void) {
  if (sw.fd > 0) close(sw.fd - 1);
  sw.fd = 0;
  sw.loop = NULL;
}

static int sw_read(siginfo_t *info) {
  struct signalfd_siginfo si;
  if (sw.fd <= 0) return -1;
  if (read(sw.fd - 1, &si, sizeof(si)) != (ssize_t)sizeof(si)) return -1;
  memset(info, 0, sizeof(*info));
  info->si_signo = (int)si.ssi_signo;
  info->si_code = si.ssi_code;
  info->si_pid = (pid_t)si.ssi_pid;
  info->si_uid = (uid_t)si.ssi_uid;
  info->si_status = si.ssi_status;
  return (int)si.ssi_signo;
}

int swirl__sigwait(const sigset_t *set, siginfo_t *info, int64_t timeout_ms) {
  struct timespec ts;
  int sig;
  if (proc.loop == NULL || !uv_loop_alive(proc.loop)) {
    if ((sig = sw_read(info)) > 0) return sig;
    if (timeout_ms < 0) return sigwaitinfo(set, info);
    ts.tv_sec = timeout_ms / 1000;
    ts.tv_nsec = (timeout_ms % 1000) * 1000000;
    return sigtimedwait(set, info, &ts);
  }
  sig = signalfd(sw.fd - 1, set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sig < 0) {
    /* No signalfd: poll the signals between short runs of the loop. */
    ts.tv_sec = 0;
    ts.tv_nsec = 10000000;
    uv_run(proc.loop, UV_RUN_NOWAIT);
    sigprocmask(SIG_BLOCK, set, NULL);
    return sigtimedwait(set, info, &ts);
  }
  sw.fd = sig + 1;
  if ((sig = sw_read(info)) > 0) return sig;
  if (sw.loop != proc.loop) {
    sw.loop = proc.loop;
    uv_poll_init(sw.loop, &sw.poll, sw.fd - 1);
    uv_timer_init(sw.loop, &sw.timer);
  }
  uv_poll_start(&sw.poll, UV_READABLE, sw_wake);
  if (timeout_ms >= 0)
    uv_timer_start(&sw.timer, sw_timeout, (uint64_t)timeout_ms, 0);
  uv_run(sw.loop, UV_RUN_DEFAULT);
  uv_poll_stop(&sw.poll);
  uv_timer_stop(&sw.timer);
  /* A callback may have unblocked signals: they are taken only here. */
  sigprocmask(SIG_BLOCK, set, NULL);
  if ((sig = sw_read(info)) > 0) return sig;
  errno = EAGAIN;
  return -1;
}
