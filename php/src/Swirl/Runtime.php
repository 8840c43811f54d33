<?php
/*
 * Runtime.php: process-wide state and PHP-runtime services shared by the
 * Swoole-compatible classes: the last error number, PHP-style error
 * reports at the caller's line, uncaught-exception reports, ending a
 * process, and repairing the PHP runtime in a forked child.
 */

// No strict_types here: user error handlers are called from this file, and Swoole
// calls them from C, in coercive mode (an int $fd reaches a `string $fd`
// parameter as "1", not as a TypeError).

namespace Swirl;

use Swirl\FFI\Library;

/**
 * @internal Not part of the Swoole API; used by the classes in php/src.
 */
final class Runtime
{
    /** Swoole's last error number (swoole_last_error(), getLastError()). */
    public static int $lastError = 0;

    /** Set once the "helper extension missing" notice has been printed. */
    private static bool $helperNoticeShown = false;

    private static ?int $cpuNum = null;

    private function __construct()
    {
    }

    // ------------------------------------------------------------ errors

    /**
     * Records a failed core call: the negative SWIRL_E* code becomes
     * Swoole's positive error number. Returns that number.
     */
    public static function fail(int $rc): int
    {
        return self::$lastError = self::swooleErrno($rc);
    }

    /** The Swoole error number for a negative core code. */
    public static function swooleErrno(int $rc): int
    {
        return \SWIRL_SWOOLE_ERRNO_FIX[$rc] ?? -$rc;
    }

    /**
     * swoole_strerror(): Swoole's sentence for one of its numbers, the
     * system's for an errno, as Swoole 4.8 chooses between them.
     */
    public static function strerror(int $errno, int $type = 0): string
    {
        if ($type === 1) { // SWOOLE_STRERROR_GAI
            return self::GAI_ERRORS[$errno] ?? 'Unknown error';
        }
        if ($type === 2) { // SWOOLE_STRERROR_DNS
            return self::DNS_ERRORS[$errno] ?? 'Unknown resolver error';
        }
        if ($type === 9 || ($errno > 500 && $errno < 10019)) {
            if (isset(\SWIRL_SWOOLE_STRERROR[$errno])) {
                return \SWIRL_SWOOLE_STRERROR[$errno];
            }
            // A number only Swirl uses: ask the library when it is loaded.
            if ($errno > 0 && Library::isLoaded()) {
                return (string) Library::get()->swirl_strerror(-$errno);
            }
            return "Unknown error $errno";
        }
        if (\function_exists('posix_strerror')) {
            return \posix_strerror($errno);
        }
        if (\function_exists('socket_strerror')) {
            return \socket_strerror($errno);
        }
        return "Unknown error $errno";
    }

    /**
     * Reports an error as PHP reports one raised by an internal function:
     * "<Function>(): <message>" at the line of user code that called into
     * Swirl. E_ERROR ends the process with status 255, as PHP's fatal
     * errors do.
     *
     * $function is the Swoole method the message belongs to, e.g.
     * 'Swoole\Server::set', or '' for no prefix.
     */
    public static function error(int $level, string $function, string $message): void
    {
        [$file, $line] = self::callerLocation();
        $text = $function === '' ? $message : "$function(): $message";
        self::emit($level, $text, $file, $line);
        if ($level === \E_ERROR) {
            self::exitProcess(255);
        }
    }

    /**
     * Emits one PHP error at $file:$line with PHP's own rules: a user
     * error handler first (not for fatal errors), then error_reporting,
     * log_errors ("PHP Warning:  ..." to the log, stderr in the CLI) and
     * display_errors. The native helper does it inside PHP when loaded.
     */
    public static function emit(int $level, string $message, string $file, int $line): void
    {
        if (\function_exists('swirl_helper_error')) {
            \swirl_helper_error($level, $message, $file, $line);
            return;
        }
        $fatal = ($level & (\E_ERROR | \E_CORE_ERROR | \E_COMPILE_ERROR | \E_PARSE)) !== 0;
        if (!$fatal) {
            $handler = \set_error_handler(null);
            \restore_error_handler();
            if ($handler !== null) {
                if ($handler($level, $message, $file, $line) !== false) {
                    return;
                }
            }
        }
        if ((\error_reporting() & $level) === 0) {
            return;
        }
        $type = self::errorTypeName($level);
        if (\filter_var(\ini_get('log_errors'), \FILTER_VALIDATE_BOOLEAN)) {
            \error_log("PHP $type:  $message in $file on line $line");
        }
        $display = \strtolower((string) \ini_get('display_errors'));
        if ($display === 'stderr') {
            \fwrite(\STDERR, "$type: $message in $file on line $line\n");
        } elseif (\in_array($display, ['1', 'on', 'yes', 'true', 'stdout'], true)) {
            echo \ini_get('error_prepend_string'), "\n$type: $message in $file on line $line\n",
                \ini_get('error_append_string');
        }
    }

    /**
     * Reports a Throwable that escaped a callback exactly as PHP reports
     * an uncaught exception ("PHP Fatal error:  Uncaught ...").
     */
    public static function reportUncaught(\Throwable $e): void
    {
        self::hideInternalFrames($e);
        if (\function_exists('swirl_helper_report_uncaught')) {
            \swirl_helper_report_uncaught($e);
            return;
        }
        try {
            $text = (string) $e;
        } catch (\Throwable) {
            $text = \get_class($e) . ': ' . $e->getMessage();
        }
        self::emit(\E_ERROR, "Uncaught $text\n  thrown", $e->getFile(), $e->getLine());
    }

    /**
     * reportUncaught(), for the places that must go on whatever happens
     * (a process about to end): a failure of the report itself is dropped.
     */
    public static function reportUncaughtSafely(\Throwable $e): void
    {
        try {
            self::reportUncaught($e);
        } catch (\Throwable) {
        }
    }

    /**
     * Makes a Throwable look as if PHP's engine had raised it in an
     * internal function: its file and line become those of the user code
     * that called into php/src, and its trace (and its previous ones')
     * loses Swirl's own frames. Returns $e.
     */
    public static function asInternal(\Throwable $e): \Throwable
    {
        [$file, $line] = self::callerLocation();
        $base = $e instanceof \Exception ? \Exception::class : \Error::class;
        (new \ReflectionProperty($base, 'file'))->setValue($e, $file);
        (new \ReflectionProperty($base, 'line'))->setValue($e, $line);
        self::hideInternalFrames($e);
        return $e;
    }

    /**
     * Removes Swirl's frames from the stack traces of $e and of its
     * previous Throwables, so that a report reads as it does under Swoole:
     * a callback called by the server shows as called from
     * "[internal function]", and the dispatcher and FFI frames vanish.
     */
    public static function hideInternalFrames(\Throwable $e): void
    {
        $src = \dirname(__DIR__);
        $len = \strlen($src);
        for ($t = $e, $hops = 0; $t !== null && $hops < 16; $t = $t->getPrevious(), $hops++) {
            $out = [];
            $changed = false;
            foreach ($t->getTrace() as $frame) {
                $file = $frame['file'] ?? null;
                if ($file !== null && \strncmp($file, $src, $len) === 0) {
                    $changed = true;
                    $class = \strtolower($frame['class'] ?? '');
                    if ($class === 'ffi' || isset(Autoload::CLASSES[$class])) {
                        continue; // A call into Swirl's own code.
                    }
                    unset($frame['file'], $frame['line']); // Swirl called user code.
                }
                $out[] = $frame;
            }
            if ($changed) {
                $base = $t instanceof \Exception ? \Exception::class : \Error::class;
                (new \ReflectionProperty($base, 'trace'))->setValue($t, $out);
            }
        }
    }

    /**
     * Ends this process at once with $code: PHP's output buffers are
     * flushed, the parent's shutdown functions and destructors are not run
     * (they belong to the master). Never returns.
     */
    public static function exitProcess(int $code): never
    {
        while (\ob_get_level() > 0 && @\ob_end_flush()) {
        }
        if (\function_exists('swirl_helper_exit')) {
            \swirl_helper_exit($code);
        }
        if (Library::isLoaded()) {
            Library::get()->swirl_process_exit($code);
        }
        exit($code);
    }

    /**
     * The file and line of the user code that called into php/src: the
     * location PHP gives to errors raised by an internal function.
     */
    public static function callerLocation(): array
    {
        $src = \dirname(__DIR__);
        $len = \strlen($src);
        foreach (\debug_backtrace(\DEBUG_BACKTRACE_IGNORE_ARGS) as $frame) {
            if (isset($frame['file']) && \strncmp($frame['file'], $src, $len) !== 0) {
                return [$frame['file'], $frame['line'] ?? 0];
            }
        }
        return ['Unknown', 0];
    }

    /**
     * The user's part of the call stack, in debug_print_backtrace()'s
     * format, numbered from $first; frames inside php/src are skipped.
     */
    public static function userBacktrace(int $first): string
    {
        $src = \dirname(__DIR__);
        $len = \strlen($src);
        $frames = \debug_backtrace(\DEBUG_BACKTRACE_IGNORE_ARGS);
        $out = '';
        $n = $first;
        $seenUser = false;
        foreach ($frames as $frame) {
            $file = $frame['file'] ?? null;
            if (!$seenUser) {
                if ($file === null || \strncmp($file, $src, $len) === 0) {
                    continue;
                }
                $seenUser = true;
            }
            $where = $file === null ? '[internal function]' : $file . '(' . ($frame['line'] ?? 0) . ')';
            $call = isset($frame['class']) ? $frame['class'] . ($frame['type'] ?? '->') : '';
            $out .= "#$n $where: $call{$frame['function']}()\n";
            $n++;
        }
        return $out;
    }

    private static function errorTypeName(int $level): string
    {
        return match ($level) {
            \E_ERROR, \E_CORE_ERROR, \E_COMPILE_ERROR, \E_USER_ERROR => 'Fatal error',
            \E_RECOVERABLE_ERROR => 'Recoverable fatal error',
            \E_WARNING, \E_CORE_WARNING, \E_COMPILE_WARNING, \E_USER_WARNING => 'Warning',
            \E_PARSE => 'Parse error',
            \E_NOTICE, \E_USER_NOTICE => 'Notice',
            \E_DEPRECATED, \E_USER_DEPRECATED => 'Deprecated',
            default => 'Unknown error',
        };
    }

    // --------------------------------------------------------- arguments

    /**
     * An integer argument the way an internal function parses one in
     * coercive mode (zend_parse_parameters' "l"): numbers, numeric strings,
     * booleans and null convert; anything else is a TypeError naming the
     * argument.
     */
    public static function argInt(mixed $v, string $function, int $n, string $name): int
    {
        if (\is_int($v)) {
            return $v;
        }
        if (\is_float($v) && \is_finite($v)) {
            return (int) $v;
        }
        if (\is_bool($v) || $v === null) {
            return (int) $v;
        }
        if (\is_string($v) && \is_numeric($v)) {
            return \preg_match('/^\s*[+-]?\d+\s*$/', $v) ? (int) $v : (int) (float) $v;
        }
        throw self::asInternal(new \TypeError("$function(): Argument #$n (\$$name) must be of type int, "
            . \get_debug_type($v) . ' given'));
    }

    /**
     * A callable argument as zend_parse_parameters' "f" takes one: a
     * Closure comes back as it is, anything else callable as a Closure;
     * otherwise a TypeError with PHP's "must be a valid callback" reason.
     */
    public static function argCallable(mixed $v, string $function, int $n, string $name): \Closure
    {
        if ($v instanceof \Closure) {
            return $v;
        }
        if (\is_callable($v)) {
            return \Closure::fromCallable($v);
        }
        if (\is_string($v)) {
            $reason = \str_contains($v, '::')
                ? 'class "' . \strstr($v, '::', true) . '" not found'
                : "function \"$v\" not found or invalid function name";
            if (\str_contains($v, '::') && \class_exists(\strstr($v, '::', true))) {
                $reason = 'class ' . \strstr($v, '::', true) . ' does not have a method "'
                    . \substr(\strstr($v, '::'), 2) . '"';
            }
        } elseif (\is_array($v)) {
            if (\count($v) !== 2 || !isset($v[0], $v[1])) {
                $reason = 'array callback must have exactly two members';
            } elseif (\is_object($v[0]) || (\is_string($v[0]) && \class_exists($v[0]))) {
                $class = \is_object($v[0]) ? \get_class($v[0]) : $v[0];
                $reason = "class $class does not have a method \"" . $v[1] . '"';
            } else {
                $reason = 'class "' . (\is_string($v[0]) ? $v[0] : '') . '" not found';
            }
        } else {
            $reason = 'no array or string given';
        }
        throw self::asInternal(new \TypeError("$function(): Argument #$n (\$$name) must be a valid callback, $reason"));
    }

    /** A string argument as zend_parse_parameters' "s" takes one. */
    public static function argString(mixed $v, string $function, int $n, string $name): string
    {
        if (\is_string($v)) {
            return $v;
        }
        if (\is_int($v) || \is_float($v) || \is_bool($v) || $v === null
            || $v instanceof \Stringable) {
            return (string) $v;
        }
        throw self::asInternal(new \TypeError("$function(): Argument #$n (\$$name) must be of type string, "
            . \get_debug_type($v) . ' given'));
    }

    // --------------------------------------------------------- processes

    /**
     * Repairs the PHP runtime in a process the core has just forked (the
     * first event there is MANAGER_START or WORKER_START). The native
     * helper does it fully; without it, the random generators are
     * reseeded so that workers do not repeat each other's sequences.
     * $keepSignalMask keeps the signals the core blocked blocked (the
     * helper would empty the mask); without pcntl to restore the mask the
     * helper is then skipped and only the generators are reseeded.
     */
    public static function afterFork(bool $keepSignalMask = false): void
    {
        // exit() in a callback ends this process at once, cleanly (an FFI
        // callback cannot unwind through C), and the manager replaces it.
        if (\function_exists('swirl_helper_exit_hook')) {
            \swirl_helper_exit_hook(true);
        }
        if (\function_exists('swirl_helper_after_fork')) {
            if (!$keepSignalMask) {
                \swirl_helper_after_fork();
                return;
            }
            // The helper empties the signal mask; put the core's back.
            if (\function_exists('pcntl_sigprocmask')
                && @\pcntl_sigprocmask(\SIG_BLOCK, [], $mask)) {
                \swirl_helper_after_fork();
                \pcntl_sigprocmask(\SIG_SETMASK, $mask);
                return;
            }
        }
        \mt_srand(\random_int(\PHP_INT_MIN, \PHP_INT_MAX));
    }

    /**
     * Prints, once per server start, that the native helper is missing
     * and what that costs. Called in the master before anything forks.
     */
    public static function noticeMissingHelper(): void
    {
        if (self::$helperNoticeShown || \function_exists('swirl_helper_after_fork')) {
            return;
        }
        self::$helperNoticeShown = true;
        \fwrite(\STDERR, "Swirl: notice: the swirl_helper extension is not loaded;"
            . " forked processes get a PHP-level repair only (run scripts with php/bin/swirl-php"
            . " after `make`)\n");
    }

    /** swoole_cpu_num(): the number of online CPUs. */
    public static function cpuNum(): int
    {
        if (self::$cpuNum !== null) {
            return self::$cpuNum;
        }
        $n = 0;
        $online = @\file_get_contents('/sys/devices/system/cpu/online');
        if (\is_string($online)) {
            foreach (\explode(',', \trim($online)) as $range) {
                $ends = \explode('-', $range);
                $n += \count($ends) === 2 ? (int) $ends[1] - (int) $ends[0] + 1 : 1;
            }
        }
        if ($n < 1) {
            $info = @\file_get_contents('/proc/cpuinfo');
            $n = \is_string($info) ? \preg_match_all('/^processor\s*:/m', $info) : 0;
        }
        return self::$cpuNum = \max(1, $n);
    }

    private const GAI_ERRORS = [
        -1 => 'Bad value for ai_flags', -2 => 'Name or service not known',
        -3 => 'Temporary failure in name resolution',
        -4 => 'Non-recoverable failure in name resolution',
        -5 => 'No address associated with hostname', -6 => 'ai_family not supported',
        -7 => 'ai_socktype not supported', -8 => 'Servname not supported for ai_socktype',
        -9 => 'Address family for hostname not supported',
        -10 => 'Memory allocation failure', -11 => 'System error',
        -12 => 'Argument buffer overflow',
    ];

    private const DNS_ERRORS = [
        1 => 'Unknown host', 2 => 'Host name lookup failure',
        3 => 'Unknown server error', 4 => 'No address associated with name',
    ];

    /**
     * The descriptor number behind a PHP stream resource or a Socket,
     * found through /proc by the inode it refers to (PHP has no function
     * for it); -1 if it cannot be told.
     */
    public static function fdOf(mixed $sock): int
    {
        if ($sock instanceof \Socket) {
            $sock = @\socket_export_stream($sock);
        }
        $st = \is_resource($sock) ? @\fstat($sock) : false;
        if (!\is_array($st)) {
            return -1;
        }
        foreach (@\scandir('/proc/self/fd') ?: [] as $fd) {
            if (!\is_numeric($fd)) {
                continue;
            }
            $t = @\stat("/proc/self/fd/$fd");
            if (\is_array($t) && $t['ino'] === $st['ino'] && $t['dev'] === $st['dev']) {
                return (int) $fd;
            }
        }
        return -1;
    }

    /**
     * The public properties of $object, as var_dump() shows them for
     * Swoole's classes (theirs have no private state a user can see).
     */
    public static function publicVars(object $object): array
    {
        // A closure without a class scope sees only public properties.
        static $read = null;
        $read ??= \Closure::bind(static fn (object $o): array => \get_object_vars($o), null, null);
        return $read($object);
    }

    /**
     * The part of $data that swoole_substr_unserialize() and
     * swoole_substr_json_decode() read: from $offset (from the end when
     * negative), $length bytes (the rest when 0 or less); null when there
     * is none.
     */
    public static function substrOf(string $fn, mixed $data, mixed $offset, mixed $length): ?string
    {
        $data = self::argString($data, $fn, 1, 'data');
        $offset = self::argInt($offset, $fn, 2, 'offset');
        $length = self::argInt($length, $fn, 3, 'length');
        $n = \strlen($data);
        if ($offset < 0) {
            $offset += $n;
        }
        if ($n === 0 || $offset < 0 || $n <= $offset) {
            return null;
        }
        return \substr($data, $offset, $length > 0 ? $length : null);
    }
}
