/*
 * runner.c: runs the C tests listed in test-list.h, each in its own forked
 * process, and reports in TAP.
 *
 *   run-tests [--results FILE] [--list] [--no-fork] [-v] [NAME...]
 *
 * Every test runs in a new process group with a time limit (its entry's, by
 * default 30 s, multiplied by $SWIRL_TEST_TIMEOUT_SCALE when set). When it
 * runs out of time the whole group is killed and the test fails. When it
 * ends, whatever it left running in its group (servers, workers) is given a
 * short grace period and then killed, so one test never disturbs the next.
 * The runner is a child subreaper, so those leftovers become its children
 * and are reaped here.
 *
 * Output: "1..N", then one line per test ("ok 3 - name", "not ok 4 - name",
 * "ok 5 - name # SKIP reason"), the captured output of every failed test
 * as "# " lines, and finally "N passed, N failed, N skipped". --results
 * writes "passed=N failed=N skipped=N" to FILE. The exit status is 1 when a
 * test failed, 2 on a usage error, else 0.
 */
#include "task.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test-list.h"

/* The write end of the pipe a test reports its skip reason on (-1 when the
 * test runs in the runner's own process). */
static int status_fd = -1;

/* The process group of the running test, for on_interrupt(). */
static volatile sig_atomic_t current_pgid;

/* The grace period leftover processes of a finished test get. */
#define LEFTOVER_GRACE_MS 1000

void task_assert_fail(const char *file, int line, const char *expr,
                      const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fprintf(stderr, "Assertion failed in %s on line %d: %s (", file, line, expr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, ")\n");
  fflush(stderr);
  exit(TEST_FAILED);
}

void task_skip_reason(const char *reason) {
  if (status_fd >= 0) {
    ssize_t n = write(status_fd, reason, strlen(reason));
    (void)n;
  } else {
    fprintf(stderr, "skipped: %s\n", reason);
  }
}

/* Ctrl-C or SIGTERM: the running test is in a group of its own that the
 * terminal's signal does not reach, so end it before leaving. */
static void on_interrupt(int sig) {
  if (current_pgid > 0)
    kill(-(pid_t)current_pgid, SIGKILL);
  signal(sig, SIG_DFL);
  raise(sig);
}

static void usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s [--results FILE] [--list] [--no-fork] [-v] [NAME...]\n",
          argv0);
}

static const task_entry *find_task(const char *name) {
  const task_entry *t;
  for (t = TASKS; t->name != NULL; t++) {
    if (strcmp(t->name, name) == 0)
      return t;
  }
  return NULL;
}

/* Reaps every child that has ended. Returns 1 and sets *status when pid was
 * among them. */
static int reap(pid_t pid, int *status) {
  int found = 0;
  for (;;) {
    int st;
    pid_t r = waitpid(-1, &st, WNOHANG);
    if (r <= 0)
      break;
    if (r == pid) {
      *status = st;
      found = 1;
    }
  }
  return found;
}

/* Waits up to ms for SIGCHLD (blocked in the runner). */
static void wait_sigchld(uint64_t ms) {
  sigset_t set;
  struct timespec ts;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  ts.tv_sec = (time_t)(ms / 1000);
  ts.tv_nsec = (long)(ms % 1000) * 1000000L;
  sigtimedwait(&set, NULL, &ts);
}

/* Waits until test process pid has ended or deadline (task_now_ms) passed.
 * Returns 1 and sets *status when it ended. */
static int wait_test(pid_t pid, uint64_t deadline, int *status) {
  for (;;) {
    uint64_t now;
    if (reap(pid, status))
      return 1;
    now = task_now_ms();
    if (now >= deadline)
      return 0;
    wait_sigchld(deadline - now < 100 ? deadline - now : 100);
  }
}

/* Kills every child of the runner that is still alive (a process that
 * left the test's group with setsid() comes back to us as an orphan when
 * the test ends, because the runner is a subreaper). Returns how many. */
static int kill_children(void) {
  DIR *d = opendir("/proc");
  struct dirent *de;
  int n = 0;
  if (d == NULL)
    return 0;
  while ((de = readdir(d)) != NULL) {
    char path[64], buf[512], *p;
    long ppid = 0;
    FILE *f;
    pid_t pid = (pid_t)strtol(de->d_name, &p, 10);
    if (pid <= 0 || *p != '\0')
      continue;
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    f = fopen(path, "r");
    if (f == NULL)
      continue;
    if (fgets(buf, sizeof(buf), f) != NULL) {
      /* The fields after the ")" that ends the command name: state ppid. */
      p = strrchr(buf, ')');
      if (p != NULL && sscanf(p + 1, " %*c %ld", &ppid) == 1 &&
          ppid == (long)getpid() && kill(pid, SIGKILL) == 0)
        n++;
    }
    fclose(f);
  }
  closedir(d);
  return n;
}

/* Ends whatever is left of process group pgid: waits up to the grace period
 * for it to exit by itself, then kills it. Returns the number of processes
 * that had to be killed (0 when the group was gone in time). */
static int end_group(pid_t pgid) {
  uint64_t deadline = task_now_ms() + LEFTOVER_GRACE_MS;
  int dummy, killed = 0;
  while (kill(-pgid, 0) == 0 && task_now_ms() < deadline) {
    reap(0, &dummy);
    if (kill(-pgid, 0) != 0)
      break;
    wait_sigchld(20);
  }
  if (kill(-pgid, 0) == 0) {
    killed = 1;
    kill(-pgid, SIGKILL);
    deadline = task_now_ms() + 5000;
    while (kill(-pgid, 0) == 0 && task_now_ms() < deadline) {
      reap(0, &dummy);
      if (kill(-pgid, 0) != 0)
        break;
      wait_sigchld(20);
    }
  }
  reap(0, &dummy);
  if (kill_children() > 0) {
    killed = 1;
    deadline = task_now_ms() + 5000;
    while (task_now_ms() < deadline && waitpid(-1, &dummy, WNOHANG) >= 0)
      wait_sigchld(20);
  }
  return killed;
}

/* Prints the captured output in fd as "# " lines. */
static void print_output(int fd) {
  char buf[4096];
  ssize_t n;
  int at_line_start = 1;
  lseek(fd, 0, SEEK_SET);
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    ssize_t i;
    for (i = 0; i < n; i++) {
      if (at_line_start)
        fputs("# ", stdout);
      putchar(buf[i]);
      at_line_start = buf[i] == '\n';
    }
  }
  if (!at_line_start)
    putchar('\n');
}

/* The test's time limit, scaled by $SWIRL_TEST_TIMEOUT_SCALE. */
static uint64_t timeout_of(const task_entry *t) {
  const char *s = getenv("SWIRL_TEST_TIMEOUT_SCALE");
  long scale = s ? strtol(s, NULL, 10) : 1;
  if (scale < 1)
    scale = 1;
  return (uint64_t)t->timeout_ms * (uint64_t)scale;
}

/* Runs test t in a forked process group. Returns TEST_OK, TEST_FAILED or
 * TEST_SKIPPED, and prints its TAP line numbered n. */
static int run_forked(const task_entry *t, int n, int verbose) {
  char skip[512] = "";
  char tmpl[] = "/tmp/swirl-test-out.XXXXXX";
  int out, pfd[2], status = 0, result, ended, leftovers;
  uint64_t start, timeout = timeout_of(t);
  pid_t pid;

  out = mkstemp(tmpl);
  if (out < 0 || pipe(pfd) != 0) {
    perror("run-tests: setup");
    exit(2);
  }
  unlink(tmpl);
  fcntl(pfd[0], F_SETFL, O_NONBLOCK);
  fflush(stdout);
  fflush(stderr);
  start = task_now_ms();
  pid = fork();
  if (pid < 0) {
    perror("run-tests: fork");
    exit(2);
  }
  if (pid == 0) {
    sigset_t none;
    setpgid(0, 0);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    close(pfd[0]);
    status_fd = pfd[1];
    fcntl(status_fd, F_SETFD, FD_CLOEXEC);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    close(out);
    setvbuf(stdout, NULL, _IONBF, 0);
    exit(t->main());
  }
  setpgid(pid, pid);
  current_pgid = pid;
  close(pfd[1]);

  ended = wait_test(pid, start + timeout, &status);
  if (!ended) {
    kill(-pid, SIGKILL);
    wait_test(pid, task_now_ms() + 10000, &status);
  }
  leftovers = end_group(pid);
  current_pgid = 0;

  {
    ssize_t r = read(pfd[0], skip, sizeof(skip) - 1);
    skip[r > 0 ? r : 0] = '\0';
  }
  close(pfd[0]);

  if (!ended) {
    printf("not ok %d - %s\n", n, t->name);
    printf("# timed out after %llu ms; process group killed\n",
           (unsigned long long)timeout);
    result = TEST_FAILED;
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == TEST_OK) {
    printf("ok %d - %s\n", n, t->name);
    result = TEST_OK;
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == TEST_SKIPPED) {
    printf("ok %d - %s # SKIP %s\n", n, t->name,
           skip[0] ? skip : "(no reason given)");
    result = TEST_SKIPPED;
  } else {
    printf("not ok %d - %s\n", n, t->name);
    if (WIFSIGNALED(status))
      printf("# killed by signal %d (%s)\n", WTERMSIG(status),
             strsignal(WTERMSIG(status)));
    else
      printf("# exit status %d\n", WEXITSTATUS(status));
    result = TEST_FAILED;
  }
  if (result == TEST_FAILED || verbose)
    print_output(out);
  if (leftovers)
    printf("# note: processes left running by %s were killed after %d ms\n",
           t->name, LEFTOVER_GRACE_MS);
  if (verbose)
    printf("# %s took %llu ms\n", t->name,
           (unsigned long long)(task_now_ms() - start));
  fflush(stdout);
  close(out);
  return result;
}

/* Runs test t in this process (for debuggers). */
static int run_inline(const task_entry *t, int n) {
  int rc = t->main();
  if (rc == TEST_OK)
    printf("ok %d - %s\n", n, t->name);
  else if (rc == TEST_SKIPPED)
    printf("ok %d - %s # SKIP\n", n, t->name);
  else
    printf("not ok %d - %s\n", n, t->name);
  return rc == TEST_OK || rc == TEST_SKIPPED ? rc : TEST_FAILED;
}

int main(int argc, char **argv) {
  const char *results = NULL;
  const task_entry *selected[256];
  int nsel = 0, no_fork = 0, verbose = 0, list = 0;
  int passed = 0, failed = 0, skipped = 0, i;
  sigset_t block;

  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--results") == 0 && i + 1 < argc) {
      results = argv[++i];
    } else if (strcmp(argv[i], "--no-fork") == 0) {
      no_fork = 1;
    } else if (strcmp(argv[i], "-v") == 0) {
      verbose = 1;
    } else if (strcmp(argv[i], "--list") == 0) {
      list = 1;
    } else if (argv[i][0] == '-') {
      usage(argv[0]);
      return 2;
    } else {
      const task_entry *t = find_task(argv[i]);
      if (t == NULL) {
        fprintf(stderr, "run-tests: no test named '%s' (see --list)\n",
                argv[i]);
        return 2;
      }
      if (nsel == (int)(sizeof(selected) / sizeof(selected[0]))) {
        fprintf(stderr, "run-tests: too many names\n");
        return 2;
      }
      selected[nsel++] = t;
    }
  }
  if (nsel == 0) {
    const task_entry *t;
    for (t = TASKS; t->name != NULL; t++) {
      if (nsel == (int)(sizeof(selected) / sizeof(selected[0])))
        break;
      selected[nsel++] = t;
    }
  }
  if (list) {
    for (i = 0; i < nsel; i++)
      printf("%s\n", selected[i]->name);
    return 0;
  }

  /* Leftover processes of a test become our children, and SIGCHLD is
   * taken with sigtimedwait(), so it stays blocked here. */
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  signal(SIGINT, on_interrupt);
  signal(SIGTERM, on_interrupt);
  sigemptyset(&block);
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, NULL);

  printf("1..%d\n", nsel);
  fflush(stdout);
  for (i = 0; i < nsel; i++) {
    int r = no_fork ? run_inline(selected[i], i + 1)
                    : run_forked(selected[i], i + 1, verbose);
    if (r == TEST_OK)
      passed++;
    else if (r == TEST_SKIPPED)
      skipped++;
    else
      failed++;
  }
  printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  fflush(stdout);
  if (results != NULL) {
    FILE *f = fopen(results, "w");
    if (f == NULL) {
      perror(results);
      return 2;
    }
    fprintf(f, "passed=%d failed=%d skipped=%d\n", passed, failed, skipped);
    fclose(f);
  }
  return failed > 0 ? 1 : 0;
}
