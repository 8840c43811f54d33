/*
 * master.c: the master process of a PROCESS-mode server.
 *
 * The master forks the manager first (which forks the workers), and only
 * then creates its reactor threads, so no fork ever happens with a loop or
 * a thread alive. The reactor threads hold every connection; the master's
 * own thread runs only the timers of onStart: with the signals blocked (the
 * threads inherit the mask, so no signal ever lands on them) it takes them
 * one at a time:
 *   SIGTERM, SIGINT  stop accepting, ask the manager to stop the workers,
 *                    then close the connections and end the threads
 *   SIGUSR1, SIGUSR2 passed to the manager (reload)
 *   SIGCHLD          the manager ended; unless we are shutting down that
 *                    is an error, and the server shuts down
 */
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static sigset_t master_signals;

static void emit_simple(swirl_server *srv, int type) {
  swirl__emit_simple(srv, type);
  /* A callback may have unblocked signals: the master takes them only
   * through sigwaitinfo(). */
  sigprocmask(SIG_BLOCK, &master_signals, NULL);
}

/* The manager process: supervise, then exit; never returns. */
static void manager_main(swirl_server *srv) {
  int i;
  srv->manager_pid = getpid();
  swirl__log_set(-1, -1, '$');
  swirl__set_role_name("swirl: manager", 0);
  swirl__loop_forget();
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != srv->master_pid) _exit(1);
  /* Only the master accepts: our copies of the stream listeners would keep
   * their backlogs alive after the master closed them. Datagram sockets
   * stay, for sendto() from the workers. */
  for (i = 0; i < srv->nlisteners; i++) {
    swirl__listener *l = srv->listeners[i];
    if (!swirl__sock_is_dgram(l->sock_type) && l->fd >= 0) {
      close(l->fd);
      l->fd = -1;
    }
  }
  swirl__manager_run(srv);
  fflush(NULL);
  _exit(0);
}

int32_t swirl__master_run(swirl_server *srv) {
  sigset_t set, old;
  pid_t pid;
  int shutting_down = 0, i;
  int32_t rc;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGRTMIN);
  sigprocmask(SIG_BLOCK, &set, &old);
  master_signals = set;
  srv->role = SWIRL__ROLE_MASTER;
  swirl__log_set(-1, -1, '#');

  fflush(NULL);
  pid = fork();
  if (pid < 0) {
    sigprocmask(SIG_SETMASK, &old, NULL);
    srv->role = SWIRL__ROLE_NONE;
    return swirl__srv_fail(srv, -errno, "fork() of the manager: %s",
                           strerror(errno));
  }
  if (pid == 0) manager_main(srv);
  srv->manager_pid = pid;

  if ((rc = swirl__rx_threads_start(srv)) != 0) {
    swirl__error("%s", srv->errmsg);
    kill(pid, SIGTERM);
    shutting_down = 1;
  } else {
    emit_simple(srv, SWIRL_EV_START);
  }

  for (;;) {
    siginfo_t info;
    int sig = swirl__sigwait(&set, &info, -1), status;
    if (sig < 0) continue;
    if (sig == SIGCHLD) {
      pid_t p;
      int gone = 0;
      while ((p = waitpid(-1, &status, WNOHANG)) > 0)
        if (p == pid) gone = 1;
      if (!gone) continue;
      if (!shutting_down)
        swirl__error("the manager (pid %d) ended unexpectedly; shutting down",
                     (int)pid);
      break;
    }
    if (sig == SIGTERM || sig == SIGINT) {
      if (shutting_down) continue;
      emit_simple(srv, SWIRL_EV_BEFORE_SHUTDOWN);
      shutting_down = 1;
      atomic_store(&srv->shm->shutting_down, 1);
      /* Refuse new clients at once: the reactors close their listeners,
       * and so do we. */
      swirl__rx_threads_command(srv, SWIRL__RX_CMD_STOP_ACCEPT);
      for (i = 0; i < srv->nlisteners; i++) {
        if (srv->listeners[i]->fd >= 0) close(srv->listeners[i]->fd);
        srv->listeners[i]->fd = -1;
      }
      kill(pid, SIGTERM);
    } else if (sig == SIGUSR1 || sig == SIGUSR2) {
      if (sig == SIGUSR1) swirl__rx_threads_command(srv, SWIRL__RX_CMD_RELOAD_TLS);
      kill(pid, sig);
    } else if (sig == SIGRTMIN) {
      swirl__log_reopen();
      kill(pid, sig);
    }
  }
  /* The workers are gone: what they sent is written, then connections end. */
  swirl__rx_threads_command(srv, SWIRL__RX_CMD_STOP);
  swirl__rx_threads_join(srv);
  emit_simple(srv, SWIRL_EV_SHUTDOWN);
  srv->role = SWIRL__ROLE_NONE;
  sigprocmask(SIG_SETMASK, &old, NULL);
  return 0;
}
