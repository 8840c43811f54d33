<?php
/*
 * constants.php: generated from abi/swirl.h by php/gen-constants.php.
 * Generated, do not edit: run `php php/gen-constants.php`.
 */

declare(strict_types=1);

// Swoole 4.8.13's constants (the API level Swirl matches) and Swirl's own.
\define('SWOOLE_VERSION', '4.8.13');
\define('SWOOLE_VERSION_ID', 40813);
\define('SWOOLE_MAJOR_VERSION', 4);
\define('SWOOLE_MINOR_VERSION', 8);
\define('SWOOLE_RELEASE_VERSION', 13);
\define('SWOOLE_EXTRA_VERSION', '');
\define('SWOOLE_DEBUG', false);
\define('SWOOLE_BASE', 1);
\define('SWOOLE_PROCESS', 2);
\define('SWOOLE_SOCK_TCP', 1);
\define('SWOOLE_SOCK_TCP6', 3);
\define('SWOOLE_SOCK_UDP', 2);
\define('SWOOLE_SOCK_UDP6', 4);
\define('SWOOLE_SOCK_UNIX_DGRAM', 6);
\define('SWOOLE_SOCK_UNIX_STREAM', 5);
\define('SWOOLE_TCP', 1);
\define('SWOOLE_TCP6', 3);
\define('SWOOLE_UDP', 2);
\define('SWOOLE_UDP6', 4);
\define('SWOOLE_UNIX_DGRAM', 6);
\define('SWOOLE_UNIX_STREAM', 5);
\define('SWOOLE_SSL', 512);
\define('SWOOLE_LOG_DEBUG', 0);
\define('SWOOLE_LOG_TRACE', 1);
\define('SWOOLE_LOG_INFO', 2);
\define('SWOOLE_LOG_NOTICE', 3);
\define('SWOOLE_LOG_WARNING', 4);
\define('SWOOLE_LOG_ERROR', 5);
\define('SWOOLE_LOG_NONE', 6);
\define('SWOOLE_RWLOCK', 1);
\define('SWOOLE_FILELOCK', 2);
\define('SWOOLE_MUTEX', 3);
\define('SWOOLE_SEM', 4);
\define('SWOOLE_SPINLOCK', 5);
\define('SWOOLE_SSL_TLSv1', 8);
\define('SWOOLE_SSL_TLSv1_1', 16);
\define('SWOOLE_SSL_TLSv1_2', 32);
\define('SWOOLE_SSL_TLSv1_3', 64);
\define('SWOOLE_ERROR_MALLOC_FAIL', 501);
\define('SWOOLE_ERROR_SYSTEM_CALL_FAIL', 502);
\define('SWOOLE_ERROR_PHP_FATAL_ERROR', 503);
\define('SWOOLE_ERROR_NAME_TOO_LONG', 504);
\define('SWOOLE_ERROR_INVALID_PARAMS', 505);
\define('SWOOLE_ERROR_QUEUE_FULL', 506);
\define('SWOOLE_ERROR_OPERATION_NOT_SUPPORT', 507);
\define('SWOOLE_ERROR_PROTOCOL_ERROR', 508);
\define('SWOOLE_ERROR_WRONG_OPERATION', 509);
\define('SWOOLE_ERROR_FILE_NOT_EXIST', 700);
\define('SWOOLE_ERROR_FILE_TOO_LARGE', 701);
\define('SWOOLE_ERROR_FILE_EMPTY', 702);
\define('SWOOLE_ERROR_DNSLOOKUP_DUPLICATE_REQUEST', 710);
\define('SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED', 711);
\define('SWOOLE_ERROR_DNSLOOKUP_RESOLVE_TIMEOUT', 712);
\define('SWOOLE_ERROR_DNSLOOKUP_UNSUPPORTED', 713);
\define('SWOOLE_ERROR_DNSLOOKUP_NO_SERVER', 714);
\define('SWOOLE_ERROR_BAD_IPV6_ADDRESS', 720);
\define('SWOOLE_ERROR_UNREGISTERED_SIGNAL', 721);
\define('SWOOLE_ERROR_EVENT_SOCKET_REMOVED', 800);
\define('SWOOLE_ERROR_EVENT_SOCKET_INVALID', 801);
\define('SWOOLE_ERROR_SESSION_CLOSED_BY_SERVER', 1001);
\define('SWOOLE_ERROR_SESSION_CLOSED_BY_CLIENT', 1002);
\define('SWOOLE_ERROR_SESSION_CLOSING', 1003);
\define('SWOOLE_ERROR_SESSION_CLOSED', 1004);
\define('SWOOLE_ERROR_SESSION_NOT_EXIST', 1005);
\define('SWOOLE_ERROR_SESSION_INVALID_ID', 1006);
\define('SWOOLE_ERROR_SESSION_DISCARD_TIMEOUT_DATA', 1007);
\define('SWOOLE_ERROR_SESSION_DISCARD_DATA', 1008);
\define('SWOOLE_ERROR_OUTPUT_BUFFER_OVERFLOW', 1009);
\define('SWOOLE_ERROR_OUTPUT_SEND_YIELD', 1010);
\define('SWOOLE_ERROR_SSL_NOT_READY', 1011);
\define('SWOOLE_ERROR_SSL_CANNOT_USE_SENFILE', 1012);
\define('SWOOLE_ERROR_SSL_EMPTY_PEER_CERTIFICATE', 1013);
\define('SWOOLE_ERROR_SSL_VERIFY_FAILED', 1014);
\define('SWOOLE_ERROR_SSL_BAD_CLIENT', 1015);
\define('SWOOLE_ERROR_SSL_BAD_PROTOCOL', 1016);
\define('SWOOLE_ERROR_SSL_RESET', 1017);
\define('SWOOLE_ERROR_SSL_HANDSHAKE_FAILED', 1018);
\define('SWOOLE_ERROR_PACKAGE_LENGTH_TOO_LARGE', 1201);
\define('SWOOLE_ERROR_PACKAGE_LENGTH_NOT_FOUND', 1202);
\define('SWOOLE_ERROR_DATA_LENGTH_TOO_LARGE', 1203);
\define('SWOOLE_ERROR_PACKAGE_MALFORMED_DATA', 1204);
\define('SWOOLE_ERROR_TASK_PACKAGE_TOO_BIG', 2001);
\define('SWOOLE_ERROR_TASK_DISPATCH_FAIL', 2002);
\define('SWOOLE_ERROR_TASK_TIMEOUT', 2003);
\define('SWOOLE_ERROR_HTTP2_STREAM_ID_TOO_BIG', 3001);
\define('SWOOLE_ERROR_HTTP2_STREAM_NO_HEADER', 3002);
\define('SWOOLE_ERROR_HTTP2_STREAM_NOT_FOUND', 3003);
\define('SWOOLE_ERROR_HTTP2_STREAM_IGNORE', 3004);
\define('SWOOLE_ERROR_HTTP2_SEND_CONTROL_FRAME_FAILED', 3005);
\define('SWOOLE_ERROR_AIO_BAD_REQUEST', 4001);
\define('SWOOLE_ERROR_AIO_CANCELED', 4002);
\define('SWOOLE_ERROR_AIO_TIMEOUT', 4003);
\define('SWOOLE_ERROR_CLIENT_NO_CONNECTION', 5001);
\define('SWOOLE_ERROR_SOCKET_CLOSED', 6001);
\define('SWOOLE_ERROR_SOCKET_POLL_TIMEOUT', 6002);
\define('SWOOLE_ERROR_SOCKS5_UNSUPPORT_VERSION', 7001);
\define('SWOOLE_ERROR_SOCKS5_UNSUPPORT_METHOD', 7002);
\define('SWOOLE_ERROR_SOCKS5_AUTH_FAILED', 7003);
\define('SWOOLE_ERROR_SOCKS5_SERVER_ERROR', 7004);
\define('SWOOLE_ERROR_SOCKS5_HANDSHAKE_FAILED', 7005);
\define('SWOOLE_ERROR_HTTP_PROXY_HANDSHAKE_ERROR', 7101);
\define('SWOOLE_ERROR_HTTP_INVALID_PROTOCOL', 7102);
\define('SWOOLE_ERROR_HTTP_PROXY_HANDSHAKE_FAILED', 7103);
\define('SWOOLE_ERROR_HTTP_PROXY_BAD_RESPONSE', 7104);
\define('SWOOLE_ERROR_WEBSOCKET_BAD_CLIENT', 8501);
\define('SWOOLE_ERROR_WEBSOCKET_BAD_OPCODE', 8502);
\define('SWOOLE_ERROR_WEBSOCKET_UNCONNECTED', 8503);
\define('SWOOLE_ERROR_WEBSOCKET_HANDSHAKE_FAILED', 8504);
\define('SWOOLE_ERROR_WEBSOCKET_PACK_FAILED', 8505);
\define('SWOOLE_ERROR_WEBSOCKET_UNPACK_FAILED', 8506);
\define('SWOOLE_ERROR_WEBSOCKET_INCOMPLETE_PACKET', 8507);
\define('SWOOLE_ERROR_SERVER_MUST_CREATED_BEFORE_CLIENT', 9001);
\define('SWOOLE_ERROR_SERVER_TOO_MANY_SOCKET', 9002);
\define('SWOOLE_ERROR_SERVER_WORKER_TERMINATED', 9003);
\define('SWOOLE_ERROR_SERVER_INVALID_LISTEN_PORT', 9004);
\define('SWOOLE_ERROR_SERVER_TOO_MANY_LISTEN_PORT', 9005);
\define('SWOOLE_ERROR_SERVER_PIPE_BUFFER_FULL', 9006);
\define('SWOOLE_ERROR_SERVER_NO_IDLE_WORKER', 9007);
\define('SWOOLE_ERROR_SERVER_ONLY_START_ONE', 9008);
\define('SWOOLE_ERROR_SERVER_SEND_IN_MASTER', 9009);
\define('SWOOLE_ERROR_SERVER_INVALID_REQUEST', 9010);
\define('SWOOLE_ERROR_SERVER_CONNECT_FAIL', 9011);
\define('SWOOLE_ERROR_SERVER_INVALID_COMMAND', 9012);
\define('SWOOLE_ERROR_SERVER_IS_NOT_REGULAR_FILE', 9013);
\define('SWOOLE_ERROR_SERVER_WORKER_EXIT_TIMEOUT', 9101);
\define('SWOOLE_ERROR_SERVER_WORKER_ABNORMAL_PIPE_DATA', 9102);
\define('SWOOLE_ERROR_SERVER_WORKER_UNPROCESSED_DATA', 9103);
\define('SWOOLE_ERROR_CO_OUT_OF_COROUTINE', 10001);
\define('SWOOLE_ERROR_CO_HAS_BEEN_BOUND', 10002);
\define('SWOOLE_ERROR_CO_HAS_BEEN_DISCARDED', 10003);
\define('SWOOLE_ERROR_CO_MUTEX_DOUBLE_UNLOCK', 10004);
\define('SWOOLE_ERROR_CO_BLOCK_OBJECT_LOCKED', 10005);
\define('SWOOLE_ERROR_CO_BLOCK_OBJECT_WAITING', 10006);
\define('SWOOLE_ERROR_CO_YIELD_FAILED', 10007);
\define('SWOOLE_ERROR_CO_GETCONTEXT_FAILED', 10008);
\define('SWOOLE_ERROR_CO_SWAPCONTEXT_FAILED', 10009);
\define('SWOOLE_ERROR_CO_MAKECONTEXT_FAILED', 10010);
\define('SWOOLE_ERROR_CO_IOCPINIT_FAILED', 10011);
\define('SWOOLE_ERROR_CO_PROTECT_STACK_FAILED', 10012);
\define('SWOOLE_ERROR_CO_STD_THREAD_LINK_ERROR', 10013);
\define('SWOOLE_ERROR_CO_DISABLED_MULTI_THREAD', 10014);
\define('SWOOLE_ERROR_CO_CANNOT_CANCEL', 10015);
\define('SWOOLE_ERROR_CO_NOT_EXISTS', 10016);
\define('SWOOLE_ERROR_CO_CANCELED', 10017);
\define('SWOOLE_ERROR_CO_TIMEDOUT', 10018);
\define('SWOOLE_SOCK_SYNC', false);
\define('SWOOLE_SOCK_ASYNC', true);
\define('SWOOLE_SYNC', 2048);
\define('SWOOLE_ASYNC', 1024);
\define('SWOOLE_KEEP', 4096);
\define('SWOOLE_SSLv3_METHOD', 1);
\define('SWOOLE_SSLv3_SERVER_METHOD', 2);
\define('SWOOLE_SSLv3_CLIENT_METHOD', 3);
\define('SWOOLE_TLSv1_METHOD', 6);
\define('SWOOLE_TLSv1_SERVER_METHOD', 7);
\define('SWOOLE_TLSv1_CLIENT_METHOD', 8);
\define('SWOOLE_TLSv1_1_METHOD', 9);
\define('SWOOLE_TLSv1_1_SERVER_METHOD', 10);
\define('SWOOLE_TLSv1_1_CLIENT_METHOD', 11);
\define('SWOOLE_TLSv1_2_METHOD', 12);
\define('SWOOLE_TLSv1_2_SERVER_METHOD', 13);
\define('SWOOLE_TLSv1_2_CLIENT_METHOD', 14);
\define('SWOOLE_DTLS_SERVER_METHOD', 16);
\define('SWOOLE_DTLS_CLIENT_METHOD', 15);
\define('SWOOLE_SSLv23_METHOD', 0);
\define('SWOOLE_SSLv23_SERVER_METHOD', 4);
\define('SWOOLE_SSLv23_CLIENT_METHOD', 5);
\define('SWOOLE_TLS_METHOD', 0);
\define('SWOOLE_TLS_SERVER_METHOD', 4);
\define('SWOOLE_TLS_CLIENT_METHOD', 5);
\define('SWOOLE_SSL_DTLS', 128);
\define('SWOOLE_SSL_SSLv2', 2);
\define('SWOOLE_EVENT_READ', 512);
\define('SWOOLE_EVENT_WRITE', 1024);
\define('SWOOLE_STRERROR_SYSTEM', 0);
\define('SWOOLE_STRERROR_GAI', 1);
\define('SWOOLE_STRERROR_DNS', 2);
\define('SWOOLE_STRERROR_SWOOLE', 9);
\define('SWOOLE_LOG_ROTATION_SINGLE', 0);
\define('SWOOLE_LOG_ROTATION_MONTHLY', 1);
\define('SWOOLE_LOG_ROTATION_DAILY', 2);
\define('SWOOLE_LOG_ROTATION_HOURLY', 3);
\define('SWOOLE_LOG_ROTATION_EVERY_MINUTE', 4);
\define('SWOOLE_IPC_NONE', 0);
\define('SWOOLE_IPC_UNIXSOCK', 1);
\define('SWOOLE_IPC_SOCKET', 3);
\define('SWOOLE_IOV_MAX', 1024);
\define('SWOOLE_IPC_UNSOCK', 1);
\define('SWOOLE_IPC_MSGQUEUE', 2);
\define('SWOOLE_IPC_PREEMPTIVE', 3);
\define('SWOOLE_SERVER_COMMAND_MASTER', 2);
\define('SWOOLE_SERVER_COMMAND_MANAGER', 32);
\define('SWOOLE_SERVER_COMMAND_REACTOR_THREAD', 4);
\define('SWOOLE_SERVER_COMMAND_EVENT_WORKER', 8);
\define('SWOOLE_SERVER_COMMAND_WORKER', 8);
\define('SWOOLE_SERVER_COMMAND_TASK_WORKER', 16);
\define('SWOOLE_DISPATCH_ROUND', 1);
\define('SWOOLE_DISPATCH_FDMOD', 2);
\define('SWOOLE_DISPATCH_IDLE_WORKER', 3);
\define('SWOOLE_DISPATCH_IPMOD', 4);
\define('SWOOLE_DISPATCH_UIDMOD', 5);
\define('SWOOLE_DISPATCH_USERFUNC', 6);
\define('SWOOLE_DISPATCH_STREAM', 7);
\define('SWOOLE_DISPATCH_CO_CONN_LB', 8);
\define('SWOOLE_DISPATCH_CO_REQ_LB', 9);
\define('SWOOLE_DISPATCH_RESULT_DISCARD_PACKET', -1);
\define('SWOOLE_DISPATCH_RESULT_CLOSE_CONNECTION', -2);
\define('SWOOLE_DISPATCH_RESULT_USERFUNC_FALLBACK', -3);
\define('SWOOLE_TASK_TMPFILE', 1);
\define('SWOOLE_TASK_SERIALIZE', 2);
\define('SWOOLE_TASK_NONBLOCK', 4);
\define('SWOOLE_TASK_CALLBACK', 8);
\define('SWOOLE_TASK_WAITALL', 16);
\define('SWOOLE_TASK_COROUTINE', 32);
\define('SWOOLE_TASK_PEEK', 64);
\define('SWOOLE_TASK_NOREPLY', 128);
\define('SWOOLE_WORKER_BUSY', 1);
\define('SWOOLE_WORKER_IDLE', 2);
\define('SWOOLE_WORKER_EXIT', 3);
\define('SWOOLE_CHANNEL_OK', 0);
\define('SWOOLE_CHANNEL_TIMEOUT', -1);
\define('SWOOLE_CHANNEL_CLOSED', -2);
\define('SWOOLE_CHANNEL_CANCELED', -3);
\define('SWOOLE_DEFAULT_MAX_CORO_NUM', 100000);
\define('SWOOLE_CORO_MAX_NUM_LIMIT', 9223372036854775807);
\define('SWOOLE_HOOK_TCP', 2);
\define('SWOOLE_HOOK_UDP', 4);
\define('SWOOLE_HOOK_UNIX', 8);
\define('SWOOLE_HOOK_UDG', 16);
\define('SWOOLE_HOOK_SSL', 32);
\define('SWOOLE_HOOK_TLS', 64);
\define('SWOOLE_HOOK_STREAM_FUNCTION', 128);
\define('SWOOLE_HOOK_STREAM_SELECT', 128);
\define('SWOOLE_HOOK_FILE', 256);
\define('SWOOLE_HOOK_SLEEP', 512);
\define('SWOOLE_HOOK_PROC', 1024);
\define('SWOOLE_HOOK_CURL', 2048);
\define('SWOOLE_HOOK_NATIVE_CURL', 4096);
\define('SWOOLE_HOOK_BLOCKING_FUNCTION', 8192);
\define('SWOOLE_HOOK_SOCKETS', 16384);
\define('SWOOLE_HOOK_STDIO', 32768);
\define('SWOOLE_HOOK_ALL', 2147481599);
\define('SWOOLE_EXIT_IN_COROUTINE', 2);
\define('SWOOLE_EXIT_IN_SERVER', 4);
\define('SWOOLE_CORO_INIT', 0);
\define('SWOOLE_CORO_WAITING', 1);
\define('SWOOLE_CORO_RUNNING', 2);
\define('SWOOLE_CORO_END', 3);
\define('SWOOLE_WEBSOCKET_STATUS_CONNECTION', 1);
\define('SWOOLE_WEBSOCKET_STATUS_HANDSHAKE', 2);
\define('SWOOLE_WEBSOCKET_STATUS_ACTIVE', 3);
\define('SWOOLE_WEBSOCKET_STATUS_CLOSING', 4);
\define('SWOOLE_WEBSOCKET_OPCODE_CONTINUATION', 0);
\define('SWOOLE_WEBSOCKET_OPCODE_TEXT', 1);
\define('SWOOLE_WEBSOCKET_OPCODE_BINARY', 2);
\define('SWOOLE_WEBSOCKET_OPCODE_CLOSE', 8);
\define('SWOOLE_WEBSOCKET_OPCODE_PING', 9);
\define('SWOOLE_WEBSOCKET_OPCODE_PONG', 10);
\define('SWOOLE_WEBSOCKET_FLAG_FIN', 1);
\define('SWOOLE_WEBSOCKET_FLAG_RSV1', 4);
\define('SWOOLE_WEBSOCKET_FLAG_RSV2', 8);
\define('SWOOLE_WEBSOCKET_FLAG_RSV3', 16);
\define('SWOOLE_WEBSOCKET_FLAG_MASK', 32);
\define('SWOOLE_WEBSOCKET_FLAG_COMPRESS', 2);
\define('SWOOLE_WEBSOCKET_CLOSE_NORMAL', 1000);
\define('SWOOLE_WEBSOCKET_CLOSE_GOING_AWAY', 1001);
\define('SWOOLE_WEBSOCKET_CLOSE_PROTOCOL_ERROR', 1002);
\define('SWOOLE_WEBSOCKET_CLOSE_DATA_ERROR', 1003);
\define('SWOOLE_WEBSOCKET_CLOSE_STATUS_ERROR', 1005);
\define('SWOOLE_WEBSOCKET_CLOSE_ABNORMAL', 1006);
\define('SWOOLE_WEBSOCKET_CLOSE_MESSAGE_ERROR', 1007);
\define('SWOOLE_WEBSOCKET_CLOSE_POLICY_ERROR', 1008);
\define('SWOOLE_WEBSOCKET_CLOSE_MESSAGE_TOO_BIG', 1009);
\define('SWOOLE_WEBSOCKET_CLOSE_EXTENSION_MISSING', 1010);
\define('SWOOLE_WEBSOCKET_CLOSE_SERVER_ERROR', 1011);
\define('SWOOLE_WEBSOCKET_CLOSE_TLS', 1015);
\define('WEBSOCKET_STATUS_CONNECTION', 1);
\define('WEBSOCKET_STATUS_HANDSHAKE', 2);
\define('WEBSOCKET_STATUS_FRAME', 3);
\define('WEBSOCKET_STATUS_ACTIVE', 3);
\define('WEBSOCKET_STATUS_CLOSING', 4);
\define('WEBSOCKET_OPCODE_CONTINUATION', 0);
\define('WEBSOCKET_OPCODE_TEXT', 1);
\define('WEBSOCKET_OPCODE_BINARY', 2);
\define('WEBSOCKET_OPCODE_CLOSE', 8);
\define('WEBSOCKET_OPCODE_PING', 9);
\define('WEBSOCKET_OPCODE_PONG', 10);
\define('WEBSOCKET_CLOSE_NORMAL', 1000);
\define('WEBSOCKET_CLOSE_GOING_AWAY', 1001);
\define('WEBSOCKET_CLOSE_PROTOCOL_ERROR', 1002);
\define('WEBSOCKET_CLOSE_DATA_ERROR', 1003);
\define('WEBSOCKET_CLOSE_STATUS_ERROR', 1005);
\define('WEBSOCKET_CLOSE_ABNORMAL', 1006);
\define('WEBSOCKET_CLOSE_MESSAGE_ERROR', 1007);
\define('WEBSOCKET_CLOSE_POLICY_ERROR', 1008);
\define('WEBSOCKET_CLOSE_MESSAGE_TOO_BIG', 1009);
\define('WEBSOCKET_CLOSE_EXTENSION_MISSING', 1010);
\define('WEBSOCKET_CLOSE_SERVER_ERROR', 1011);
\define('WEBSOCKET_CLOSE_TLS', 1015);
\define('SWIRL_VERSION', '0.1.0');
\define('SWIRL_VERSION_ID', 256);
\define('SWIRL_ABI_VERSION', 1);
\define('SWIRL_OK', 0);
\define('SWIRL_EPERM', -1);
\define('SWIRL_ENOENT', -2);
\define('SWIRL_EINTR', -4);
\define('SWIRL_EIO', -5);
\define('SWIRL_EBADF', -9);
\define('SWIRL_EAGAIN', -11);
\define('SWIRL_ENOMEM', -12);
\define('SWIRL_EACCES', -13);
\define('SWIRL_EBUSY', -16);
\define('SWIRL_EEXIST', -17);
\define('SWIRL_EINVAL', -22);
\define('SWIRL_EMFILE', -24);
\define('SWIRL_ENOSPC', -28);
\define('SWIRL_EPIPE', -32);
\define('SWIRL_ERANGE', -34);
\define('SWIRL_ENOSYS', -38);
\define('SWIRL_ENOTSUP', -95);
\define('SWIRL_EADDRINUSE', -98);
\define('SWIRL_EADDRNOTAVAIL', -99);
\define('SWIRL_ECONNRESET', -104);
\define('SWIRL_ETIMEDOUT', -110);
\define('SWIRL_ECONNREFUSED', -111);
\define('SWIRL_ECANCELED', -125);
\define('SWIRL_EINVALID_PARAMS', -505);
\define('SWIRL_EWRONG_OPERATION', -509);
\define('SWIRL_EUNKNOWN_OPTION', -510);
\define('SWIRL_EOPTION_TYPE', -511);
\define('SWIRL_EOPTION_RANGE', -512);
\define('SWIRL_ESESSION_CLOSED_BY_SERVER', -1001);
\define('SWIRL_ESESSION_CLOSED_BY_CLIENT', -1002);
\define('SWIRL_ESESSION_CLOSING', -1003);
\define('SWIRL_ESESSION_CLOSED', -1004);
\define('SWIRL_ESESSION_NOT_EXIST', -1005);
\define('SWIRL_ESESSION_INVALID_ID', -1006);
\define('SWIRL_EOUTPUT_BUFFER_OVERFLOW', -1009);
\define('SWIRL_EWEBSOCKET_BAD_OPCODE', -8502);
\define('SWIRL_EWEBSOCKET_UNCONNECTED', -8503);
\define('SWIRL_ESERVER_ONLY_START_ONE', -9008);
\define('SWIRL_ESERVER_SEND_IN_MASTER', -9009);
\define('SWIRL_ESERVER_INVALID_LISTEN_PORT', -9004);
\define('SWIRL_ESERVER_WORKER_EXIT_TIMEOUT', -9101);

/** @internal Swoole's swoole_strerror() sentences, by number. */
const SWIRL_SWOOLE_STRERROR = [
    501 => 'Malloc fail',
    502 => 'System call fail',
    503 => 'PHP fatal error',
    504 => 'Name too long',
    505 => 'Invalid params',
    506 => 'Queue full',
    507 => 'Operation not support',
    508 => 'Protocol error',
    509 => 'Wrong operation',
    700 => 'File not exist',
    701 => 'File too large',
    702 => 'File empty',
    710 => 'DNS Lookup duplicate request',
    711 => 'DNS Lookup resolve failed',
    712 => 'DNS Lookup resolve timeout',
    713 => 'DNS Lookup unsupported',
    714 => 'DNS Lookup no server',
    720 => 'Bad ipv6 address',
    721 => 'Unregistered signal',
    800 => 'Event socket removed',
    801 => 'Event socket invalid',
    1001 => 'Session closed by server',
    1002 => 'Session closed by client',
    1003 => 'Session closing',
    1004 => 'Session closed',
    1005 => 'Session not exist',
    1006 => 'Session invalid id',
    1007 => 'Session discard timeout data',
    1008 => 'Session discard data',
    1009 => 'Output buffer overflow',
    1010 => 'Output send yield',
    1011 => 'SSL not ready',
    1012 => 'SSL cannot use senfile',
    1013 => 'SSL empty peer certificate',
    1014 => 'SSL verify failed',
    1015 => 'SSL bad client',
    1016 => 'SSL bad protocol',
    1017 => 'SSL reset',
    1018 => 'SSL handshake failed',
    1201 => 'Package length too large',
    1202 => 'Package length not found',
    1203 => 'Data length too large',
    1204 => 'Package malformed data',
    2001 => 'Task package too big',
    2002 => 'Task dispatch fail',
    2003 => 'Task timeout',
    3001 => 'Http2 stream id too big',
    3002 => 'Http2 stream no header',
    3003 => 'Http2 stream not found',
    3004 => 'Http2 stream ignore',
    3005 => 'Http2 send control frame failed',
    4001 => 'Aio bad request',
    4002 => 'Aio canceled',
    4003 => 'Aio timeout',
    5001 => 'Client no connection',
    6001 => 'Socket closed',
    6002 => 'Socket poll timeout',
    7001 => 'Socks5 unsupport version',
    7002 => 'Socks5 unsupport method',
    7003 => 'Socks5 auth failed',
    7004 => 'Socks5 server error',
    7005 => 'Socks5 handshake failed',
    7101 => 'Http proxy handshake error',
    7102 => 'Http invalid protocol',
    7103 => 'Http proxy handshake failed',
    7104 => 'Http proxy bad response',
    8501 => 'Websocket bad client',
    8502 => 'Websocket bad opcode',
    8503 => 'Websocket unconnected',
    8504 => 'Websocket handshake failed',
    8505 => 'Websocket pack failed',
    8506 => 'Websocket unpack failed',
    8507 => 'Websocket incomplete packet',
    9001 => 'Server must created before client',
    9002 => 'Server too many socket',
    9003 => 'Server worker terminated',
    9004 => 'Server invalid listen port',
    9005 => 'Server too many listen port',
    9006 => 'Server pipe buffer full',
    9007 => 'Server no idle worker',
    9008 => 'Server only start one',
    9009 => 'Server send in master',
    9010 => 'Server invalid request',
    9011 => 'Server connect fail',
    9012 => 'Server invalid command',
    9013 => 'Server is not regular file',
    9101 => 'Server worker exit timeout',
    9102 => 'Server worker abnormal pipe data',
    9103 => 'Server worker unprocessed data',
    10001 => 'Coroutine out of coroutine',
    10002 => 'Coroutine has been bound',
    10003 => 'Coroutine has been discarded',
    10004 => 'Coroutine mutex double unlock',
    10005 => 'Coroutine block object locked',
    10006 => 'Coroutine block object waiting',
    10007 => 'Coroutine yield failed',
    10008 => 'Coroutine getcontext failed',
    10009 => 'Coroutine swapcontext failed',
    10010 => 'Coroutine makecontext failed',
    10011 => 'Coroutine iocpinit failed',
    10012 => 'Coroutine protect stack failed',
    10013 => 'Coroutine std thread link error',
    10014 => 'Coroutine disabled multi thread',
    10015 => 'Coroutine cannot cancel',
    10016 => 'Coroutine not exists',
    10017 => 'Coroutine canceled',
    10018 => 'Coroutine timedout',
];

/** @internal Header codes whose number differs from Swoole's (ABI bugs). */
const SWIRL_SWOOLE_ERRNO_FIX = array (
);
