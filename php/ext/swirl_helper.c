/*
 * swirl_helper: repairs the PHP runtime in a process that Swirl's C core
 * forked from inside a running PHP script, and ends such a process without
 * running the parent's shutdown machinery.
 *
 * PHP drives the core through FFI. When the core forks a worker, the child
 * is an exact copy of the parent's PHP runtime: the same random generator
 * states, the same output buffers, the same queue of signals pcntl has
 * received but not yet dispatched, an execution-time limit whose timer the
 * kernel did not copy, and the parent's shutdown functions and destructors
 * waiting to run at exit. The functions below put that right.
 *
 * Functions (PHP 8.2, non-ZTS builds are the ones tested):
 *   swirl_helper_after_fork(): void
 *   swirl_helper_exit(int $status = 0): never
 *   swirl_helper_exit_hook(bool $on): void
 *   swirl_helper_error(int $level, string $message, string $file,
 *                      int $line): void
 *   swirl_helper_report_uncaught(Throwable $e): void
 *   swirl_helper_version(): string
 *   swirl_helper_exit_flush(string $library): bool
 *   swirl_helper_register_upload(string $path, bool $on = true): bool
 *   swirl_helper_hook(string $function, ?callable $hook): bool
 *   swirl_helper_exit_filter(?callable $filter): void
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_STDIO_EXT_H
#include <stdio_ext.h>
#endif

#include "php.h"
#include "SAPI.h"
#include "ext/random/php_random.h"
#include "ext/standard/html.h"
#include "ext/standard/info.h"
#include "main/php_output.h"
#include "zend_exceptions.h"
#include "zend_execute.h"
#include "zend_max_execution_timer.h"
#include "zend_observer.h"

#include "php_swirl_helper.h"
#include <dlfcn.h>

#include "swirl_helper_arginfo.h"

/* Moduli of the two generators that make up PHP's combined LCG
 * (lcg_value()); a valid state lies in [1, modulus - 1]. */
#define SWIRL_LCG_M1 2147483563u
#define SWIRL_LCG_M2 2147483399u

/*
 * The globals of PHP 8.2's pcntl extension (ext/pcntl/php_pcntl.h).
 * pcntl installs no header and exports no symbol for them, so the layout
 * is repeated here. It is used only when pcntl reports a PHP 8.2 version
 * and the size it registered for its globals equals one of the two known
 * layouts (with and without the trailing num_signals field); the fields
 * used here sit at the same offsets in both.
 */
struct swirl_pcntl_pending {
  struct swirl_pcntl_pending *next;
  /* The signal number and siginfo follow; they are not touched here. */
};

typedef struct {
  HashTable php_signal_table;
  int processing_signal_queue;
  struct swirl_pcntl_pending *head, *tail, *spares;
  int last_error;
  volatile char pending_signals;
  bool async_signals;
  unsigned num_signals;
} swirl_pcntl_globals;

typedef struct {
  HashTable php_signal_table;
  int processing_signal_queue;
  struct swirl_pcntl_pending *head, *tail, *spares;
  int last_error;
  volatile char pending_signals;
  bool async_signals;
} swirl_pcntl_globals_early;

/*
 * Returns the live pcntl globals, or NULL when pcntl is not loaded, when
 * this is a thread-safe build (where the globals live in per-thread
 * storage), or when pcntl's globals do not have a known 8.2 layout.
 */
static swirl_pcntl_globals *find_pcntl_globals(void)
{
#ifdef ZTS
  return NULL;
#else
  zend_module_entry *m;

  m = zend_hash_str_find_ptr(&module_registry, "pcntl", sizeof("pcntl") - 1);
  if (m == NULL || m->globals_ptr == NULL || m->version == NULL)
    return NULL;
  if (strncmp(m->version, "8.2.", 4) != 0)
    return NULL;
  if (m->globals_size != sizeof(swirl_pcntl_globals) &&
      m->globals_size != sizeof(swirl_pcntl_globals_early))
    return NULL;
  return (swirl_pcntl_globals *) m->globals_ptr;
#endif
}

/*
 * Forgets the signals that pcntl queued in the parent and had not yet
 * dispatched when the fork happened: they were sent to the parent, and the
 * parent dispatches them itself. The queue entries go back to pcntl's free
 * list, exactly as pcntl_signal_dispatch() recycles them. Must run with all
 * signals blocked, as pcntl's own handler edits the same list.
 */
static void drop_inherited_pcntl_signals(void)
{
  swirl_pcntl_globals *g = find_pcntl_globals();
  struct swirl_pcntl_pending *last;

  if (g == NULL)
    return;
  if (g->head != NULL) {
    /* Walk to the end rather than trust tail: pcntl leaves tail stale
     * after a dispatch. */
    for (last = g->head; last->next != NULL; last = last->next)
      ;
    last->next = g->spares;
    g->spares = g->head;
  }
  g->head = NULL;
  g->tail = NULL;
  g->pending_signals = 0;
}

/*
 * Gives mt_rand(), rand() (and with them shuffle(), str_shuffle(),
 * array_rand()) and lcg_value() fresh seeds from the operating system's
 * CSPRNG. The Mt19937 mode chosen with mt_srand() (MT_RAND_PHP or not) is
 * kept. The LCG is seeded first because Mt19937's fallback seed, used only
 * when the CSPRNG fails, mixes in an LCG value.
 */
static void reseed_random(void)
{
  php_random_status_state_combinedlcg *lcg = RANDOM_G(combined_lcg)->state;
  uint32_t r[2];

  if (php_random_bytes_silent(r, sizeof(r)) == SUCCESS) {
    lcg->state[0] = (int32_t) (1 + r[0] % (SWIRL_LCG_M1 - 1));
    lcg->state[1] = (int32_t) (1 + r[1] % (SWIRL_LCG_M2 - 1));
  } else {
    /* PHP's own seeding: time of day and the (new) process id. */
    php_random_combinedlcg_seed_default(lcg);
  }
  RANDOM_G(combined_lcg_seeded) = true;

  php_random_mt19937_seed_default(RANDOM_G(mt19937)->state);
  RANDOM_G(mt19937_seeded) = true;
}

/*
 * Empties the output that the parent had buffered (ob_start() and
 * friends, and C stdio's stdout buffer) when it forked: that output belongs
 * to the parent, which prints it itself; printing it again from the child
 * would duplicate it. The buffers themselves stay, so ob_get_level() in the
 * child is what it was in the parent. No output handler is called.
 */
static void drop_inherited_output(void)
{
  php_output_handler **handlers;
  int i, n;

  if (OG(flags) & PHP_OUTPUT_ACTIVATED) {
    n = zend_stack_count(&OG(handlers));
    handlers = (php_output_handler **) zend_stack_base(&OG(handlers));
    for (i = 0; i < n; i++)
      handlers[i]->buffer.used = 0;
  }
#ifdef HAVE___FPURGE
  __fpurge(stdout);
#endif
}

/*
 * Restarts the max_execution_time limit in the child. The kernel does not
 * copy interval timers into a child, so after fork() the limit that
 * set_time_limit() or the ini setting asked for is silently gone. The
 * child gets the same limit, counted from this call (PHP counts it in CPU
 * time, like the parent's). With a limit of 0, the CLI default, there is
 * no timer. A worker that should run longer calls set_time_limit(0).
 */
static void rearm_time_limit(void)
{
  zend_long seconds = EG(timeout_seconds);

  /* Builds with per-thread timers (ZTS on Linux) keep the timer and the
   * pid it belongs to in the executor globals; this recreates it for the
   * new process. It is a no-op on other builds. */
  zend_max_execution_timer_init();
  zend_unset_timeout();
  if (seconds > 0)
    zend_set_timeout(seconds, true);
}

/*
 * Writes out everything that is still buffered: PHP's output buffers
 * (their handlers run, as at a normal end of the script), the SAPI's own
 * buffer, then every C stdio stream. A fatal error raised by an output
 * handler is caught here so that the caller still reaches _exit(). Inside
 * an output handler PHP forbids touching the buffers; they are then left
 * alone.
 */
/* swirl_process_flush() of the library, once swirl_helper_exit_flush()
 * found it: what a worker's callback sent goes out before the process
 * ends. */
static void (*library_flush)(void);

static void flush_output_and_stdio(void)
{
  if (library_flush != NULL)
    library_flush();
  zend_try {
    if ((OG(flags) & PHP_OUTPUT_ACTIVATED) && OG(running) == NULL)
      php_output_end_all();
    sapi_flush();
  } zend_end_try();
  fflush(NULL);
}

/*
 * swirl_helper_after_fork(): void
 *
 * Call it first thing in every process forked from a running PHP script
 * (by Swirl's core or by pcntl_fork()), and only there. In order, it:
 *  1. blocks every signal while it works;
 *  2. reseeds mt_rand()/rand() (Mt19937, mode kept) and lcg_value() from
 *     the CSPRNG, so the child does not repeat the parent's sequences,
 *     even after an explicit mt_srand() in the parent (a child that wants
 *     a fixed sequence seeds after this call). random_int(),
 *     random_bytes() and Random\Engine\Secure read the kernel and need
 *     nothing; Random\Engine objects the script created are its own data
 *     and are left alone;
 *  3. empties the output the parent had buffered (PHP output buffers and
 *     C stdout), keeping the buffer levels;
 *  4. restarts the max_execution_time timer with the same limit, counted
 *     from now (0 means none);
 *  5. cancels any alarm() (the kernel already does on fork; this keeps it
 *     true whatever forked us) and drops the signals pcntl had queued for
 *     the parent but not yet dispatched. Signal handlers installed with
 *     pcntl_signal() stay installed;
 *  6. sets the signal mask to empty. The child inherits the mask of the
 *     thread that forked; a worker must be reachable by the signals its
 *     manager sends (SIGTERM, SIGUSR1, ...), so nothing stays blocked. A
 *     signal sent to the child before this point is delivered now. Code
 *     that wants signals blocked in the child blocks them after this call.
 * PHP 8.2 caches no process id that matters on this build; on builds with
 * per-thread execution timers step 4 also renews the cached pid and timer.
 */
ZEND_FUNCTION(swirl_helper_after_fork)
{
  sigset_t all, none;

  ZEND_PARSE_PARAMETERS_NONE();

  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, NULL);

  reseed_random();
  drop_inherited_output();
  rearm_time_limit();
  alarm(0);
  drop_inherited_pcntl_signals();

  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * swirl_helper_exit(int $status = 0): never
 *
 * Flushes PHP's output buffers (running their handlers), the SAPI and all
 * C stdio streams, then ends the process at once with _exit($status &
 * 255). No shutdown function, destructor, session write or other request
 * shutdown step runs, and nothing is printed twice. Safe inside an FFI
 * callback. Only a wrong argument type can make it throw (TypeError).
 */
ZEND_FUNCTION(swirl_helper_exit)
{
  zend_long status = 0;

  ZEND_PARSE_PARAMETERS_START(0, 1)
    Z_PARAM_OPTIONAL
    Z_PARAM_LONG(status)
  ZEND_PARSE_PARAMETERS_END();

  flush_output_and_stdio();
  _exit((int) (status & 0xff));
}

/*
 * swirl_helper_exit_flush(string $library): bool
 *
 * Finds swirl_process_flush() in $library, the Swirl library this process
 * has already loaded (it is never loaded here), and calls it from then on
 * whenever this extension ends the process (swirl_helper_exit() and the
 * exit hook): what a server callback sent before exit() still leaves.
 * Returns false if the library is not loaded or has no such function.
 */
ZEND_FUNCTION(swirl_helper_exit_flush)
{
  zend_string *library;
  void *handle;

  ZEND_PARSE_PARAMETERS_START(1, 1)
    Z_PARAM_STR(library)
  ZEND_PARSE_PARAMETERS_END();

  handle = dlopen(ZSTR_VAL(library), RTLD_LAZY | RTLD_NOLOAD);
  if (handle == NULL)
    RETURN_FALSE;
  library_flush = (void (*)(void)) dlsym(handle, "swirl_process_flush");
  /* The library stays loaded (FFI holds it); this handle only counts. */
  dlclose(handle);
  RETURN_BOOL(library_flush != NULL);
}

/* ------------------------------------------------------------ exit hook */

/* The ZEND_EXIT handler another extension had installed before this one
 * loaded, or NULL. It runs whenever the hook is off. */
static user_opcode_handler_t prev_exit_handler;

/* Whether exit() ends this process at once; swirl_helper_exit_hook() sets
 * it. A forked child starts with its parent's value. */
static bool exit_hook_on;

/* swirl_helper_exit_filter()'s callable, IS_UNDEF when there is none. */
static zval exit_filter;

/*
 * Returns the operand of the ZEND_EXIT instruction at opline, read as
 * ZEND_EXIT itself reads it: references are followed, and an undefined
 * variable raises PHP's "Undefined variable $name" warning (which a user
 * error handler may turn into an exception) and reads as null.
 */
static zval *exit_operand(zend_execute_data *execute_data,
                          const zend_op *opline)
{
  zval *ptr;
  zend_string *name;

  ptr = zend_get_zval_ptr(opline, opline->op1_type, &opline->op1,
                          execute_data);
  if (opline->op1_type == IS_CV && Z_TYPE_P(ptr) == IS_UNDEF) {
    name = EX(func)->op_array.vars[EX_VAR_TO_NUM(opline->op1.var)];
    zend_error(E_WARNING, "Undefined variable $%s", ZSTR_VAL(name));
    return &EG(uninitialized_zval);
  }
  ZVAL_DEREF(ptr);
  return ptr;
}

/*
 * The handler of the ZEND_EXIT instruction (exit, exit(...), die,
 * die(...)), installed for the whole life of the PHP process because
 * scripts already compiled keep the handler they were compiled with.
 *
 * Hook off: hands over to the handler that was there before (another
 * extension's, or PHP's own through ZEND_USER_OPCODE_DISPATCH), so exit
 * behaves as if this extension were absent.
 *
 * Hook on: does what PHP's ZEND_EXIT does up to the point where it would
 * start unwinding (an int operand becomes the exit status; anything else
 * is printed as echo prints it, with the same warnings and errors), then,
 * instead of unwinding, flushes the output (flush_output_and_stdio()) and
 * ends the process with _exit(). The status is PHP's exit status, kept as
 * PHP keeps it: the int given, else the current one (0, or 255 after a
 * fatal error was reported). If printing the operand threw (an object
 * without __toString(), an error handler that throws on "Array to string
 * conversion"), the exception goes on as it does in PHP, and the process
 * does not end.
 */
static int swirl_exit_handler(zend_execute_data *execute_data)
{
  const zend_op *opline = EX(opline);
  zval *ptr;

  if (Z_TYPE(exit_filter) != IS_UNDEF) {
    /* The filter may turn this exit into an exception (Swoole's
     * ExitException): it is then thrown here, as exit's own. */
    zval arg, rv, filter;
    if (opline->op1_type != IS_UNUSED)
      ZVAL_COPY(&arg, exit_operand(execute_data, opline));
    else
      ZVAL_NULL(&arg);
    ZVAL_COPY(&filter, &exit_filter);
    ZVAL_UNDEF(&rv);
    call_user_function(NULL, NULL, &filter, &rv, 1, &arg);
    zval_ptr_dtor(&filter);
    zval_ptr_dtor(&arg);
    if (EG(exception) == NULL && Z_TYPE(rv) == IS_OBJECT &&
        instanceof_function(Z_OBJCE(rv), zend_ce_throwable)) {
      zend_throw_exception_object(&rv); /* takes the reference */
      ZVAL_UNDEF(&rv);
    }
    zval_ptr_dtor(&rv);
    if (EG(exception) != NULL) {
      if (opline->op1_type & (IS_TMP_VAR | IS_VAR))
        zval_ptr_dtor_nogc(EX_VAR(opline->op1.var));
      zend_rethrow_exception(execute_data);
      return ZEND_USER_OPCODE_CONTINUE;
    }
  }

  if (!exit_hook_on) {
    if (prev_exit_handler != NULL)
      return prev_exit_handler(execute_data);
    return ZEND_USER_OPCODE_DISPATCH;
  }

  if (opline->op1_type != IS_UNUSED) {
    ptr = exit_operand(execute_data, opline);
    if (Z_TYPE_P(ptr) == IS_LONG)
      EG(exit_status) = (int) Z_LVAL_P(ptr);
    else
      zend_print_zval(ptr, 0);
    if (EG(exception) != NULL) {
      /* Free the operand as ZEND_EXIT's FREE_OP1 would, then let the
       * executor run the exception handling instruction. */
      if (opline->op1_type & (IS_TMP_VAR | IS_VAR))
        zval_ptr_dtor_nogc(EX_VAR(opline->op1.var));
      zend_rethrow_exception(execute_data);
      return ZEND_USER_OPCODE_CONTINUE;
    }
  }

  flush_output_and_stdio();
  _exit(EG(exit_status) & 0xff);
}

/*
 * swirl_helper_exit_hook(bool $on): void
 *
 * With $on true, from then on an exit or die anywhere in this process
 * (inside an FFI callback or not) prints its string argument exactly as
 * PHP's exit does, flushes PHP's output buffers (running their handlers),
 * the SAPI and all C stdio streams, and ends the process at once with
 * _exit(): the int argument is the exit status (modulo 256); without one,
 * or with a string, it is PHP's current exit status, 0 unless a fatal
 * error was reported before. No shutdown function, destructor, finally
 * block or other request shutdown step runs, and PHP's "Throwing from FFI
 * callbacks is not allowed" cannot happen. With $on false, exit is PHP's
 * own again. The setting belongs to the process: call it once, at the
 * start of each forked worker, task worker, manager and user process.
 * A child forked later inherits it.
 */
ZEND_FUNCTION(swirl_helper_exit_hook)
{
  bool on;

  ZEND_PARSE_PARAMETERS_START(1, 1)
    Z_PARAM_BOOL(on)
  ZEND_PARSE_PARAMETERS_END();

  exit_hook_on = on;
}

/* ----------------------------------------------------------------- errors */

/*
 * Returns message escaped as php_error_docref() escapes an error message
 * when html_errors is on (a new string; the caller releases it).
 */
static zend_string *escape_error_html(zend_string *message)
{
  zend_string *out;

  out = php_escape_html_entities_ex((const unsigned char *) ZSTR_VAL(message),
                                    ZSTR_LEN(message), 0, ENT_COMPAT, NULL,
                                    1, 1);
  if (out == NULL || ZSTR_LEN(out) == 0) {
    /* Invalid UTF-8 makes the first pass give up; PHP retries so. */
    if (out != NULL)
      zend_string_release(out);
    out = php_escape_html_entities_ex(
        (const unsigned char *) ZSTR_VAL(message), ZSTR_LEN(message), 0,
        ENT_COMPAT | ENT_HTML_SUBSTITUTE_ERRORS, NULL, 1, 1);
  }
  return out != NULL ? out : ZSTR_EMPTY_ALLOC();
}

/*
 * swirl_helper_error(int $level, string $message, string $file,
 *                    int $line): void
 *
 * Raises the PHP error $message of type $level (one E_* constant) at
 * $file:$line, through PHP's own machinery, as an internal function's
 * php_error_docref() raises one: observers are told, a handler set with
 * set_error_handler() gets ($level, $message, $file, $line) for the levels
 * PHP gives it, and otherwise (or when it returns false) PHP's error
 * callback applies error_reporting and the @ operator, records the error
 * for error_get_last(), and displays and logs it per display_errors,
 * log_errors, error_log and html_errors (with html_errors on, the message
 * is HTML-escaped first, as php_error_docref() does). The caller writes
 * the "Function(): " prefix into $message. An empty $file reads as
 * "Unknown", as PHP says when it knows no file.
 *
 * Fatal levels (E_ERROR, E_CORE_ERROR, E_COMPILE_ERROR, E_USER_ERROR,
 * E_RECOVERABLE_ERROR, E_PARSE) are raised with E_DONT_BAIL: they are
 * reported, error_get_last() holds them and PHP's exit status becomes 255,
 * but the function returns instead of bailing out (a longjmp through an
 * FFI callback's C frames); the caller ends the process itself.
 *
 * If the error handler throws, the exception is pending when this returns,
 * exactly as after an internal function's warning. A $level that is not
 * one E_* constant, or a $line outside 0..2^32-1, is a ValueError.
 */
ZEND_FUNCTION(swirl_helper_error)
{
  zend_long level, line;
  zend_string *message, *file, *text;

  ZEND_PARSE_PARAMETERS_START(4, 4)
    Z_PARAM_LONG(level)
    Z_PARAM_STR(message)
    Z_PARAM_STR(file)
    Z_PARAM_LONG(line)
  ZEND_PARSE_PARAMETERS_END();

  if (level <= 0 || (level & ~(zend_long) E_ALL) != 0 ||
      (level & (level - 1)) != 0) {
    zend_argument_value_error(1, "must be a single E_* error level");
    RETURN_THROWS();
  }
  if (line < 0 || (zend_ulong) line > UINT32_MAX) {
    zend_argument_value_error(4, "must be between 0 and %u", UINT32_MAX);
    RETURN_THROWS();
  }

  if (ZSTR_LEN(file) == 0)
    file = ZSTR_KNOWN(ZEND_STR_UNKNOWN_CAPITALIZED);
  text = PG(html_errors) ? escape_error_html(message)
                         : zend_string_copy(message);
  zend_error_zstr_at((int) level | E_DONT_BAIL, file, (uint32_t) line, text);
  zend_string_release(text);
}

/*
 * Forgets the pending exception, if any, releasing it. Unlike
 * zend_clear_exception() it leaves the current frame's opline alone: the
 * current frame here is always an internal function's.
 */
static void drop_pending_exception(void)
{
  zend_object *pending = EG(exception);

  if (pending != NULL) {
    EG(exception) = NULL;
    OBJ_RELEASE(pending);
  }
}

/* How many exceptions thrown by __toString() in a row are followed. */
#define SWIRL_TOSTRING_HOPS_MAX 16

/*
 * Reports ex as swirl_helper_report_uncaught() describes and releases one
 * reference to it. Must be called with no exception pending.
 */
static void report_throwable(zend_object *ex)
{
  zend_class_entry *base;
  zend_string *str, *file, *message;
  zend_long line;
  zval tmp, rv;
  int hops;

  for (hops = 0;; hops++) {
    zend_call_known_instance_method_with_0_params(ex->ce->__tostring, ex,
                                                  &tmp);
    if (EG(exception) == NULL)
      break;
    zval_ptr_dtor(&tmp);
    ZVAL_UNDEF(&tmp);
    if (hops == SWIRL_TOSTRING_HOPS_MAX) {
      /* Give up following; report ex with whatever text it holds. */
      drop_pending_exception();
      break;
    }
    /* What PHP's top level reports instead of ex. */
    OBJ_RELEASE(ex);
    ex = EG(exception);
    EG(exception) = NULL;
  }

  base = zend_get_exception_base(ex);
  if (Z_TYPE(tmp) == IS_STRING)
    zend_update_property_ex(base, ex, ZSTR_KNOWN(ZEND_STR_STRING), &tmp);
  else if (Z_TYPE(tmp) != IS_UNDEF)
    zend_error(E_WARNING, "%s::__toString() must return a string",
               ZSTR_VAL(ex->ce->name));
  zval_ptr_dtor(&tmp);

  str = zval_get_string(
      zend_read_property_ex(base, ex, ZSTR_KNOWN(ZEND_STR_STRING), 1, &rv));
  file = zval_get_string(
      zend_read_property_ex(base, ex, ZSTR_KNOWN(ZEND_STR_FILE), 1, &rv));
  line = zval_get_long(
      zend_read_property_ex(base, ex, ZSTR_KNOWN(ZEND_STR_LINE), 1, &rv));

  message = zend_strpprintf(0, "Uncaught %s\n  thrown", ZSTR_VAL(str));
  zend_observer_error_notify(E_ERROR | E_DONT_BAIL,
                             ZSTR_LEN(file) > 0 ? file : NULL,
                             (uint32_t) line, message);
  zend_error_cb(E_ERROR | E_DONT_BAIL, ZSTR_LEN(file) > 0 ? file : NULL,
                (uint32_t) line, message);

  zend_string_release(message);
  zend_string_release(str);
  zend_string_release(file);
  OBJ_RELEASE(ex);
}

/*
 * swirl_helper_report_uncaught(Throwable $e): void
 *
 * Reports $e exactly as PHP reports an uncaught exception at the end of a
 * script: the same "PHP Fatal error:  Uncaught ..." text, with the stack
 * trace, the previous exceptions and the "thrown in ... on line N" tail,
 * sent where display_errors, log_errors and error_log say. The text is
 * built and emitted the way zend_exception_error(E_ERROR) does it (E_ERROR
 * with E_DONT_BAIL, straight to the error callback and observers), but
 * this function returns instead of bailing out, so it is safe inside an
 * FFI callback, and the caller decides how to end. As after PHP's own
 * report, error_get_last() holds the error and the exit status of a
 * normal end of the script becomes 255 (an explicit exit() or
 * swirl_helper_exit() still chooses). A handler set with
 * set_exception_handler() is not called.
 *
 * If $e->__toString() throws, PHP's top level reports the exception thrown
 * by __toString() instead of $e, and so does this function (following up
 * to 16 such throws in a row); that exception's stack trace also shows the
 * frames of the code that called this function. No exception escapes. If
 * reporting raises a fatal error of its own (memory exhausted, say), the
 * process flushes its output and ends with _exit(255) rather than unwind
 * through C frames.
 */
ZEND_FUNCTION(swirl_helper_report_uncaught)
{
  zend_object *ex;

  ZEND_PARSE_PARAMETERS_START(1, 1)
    Z_PARAM_OBJ_OF_CLASS(ex, zend_ce_throwable)
  ZEND_PARSE_PARAMETERS_END();

  /* report_throwable() releases one reference; that one is ours, the
   * caller's stays. */
  GC_ADDREF(ex);
  zend_try {
    report_throwable(ex);
  } zend_catch {
    flush_output_and_stdio();
    _exit(255);
  } zend_end_try();

  /* A user error handler may have thrown from the warning above. */
  drop_pending_exception();
}

/*
 * swirl_helper_version(): string
 *
 * Returns the extension's version, "major.minor.patch"; it equals
 * phpversion('swirl_helper') and the Swirl library version it ships with.
 */
ZEND_FUNCTION(swirl_helper_version)
{
  ZEND_PARSE_PARAMETERS_NONE();

  RETURN_STRING(PHP_SWIRL_HELPER_VERSION);
}

/*
 * swirl_helper_register_upload(string $path, bool $on = true): bool
 *
 * With $on, records $path as a file this request received by HTTP upload,
 * in the table PHP's own multipart code keeps (SG(rfc1867_uploaded_files)),
 * so that is_uploaded_file() accepts it and move_uploaded_file() moves it;
 * the table is made, as PHP makes it, if this process has none yet.
 * Returns true (also when $path was already recorded).
 *
 * Without $on, forgets $path and returns whether it was still recorded:
 * false once move_uploaded_file() has moved it away (PHP forgets a file it
 * moves), so the caller knows whether the file is still its to remove.
 * A long-running server forgets each upload after its request this way;
 * the table would otherwise grow with every upload the process sees.
 */
ZEND_FUNCTION(swirl_helper_register_upload)
{
  zend_string *path;
  bool on = true;
  zval value;

  ZEND_PARSE_PARAMETERS_START(1, 2)
    Z_PARAM_PATH_STR(path)
    Z_PARAM_OPTIONAL
    Z_PARAM_BOOL(on)
  ZEND_PARSE_PARAMETERS_END();

  if (!on) {
    RETURN_BOOL(SG(rfc1867_uploaded_files) != NULL &&
                zend_hash_del(SG(rfc1867_uploaded_files), path) == SUCCESS);
  }
  if (SG(rfc1867_uploaded_files) == NULL) {
    /* As main/rfc1867.c makes it: values are the paths as strings (its
     * destroy_uploaded_files_hash() reads them), freed with the entry. */
    ALLOC_HASHTABLE(SG(rfc1867_uploaded_files));
    zend_hash_init(SG(rfc1867_uploaded_files), 8, NULL, ZVAL_PTR_DTOR, 0);
  }
  ZVAL_STR_COPY(&value, path);
  if (zend_hash_add(SG(rfc1867_uploaded_files), path, &value) == NULL)
    zval_ptr_dtor(&value);
  RETURN_TRUE;
}

/*
 * Hooks of internal functions (swirl_helper_hook): the function's name in
 * lower case => its hook. Only this process's function table is touched,
 * and each hooked function keeps its original handler here.
 */
typedef struct {
  zif_handler orig;
  zval hook; /* IS_UNDEF while the hook is off */
} swirl_hook;

static HashTable swirl_hooks;
static bool swirl_hooks_ready;

static void swirl_hook_free(zval *zv)
{
  swirl_hook *h = Z_PTR_P(zv);
  zval_ptr_dtor(&h->hook);
  free(h);
}

/*
 * The handler of a hooked function: calls the hook with the call's
 * arguments. A hook that returns [true, $result] has done the call, and
 * $result is its return value; any other return value runs the function
 * as PHP has it. The hook may suspend a fiber: the call waits in it.
 */
static ZEND_NAMED_FUNCTION(swirl_hook_handler)
{
  zend_string *lc = zend_string_tolower(EX(func)->common.function_name);
  swirl_hook *h = zend_hash_find_ptr(&swirl_hooks, lc);
  zend_string_release(lc);
  if (h == NULL)
    return; /* not reachable: only hooked functions get this handler */
  if (Z_TYPE(h->hook) != IS_UNDEF) {
    zval rv, hook;
    uint32_t argc = ZEND_NUM_ARGS();
    zend_result ok;
    /* The hook may be replaced while it runs: keep it alive. */
    ZVAL_COPY(&hook, &h->hook);
    ok = call_user_function(NULL, NULL, &hook, &rv, argc,
                            argc > 0 ? ZEND_CALL_ARG(execute_data, 1) : NULL);
    zval_ptr_dtor(&hook);
    if (ok != SUCCESS || EG(exception) != NULL) {
      if (ok == SUCCESS)
        zval_ptr_dtor(&rv);
      return;
    }
    if (Z_TYPE(rv) == IS_ARRAY && zend_hash_num_elements(Z_ARRVAL(rv)) == 2) {
      zval *done = zend_hash_index_find(Z_ARRVAL(rv), 0);
      zval *result = zend_hash_index_find(Z_ARRVAL(rv), 1);
      if (done != NULL && Z_TYPE_P(done) == IS_TRUE && result != NULL) {
        ZVAL_COPY(return_value, result);
        zval_ptr_dtor(&rv);
        return;
      }
    }
    zval_ptr_dtor(&rv);
  }
  h->orig(execute_data, return_value);
}

/*
 * swirl_helper_hook(string $function, ?callable $hook): bool
 *
 * Makes every later call of the internal function $function call $hook
 * with the same arguments first (see swirl_hook_handler); null turns the
 * hook off. Returns false (with a warning) when $function is not an
 * internal function. Code the JIT compiled before the hook was set may
 * still call the function directly: set hooks early.
 */
ZEND_FUNCTION(swirl_helper_hook)
{
  zend_string *name, *lc;
  zval *hook = NULL;
  zend_function *fn;
  swirl_hook *h;

  ZEND_PARSE_PARAMETERS_START(2, 2)
    Z_PARAM_STR(name)
    Z_PARAM_ZVAL_OR_NULL(hook)
  ZEND_PARSE_PARAMETERS_END();

  if (hook != NULL && !zend_is_callable(hook, 0, NULL)) {
    zend_argument_type_error(2, "must be a valid callback or null");
    RETURN_THROWS();
  }
  lc = zend_string_tolower(name);
  fn = zend_hash_find_ptr(CG(function_table), lc);
  if (fn == NULL || fn->type != ZEND_INTERNAL_FUNCTION) {
    zend_string_release(lc);
    php_error_docref(NULL, E_WARNING, "%s is not an internal function",
                     ZSTR_VAL(name));
    RETURN_FALSE;
  }
  if (!swirl_hooks_ready) {
    zend_hash_init(&swirl_hooks, 8, NULL, swirl_hook_free, 1);
    swirl_hooks_ready = true;
  }
  h = zend_hash_find_ptr(&swirl_hooks, lc);
  if (h == NULL) {
    h = calloc(1, sizeof(*h));
    if (h == NULL) {
      zend_string_release(lc);
      RETURN_FALSE;
    }
    h->orig = fn->internal_function.handler;
    ZVAL_UNDEF(&h->hook);
    zend_hash_str_add_new_ptr(&swirl_hooks, ZSTR_VAL(lc), ZSTR_LEN(lc), h);
    fn->internal_function.handler = swirl_hook_handler;
  }
  zend_string_release(lc);
  zval_ptr_dtor(&h->hook);
  ZVAL_UNDEF(&h->hook);
  if (hook != NULL)
    ZVAL_COPY(&h->hook, hook);
  RETURN_TRUE;
}

/*
 * swirl_helper_exit_filter(?callable $filter): void
 *
 * From then on every exit or die first calls $filter($status) (the int or
 * string given to exit, or null). When it returns a Throwable, that is
 * thrown where exit was, and exit does nothing else; otherwise exit goes
 * on as before (the exit hook's way when it is on). null removes the
 * filter. Swoole turns exit() inside a coroutine or a server worker into
 * a Swoole\ExitException this way.
 */
ZEND_FUNCTION(swirl_helper_exit_filter)
{
  zval *filter = NULL;

  ZEND_PARSE_PARAMETERS_START(1, 1)
    Z_PARAM_ZVAL_OR_NULL(filter)
  ZEND_PARSE_PARAMETERS_END();

  if (filter != NULL && !zend_is_callable(filter, 0, NULL)) {
    zend_argument_type_error(1, "must be a valid callback or null");
    RETURN_THROWS();
  }
  zval_ptr_dtor(&exit_filter);
  ZVAL_UNDEF(&exit_filter);
  if (filter != NULL)
    ZVAL_COPY(&exit_filter, filter);
}

/*
 * Installs the exit hook's ZEND_EXIT handler, keeping the one it replaces.
 * It must be in place before any script is compiled: an instruction gets
 * its handler when its script is compiled.
 */
static PHP_MINIT_FUNCTION(swirl_helper)
{
  prev_exit_handler = zend_get_user_opcode_handler(ZEND_EXIT);
  zend_set_user_opcode_handler(ZEND_EXIT, swirl_exit_handler);
  return SUCCESS;
}

/*
 * Puts back the ZEND_EXIT handler found at startup, unless an extension
 * loaded later replaced this one's meanwhile (it then owns the slot).
 */
static PHP_MSHUTDOWN_FUNCTION(swirl_helper)
{
  if (zend_get_user_opcode_handler(ZEND_EXIT) == swirl_exit_handler)
    zend_set_user_opcode_handler(ZEND_EXIT, prev_exit_handler);
  return SUCCESS;
}

/*
 * At the end of the request the hooks go (their callables belong to it)
 * and every hooked function gets its own handler back.
 */
static PHP_RSHUTDOWN_FUNCTION(swirl_helper)
{
  zend_string *name;
  swirl_hook *h;

  zval_ptr_dtor(&exit_filter);
  ZVAL_UNDEF(&exit_filter);
  if (!swirl_hooks_ready)
    return SUCCESS;
  ZEND_HASH_FOREACH_STR_KEY_PTR(&swirl_hooks, name, h) {
    zend_function *fn = zend_hash_find_ptr(CG(function_table), name);
    if (fn != NULL && fn->type == ZEND_INTERNAL_FUNCTION &&
        fn->internal_function.handler == swirl_hook_handler)
      fn->internal_function.handler = h->orig;
  } ZEND_HASH_FOREACH_END();
  zend_hash_destroy(&swirl_hooks);
  swirl_hooks_ready = false;
  return SUCCESS;
}

static PHP_MINFO_FUNCTION(swirl_helper)
{
  php_info_print_table_start();
  php_info_print_table_row(2, "swirl_helper support", "enabled");
  php_info_print_table_row(2, "Version", PHP_SWIRL_HELPER_VERSION);
  php_info_print_table_row(2, "Inherited pcntl signal queue",
                           find_pcntl_globals() != NULL
                               ? "dropped after fork"
                               : "kept (pcntl absent or layout unknown)");
  php_info_print_table_row(2, "exit() hook",
                           zend_get_user_opcode_handler(ZEND_EXIT) ==
                                   swirl_exit_handler
                               ? "installed"
                               : "replaced by another extension");
  php_info_print_table_end();
}

zend_module_entry swirl_helper_module_entry = {
  STANDARD_MODULE_HEADER,
  "swirl_helper",
  ext_functions,
  PHP_MINIT(swirl_helper),
  PHP_MSHUTDOWN(swirl_helper),
  NULL, /* RINIT */
  PHP_RSHUTDOWN(swirl_helper),
  PHP_MINFO(swirl_helper),
  PHP_SWIRL_HELPER_VERSION,
  STANDARD_MODULE_PROPERTIES
};

#ifdef COMPILE_DL_SWIRL_HELPER
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(swirl_helper)
#endif
