<?php
/*
 * Server.php: Swoole\Http\Server (also swoole_http_server), a
 * Swoole\Server whose ports speak HTTP/1.x (open_http_protocol; ports
 * added with listen() inherit it unless set() otherwise, as in Swoole).
 *
 * The hot path is one REQUEST event: one C->PHP callback, six field reads
 * of the event, one FFI::string() of the header block (and one of the
 * body when there is one), two cheap objects, the user's callback, and
 * one swirl_http_respond() from Response::end(). Nothing of the request
 * is parsed unless the callback reads it (see Request).
 *
 * WebSocket\Server extends this class; the WebSocket events (OPEN,
 * MESSAGE, HANDSHAKE) are dispatched here too.
 */

// No strict_types here: user callbacks are called from this file, and Swoole
// calls them from C, in coercive mode.

namespace Swoole\Http;

use FFI;
use FFI\CData;
use Swirl\FFI\Abi;
use Swirl\Http\Context;
use Swirl\Runtime;
use Swoole\WebSocket\Frame;

class Server extends \Swoole\Server
{
    // Resolved at start(): the Closures the dispatcher calls.
    private ?\Closure $hRequest = null;
    private ?\Closure $hOpen = null;
    private ?\Closure $hMessage = null;
    private ?\Closure $hHandshake = null;
    /** listener index => [SWIRL_EV_* => Closure] for ports with their own. */
    private ?array $hHttpPorts = null;

    public function __construct($host, $port = 0, $mode = \SWOOLE_PROCESS, $sock_type = \SWOOLE_SOCK_TCP)
    {
        parent::__construct($host, $port, $mode, $sock_type);
        $this->swirlSetProtocol('open_http_protocol');
    }

    /**
     * @internal As Swoole\Server's, but the static handler's lists
     * (static_handler_locations, http_index_files: arrays in Swoole) reach
     * the core as one string, an entry a line; a string is one entry. The
     * compression types are this layer's own (Swirl\Http\Context reads
     * them from $setting), so they are not reported as unsupported.
     */
    public function swirlApplyOptions(array $settings, int $port = -1,
                                      string $fn = 'Swoole\Server::set'): void
    {
        unset($settings['http_compression_types'], $settings['compression_types']);
        foreach (['static_handler_locations', 'http_index_files'] as $name) {
            if (isset($settings[$name]) && \is_array($settings[$name])) {
                $settings[$name] = \implode("\n", \array_map('strval', $settings[$name]));
            }
        }
        parent::swirlApplyOptions($settings, $port, $fn);
    }

    /** @internal Turns a protocol option on for the server (all ports). */
    protected function swirlSetProtocol(string $option): void
    {
        $this->swirlSetBoolOption($option, true);
    }

    /** @internal Whether the server's connections speak HTTP in the core. */
    protected function swirlSpeaksHttp(): bool
    {
        return true;
    }

    /**
     * Swoole requires onRequest on the first port of an HTTP server (and
     * onMessage on a WebSocket server's).
     */
    protected function swirlCheckCallbacks(): void
    {
        $primary = $this->ports[0];
        if ($this instanceof \Swoole\WebSocket\Server) {
            if ($primary->swirlHandler('message') === null) {
                Runtime::error(\E_ERROR, 'Swoole\Server::start', 'require onMessage callback');
            }
        } elseif ($primary->swirlHandler('request') === null) {
            Runtime::error(\E_ERROR, 'Swoole\Server::start', 'require onRequest callback');
        }
    }

    protected function swirlResolveHandlers(): int
    {
        $mask = parent::swirlResolveHandlers();
        $primary = $this->ports[0];
        $this->hRequest = $primary->swirlHandler('request');
        $this->hOpen = $primary->swirlHandler('open');
        $this->hMessage = $primary->swirlHandler('message');
        $this->hHandshake = $primary->swirlHandler('handshake');
        $this->hHttpPorts = null;
        $byEvent = [
            Abi::EV_REQUEST => 'request', Abi::EV_OPEN => 'open',
            Abi::EV_MESSAGE => 'message', Abi::EV_HANDSHAKE => 'handshake',
        ];
        // Requests always come in: a WebSocket server without onRequest
        // answers them with Swoole's 400 page.
        $mask |= 1 << Abi::EV_REQUEST;
        foreach ($this->ports as $port) {
            foreach ($byEvent as $ev => $name) {
                $h = $port->swirlHandler($name);
                if ($h !== null) {
                    $mask |= 1 << $ev;
                    if ($port !== $primary) {
                        $this->hHttpPorts[$port->swirlIndex()][$ev] = $h;
                    }
                }
            }
        }
        $this->swirlResetHttpContext();
        return $mask;
    }

    /**
     * The dispatcher of an HTTP (or WebSocket) server: REQUEST first, then
     * MESSAGE, OPEN and HANDSHAKE; every other event goes to the
     * dispatcher of Swoole\Server. A Throwable that escapes a callback is
     * reported as PHP's uncaught exception and ends the worker with
     * status 255.
     */
    protected function swirlMakeDispatcher(): \Closure
    {
        $ctx = $this->swirlHttpContext();
        $base = parent::swirlMakeDispatcher();
        return function (CData $ev, $ud) use ($ctx, $base): void {
            try {
                $type = $ev->type;
                if ($type === Abi::EV_REQUEST) {
                    $h = $this->hRequest;
                    if ($this->hHttpPorts !== null) {
                        $h = $this->hHttpPorts[$ev->listener][Abi::EV_REQUEST] ?? $h;
                    }
                    $fd = $ev->conn;
                    if ($h === null) {
                        $this->swirlBadRequest($ctx, $fd);
                        return;
                    }
                    $head = FFI::string($ev->data, $ev->len);
                    $blen = $ev->extra_len;
                    $ctx->obFd = $fd;
                    $this->swirlOutUsed = true; // the outbox is end()'s here
                    $request = Request::swirlCreate($ctx, $fd, $head,
                        $blen > 0 ? FFI::string($ev->extra, $blen) : '');
                    if ($blen > 0 && ($ev->flags & Abi::HTTP_REQ_UPLOADS) !== 0) {
                        $request->swirlTakeUploads();
                    }
                    if ($this->swirlCo) {
                        $this->swirlSched->start($h, [$request, Response::swirlCreate($ctx, $fd, $head)]);
                    } else {
                        $h($request, Response::swirlCreate($ctx, $fd, $head));
                    }
                    $ctx->obFd = 0;
                    return;
                }
                if ($type === Abi::EV_MESSAGE) {
                    $h = $this->hMessage;
                    if ($this->hHttpPorts !== null) {
                        $h = $this->hHttpPorts[$ev->listener][Abi::EV_MESSAGE] ?? $h;
                    }
                    if ($h !== null) {
                        $len = $ev->len;
                        $this->swirlInvoke($h, [$this, Frame::swirlCreate($ev->conn,
                            $len > 0 ? FFI::string($ev->data, $len) : '', $ev->status, $ev->flags !== 0)]);
                    }
                    return;
                }
                if ($type !== Abi::EV_OPEN && $type !== Abi::EV_HANDSHAKE) {
                    $base($ev, $ud);
                    return;
                }
                $h = $type === Abi::EV_OPEN ? $this->hOpen : $this->hHandshake;
                if ($this->hHttpPorts !== null) {
                    $h = $this->hHttpPorts[$ev->listener][$type] ?? $h;
                }
                if ($h === null) {
                    return;
                }
                $fd = $ev->conn;
                $request = Request::swirlCreate($ctx, $fd, FFI::string($ev->data, $ev->len), '');
                if ($type === Abi::EV_OPEN) {
                    $this->swirlInvoke($h, [$this, $request]);
                } else {
                    $this->swirlInvoke($h, [$request, Response::swirlCreate($ctx, $fd, '')]);
                }
            } catch (\Throwable $e) {
                Runtime::reportUncaughtSafely($e);
                Runtime::exitProcess(255);
            }
        };
    }

    /** Swoole's answer to a plain request on a WebSocket server without onRequest. */
    private function swirlBadRequest(Context $ctx, int $fd): void
    {
        $body = '<html><body><h2>HTTP 400 Bad Request</h2><hr><i>Powered by Swoole</i></body></html>';
        $headers = "Content-Type: text/html; charset=UTF-8\r\n"
            . "Cache-Control: must-revalidate,no-cache,no-store\r\n";
        $ctx->ffi->swirl_http_respond($ctx->srv, $fd, 400, $headers, \strlen($headers),
            $body, \strlen($body), Abi::HTTP_CLOSE);
    }
}
