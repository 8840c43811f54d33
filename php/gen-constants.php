<?php
/*
 * gen-constants.php: writes php/src/constants.php and
 * php/src/Swirl/FFI/Abi.php from abi/swirl.h.
 *
 *   php php/gen-constants.php          regenerate both files
 *   php php/gen-constants.php --check  exit 1 if either file contradicts
 *                                      the header (constants added to the
 *                                      header since are only reported)
 *
 * Values that the header defines (modes, socket types, log levels, event
 * types, error codes) are read from its enums, so the PHP constants can
 * never drift from the ABI. Swoole's other constants (dispatch modes, task
 * flags, error numbers the core does not use yet, ...) have no place in the
 * ABI; they are listed below with the values Swoole 4.8 registers, and every
 * one that the header also defines is checked against it.
 */

declare(strict_types=1);

const SWOOLE_API_VERSION = '4.8.13';

$root = dirname(__DIR__);
$header = $root . '/abi/swirl.h';
$outConstants = $root . '/php/src/constants.php';
$outAbi = $root . '/php/src/Swirl/FFI/Abi.php';

/**
 * Parses every `enum name { A = 1, B = -2 };` block of a C header.
 *
 * Returns [enum name => [constant => int]]. Only literal values are
 * accepted (the ABI's rule); anything else stops the generator.
 */
function parse_enums(string $src): array
{
    $src = preg_replace('~/\*.*?\*/~s', '', $src);
    $src = preg_replace('~//[^\n]*~', '', $src);
    preg_match_all('~\benum\s+(\w+)\s*\{(.*?)\}~s', $src, $m, PREG_SET_ORDER);
    $enums = [];
    foreach ($m as [, $name, $body]) {
        $next = 0;
        foreach (explode(',', $body) as $item) {
            $item = trim($item);
            if ($item === '') {
                continue;
            }
            if (preg_match('~^(\w+)\s*=\s*(-?\s*\d+)$~', $item, $v)) {
                $next = (int) str_replace(' ', '', $v[2]);
                $enums[$name][$v[1]] = $next;
            } elseif (preg_match('~^(\w+)$~', $item, $v)) {
                $enums[$name][$v[1]] = $next;
            } else {
                fwrite(STDERR, "gen-constants: cannot parse '$item' in enum $name\n");
                exit(1);
            }
            $next++;
        }
    }
    return $enums;
}

/** Reads `#define NAME <int>` lines (the version macros). */
function parse_defines(string $src): array
{
    preg_match_all('~^#define\s+(SWIRL_\w+)\s+(\d+)\s*$~m', $src, $m, PREG_SET_ORDER);
    $out = [];
    foreach ($m as [, $name, $value]) {
        $out[$name] = (int) $value;
    }
    return $out;
}

// Swoole 4.8's error numbers (include/swoole_error.h), by their names
// without the SWOOLE_ERROR_ prefix. swoole_strerror() derives its sentences
// from these names the way Swoole's own table does.
const SWOOLE_ERRORS = [
    'MALLOC_FAIL' => 501, 'SYSTEM_CALL_FAIL' => 502, 'PHP_FATAL_ERROR' => 503,
    'NAME_TOO_LONG' => 504, 'INVALID_PARAMS' => 505, 'QUEUE_FULL' => 506,
    'OPERATION_NOT_SUPPORT' => 507, 'PROTOCOL_ERROR' => 508,
    'WRONG_OPERATION' => 509,
    'FILE_NOT_EXIST' => 700, 'FILE_TOO_LARGE' => 701, 'FILE_EMPTY' => 702,
    'DNSLOOKUP_DUPLICATE_REQUEST' => 710, 'DNSLOOKUP_RESOLVE_FAILED' => 711,
    'DNSLOOKUP_RESOLVE_TIMEOUT' => 712, 'DNSLOOKUP_UNSUPPORTED' => 713,
    'DNSLOOKUP_NO_SERVER' => 714,
    'BAD_IPV6_ADDRESS' => 720, 'UNREGISTERED_SIGNAL' => 721,
    'EVENT_SOCKET_REMOVED' => 800, 'EVENT_SOCKET_INVALID' => 801,
    'SESSION_CLOSED_BY_SERVER' => 1001, 'SESSION_CLOSED_BY_CLIENT' => 1002,
    'SESSION_CLOSING' => 1003, 'SESSION_CLOSED' => 1004,
    'SESSION_NOT_EXIST' => 1005, 'SESSION_INVALID_ID' => 1006,
    'SESSION_DISCARD_TIMEOUT_DATA' => 1007, 'SESSION_DISCARD_DATA' => 1008,
    'OUTPUT_BUFFER_OVERFLOW' => 1009, 'OUTPUT_SEND_YIELD' => 1010,
    'SSL_NOT_READY' => 1011, 'SSL_CANNOT_USE_SENFILE' => 1012,
    'SSL_EMPTY_PEER_CERTIFICATE' => 1013, 'SSL_VERIFY_FAILED' => 1014,
    'SSL_BAD_CLIENT' => 1015, 'SSL_BAD_PROTOCOL' => 1016, 'SSL_RESET' => 1017,
    'SSL_HANDSHAKE_FAILED' => 1018,
    'PACKAGE_LENGTH_TOO_LARGE' => 1201, 'PACKAGE_LENGTH_NOT_FOUND' => 1202,
    'DATA_LENGTH_TOO_LARGE' => 1203, 'PACKAGE_MALFORMED_DATA' => 1204,
    'TASK_PACKAGE_TOO_BIG' => 2001, 'TASK_DISPATCH_FAIL' => 2002,
    'TASK_TIMEOUT' => 2003,
    'HTTP2_STREAM_ID_TOO_BIG' => 3001, 'HTTP2_STREAM_NO_HEADER' => 3002,
    'HTTP2_STREAM_NOT_FOUND' => 3003, 'HTTP2_STREAM_IGNORE' => 3004,
    'HTTP2_SEND_CONTROL_FRAME_FAILED' => 3005,
    'AIO_BAD_REQUEST' => 4001, 'AIO_CANCELED' => 4002, 'AIO_TIMEOUT' => 4003,
    'CLIENT_NO_CONNECTION' => 5001,
    'SOCKET_CLOSED' => 6001, 'SOCKET_POLL_TIMEOUT' => 6002,
    'SOCKS5_UNSUPPORT_VERSION' => 7001, 'SOCKS5_UNSUPPORT_METHOD' => 7002,
    'SOCKS5_AUTH_FAILED' => 7003, 'SOCKS5_SERVER_ERROR' => 7004,
    'SOCKS5_HANDSHAKE_FAILED' => 7005,
    'HTTP_PROXY_HANDSHAKE_ERROR' => 7101, 'HTTP_INVALID_PROTOCOL' => 7102,
    'HTTP_PROXY_HANDSHAKE_FAILED' => 7103, 'HTTP_PROXY_BAD_RESPONSE' => 7104,
    'WEBSOCKET_BAD_CLIENT' => 8501, 'WEBSOCKET_BAD_OPCODE' => 8502,
    'WEBSOCKET_UNCONNECTED' => 8503, 'WEBSOCKET_HANDSHAKE_FAILED' => 8504,
    'WEBSOCKET_PACK_FAILED' => 8505, 'WEBSOCKET_UNPACK_FAILED' => 8506,
    'WEBSOCKET_INCOMPLETE_PACKET' => 8507,
    'SERVER_MUST_CREATED_BEFORE_CLIENT' => 9001,
    'SERVER_TOO_MANY_SOCKET' => 9002, 'SERVER_WORKER_TERMINATED' => 9003,
    'SERVER_INVALID_LISTEN_PORT' => 9004,
    'SERVER_TOO_MANY_LISTEN_PORT' => 9005, 'SERVER_PIPE_BUFFER_FULL' => 9006,
    'SERVER_NO_IDLE_WORKER' => 9007, 'SERVER_ONLY_START_ONE' => 9008,
    'SERVER_SEND_IN_MASTER' => 9009, 'SERVER_INVALID_REQUEST' => 9010,
    'SERVER_CONNECT_FAIL' => 9011, 'SERVER_INVALID_COMMAND' => 9012,
    'SERVER_IS_NOT_REGULAR_FILE' => 9013,
    'SERVER_WORKER_EXIT_TIMEOUT' => 9101,
    'SERVER_WORKER_ABNORMAL_PIPE_DATA' => 9102,
    'SERVER_WORKER_UNPROCESSED_DATA' => 9103,
    'CO_OUT_OF_COROUTINE' => 10001, 'CO_HAS_BEEN_BOUND' => 10002,
    'CO_HAS_BEEN_DISCARDED' => 10003, 'CO_MUTEX_DOUBLE_UNLOCK' => 10004,
    'CO_BLOCK_OBJECT_LOCKED' => 10005, 'CO_BLOCK_OBJECT_WAITING' => 10006,
    'CO_YIELD_FAILED' => 10007, 'CO_GETCONTEXT_FAILED' => 10008,
    'CO_SWAPCONTEXT_FAILED' => 10009, 'CO_MAKECONTEXT_FAILED' => 10010,
    'CO_IOCPINIT_FAILED' => 10011, 'CO_PROTECT_STACK_FAILED' => 10012,
    'CO_STD_THREAD_LINK_ERROR' => 10013, 'CO_DISABLED_MULTI_THREAD' => 10014,
    'CO_CANNOT_CANCEL' => 10015, 'CO_NOT_EXISTS' => 10016,
    'CO_CANCELED' => 10017, 'CO_TIMEDOUT' => 10018,
];

// Swoole 4.8's other constants that a server script may use. Values as
// Swoole registers them (ext-src/php_swoole.cc, swoole_server.cc,
// swoole_websocket_server.cc).
const SWOOLE_OTHER = [
    'SWOOLE_SOCK_SYNC' => false, 'SWOOLE_SOCK_ASYNC' => true,
    'SWOOLE_SYNC' => 2048, 'SWOOLE_ASYNC' => 1024, 'SWOOLE_KEEP' => 4096,
    'SWOOLE_SSLv3_METHOD' => 1, 'SWOOLE_SSLv3_SERVER_METHOD' => 2,
    'SWOOLE_SSLv3_CLIENT_METHOD' => 3, 'SWOOLE_TLSv1_METHOD' => 6,
    'SWOOLE_TLSv1_SERVER_METHOD' => 7, 'SWOOLE_TLSv1_CLIENT_METHOD' => 8,
    'SWOOLE_TLSv1_1_METHOD' => 9, 'SWOOLE_TLSv1_1_SERVER_METHOD' => 10,
    'SWOOLE_TLSv1_1_CLIENT_METHOD' => 11, 'SWOOLE_TLSv1_2_METHOD' => 12,
    'SWOOLE_TLSv1_2_SERVER_METHOD' => 13, 'SWOOLE_TLSv1_2_CLIENT_METHOD' => 14,
    'SWOOLE_DTLS_SERVER_METHOD' => 16, 'SWOOLE_DTLS_CLIENT_METHOD' => 15,
    'SWOOLE_SSLv23_METHOD' => 0, 'SWOOLE_SSLv23_SERVER_METHOD' => 4,
    'SWOOLE_SSLv23_CLIENT_METHOD' => 5, 'SWOOLE_TLS_METHOD' => 0,
    'SWOOLE_TLS_SERVER_METHOD' => 4, 'SWOOLE_TLS_CLIENT_METHOD' => 5,
    'SWOOLE_SSL_TLSv1' => 8, 'SWOOLE_SSL_TLSv1_1' => 16,
    'SWOOLE_SSL_TLSv1_2' => 32, 'SWOOLE_SSL_TLSv1_3' => 64,
    'SWOOLE_SSL_DTLS' => 128, 'SWOOLE_SSL_SSLv2' => 2,
    'SWOOLE_EVENT_READ' => 512, 'SWOOLE_EVENT_WRITE' => 1024,
    'SWOOLE_STRERROR_SYSTEM' => 0, 'SWOOLE_STRERROR_GAI' => 1,
    'SWOOLE_STRERROR_DNS' => 2, 'SWOOLE_STRERROR_SWOOLE' => 9,
    'SWOOLE_LOG_ROTATION_SINGLE' => 0, 'SWOOLE_LOG_ROTATION_MONTHLY' => 1,
    'SWOOLE_LOG_ROTATION_DAILY' => 2, 'SWOOLE_LOG_ROTATION_HOURLY' => 3,
    'SWOOLE_LOG_ROTATION_EVERY_MINUTE' => 4,
    'SWOOLE_IPC_NONE' => 0, 'SWOOLE_IPC_UNIXSOCK' => 1, 'SWOOLE_IPC_SOCKET' => 3,
    'SWOOLE_IOV_MAX' => 1024,
    'SWOOLE_IPC_UNSOCK' => 1, 'SWOOLE_IPC_MSGQUEUE' => 2,
    'SWOOLE_IPC_PREEMPTIVE' => 3,
    'SWOOLE_SERVER_COMMAND_MASTER' => 2, 'SWOOLE_SERVER_COMMAND_MANAGER' => 32,
    'SWOOLE_SERVER_COMMAND_REACTOR_THREAD' => 4,
    'SWOOLE_SERVER_COMMAND_EVENT_WORKER' => 8,
    'SWOOLE_SERVER_COMMAND_WORKER' => 8,
    'SWOOLE_SERVER_COMMAND_TASK_WORKER' => 16,
    'SWOOLE_DISPATCH_ROUND' => 1, 'SWOOLE_DISPATCH_FDMOD' => 2,
    'SWOOLE_DISPATCH_IDLE_WORKER' => 3, 'SWOOLE_DISPATCH_IPMOD' => 4,
    'SWOOLE_DISPATCH_UIDMOD' => 5, 'SWOOLE_DISPATCH_USERFUNC' => 6,
    'SWOOLE_DISPATCH_STREAM' => 7, 'SWOOLE_DISPATCH_CO_CONN_LB' => 8,
    'SWOOLE_DISPATCH_CO_REQ_LB' => 9,
    'SWOOLE_DISPATCH_RESULT_DISCARD_PACKET' => -1,
    'SWOOLE_DISPATCH_RESULT_CLOSE_CONNECTION' => -2,
    'SWOOLE_DISPATCH_RESULT_USERFUNC_FALLBACK' => -3,
    'SWOOLE_TASK_TMPFILE' => 1, 'SWOOLE_TASK_SERIALIZE' => 2,
    'SWOOLE_TASK_NONBLOCK' => 4, 'SWOOLE_TASK_CALLBACK' => 8,
    'SWOOLE_TASK_WAITALL' => 16, 'SWOOLE_TASK_COROUTINE' => 32,
    'SWOOLE_TASK_PEEK' => 64, 'SWOOLE_TASK_NOREPLY' => 128,
    'SWOOLE_WORKER_BUSY' => 1, 'SWOOLE_WORKER_IDLE' => 2,
    'SWOOLE_WORKER_EXIT' => 3,
    'SWOOLE_CHANNEL_OK' => 0, 'SWOOLE_CHANNEL_TIMEOUT' => -1,
    'SWOOLE_CHANNEL_CLOSED' => -2, 'SWOOLE_CHANNEL_CANCELED' => -3,
    'SWOOLE_DEFAULT_MAX_CORO_NUM' => 100000, 'SWOOLE_CORO_MAX_NUM_LIMIT' => \PHP_INT_MAX,
    'SWOOLE_HOOK_TCP' => 2, 'SWOOLE_HOOK_UDP' => 4, 'SWOOLE_HOOK_UNIX' => 8,
    'SWOOLE_HOOK_UDG' => 16, 'SWOOLE_HOOK_SSL' => 32, 'SWOOLE_HOOK_TLS' => 64,
    'SWOOLE_HOOK_STREAM_FUNCTION' => 128, 'SWOOLE_HOOK_STREAM_SELECT' => 128,
    'SWOOLE_HOOK_FILE' => 256, 'SWOOLE_HOOK_SLEEP' => 512, 'SWOOLE_HOOK_PROC' => 1024,
    'SWOOLE_HOOK_CURL' => 2048, 'SWOOLE_HOOK_NATIVE_CURL' => 4096,
    'SWOOLE_HOOK_BLOCKING_FUNCTION' => 8192, 'SWOOLE_HOOK_SOCKETS' => 16384,
    'SWOOLE_HOOK_STDIO' => 32768, 'SWOOLE_HOOK_ALL' => 0x7fffffff ^ 2048,
    'SWOOLE_EXIT_IN_COROUTINE' => 2, 'SWOOLE_EXIT_IN_SERVER' => 4,
    'SWOOLE_CORO_INIT' => 0, 'SWOOLE_CORO_WAITING' => 1,
    'SWOOLE_CORO_RUNNING' => 2, 'SWOOLE_CORO_END' => 3,
    'SWOOLE_WEBSOCKET_STATUS_CONNECTION' => 1,
    'SWOOLE_WEBSOCKET_STATUS_HANDSHAKE' => 2,
    'SWOOLE_WEBSOCKET_STATUS_ACTIVE' => 3,
    'SWOOLE_WEBSOCKET_STATUS_CLOSING' => 4,
    'SWOOLE_WEBSOCKET_OPCODE_CONTINUATION' => 0,
    'SWOOLE_WEBSOCKET_OPCODE_TEXT' => 1, 'SWOOLE_WEBSOCKET_OPCODE_BINARY' => 2,
    'SWOOLE_WEBSOCKET_OPCODE_CLOSE' => 8, 'SWOOLE_WEBSOCKET_OPCODE_PING' => 9,
    'SWOOLE_WEBSOCKET_OPCODE_PONG' => 10,
    'SWOOLE_WEBSOCKET_FLAG_FIN' => 1, 'SWOOLE_WEBSOCKET_FLAG_RSV1' => 4,
    'SWOOLE_WEBSOCKET_FLAG_RSV2' => 8, 'SWOOLE_WEBSOCKET_FLAG_RSV3' => 16,
    'SWOOLE_WEBSOCKET_FLAG_MASK' => 32, 'SWOOLE_WEBSOCKET_FLAG_COMPRESS' => 2,
    'SWOOLE_WEBSOCKET_CLOSE_NORMAL' => 1000,
    'SWOOLE_WEBSOCKET_CLOSE_GOING_AWAY' => 1001,
    'SWOOLE_WEBSOCKET_CLOSE_PROTOCOL_ERROR' => 1002,
    'SWOOLE_WEBSOCKET_CLOSE_DATA_ERROR' => 1003,
    'SWOOLE_WEBSOCKET_CLOSE_STATUS_ERROR' => 1005,
    'SWOOLE_WEBSOCKET_CLOSE_ABNORMAL' => 1006,
    'SWOOLE_WEBSOCKET_CLOSE_MESSAGE_ERROR' => 1007,
    'SWOOLE_WEBSOCKET_CLOSE_POLICY_ERROR' => 1008,
    'SWOOLE_WEBSOCKET_CLOSE_MESSAGE_TOO_BIG' => 1009,
    'SWOOLE_WEBSOCKET_CLOSE_EXTENSION_MISSING' => 1010,
    'SWOOLE_WEBSOCKET_CLOSE_SERVER_ERROR' => 1011,
    'SWOOLE_WEBSOCKET_CLOSE_TLS' => 1015,
    'WEBSOCKET_STATUS_CONNECTION' => 1, 'WEBSOCKET_STATUS_HANDSHAKE' => 2,
    'WEBSOCKET_STATUS_FRAME' => 3, 'WEBSOCKET_STATUS_ACTIVE' => 3,
    'WEBSOCKET_STATUS_CLOSING' => 4,
    'WEBSOCKET_OPCODE_CONTINUATION' => 0, 'WEBSOCKET_OPCODE_TEXT' => 1,
    'WEBSOCKET_OPCODE_BINARY' => 2, 'WEBSOCKET_OPCODE_CLOSE' => 8,
    'WEBSOCKET_OPCODE_PING' => 9, 'WEBSOCKET_OPCODE_PONG' => 10,
    'WEBSOCKET_CLOSE_NORMAL' => 1000, 'WEBSOCKET_CLOSE_GOING_AWAY' => 1001,
    'WEBSOCKET_CLOSE_PROTOCOL_ERROR' => 1002,
    'WEBSOCKET_CLOSE_DATA_ERROR' => 1003, 'WEBSOCKET_CLOSE_STATUS_ERROR' => 1005,
    'WEBSOCKET_CLOSE_ABNORMAL' => 1006, 'WEBSOCKET_CLOSE_MESSAGE_ERROR' => 1007,
    'WEBSOCKET_CLOSE_POLICY_ERROR' => 1008,
    'WEBSOCKET_CLOSE_MESSAGE_TOO_BIG' => 1009,
    'WEBSOCKET_CLOSE_EXTENSION_MISSING' => 1010,
    'WEBSOCKET_CLOSE_SERVER_ERROR' => 1011, 'WEBSOCKET_CLOSE_TLS' => 1015,
];

function need(array $enums, string $enum, string $name): int
{
    if (!isset($enums[$enum][$name])) {
        fwrite(STDERR, "gen-constants: abi/swirl.h has no $name in enum $enum\n");
        exit(1);
    }
    return $enums[$enum][$name];
}

function php_value(mixed $v): string
{
    return var_export($v, true);
}

$src = @file_get_contents($header);
if ($src === false) {
    fwrite(STDERR, "gen-constants: cannot read $header\n");
    exit(1);
}
$enums = parse_enums($src);
$defines = parse_defines($src);

foreach (['SWIRL_VERSION_MAJOR', 'SWIRL_VERSION_MINOR', 'SWIRL_VERSION_PATCH',
          'SWIRL_ABI_VERSION'] as $d) {
    if (!isset($defines[$d])) {
        fwrite(STDERR, "gen-constants: abi/swirl.h has no #define $d\n");
        exit(1);
    }
}

// ----------------------------------------------------------------- Swoole
$global = [];
[$maj, $min, $rel] = array_map('intval', explode('.', SWOOLE_API_VERSION));
$global['SWOOLE_VERSION'] = SWOOLE_API_VERSION;
$global['SWOOLE_VERSION_ID'] = $maj * 10000 + $min * 100 + $rel;
$global['SWOOLE_MAJOR_VERSION'] = $maj;
$global['SWOOLE_MINOR_VERSION'] = $min;
$global['SWOOLE_RELEASE_VERSION'] = $rel;
$global['SWOOLE_EXTRA_VERSION'] = '';
$global['SWOOLE_DEBUG'] = false;

$global['SWOOLE_BASE'] = need($enums, 'swirl_mode', 'SWIRL_MODE_BASE');
$global['SWOOLE_PROCESS'] = need($enums, 'swirl_mode', 'SWIRL_MODE_PROCESS');

foreach (['TCP', 'TCP6', 'UDP', 'UDP6', 'UNIX_DGRAM', 'UNIX_STREAM'] as $t) {
    $global["SWOOLE_SOCK_$t"] = need($enums, 'swirl_sock_type', "SWIRL_SOCK_$t");
}
foreach (['TCP', 'TCP6', 'UDP', 'UDP6', 'UNIX_DGRAM', 'UNIX_STREAM'] as $t) {
    $global["SWOOLE_$t"] = $global["SWOOLE_SOCK_$t"];
}
$global['SWOOLE_SSL'] = need($enums, 'swirl_sock_type', 'SWIRL_SOCK_SSL');

foreach ($enums['swirl_log_level'] ?? [] as $name => $value) {
    $global['SWOOLE_' . substr($name, strlen('SWIRL_'))] = $value;
}
foreach ($enums['swirl_lock_type'] ?? [] as $name => $value) {
    $global['SWOOLE_' . substr($name, strlen('SWIRL_LOCK_'))] = $value;
}
foreach ($enums['swirl_ssl_protocol'] ?? [] as $name => $value) {
    $global['SWOOLE_' . substr($name, strlen('SWIRL_'))] = $value;
}

// Swoole's error numbers: the header's (negated) where it has them, the
// table above for the rest; a disagreement stops the generator.
$swooleErrors = SWOOLE_ERRORS;
$translate = [];
foreach ($enums['swirl_error'] ?? [] as $name => $value) {
    if ($value > -500) {
        continue;
    }
    $short = substr($name, strlen('SWIRL_E'));
    // A header value that differs from Swoole's number is an ABI bug; until
    // the header is fixed the binding translates it (getLastError() must
    // report Swoole's number), and says so here.
    if (isset($swooleErrors[$short]) && $swooleErrors[$short] !== -$value) {
        fwrite(STDERR, "gen-constants: warning: $name is $value in abi/swirl.h but "
            . "Swoole's SWOOLE_ERROR_$short is {$swooleErrors[$short]}; translated\n");
        $translate[$value] = $swooleErrors[$short];
    } elseif (!isset($swooleErrors[$short]) && in_array(-$value, $swooleErrors, true)) {
        fwrite(STDERR, "gen-constants: warning: $name reuses Swoole's number "
            . -$value . " (" . array_search(-$value, $swooleErrors, true) . ")\n");
    }
}
foreach ($swooleErrors as $short => $value) {
    $global["SWOOLE_ERROR_$short"] = $value;
}
foreach (SWOOLE_OTHER as $name => $value) {
    $global[$name] = $value;
}

// ------------------------------------------------------------------ Swirl
$global['SWIRL_VERSION'] = sprintf('%d.%d.%d', $defines['SWIRL_VERSION_MAJOR'],
    $defines['SWIRL_VERSION_MINOR'], $defines['SWIRL_VERSION_PATCH']);
$global['SWIRL_VERSION_ID'] = ($defines['SWIRL_VERSION_MAJOR'] << 16)
    | ($defines['SWIRL_VERSION_MINOR'] << 8) | $defines['SWIRL_VERSION_PATCH'];
$global['SWIRL_ABI_VERSION'] = $defines['SWIRL_ABI_VERSION'];
foreach ($enums['swirl_error'] ?? [] as $name => $value) {
    $global[$name] = $value;
}

// ------------------------------------------------------------------ write
$banner = "<?php\n/*\n * %s: generated from abi/swirl.h by php/gen-constants.php.\n"
    . " * Generated, do not edit: run `php php/gen-constants.php`.\n */\n\n";

$php = sprintf($banner, 'constants.php') . "declare(strict_types=1);\n\n";
$php .= "// Swoole " . SWOOLE_API_VERSION . "'s constants (the API level Swirl matches) "
    . "and Swirl's own.\n";
foreach ($global as $name => $value) {
    $php .= sprintf("\\define('%s', %s);\n", $name, php_value($value));
}
// Swoole's error sentences, derived from the names as Swoole does it.
$php .= "\n/** @internal Swoole's swoole_strerror() sentences, by number. */\n";
$php .= "const SWIRL_SWOOLE_STRERROR = [\n";
foreach ($swooleErrors as $short => $value) {
    $sentence = ucfirst(strtolower(str_replace('_', ' ', $short)));
    $sentence = strtr($sentence, [
        'Dnslookup' => 'DNS Lookup', 'dnslookup' => 'DNS Lookup',
        'Ssl ' => 'SSL ', 'Http2' => 'Http2', 'Co ' => 'Coroutine ',
        'Ipv6' => 'ipv6', 'Php ' => 'PHP ',
    ]);
    $php .= sprintf("    %d => %s,\n", $value, php_value($sentence));
}
$php .= "];\n";
$php .= "\n/** @internal Header codes whose number differs from Swoole's (ABI bugs). */\n";
$php .= "const SWIRL_SWOOLE_ERRNO_FIX = " . php_value($translate) . ";\n";

$abi = sprintf($banner, 'Abi.php') . "declare(strict_types=1);\n\nnamespace Swirl\\FFI;\n\n";
$abi .= "/**\n * The ABI's constants, as class constants (the dispatcher's hot path\n"
    . " * compares event types with them).\n */\nfinal class Abi\n{\n";
$abi .= sprintf("    public const VERSION = %s;\n", php_value($global['SWIRL_VERSION']));
$abi .= sprintf("    public const ABI_VERSION = %d;\n", $defines['SWIRL_ABI_VERSION']);
foreach ($enums as $enum => $values) {
    $abi .= "\n    // enum $enum\n";
    foreach ($values as $name => $value) {
        $abi .= sprintf("    public const %s = %d;\n", substr($name, strlen('SWIRL_')), $value);
    }
}
$abi .= "\n    private function __construct()\n    {\n    }\n}\n";

// --check: the committed files must not contradict the header. Every
// constant they define must still exist with the same value; constants the
// header added since are only reported (regenerate to get them).
$check = in_array('--check', $argv, true);
$stale = false;
foreach ([$outConstants => $php, $outAbi => $abi] as $file => $content) {
    $old = @file_get_contents($file);
    if ($old === $content) {
        continue;
    }
    if ($check) {
        if ($old === false) {
            fwrite(STDERR, "gen-constants: $file is missing; run php php/gen-constants.php\n");
            $stale = true;
            continue;
        }
        $oldLines = array_filter(explode("\n", $old), fn($l) => preg_match('/^\s*(\\\\define\(|public const |    -?\d+ => )/', $l));
        $newLines = array_flip(explode("\n", $content));
        // EV_MAX grows with every new event: not a contradiction.
        $gone = array_filter($oldLines, fn($l) => !isset($newLines[$l]) && !str_contains($l, '_MAX = '));
        foreach ($gone as $l) {
            fwrite(STDERR, "gen-constants: $file disagrees with abi/swirl.h: " . trim($l) . "\n");
            $stale = true;
        }
        if ($gone === []) {
            fwrite(STDERR, "gen-constants: note: abi/swirl.h has constants $file lacks; run php php/gen-constants.php\n");
        }
        continue;
    }
    if (!is_dir(dirname($file))) {
        mkdir(dirname($file), 0777, true);
    }
    file_put_contents($file, $content);
    echo "wrote $file\n";
}
exit($stale ? 1 : 0);
