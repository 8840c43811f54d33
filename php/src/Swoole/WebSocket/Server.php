<?php
/*
 * Server.php: Swoole\WebSocket\Server (also swoole_websocket_server), an
 * HTTP server whose ports also speak WebSocket (open_websocket_protocol).
 *
 * The core does the protocol: the handshake (or hands it to onHandShake),
 * joining fragments into one MESSAGE, answering pings and close frames,
 * and failing bad frames with 1002/1007/1009. This class adds Swoole's
 * methods: push(), isEstablished(), disconnect(), and the static pack()
 * and unpack(), which encode and decode frames in PHP as Swoole does
 * (server frames unmasked; the MASK flag masks with Swoole's fixed key).
 */

// No strict_types here: arguments are taken as Swoole's internal
// functions take them, in coercive mode.

namespace Swoole\WebSocket;

use FFI;
use Swirl\FFI\Abi;
use Swirl\Runtime;

class Server extends \Swoole\Http\Server
{
    /** Swoole's mask key for frames packed with SWOOLE_WEBSOCKET_FLAG_MASK. */
    private const MASK_KEY = '258E';

    /** The flags a frame can carry (FIN, RSV1-3, MASK; COMPRESS aside). */
    private const FLAGS_ALL = 1 | 4 | 8 | 16 | 32;

    public function __construct($host, $port = 0, $mode = \SWOOLE_PROCESS, $sock_type = \SWOOLE_SOCK_TCP)
    {
        parent::__construct($host, $port, $mode, $sock_type);
        $this->swirlSetProtocol('open_websocket_protocol');
    }

    /**
     * Sends a message to WebSocket client $fd: $data (a string, or a
     * Frame whose fields are used) with $opcode, one frame with $flags
     * (SWOOLE_WEBSOCKET_FLAG_FIN by default; true and false are taken as
     * FIN and not FIN, Swoole's older $finish). An opcode of
     * WEBSOCKET_OPCODE_CLOSE closes the connection with a close frame.
     */
    public function push($fd, $data, $opcode = \WEBSOCKET_OPCODE_TEXT, $flags = \SWOOLE_WEBSOCKET_FLAG_FIN)
    {
        $fn = 'Swoole\WebSocket\Server::push';
        if (!$this->swirlIsStarted()) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $fd = Runtime::argInt($fd, $fn, 1, 'fd');
        $opcode = Runtime::argInt($opcode, $fn, 3, 'opcode');
        $flags = (int) $flags;
        if ($data instanceof Frame) {
            [$data, $opcode, $flags, $code] = self::swirlFrameFields($data);
        } else {
            $data = $data === null ? '' : (\is_string($data) ? $data : (string) $data);
            $code = \WEBSOCKET_CLOSE_NORMAL;
        }
        if ($opcode > \WEBSOCKET_OPCODE_PONG || $opcode < 0) {
            Runtime::error(\E_WARNING, $fn, 'the maximum value of opcode is ' . \WEBSOCKET_OPCODE_PONG);
            return false;
        }
        if ($this->swirlClosedHere($fd)) {
            // Closed by this worker: the session is closing (1004).
            Runtime::fail(-1004);
            return false;
        }
        $ffi = \Swirl\FFI\Library::get();
        $srv = $this->swirlHttpContext()->srv;
        if ($opcode === \WEBSOCKET_OPCODE_CLOSE) {
            if (\strlen($data) > 123) {
                Runtime::error(\E_WARNING, $fn, 'the max length of close reason is 123');
                return false;
            }
            $rc = $ffi->swirl_ws_disconnect($srv, $fd, $code, $data, \strlen($data));
        } else {
            $rc = $ffi->swirl_ws_push($srv, $fd, $data, \strlen($data), $opcode, $flags & \SWOOLE_WEBSOCKET_FLAG_FIN);
        }
        return $this->swirlWsResult($fn, $fd, $rc, true);
    }

    /** Whether $fd is an open WebSocket connection (handshake done). */
    public function isEstablished($fd)
    {
        $fn = 'Swoole\WebSocket\Server::isEstablished';
        if (!$this->swirlIsStarted()) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $fd = Runtime::argInt($fd, $fn, 1, 'fd');
        $ctx = $this->swirlHttpContext();
        $info = $ctx->ffi->new('swirl_conn_info');
        if ($ctx->ffi->swirl_server_connection_info($ctx->srv, $fd, FFI::addr($info)) < 0) {
            return false;
        }
        return $info->websocket_status === Abi::WEBSOCKET_STATUS_ACTIVE;
    }

    /**
     * Closes WebSocket connection $fd with a close frame carrying $code
     * and $reason.
     */
    public function disconnect($fd, $code = \WEBSOCKET_CLOSE_NORMAL, $reason = '')
    {
        $fn = 'Swoole\WebSocket\Server::disconnect';
        if (!$this->swirlIsStarted()) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $fd = Runtime::argInt($fd, $fn, 1, 'fd');
        $code = Runtime::argInt($code, $fn, 2, 'code');
        $reason = Runtime::argString($reason, $fn, 3, 'reason');
        if (\strlen($reason) > 123) {
            Runtime::error(\E_WARNING, $fn, 'the max length of close reason is 123');
            return false;
        }
        $ctx = $this->swirlHttpContext();
        $rc = $ctx->ffi->swirl_ws_disconnect($ctx->srv, $fd, $code, $reason, \strlen($reason));
        return $this->swirlWsResult($fn, $fd, $rc);
    }

    /**
     * true, or false after Swoole's warning: push() checks that the
     * session exists first ($push), disconnect() only that it is a
     * WebSocket.
     */
    private function swirlWsResult(string $fn, int $fd, int $rc, bool $push = false): bool
    {
        if ($rc >= 0) {
            return true;
        }
        if ($push && $rc === Abi::ESESSION_NOT_EXIST) {
            // No such connection (never was, or closed): Swoole's check of
            // the session comes first.
            Runtime::$lastError = \SWOOLE_ERROR_SESSION_NOT_EXIST;
            Runtime::error(\E_WARNING, $fn, "session#$fd does not exists");
            return false;
        }
        if ($rc === Abi::EWEBSOCKET_UNCONNECTED || $rc === Abi::ESESSION_NOT_EXIST) {
            Runtime::$lastError = \SWOOLE_ERROR_WEBSOCKET_UNCONNECTED;
            Runtime::error(\E_WARNING, $fn,
                "the connected client of connection[$fd] is not a websocket client or closed");
            return false;
        }
        Runtime::fail($rc);
        if ($rc === Abi::EINVALID_PARAMS) {
            // Swirl sends only the close codes RFC 6455 allows.
            $ctx = $this->swirlHttpContext();
            Runtime::error(\E_WARNING, $fn, (string) $ctx->ffi->swirl_server_errmsg($ctx->srv));
        }
        return false;
    }

    // ---------------------------------------------------- pack and unpack

    /**
     * Encodes a frame as a server sends it: $data (or a Frame's fields),
     * $opcode, $flags (FIN, RSV1-3, MASK; true/false as FIN or not; FIN
     * always for ping, pong and close). For a close frame the payload is
     * the code (1000) and $data as the reason.
     */
    public static function pack($data, $opcode = \WEBSOCKET_OPCODE_TEXT, $flags = \SWOOLE_WEBSOCKET_FLAG_FIN)
    {
        return self::swirlPack('Swoole\WebSocket\Server::pack', $data, $opcode, $flags);
    }

    /**
     * Decodes one frame: a Frame (a CloseFrame with code and reason for a
     * close frame), or false when $data is shorter than a frame header.
     */
    public static function unpack($data)
    {
        return self::swirlUnpack('Swoole\WebSocket\Server::unpack', $data);
    }

    /** @internal pack() for Server::pack() and Frame::pack(). */
    public static function swirlPack(string $fn, mixed $data, mixed $opcode, mixed $flags): string|false
    {
        if ($data instanceof Frame) {
            return self::swirlPackObject($data, $fn);
        }
        $opcode = Runtime::argInt($opcode, $fn, 2, 'opcode');
        $data = $data === null ? '' : (\is_string($data) ? $data : (string) $data);
        return self::swirlEncodeFrame($fn, $data, $opcode, ((int) $flags) & self::FLAGS_ALL,
            \WEBSOCKET_CLOSE_NORMAL);
    }

    /** @internal A Frame object encoded (Frame::__toString(), pack()). */
    public static function swirlPackObject(Frame $frame, string $fn): string|false
    {
        [$data, $opcode, $flags, $code] = self::swirlFrameFields($frame);
        return self::swirlEncodeFrame($fn, $data, $opcode, $flags, $code);
    }

    /**
     * [data, opcode, flags, code] of a Frame, read as Swoole reads them:
     * quietly, so an unset() property counts as absent (an unset reason
     * falls back to data, an unset data is empty).
     */
    private static function swirlFrameFields(Frame $frame): array
    {
        $opcode = $frame->opcode ?? null;
        $opcode = $opcode === null ? \WEBSOCKET_OPCODE_TEXT : (int) $opcode;
        $code = \WEBSOCKET_CLOSE_NORMAL;
        $data = null;
        if ($opcode === \WEBSOCKET_OPCODE_CLOSE && $frame instanceof CloseFrame) {
            if (($frame->code ?? null) !== null) {
                $code = (int) $frame->code;
            }
            $data = $frame->reason ?? null;
        }
        $data ??= $frame->data ?? null;
        $flags = $frame->flags ?? null;
        $flags = $flags === null ? \SWOOLE_WEBSOCKET_FLAG_FIN : ((int) $flags) & self::FLAGS_ALL;
        if (($frame->finish ?? null) !== null) {
            $flags = $frame->finish ? ($flags | \SWOOLE_WEBSOCKET_FLAG_FIN) : ($flags & ~\SWOOLE_WEBSOCKET_FLAG_FIN);
        }
        return [$data === null ? '' : (string) $data, $opcode, $flags, $code];
    }

    private static function swirlEncodeFrame(string $fn, string $data, int $opcode, int $flags,
                                             int $code): string|false
    {
        if ($opcode > \WEBSOCKET_OPCODE_PONG || $opcode < 0) {
            Runtime::error(\E_WARNING, $fn, 'the maximum value of opcode is ' . \WEBSOCKET_OPCODE_PONG);
            return false;
        }
        if ($opcode === \WEBSOCKET_OPCODE_CLOSE) {
            if (\strlen($data) > 123) {
                Runtime::error(\E_WARNING, $fn, 'the max length of close reason is 123');
                return false;
            }
            $data = \pack('n', $code) . $data;
        }
        $b0 = $opcode & 0x0f;
        // A control frame is never fragmented (RFC 6455 5.5): FIN always.
        if (($flags & \SWOOLE_WEBSOCKET_FLAG_FIN) || $opcode >= \WEBSOCKET_OPCODE_CLOSE) {
            $b0 |= 0x80;
        }
        if ($flags & \SWOOLE_WEBSOCKET_FLAG_RSV1) {
            $b0 |= 0x40;
        }
        if ($flags & \SWOOLE_WEBSOCKET_FLAG_RSV2) {
            $b0 |= 0x20;
        }
        if ($flags & \SWOOLE_WEBSOCKET_FLAG_RSV3) {
            $b0 |= 0x10;
        }
        $mask = ($flags & \SWOOLE_WEBSOCKET_FLAG_MASK) !== 0 ? 0x80 : 0;
        $len = \strlen($data);
        if ($len < 126) {
            $head = \chr($b0) . \chr($mask | $len);
        } elseif ($len < 65536) {
            $head = \chr($b0) . \chr($mask | 126) . \pack('n', $len);
        } else {
            $head = \chr($b0) . \chr($mask | 127) . \pack('J', $len);
        }
        if ($mask) {
            $key = \str_repeat(self::MASK_KEY, \intdiv($len, 4) + 1);
            return $head . self::MASK_KEY . ($data ^ \substr($key, 0, $len));
        }
        return $head . $data;
    }

    /** @internal unpack() for Server::unpack() and Frame::unpack(). */
    public static function swirlUnpack(string $fn, mixed $data): Frame|false
    {
        $data = Runtime::argString($data, $fn, 1, 'data');
        $total = \strlen($data);
        if ($total < 2) {
            Runtime::$lastError = \SWOOLE_ERROR_PROTOCOL_ERROR;
            return false;
        }
        $b0 = \ord($data[0]);
        $b1 = \ord($data[1]);
        $len = $b1 & 0x7f;
        $pos = 2;
        if ($len === 126) {
            $len = $total >= 4 ? \unpack('n', $data, 2)[1] : 0;
            $pos = 4;
        } elseif ($len === 127) {
            $len = $total >= 10 ? \unpack('J', $data, 2)[1] : 0;
            $pos = 10;
        }
        $masked = ($b1 & 0x80) !== 0;
        $key = '';
        if ($masked) {
            $key = (string) \substr($data, $pos, 4);
            $pos += 4;
        }
        $payload = (string) \substr($data, $pos, $len);
        if ($masked && $key !== '' && $payload !== '') {
            $payload ^= \substr(\str_repeat($key, \intdiv(\strlen($payload), 4) + 1), 0, \strlen($payload));
        }
        $opcode = $b0 & 0x0f;
        $flags = (($b0 & 0x80) ? \SWOOLE_WEBSOCKET_FLAG_FIN : 0) | (($b0 & 0x40) ? \SWOOLE_WEBSOCKET_FLAG_RSV1 : 0)
            | (($b0 & 0x20) ? \SWOOLE_WEBSOCKET_FLAG_RSV2 : 0) | (($b0 & 0x10) ? \SWOOLE_WEBSOCKET_FLAG_RSV3 : 0)
            | ($masked ? \SWOOLE_WEBSOCKET_FLAG_MASK : 0);
        if ($opcode === \WEBSOCKET_OPCODE_CLOSE) {
            $frame = new CloseFrame();
            if (\strlen($payload) >= 2) {
                $frame->code = \unpack('n', $payload)[1];
                if (\strlen($payload) > 2) {
                    $frame->reason = \substr($payload, 2);
                }
            }
        } else {
            $frame = new Frame();
            $frame->data = $payload;
        }
        $frame->finish = ($b0 & 0x80) !== 0;
        $frame->opcode = $opcode;
        $frame->flags = $flags;
        return $frame;
    }
}
