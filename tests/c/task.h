/*
 * task.h: what every C test of Swirl includes. It declares the test entry
 * points (TEST_IMPL), the assertion macros, and the helpers of test-util.c
 * that start a real server in a child process and talk to it over real
 * sockets.
 *
 * A test is a function `int run_test_NAME(void)` that returns 0 when it
 * passed. The runner (runner.c) forks each test into its own process group
 * and kills that group when the test is over or has run out of time, so a
 * test may fork servers and exit at any point without cleaning up. An
 * assertion that fails prints both sides, the file and the line, and ends
 * the test process with status 1.
 */
#ifndef SWIRL_TASK_H
#define SWIRL_TASK_H

#include "swirl.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* ------------------------------------------------------------------------
 * Declaring and listing tests (used by test-list.h and the test files)
 * ---------------------------------------------------------------------- */

#define TEST_OK 0
#define TEST_FAILED 1
#define TEST_SKIPPED 77

/* The default per-test time limit in milliseconds. */
#define TEST_TIMEOUT_MS 30000

#define TEST_IMPL(name) int run_test_##name(void)
#define TEST_DECLARE(name) int run_test_##name(void);

typedef struct task_entry {
  const char *name;
  int (*main)(void);
  int timeout_ms;
} task_entry;

#define TASK_LIST_START static const task_entry TASKS[] = {
#define TEST_ENTRY(name) {#name, run_test_##name, TEST_TIMEOUT_MS},
#define TEST_ENTRY_TIMEOUT(name, ms) {#name, run_test_##name, (ms)},
#define TASK_LIST_END                                                          \
  { NULL, NULL, 0 }                                                            \
  }                                                                            \
  ;

/* ------------------------------------------------------------------------
 * Assertions. They belong in the test process only: in a forked server
 * process, log the fact and let the test process assert on the log.
 * ---------------------------------------------------------------------- */

/* Prints "Assertion failed in FILE on line LINE: EXPR (DETAIL)" to stderr
 * and ends the test process with TEST_FAILED. */
void task_assert_fail(const char *file, int line, const char *expr,
                      const char *fmt, ...)
    __attribute__((noreturn, format(printf, 4, 5)));

/* Records why the test is skipped; the runner prints it after "# SKIP". */
void task_skip_reason(const char *reason);

#define ASSERT(expr)                                                           \
  do {                                                                         \
    if (!(expr))                                                               \
      task_assert_fail(__FILE__, __LINE__, #expr, "false");                    \
  } while (0)

#define ASSERT_INT_BASE(a, op, b)                                              \
  do {                                                                         \
    int64_t eval_a_ = (int64_t)(a);                                            \
    int64_t eval_b_ = (int64_t)(b);                                            \
    if (!(eval_a_ op eval_b_))                                                 \
      task_assert_fail(__FILE__, __LINE__, #a " " #op " " #b,                  \
                       "%" PRId64 " " #op " %" PRId64, eval_a_, eval_b_);      \
  } while (0)

#define ASSERT_EQ(a, b) ASSERT_INT_BASE(a, ==, b)
#define ASSERT_NE(a, b) ASSERT_INT_BASE(a, !=, b)
#define ASSERT_LT(a, b) ASSERT_INT_BASE(a, <, b)
#define ASSERT_LE(a, b) ASSERT_INT_BASE(a, <=, b)
#define ASSERT_GT(a, b) ASSERT_INT_BASE(a, >, b)
#define ASSERT_GE(a, b) ASSERT_INT_BASE(a, >=, b)

/* Compares two Swirl result codes and names both sides on failure, e.g.
 * "-98 (EADDRINUSE) == 0 (OK)". */
#define ASSERT_CODE(a, b)                                                      \
  do {                                                                         \
    int64_t eval_a_ = (int64_t)(a);                                            \
    int64_t eval_b_ = (int64_t)(b);                                            \
    if (eval_a_ != eval_b_)                                                    \
      task_assert_fail(__FILE__, __LINE__, #a " == " #b,                       \
                       "%" PRId64 " (%s) == %" PRId64 " (%s)", eval_a_,        \
                       task_code_name(eval_a_), eval_b_,                       \
                       task_code_name(eval_b_));                               \
  } while (0)

/* Asserts that a Swirl call returned 0 or more. */
#define ASSERT_OK(a)                                                           \
  do {                                                                         \
    int64_t eval_a_ = (int64_t)(a);                                            \
    if (eval_a_ < 0)                                                           \
      task_assert_fail(__FILE__, __LINE__, #a " >= 0", "%" PRId64 " (%s)",     \
                       eval_a_, task_code_name(eval_a_));                      \
  } while (0)

#define ASSERT_STR_EQ(a, b)                                                    \
  do {                                                                         \
    const char *eval_a_ = (a);                                                 \
    const char *eval_b_ = (b);                                                 \
    if (eval_a_ == NULL || eval_b_ == NULL || strcmp(eval_a_, eval_b_) != 0)   \
      task_assert_fail(__FILE__, __LINE__, #a " == " #b, "\"%s\" == \"%s\"",   \
                       eval_a_ ? eval_a_ : "(null)",                           \
                       eval_b_ ? eval_b_ : "(null)");                          \
  } while (0)

/* Asserts that string a contains string b. */
#define ASSERT_STR_HAS(a, b)                                                   \
  do {                                                                         \
    const char *eval_a_ = (a);                                                 \
    const char *eval_b_ = (b);                                                 \
    if (eval_a_ == NULL || eval_b_ == NULL ||                                  \
        strstr(eval_a_, eval_b_) == NULL)                                      \
      task_assert_fail(__FILE__, __LINE__, #a " contains " #b,                 \
                       "\"%s\" contains \"%s\"", eval_a_ ? eval_a_ : "(null)", \
                       eval_b_ ? eval_b_ : "(null)");                          \
  } while (0)

#define ASSERT_NOT_NULL(p)                                                     \
  do {                                                                         \
    if ((p) == NULL)                                                           \
      task_assert_fail(__FILE__, __LINE__, #p " != NULL", "NULL");             \
  } while (0)

#define ASSERT_NULL(p)                                                         \
  do {                                                                         \
    const void *eval_p_ = (p);                                                 \
    if (eval_p_ != NULL)                                                       \
      task_assert_fail(__FILE__, __LINE__, #p " == NULL", "%p", eval_p_);      \
  } while (0)

#define RETURN_SKIP(reason)                                                    \
  do {                                                                         \
    task_skip_reason(reason);                                                  \
    return TEST_SKIPPED;                                                       \
  } while (0)

/* The enum name of a Swirl code, for messages ("?" if the library has no
 * name for it). */
const char *task_code_name(int64_t code);

/* ------------------------------------------------------------------------
 * Time and sockets (test-util.c). Every wait is bounded.
 * ---------------------------------------------------------------------- */

/* Milliseconds on the monotonic clock. */
uint64_t task_now_ms(void);

/* Connects a TCP socket to host:port (IPv4 or IPv6 literal), retrying while
 * the connection is refused until timeout_ms has passed, because a server
 * binds its port before it listens. Returns the blocking socket, or -errno
 * of the last attempt. */
int task_connect(const char *host, int port, int timeout_ms);

/* Writes all n bytes within timeout_ms. Returns 0 or -errno (-ETIMEDOUT). */
int task_write_all(int fd, const void *buf, size_t n, int timeout_ms);

/* Reads exactly n bytes within timeout_ms. Returns n, or the number read
 * before EOF (fewer than n), or -errno (-ETIMEDOUT when time ran out). */
ssize_t task_read_exact(int fd, void *buf, size_t n, int timeout_ms);

/* Reads until EOF within timeout_ms into buf (cap bytes at most; more data
 * than that is an error, -EMSGSIZE). Returns the count or -errno. */
ssize_t task_read_to_eof(int fd, void *buf, size_t cap, int timeout_ms);

/* Sends a line and reads the reply line (up to and without '\n') into out.
 * Returns the reply's length or -errno. */
ssize_t task_request(int fd, const char *line, char *out, size_t cap,
                     int timeout_ms);

/* Binds (and when listen_too, listens on) a TCP socket on host port 0, as
 * a plain socket without SO_REUSEADDR. Returns the fd and sets *port. */
int task_bind_any(const char *host, int listen_too, int *port);

/* Waits for process pid (a child) to end within timeout_ms. Returns 0 and
 * sets *status, or -ETIMEDOUT. */
int task_wait_pid(pid_t pid, int timeout_ms, int *status);

/* ------------------------------------------------------------------------
 * A real server in a child process (test-util.c)
 *
 * task_server_start() forks; the child creates a server on host port 0,
 * sets the options below, registers an event callback, sends its port to
 * the parent and calls swirl_server_start(). Every event any process of
 * that server sees (master, manager, workers) is appended as one line to a
 * log file the test can read:
 *
 *   ev=RECEIVE type=9 pid=123 wid=0 conn=1 listener=0 reactor=0 status=0
 *   signal=0 len=6 [extra]
 *
 * The workers answer each RECEIVE by its first bytes:
 *   "big\n"      5 MiB of pattern bytes (TASK_BIG_SIZE) in 1 MiB sends
 *   "bye\n"      64 KiB of pattern bytes (TASK_BYE_SIZE), then a graceful
 *                server-side close
 *   "id\n"       "id=CONN\n"
 *   "wid\n"      "wid=WORKER_ID pid=PID\n"
 *   "send N\n"   sends one byte to connection N, answers "rc=RC exist=E\n"
 *   "flood\n"    sends 64 KiB blocks until a send fails (64 MiB at most)
 *                and logs "flood rc=RC bytes=N"; no answer
 *   "shutdown\n" calls swirl_server_shutdown(), answers "rc=RC\n"
 *   anything else is echoed.
 * The master logs "return rc=RC" when swirl_server_start() returns and
 * exits 0 if it returned 0.
 * ---------------------------------------------------------------------- */

#define TASK_BIG_SIZE (5 * 1024 * 1024)
#define TASK_BYE_SIZE (64 * 1024)

/* The byte at offset i of the pattern the server sends. */
#define TASK_PATTERN(i) ((unsigned char)(((i)*7u + (i) / 251u) & 0xff))

typedef struct task_server_opts {
  const char *host;           /* default "127.0.0.1" */
  int32_t mode;               /* default SWIRL_MODE_BASE */
  int32_t sock_type;          /* default SWIRL_SOCK_TCP */
  int64_t worker_num;         /* default 1 */
  int64_t socket_buffer_size; /* 0: 16 MiB */
  uint64_t mask;              /* 0: every event */
  int extra_listener;         /* also listen on host port 0 (index 1) */
  int probe_master;           /* on START, try send() and start() in the
                                 master and log "msend=RC mstart=RC" */
} task_server_opts;

typedef struct task_server {
  pid_t pid;         /* the master: our child */
  int port;          /* the listener's port */
  int port2;         /* the extra listener's port, or 0 */
  char log_path[64]; /* the event log */
  int stopped;       /* set by task_server_stop() */
} task_server;

/* Starts a server as above and waits (bounded) for its port. Returns 0, or
 * the negative code of the failed setup call (whose message is printed). */
int task_server_start(task_server *ts, const task_server_opts *opts);

/* Sends sig to the master and waits up to timeout_ms for it to exit.
 * Returns 0 and sets *status (as waitpid), or -ETIMEDOUT after which every
 * process the log names has been killed. */
int task_server_stop(task_server *ts, int sig, int timeout_ms, int *status);

/* Kills every process the log names and the master with SIGKILL. */
void task_server_kill(task_server *ts);

/* Removes the log. Call at the end of the test. */
void task_server_cleanup(task_server *ts);

/* The whole event log as a NUL-terminated string (malloc'd). */
char *task_server_log(task_server *ts);

/* The number of log lines containing needle. */
int task_log_count(task_server *ts, const char *needle);

/* Waits up to timeout_ms for at least n log lines containing needle.
 * Returns the count reached (less than n when time ran out). */
int task_log_wait(task_server *ts, const char *needle, int n, int timeout_ms);

/* Reads field "key=" from the first log line that contains needle and is
 * at or after the `skip`th such line (0-based). Returns 0 and sets *out, or
 * -1 if there is no such line or field. */
int task_log_field(task_server *ts, const char *needle, int skip,
                   const char *key, int64_t *out);

/* Reads field "key=" of one log line. Returns 0 or -1. */
int task_line_field(const char *line, const char *key, int64_t *out);

#endif /* SWIRL_TASK_H */
