/*
 * manager.c: the process that forks and supervises the workers. In BASE
 * mode it is the master itself (the pid the user started), as in Swoole;
 * in PROCESS mode the master forks it first (master.c).
 *
 * The manager blocks the signals it handles and takes them one at a time
 * (swirl__sigwait), so nothing runs in a signal handler; its loop runs only
 * the timers of onManagerStart, never a thread pool, so forking is safe.
 *   SIGCHLD          reap workers; restart the ones that died
 *   SIGTERM, SIGINT  graceful shutdown (workers get SIGTERM, then SIGKILL
 *                    after max_wait_time seconds)
 *   SIGUSR1          reload: replace every worker, one after another, each
 *                    new one forked before the old one is asked to stop
 *   SIGUSR2          reload task workers (there are none yet: logged)
 */
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static sigset_t manager_signals(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGRTMIN);
  return set;
}

/* Raises ev in the manager. A callback may have changed the signal mask
 * (a binding's fork repair unblocks everything), so ours is put back:
 * the manager takes its signals only through sigtimedwait(). */
static void manager_emit(swirl_server *srv, swirl_event *ev) {
  sigset_t set = manager_signals();
  swirl__emit(srv, ev);
  sigprocmask(SIG_BLOCK, &set, NULL);
}

static void emit_simple(swirl_server *srv, int type) {
  sigset_t set = manager_signals();
  swirl__emit_simple(srv, type);
  sigprocmask(SIG_BLOCK, &set, NULL);
}

/* Forks worker `id` into its slot. The child never returns. */
static pid_t fork_worker(swirl_server *srv, int id) {
  swirl__worker_slot *slot = &srv->slots[id];
  pid_t pid;
  fflush(NULL); /* buffered stdio must not be written twice */
  pid = fork();
  if (pid == 0) {
    if (id >= SWIRL__NWORKERS(srv)) swirl__user_process_main(srv, id - SWIRL__NWORKERS(srv));
    swirl__worker_main(srv, id);
  }
  if (pid < 0) {
    swirl__error("fork() of worker#%d failed: %s; retrying in 1s", id,
                 strerror(errno));
    slot->pid = 0;
    slot->restart_at = swirl__now_ms() + 1000;
    return -1;
  }
  slot->pid = pid;
  atomic_store(&srv->shm->pids[id], pid);
  slot->started_ms = swirl__now_ms();
  slot->restart_at = 0;
  return pid;
}

static int find_slot(swirl_server *srv, pid_t pid) {
  int i;
  for (i = 0; i < SWIRL__NSLOTS(srv); i++)
    if (srv->slots[i].pid == pid) return i;
  return -1;
}

static int live_workers(swirl_server *srv) {
  int i, n = srv->retiring != 0;
  for (i = 0; i < SWIRL__NSLOTS(srv); i++) n += srv->slots[i].pid != 0;
  return n;
}

/* Moves a reload on to slot i: forks its replacement, then asks the old
 * worker to stop. The next slot follows when the old one has exited. */
static void reload_step(swirl_server *srv) {
  int i = srv->reload_next;
  pid_t old;
  if (i >= srv->reload_end) {
    srv->reload_next = -1;
    swirl__log(SWIRL_LOG_DEBUG, "reload: done");
    emit_simple(srv, SWIRL_EV_AFTER_RELOAD);
    return;
  }
  old = srv->slots[i].pid;
  if (old == 0 || fork_worker(srv, i) < 0) {
    /* Nothing to replace here (or no fork possible): go on. */
    srv->reload_next++;
    reload_step(srv);
    return;
  }
  srv->retiring = old;
  kill(old, SIGTERM);
}

static void begin_shutdown(swirl_server *srv, int64_t *deadline) {
  int i;
  if (srv->shutting_down) return;
  srv->shutting_down = 1;
  atomic_store(&srv->shm->shutting_down, 1);
  /* Close our copies of the listening sockets first, so that once the
   * workers close theirs a new client is refused instead of left waiting
   * in a backlog nobody will accept from. */
  for (i = 0; i < srv->nlisteners; i++) {
    if (srv->listeners[i]->fd >= 0) close(srv->listeners[i]->fd);
    srv->listeners[i]->fd = -1;
  }
  for (i = 0; i < SWIRL__NSLOTS(srv); i++) {
    if (srv->slots[i].pid != 0) kill(srv->slots[i].pid, SIGTERM);
    srv->slots[i].restart_at = 0;
  }
  if (srv->retiring != 0) kill(srv->retiring, SIGTERM);
  /* Each worker gives up on its own after max_wait_time (and says why);
   * the SIGKILL is for one that cannot, a moment later. */
  *deadline = swirl__now_ms() + (srv->cfg.max_wait_time > 0
                                     ? srv->cfg.max_wait_time * 1000
                                     : 1000) + 500;
}

/* Handles the end of one child. */
static void worker_exited(swirl_server *srv, pid_t pid, int status) {
  int id, code, sig, abnormal;
  int64_t now = swirl__now_ms(), lived;
  swirl__worker_slot *slot;
  code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
  sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  abnormal = code != 0 || sig != 0;
  if (pid == srv->retiring) {
    srv->retiring = 0;
    if (srv->reload_next >= 0 && !srv->shutting_down) {
      srv->reload_next++;
      reload_step(srv);
    }
    return;
  }
  id = find_slot(srv, pid);
  if (id < 0) return; /* not one of ours */
  slot = &srv->slots[id];
  slot->pid = 0;
  if (abnormal && id < SWIRL__NWORKERS(srv)) {
    swirl_event ev;
    swirl__warn("Server::check_worker_exit_status(): worker(pid=%d, id=%d) "
                "abnormal exit, status=%d, signal=%d",
                (int)pid, id, code, sig);
    memset(&ev, 0, sizeof(ev));
    ev.type = SWIRL_EV_WORKER_ERROR;
    ev.worker_id = id;
    ev.reactor_id = -1;
    ev.pid = pid;
    ev.status = code;
    ev.signal = sig;
    ev.server = srv;
    manager_emit(srv, &ev);
    if (srv->mode == SWIRL_MODE_PROCESS && id < srv->cfg.worker_num) {
      /* The reactors answer what the dead worker left unanswered. */
      int r;
      for (r = 0; r < (int)srv->cfg.reactor_num; r++)
        swirl__ipc_send(srv, SWIRL__NWORKERS(srv) + r, SWIRL__IPC_WORKER_DIED,
                        id, 0, NULL, 0, NULL, 0);
    }
  }
  if (srv->shutting_down) return;
  /* A worker that dies young, again and again, is restarted after a
   * growing pause instead of in a fork storm. */
  lived = now - slot->started_ms;
  if ((abnormal || id >= SWIRL__NWORKERS(srv)) && lived < 1000) {
    slot->backoff_ms = slot->backoff_ms == 0 ? 100 : slot->backoff_ms * 2;
    if (slot->backoff_ms > 5000) slot->backoff_ms = 5000;
  } else {
    slot->backoff_ms = 0;
  }
  if (slot->backoff_ms >= 400) {
    swirl__warn("worker#%d exited %lld ms after it started; restarting it in "
                "%lld ms", id, (long long)lived, (long long)slot->backoff_ms);
    slot->restart_at = now + slot->backoff_ms;
  } else {
    fork_worker(srv, id);
  }
}

int32_t swirl__manager_run(swirl_server *srv) {
  sigset_t set = manager_signals(), old;
  int64_t deadline = 0, killed = 0;
  int i;
  sigprocmask(SIG_BLOCK, &set, &old);
  srv->role = SWIRL__ROLE_MANAGER;
  for (i = 0; i < SWIRL__NSLOTS(srv); i++) fork_worker(srv, i);
  /* In PROCESS mode the master raises START itself. */
  if (srv->mode == SWIRL_MODE_BASE) emit_simple(srv, SWIRL_EV_START);
  emit_simple(srv, SWIRL_EV_MANAGER_START);

  for (;;) {
    siginfo_t info;
    int64_t now = swirl__now_ms(), wake = now + 1000;
    int sig, status;
    pid_t pid;

    if (srv->shutting_down) {
      if (live_workers(srv) == 0) break;
      if (!killed && now >= deadline) {
        swirl__warn("workers did not stop within max_wait_time=%llds; "
                    "killing them", (long long)srv->cfg.max_wait_time);
        for (i = 0; i < SWIRL__NSLOTS(srv); i++)
          if (srv->slots[i].pid != 0) kill(srv->slots[i].pid, SIGKILL);
        if (srv->retiring != 0) kill(srv->retiring, SIGKILL);
        killed = 1;
      }
      if (!killed && deadline < wake) wake = deadline;
    } else {
      for (i = 0; i < SWIRL__NSLOTS(srv); i++) {
        swirl__worker_slot *slot = &srv->slots[i];
        if (slot->pid != 0 || slot->restart_at == 0) continue;
        if (slot->restart_at <= now)
          fork_worker(srv, i);
        else if (slot->restart_at < wake)
          wake = slot->restart_at;
      }
    }
    sig = swirl__sigwait(&set, &info, wake - now);
    if (sig < 0) continue; /* timeout or EINTR */
    switch (sig) {
      case SIGCHLD:
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
          worker_exited(srv, pid, status);
        break;
      case SIGTERM:
      case SIGINT:
        /* In BASE mode the manager is the master. */
        if (srv->mode == SWIRL_MODE_BASE && !srv->shutting_down)
          emit_simple(srv, SWIRL_EV_BEFORE_SHUTDOWN);
        begin_shutdown(srv, &deadline);
        break;
      default:
        if (sig == SIGRTMIN) {
          /* Log rotation: reopen ours, and every worker reopens its own. */
          swirl__log_reopen();
          for (i = 0; i < SWIRL__NSLOTS(srv); i++)
            if (srv->slots[i].pid != 0) kill(srv->slots[i].pid, SIGRTMIN);
        }
        break;
      case SIGUSR1:
      case SIGUSR2:
        /* SIGUSR1 replaces every worker, SIGUSR2 only the task workers. */
        if (!srv->shutting_down && srv->reload_next < 0) {
          srv->reload_next = sig == SIGUSR1 ? 0 : (int)srv->cfg.worker_num;
          srv->reload_end = SWIRL__NWORKERS(srv);
          /* Swoole's words; the workers go one by one. */
          swirl__log(SWIRL_LOG_INFO, "Server is reloading %s workers now",
                     sig == SIGUSR1 ? "all" : "task");
          emit_simple(srv, SWIRL_EV_BEFORE_RELOAD);
          reload_step(srv);
        }
        break;
    }
  }
  /* Reap whatever is left (a killed worker's status may still be due). */
  while (waitpid(-1, NULL, WNOHANG) > 0)
    ;
  emit_simple(srv, SWIRL_EV_MANAGER_STOP);
  if (srv->mode == SWIRL_MODE_BASE) emit_simple(srv, SWIRL_EV_SHUTDOWN);
  srv->role = SWIRL__ROLE_NONE;
  sigprocmask(SIG_SETMASK, &old, NULL);
  return 0;
}
