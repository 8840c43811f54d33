<?php
/*
 * Response.php: Swoole\Http\Response (also swoole_http_response).
 *
 * Headers and cookies are kept in the public $header and $cookie arrays,
 * as in Swoole, and turned into one "Name: value\r\n" block when the
 * response goes out. The hot path, end(), is one FFI call:
 * swirl_http_respond() with the status, that block and the body; the
 * core adds Server, Connection, Content-Type, Date and Content-Length
 * when the block does not set them. write() streams a chunked response
 * (the first call starts it with swirl_http_respond(SWIRL_HTTP_CHUNKED),
 * later ones and end() use swirl_http_write()); sendfile() is
 * swirl_http_sendfile() with Swoole's MIME type for the file.
 *
 * With http_compression (on by default, as in Swoole 4.8), end() gzips
 * (or deflates) a body of at least http_compression_min_length bytes when
 * the request's Accept-Encoding allows it, in PHP (gzencode/gzdeflate),
 * adding Content-Encoding as Swoole does.
 *
 * A response that is destroyed while still open (never ended, not
 * detached) is ended as Swoole 4.8 ends it: with the status set so far,
 * or 500, and an empty body; a chunked one gets its last chunk.
 *
 * A response made with create() for a connection that does not speak
 * HTTP in the core (a plain Swoole\Server) is written in full by PHP and
 * sent with swirl_server_send().
 */

// No strict_types here: arguments are taken as Swoole's internal
// functions take them, in coercive mode.

namespace Swoole\Http;

use FFI;

use Swirl\FFI\Abi;
use Swirl\Http\Context;
use Swirl\Http\MimeTypes;
use Swirl\Runtime;

class Response
{
    public $fd = 0;
    public $socket = null;
    public $header = null;
    public $cookie = null;
    public $trailer = null;

    private const UNAVAILABLE = 'http response is unavailable (maybe it has been ended or detached)';

    /** Swoole's longest header name + 1 (SW_HTTP_HEADER_KEY_SIZE). */
    private const HEADER_KEY_SIZE = 128;

    // States: open (nothing sent), chunked (streaming), ended.
    private const S_OPEN = 0;
    private const S_CHUNKED = 1;
    private const S_ENDED = 2;

    /** The status codes Swoole knows, with their reason phrases. */
    public const STATUS = [
        100 => 'Continue', 101 => 'Switching Protocols', 102 => 'Processing',
        103 => 'Early Hints', 200 => 'OK', 201 => 'Created', 202 => 'Accepted',
        203 => 'Non-Authoritative Information', 204 => 'No Content', 205 => 'Reset Content',
        206 => 'Partial Content', 207 => 'Multi-Status', 208 => 'Already Reported',
        226 => 'IM Used', 300 => 'Multiple Choices', 301 => 'Moved Permanently',
        302 => 'Found', 303 => 'See Other', 304 => 'Not Modified', 305 => 'Use Proxy',
        306 => '(Unused)', 307 => 'Temporary Redirect', 308 => 'Permanent Redirect',
        400 => 'Bad Request', 401 => 'Unauthorized', 402 => 'Payment Required',
        403 => 'Forbidden', 404 => 'Not Found', 405 => 'Method Not Allowed',
        406 => 'Not Acceptable', 407 => 'Proxy Authentication Required',
        408 => 'Request Timeout', 409 => 'Conflict', 410 => 'Gone', 411 => 'Length Required',
        412 => 'Precondition Failed', 413 => 'Request Entity Too Large',
        414 => 'Request URI Too Long', 415 => 'Unsupported Media Type',
        416 => 'Requested Range Not Satisfiable', 417 => 'Expectation Failed',
        418 => "I'm a teapot", 421 => 'Misdirected Request', 422 => 'Unprocessable Entity',
        423 => 'Locked', 424 => 'Failed Dependency', 425 => 'Too Early',
        426 => 'Upgrade Required', 428 => 'Precondition Required', 429 => 'Too Many Requests',
        431 => 'Request Header Fields Too Large', 451 => 'Unavailable For Legal Reasons',
        500 => 'Internal Server Error', 501 => 'Not Implemented', 502 => 'Bad Gateway',
        503 => 'Service Unavailable', 504 => 'Gateway Timeout',
        505 => 'HTTP Version Not Supported', 506 => 'Variant Also Negotiates',
        507 => 'Insufficient Storage', 508 => 'Loop Detected', 510 => 'Not Extended',
        511 => 'Network Authentication Required',
    ];

    private ?Context $swirlCtx = null;

    /** The request's header block (for Accept-Encoding), or ''. */
    private string $swirlHead = '';

    private int $swirlState = self::S_ENDED;
    private bool $swirlDetached = false;
    private int $swirlStatus = 0;
    private string $swirlReason = '';

    /** The level given to gzip() (-1: none). */
    private int $swirlGzip = -1;

    /** Whether upgrade() made the connection a WebSocket (coroutine server). */
    private bool $swirlWs = false;

    /** @internal The response of a REQUEST or HANDSHAKE event. */
    public static function swirlCreate(Context $ctx, int $fd, string $head): self
    {
        $r = new self();
        $r->fd = $fd;
        $r->swirlCtx = $ctx;
        $r->swirlHead = $head;
        $r->swirlState = self::S_OPEN;
        return $r;
    }

    /**
     * Ends a response nobody ended, as Swoole does when it frees one: the
     * status set so far (500 if none) and no body; a chunked response gets
     * its last chunk.
     */
    public function __destruct()
    {
        if ($this->swirlState === self::S_ENDED || $this->swirlDetached || $this->swirlCtx === null) {
            return;
        }
        try {
            if ($this->swirlState === self::S_OPEN && $this->swirlStatus === 0) {
                $this->swirlStatus = 500;
            }
            $this->swirlEnd('');
        } catch (\Throwable) {
            // A destructor has no one to report to.
        }
    }

    /** var_dump() and print_r() show Swoole's properties only. */
    public function __debugInfo()
    {
        return ['fd' => $this->fd, 'socket' => $this->socket, 'header' => $this->header,
            'cookie' => $this->cookie, 'trailer' => $this->trailer];
    }

    // ---------------------------------------------------------------- state

    /** Whether the response can still be written (not ended, not detached). */
    public function isWritable()
    {
        return $this->swirlCtx !== null && !$this->swirlDetached && $this->swirlState !== self::S_ENDED;
    }

    /** False after Swoole's warning when the response is gone. */
    private function swirlCheck(string $fn): bool
    {
        if ($this->swirlCtx === null || $this->swirlDetached || $this->swirlState === self::S_ENDED) {
            Runtime::error(\E_WARNING, $fn, self::UNAVAILABLE);
            return false;
        }
        return true;
    }

    /**
     * Detaches the response: it is no longer ended automatically, and the
     * connection can be answered another way (Response::create(),
     * Server::send()).
     */
    public function detach()
    {
        if (!$this->swirlCheck('Swoole\Http\Response::detach')) {
            return false;
        }
        $this->swirlDetached = true;
        return true;
    }

    /**
     * A response for connection $fd of the running server (or of $server,
     * with $fd), to answer a request whose own response was detached.
     */
    public static function create($server = -1, $fd = -1)
    {
        $fn = 'Swoole\Http\Response::create';
        $given = \is_object($server);
        if ($given) {
            if (!$server instanceof \Swoole\Server) {
                Runtime::error(\E_WARNING, $fn, 'parameter $1 must be instanceof Server or Coroutine\Socket');
                return false;
            }
            $fd = Runtime::argInt($fd, $fn, 2, 'fd');
        } else {
            $fd = Runtime::argInt($server, $fn, 1, 'server');
            $server = \Swoole\Server::swirlCurrent();
            if ($server === null) {
                return false;
            }
        }
        if (!$server->swirlIsStarted()) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        if ($given && !$server->exist($fd)) {
            Runtime::error(\E_WARNING, $fn, 'parameter $2 must be valid connection session id');
            return false;
        }
        return self::swirlCreate($server->swirlHttpContext(), $fd, '');
    }

    // -------------------------------------------------------------- headers

    /**
     * Sets a response header. With $format the name is written as HTTP
     * names usually are ("content-type" becomes "Content-Type"). A value
     * may be an array (one header line per element); null removes it.
     */
    public function header($key, $value, $format = true)
    {
        $fn = 'Swoole\Http\Response::header';
        $key = Runtime::argString($key, $fn, 1, 'key');
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        return $this->swirlSetHeader($key, $value, (bool) $format, $fn);
    }

    public function setHeader($key, $value, $format = true)
    {
        $fn = 'Swoole\Http\Response::setHeader';
        $key = Runtime::argString($key, $fn, 1, 'key');
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        return $this->swirlSetHeader($key, $value, (bool) $format, $fn);
    }

    private function swirlSetHeader(string $key, mixed $value, bool $format, string $fn): bool
    {
        if (\strlen($key) > self::HEADER_KEY_SIZE - 1) {
            Runtime::error(\E_WARNING, $fn, 'header key is too long');
            return false;
        }
        if (\strpbrk($key, "\r\n") !== false) {
            return false;
        }
        if ($format) {
            $key = self::swirlFormatKey($key);
        }
        if (!\is_array($this->header)) {
            $this->header = [];
        }
        $this->header[$key] = $value;
        return true;
    }

    /** Swoole's header name formatting: "x-my-HEADER" => "X-My-Header". */
    public static function swirlFormatKey(string $key): string
    {
        $key = \strtolower($key);
        if ($key === '') {
            return $key;
        }
        $key[0] = \strtoupper($key[0]);
        $dash = 0;
        while (($dash = \strpos($key, '-', $dash)) !== false) {
            $dash++;
            if (isset($key[$dash])) {
                $key[$dash] = \strtoupper($key[$dash]);
            }
        }
        return $key;
    }

    /**
     * A trailer header (HTTP/2 only in Swoole; HTTP/1.1 responses ignore
     * it). Names are stored in lower case.
     */
    public function trailer($key, $value)
    {
        $fn = 'Swoole\Http\Response::trailer';
        $key = Runtime::argString($key, $fn, 1, 'key');
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        if (\strlen($key) > self::HEADER_KEY_SIZE - 1) {
            Runtime::error(\E_WARNING, $fn, 'trailer key is too long');
            return false;
        }
        if (!\is_array($this->trailer)) {
            $this->trailer = [];
        }
        $this->trailer[\strtolower($key)] = $value === null ? null : (string) $value;
        return true;
    }

    /** Makes $header, $cookie and $trailer empty arrays. */
    public function initHeader()
    {
        if (!$this->swirlCheck('Swoole\Http\Response::initHeader')) {
            return false;
        }
        $this->header = \is_array($this->header) ? $this->header : [];
        $this->cookie = \is_array($this->cookie) ? $this->cookie : [];
        $this->trailer = \is_array($this->trailer) ? $this->trailer : [];
        return true;
    }

    /**
     * Sets the status. Without $reason, a code Swoole does not know is
     * sent as 200; with one, any code is sent as it is.
     */
    public function status($http_code, $reason = '')
    {
        return $this->swirlSetStatus('Swoole\Http\Response::status', $http_code, $reason);
    }

    /** status() by its other name. */
    public function setStatusCode($http_code, $reason = '')
    {
        return $this->swirlSetStatus('Swoole\Http\Response::setStatusCode', $http_code, $reason);
    }

    private function swirlSetStatus(string $fn, mixed $http_code, mixed $reason): bool
    {
        $code = Runtime::argInt($http_code, $fn, 1, 'http_code');
        $reason = Runtime::argString($reason, $fn, 2, 'reason');
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        $this->swirlStatus = $code;
        $this->swirlReason = $reason;
        return true;
    }

    /** The status code that goes on the wire. */
    private function swirlStatusCode(): int
    {
        $code = $this->swirlStatus;
        if ($code === 0 || ($this->swirlReason === '' && !isset(self::STATUS[$code]))) {
            return 200;
        }
        return $code;
    }

    /** Sets a cookie, its value URL-encoded (PHP's setcookie() arguments). */
    public function cookie($name, $value = '', $expires = 0, $path = '', $domain = '', $secure = false,
                           $httponly = false, $samesite = '', $priority = '')
    {
        return $this->swirlCookie('Swoole\Http\Response::cookie', true, \func_get_args());
    }

    public function setCookie($name, $value = '', $expires = 0, $path = '', $domain = '', $secure = false,
                              $httponly = false, $samesite = '', $priority = '')
    {
        return $this->swirlCookie('Swoole\Http\Response::setCookie', true, \func_get_args());
    }

    /** Sets a cookie whose value goes out as it is. */
    public function rawcookie($name, $value = '', $expires = 0, $path = '', $domain = '', $secure = false,
                              $httponly = false, $samesite = '', $priority = '')
    {
        return $this->swirlCookie('Swoole\Http\Response::rawcookie', false, \func_get_args());
    }

    /**
     * Builds one Set-Cookie value as Swoole does: "name=value", or
     * "name=deleted; expires=<1970>" for an empty value, then expires,
     * path, domain, secure, httponly, samesite and priority; like Swoole
     * it keeps at most name, value, path and domain plus 99 bytes.
     */
    private function swirlCookie(string $fn, bool $encode, array $a): bool
    {
        $name = Runtime::argString($a[0] ?? null, $fn, 1, 'name');
        $value = Runtime::argString($a[1] ?? '', $fn, 2, 'value');
        $expires = Runtime::argInt($a[2] ?? 0, $fn, 3, 'expires');
        $path = Runtime::argString($a[3] ?? '', $fn, 4, 'path');
        $domain = Runtime::argString($a[4] ?? '', $fn, 5, 'domain');
        $secure = (bool) ($a[5] ?? false);
        $httponly = (bool) ($a[6] ?? false);
        $samesite = Runtime::argString($a[7] ?? '', $fn, 8, 'samesite');
        $priority = Runtime::argString($a[8] ?? '', $fn, 9, 'priority');
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        if ($name !== '' && \strpbrk($name, "=,; \t\r\n\013\014") !== false) {
            Runtime::error(\E_WARNING, $fn,
                "Cookie names can't contain any of the following '=,; \\t\\r\\n\\013\\014'");
            return false;
        }
        if (!$encode && \strpbrk($value, "\r\n") !== false) {
            return false;
        }
        $size = \strlen($name) + \strlen($path) + \strlen($domain) + 100;
        if ($value === '') {
            $cookie = "$name=deleted; expires=" . \gmdate('D, d-M-Y H:i:s', 1) . ' GMT';
        } else {
            $v = $encode ? \urlencode($value) : $value;
            $size += \strlen($v);
            $cookie = "$name=$v";
            if ($expires > 0) {
                $date = \gmdate('D, d-M-Y H:i:s', $expires) . ' GMT';
                $dash = \strrpos($date, '-');
                if ($dash === false || ($date[$dash + 5] ?? '') !== ' ') {
                    Runtime::error(\E_WARNING, $fn, "Expiry date can't be a year greater than 9999");
                    return false;
                }
                $cookie .= "; expires=$date";
            }
        }
        if ($path !== '') {
            $cookie .= "; path=$path";
        }
        if ($domain !== '') {
            $cookie .= "; domain=$domain";
        }
        if ($secure) {
            $cookie .= '; secure';
        }
        if ($httponly) {
            $cookie .= '; httponly';
        }
        if ($samesite !== '') {
            $cookie .= "; samesite=$samesite";
        }
        if ($priority !== '') {
            $cookie .= "; priority=$priority";
        }
        if (\strlen($cookie) > $size - 1) {
            $cookie = \substr($cookie, 0, $size - 1);
        }
        if (!\is_array($this->cookie)) {
            $this->cookie = [];
        }
        $this->cookie[] = $cookie;
        return true;
    }

    /**
     * Swirl's addition (Swoole 4.8 has no gzip()): compresses this
     * response's body at $level when the client accepts it, whatever
     * http_compression says.
     */
    public function gzip($level = 1)
    {
        $fn = 'Swoole\Http\Response::gzip';
        $level = Runtime::argInt($level, $fn, 1, 'level');
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        $this->swirlGzip = \max(1, \min(9, $level));
        return true;
    }

    // ----------------------------------------------------------------- body

    /**
     * Sends the response with $content as its body and ends it. After
     * write() it sends the last chunk only. False after Swoole's warning
     * when the response was ended or detached.
     */
    public function end($content = null)
    {
        if ($this->swirlState !== self::S_OPEN || $this->swirlDetached || $this->swirlCtx === null) {
            if (!$this->swirlCheck('Swoole\Http\Response::end')) {
                return false;
            }
            // Chunked: the data is ignored, as in Swoole.
            return $this->swirlEnd('');
        }
        $body = \is_string($content) ? $content
            : ($content === null ? '' : Runtime::argString($content, 'Swoole\Http\Response::end', 1, 'content'));
        $ctx = $this->swirlCtx;
        if ($body !== '' && \strncmp($this->swirlHead, 'HEAD ', 5) === 0) {
            // Sent without the body all the same (the core drops it).
            Runtime::error(\E_WARNING, 'Swoole\Http\Response::end', 'HEAD method should not return body');
        }
        if ($this->header !== null || $this->cookie !== null || $this->swirlStatus !== 0 || !$ctx->http
            || (\strlen($body) >= $ctx->compressionMinLength && ($ctx->compression || $this->swirlGzip > 0))) {
            return $this->swirlEnd($body);
        }
        // The hot path: no header, no cookie, status 200, nothing to
        // compress. Answering the request whose callback runs, on a
        // connection the core vouches for, it goes through the outbox (no C
        // call); else one call with an empty header block.
        $this->swirlState = self::S_ENDED;
        $fd = $this->fd;
        $len = \strlen($body);
        if ($fd === $ctx->obFd && $len <= 65536 && ($ob = $ctx->ob)->ok_conn === $fd) {
            if ($len > 0) {
                FFI::memcpy($ctx->obData, $body, $len);
            }
            $ob->len = $len;
            $ob->status = 200;
            $ob->conn = $fd;
            $ctx->obFd = 0;
            return true;
        }
        $rc = $ctx->ffi->swirl_http_respond($ctx->srv, $fd, 200, '', 0, $body, $len, 0);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    private function swirlEnd(string $body): bool
    {
        $ctx = $this->swirlCtx;
        if ($this->swirlState === self::S_CHUNKED) {
            $this->swirlState = self::S_ENDED;
            if (!$ctx->http) {
                return $this->swirlRawSend("0\r\n\r\n");
            }
            $rc = $ctx->ffi->swirl_http_write($ctx->srv, $this->fd, '', 0, 1);
            if ($rc < 0) {
                Runtime::fail($rc);
                return false;
            }
            return true;
        }
        $this->swirlState = self::S_ENDED;
        $encoding = null;
        if (($ctx->compression || $this->swirlGzip > 0) && \strlen($body) >= $ctx->compressionMinLength
            && $this->swirlHead !== '') {
            $body = $this->swirlCompress($body, $encoding);
        }
        // A Content-Length of the user's own is sent as it is, as Swoole
        // does, unless the body was compressed: then (as since Swoole's
        // fix of its issue 4857) it is dropped with a warning.
        $headers = $this->swirlHeaderBlock($encoding !== null ? 'Swoole\Http\Response::end' : null,
            "The client has set 'Accept-Encoding', 'Content-Length' is ignored");
        if ($encoding !== null) {
            $headers .= "Content-Encoding: $encoding\r\n";
        }
        if (!$ctx->http) {
            return $this->swirlRawSend($this->swirlRawHead($headers, \strlen($body), false) . $body);
        }
        $rc = $ctx->ffi->swirl_http_respond($ctx->srv, $this->fd,
            $this->swirlStatus === 0 ? 200 : $this->swirlStatusCode(),
            ...$this->swirlWithReason($headers, $body, 0));
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /**
     * Sends one chunk of a chunked response (the first call sends the
     * status and headers too). False, with Swoole's warning, for empty
     * data.
     */
    public function write($content)
    {
        $fn = 'Swoole\Http\Response::write';
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        $data = \is_string($content) ? $content : (string) $content;
        $ctx = $this->swirlCtx;
        if ($this->swirlState === self::S_OPEN) {
            // Chunked: a Content-Length of the user's is dropped, as Swoole
            // drops it.
            $headers = $this->swirlHeaderBlock($fn, "You have set 'Transfer-Encoding', 'Content-Length' is ignored");
            $this->swirlState = self::S_CHUNKED;
            if (!$ctx->http) {
                $ok = $this->swirlRawSend($this->swirlRawHead($headers, 0, true)
                    . ($data === '' ? '' : \dechex(\strlen($data)) . "\r\n$data\r\n"));
            } else {
                $rc = $ctx->ffi->swirl_http_respond($ctx->srv, $this->fd, $this->swirlStatusCode(),
                    ...$this->swirlWithReason($headers, $data, Abi::HTTP_CHUNKED));
                $ok = $rc >= 0;
                if (!$ok) {
                    Runtime::fail($rc);
                }
            }
            if (!$ok) {
                $this->swirlState = self::S_OPEN;
                return false;
            }
            if ($data === '') {
                Runtime::error(\E_WARNING, $fn, 'data to send is empty');
                return false;
            }
            return true;
        }
        if ($data === '') {
            Runtime::error(\E_WARNING, $fn, 'data to send is empty');
            return false;
        }
        if (!$ctx->http) {
            return $this->swirlRawSend(\dechex(\strlen($data)) . "\r\n$data\r\n");
        }
        $rc = $ctx->ffi->swirl_http_write($ctx->srv, $this->fd, $data, \strlen($data), 0);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /**
     * Sends $length bytes of a file from $offset (0: to its end) as the
     * body, with a Content-Type from its extension unless one was set,
     * and ends the response.
     */
    public function sendfile($filename, $offset = 0, $length = 0)
    {
        $fn = 'Swoole\Http\Response::sendfile';
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        if ($this->swirlState === self::S_CHUNKED) {
            Runtime::error(\E_WARNING, $fn, "can't use sendfile when HTTP chunk is enabled");
            return false;
        }
        $file = Runtime::argString($filename, $fn, 1, 'filename');
        $offset = Runtime::argInt($offset, $fn, 2, 'offset');
        $length = Runtime::argInt($length, $fn, 3, 'length');
        if ($file === '') {
            Runtime::error(\E_WARNING, $fn, 'file name is empty');
            return false;
        }
        \clearstatcache(true, $file);
        $st = @\stat($file);
        if ($st === false) {
            $errno = \file_exists($file) || \is_link($file) ? 13 : 2;
            Runtime::$lastError = $errno;
            Runtime::error(\E_WARNING, $fn, \sprintf('stat(%s) failed, Error: %s[%d]', $file,
                Runtime::strerror($errno), $errno));
            return false;
        }
        if (!\is_file($file)) {
            Runtime::error(\E_WARNING, $fn, "parameter \$file[$file] given is not a regular file");
            Runtime::$lastError = \SWOOLE_ERROR_SERVER_IS_NOT_REGULAR_FILE;
            return false;
        }
        $size = $st['size'];
        // A negative offset or length would send a head with nothing
        // behind it: refused, as the sizes past the file are.
        if ($offset < 0) {
            Runtime::error(\E_WARNING, $fn, "parameter \$offset[$offset] is invalid");
            return false;
        }
        if ($length < 0) {
            Runtime::error(\E_WARNING, $fn, "parameter \$length[$length] is invalid");
            return false;
        }
        if ($size < $offset) {
            Runtime::error(\E_WARNING, $fn, "parameter \$offset[$offset] exceeds the file size");
            return false;
        }
        if ($length > $size - $offset) {
            Runtime::error(\E_WARNING, $fn, "parameter \$length[$length] exceeds the file size");
            return false;
        }
        if ($length === 0) {
            $length = $size - $offset;
        }
        if (!\is_array($this->header)) {
            $this->header = [];
        }
        if (!isset($this->header['Content-Type'])) {
            $this->header['Content-Type'] = MimeTypes::get($file);
        }
        $ctx = $this->swirlCtx;
        // swirl_http_sendfile() takes no flags: a reason phrase of
        // status() is not sent here (the code's usual one is).
        $headers = $this->swirlHeaderBlock();
        $this->swirlState = self::S_ENDED;
        if (!$ctx->http) {
            if (!$this->swirlRawSend($this->swirlRawHead($headers, $length, false))) {
                return false;
            }
            if ($ctx->rawSink !== null) {
                $bytes = $length > 0 ? \file_get_contents($file, false, null, $offset, $length) : '';
                return $bytes !== false && $this->swirlRawSend($bytes);
            }
            $rc = $length > 0 ? $ctx->ffi->swirl_server_sendfile($ctx->srv, $this->fd, $file, $offset, $length) : 0;
        } else {
            $rc = $ctx->ffi->swirl_http_sendfile($ctx->srv, $this->fd, $this->swirlStatusCode(),
                $headers, \strlen($headers), $file, $offset, $length);
        }
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /** Sends a redirect to $url ($http_code, 302 by default) and ends. */
    public function redirect($url, $http_code = 302)
    {
        $fn = 'Swoole\Http\Response::redirect';
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        $this->swirlStatus = $http_code === null ? 302 : Runtime::argInt($http_code, $fn, 2, 'http_code');
        $this->swirlReason = '';
        if (!$this->header('Location', $url)) {
            return false;
        }
        return $this->swirlEnd('');
    }

    // ------------------------------------- HTTP/2 and coroutine-server calls

    /**
     * Swoole's HTTP/2 PING. Swirl speaks HTTP/1.x only, so this is always
     * Swoole's answer on an HTTP/1.1 connection: a warning and false.
     */
    public function ping()
    {
        $fn = 'Swoole\Http\Response::ping';
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        return $this->swirlNotHttp2($fn);
    }

    /** Swoole's HTTP/2 GOAWAY: as ping(), a warning and false on HTTP/1.x. */
    public function goaway($error_code = 0, $debug_data = '')
    {
        $fn = 'Swoole\Http\Response::goaway';
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        return $this->swirlNotHttp2($fn);
    }

    /**
     * Upgrades the connection to WebSocket, for Swoole's coroutine HTTP
     * server only: on this (asynchronous) server Swoole warns and returns
     * false, and so does Swirl. (A WebSocket\Server accepts WebSocket
     * handshakes itself, or in onHandShake.)
     */
    public function upgrade()
    {
        $fn = 'Swoole\Http\Response::upgrade';
        if (!$this->swirlCheck($fn)) {
            return false;
        }
        if ($this->swirlCtx->coReader !== null) {
            // The coroutine server: answer the handshake here.
            if (!\preg_match('/^Sec-WebSocket-Key:[ \t]*(\S+)/mi', $this->swirlHead, $m)) {
                return false;
            }
            $accept = \base64_encode(\sha1($m[1] . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true));
            $this->swirlState = self::S_ENDED;
            $this->swirlWs = true;
            return $this->swirlRawSend("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                . "Connection: Upgrade\r\nSec-WebSocket-Accept: $accept\r\nSec-WebSocket-Version: 13\r\n"
                . "Server: swoole-http-server\r\n\r\n");
        }
        Runtime::$lastError = \SWOOLE_ERROR_PHP_FATAL_ERROR;
        Runtime::error(\E_WARNING, $fn, 'async server dose not support protocol upgrade');
        return false;
    }

    /**
     * A frame to the WebSocket the coroutine server's upgrade() made; here
     * the connection is never such a WebSocket: Swoole's warning, false.
     */
    public function push($data, $opcode = \SWOOLE_WEBSOCKET_OPCODE_TEXT, $flags = \SWOOLE_WEBSOCKET_FLAG_FIN)
    {
        if (!$this->swirlWs) {
            return $this->swirlNotWebSocket('Swoole\Http\Response::push');
        }
        if ($data instanceof \Swoole\WebSocket\Frame) {
            $frame = \Swoole\WebSocket\Frame::pack($data);
        } else {
            $frame = \Swoole\WebSocket\Server::pack((string) $data, (int) $opcode,
                \is_bool($flags) ? ($flags ? \SWOOLE_WEBSOCKET_FLAG_FIN : 0) : (int) $flags);
        }
        return $frame !== false && $this->swirlRawSend($frame);
    }

    /**
     * The next frame of the WebSocket upgrade() made (coroutine server):
     * a Frame, false after $timeout seconds, '' when the client is gone.
     */
    public function recv($timeout = 0)
    {
        if (!$this->swirlWs) {
            return $this->swirlNotWebSocket('Swoole\Http\Response::recv');
        }
        return ($this->swirlCtx->coReader)($this->fd, (float) $timeout > 0 ? (float) $timeout : -1.0);
    }

    /** @internal Whether upgrade() made the connection a WebSocket. */
    public function swirlIsWebSocket(): bool
    {
        return $this->swirlWs;
    }

    /**
     * Closes the connection (as Swoole\Server::close() does, onClose
     * included), whether or not the response was sent; true when it did.
     */
    public function close()
    {
        $ctx = $this->swirlCtx;
        if ($ctx !== null && $ctx->coClose !== null) {
            $this->swirlState = self::S_ENDED;
            return ($ctx->coClose)($this->fd);
        }
        if ($ctx === null || $ctx->server === null) {
            Runtime::$lastError = \SWOOLE_ERROR_SESSION_CLOSED;
            return false;
        }
        return $ctx->server->close($this->fd);
    }

    private function swirlNotHttp2(string $fn): bool
    {
        Runtime::$lastError = \SWOOLE_ERROR_PHP_FATAL_ERROR;
        // Swoole's message, spelling included.
        Runtime::error(\E_WARNING, $fn, "fd[{$this->fd}] is not a HTTP2 conncetion");
        return false;
    }

    private function swirlNotWebSocket(string $fn): bool
    {
        if ($this->swirlCtx === null) {
            Runtime::$lastError = \SWOOLE_ERROR_SESSION_CLOSED;
            return false;
        }
        Runtime::$lastError = \SWOOLE_ERROR_PHP_FATAL_ERROR;
        Runtime::error(\E_WARNING, $fn, "fd[{$this->fd}] is not a websocket conncetion");
        return false;
    }

    // --------------------------------------------------------------- helpers

    /**
     * The arguments of swirl_http_respond() after the status: the header
     * block, the body and the flags, with the reason phrase of status()
     * as the block's first line (HTTP_REASON) when there is one.
     */
    private function swirlWithReason(string $headers, string $body, int $flags): array
    {
        if ($this->swirlReason !== '') {
            $headers = \str_replace(["\r", "\n"], '', $this->swirlReason) . "\r\n" . $headers;
            $flags |= Abi::HTTP_REASON;
        }
        return [$headers, \strlen($headers), $body, \strlen($body), $flags];
    }

    /**
     * The header block: every header in the order set (arrays as several
     * lines, values with trailing white space removed, lines with CR or
     * LF dropped), then the cookies, as Swoole writes them. A
     * Transfer-Encoding of the user's is the core's to write, and so is a
     * Content-Length when $lengthFn names the function that drops it
     * (with a warning: $why).
     */
    private function swirlHeaderBlock(?string $lengthFn = null, string $why = ''): string
    {
        $out = '';
        if (\is_array($this->header)) {
            foreach ($this->header as $key => $value) {
                if (!\is_string($key) || $value === null) {
                    continue;
                }
                $lk = \strtolower($key);
                if ($lk === 'transfer-encoding') {
                    continue;
                }
                if ($lk === 'content-length' && $lengthFn !== null) {
                    Runtime::error(\E_WARNING, $lengthFn, $why);
                    continue;
                }
                if (\is_array($value)) {
                    foreach ($value as $v) {
                        if ($v !== null) {
                            $out .= self::swirlLine($key, $v);
                        }
                    }
                } else {
                    $out .= self::swirlLine($key, $value);
                }
            }
        }
        if (\is_array($this->cookie)) {
            foreach ($this->cookie as $c) {
                if (\is_string($c)) {
                    $out .= "Set-Cookie: $c\r\n";
                }
            }
        }
        return $out;
    }

    private static function swirlLine(string $key, mixed $value): string
    {
        $value = \rtrim(\is_string($value) ? $value : (string) $value, " \t\n\v\f\r");
        if (\strpbrk($value, "\r\n") !== false) {
            return '';
        }
        return "$key: $value\r\n";
    }

    /**
     * The body compressed as the client accepts it (gzip, else deflate),
     * with $encoding set to the method (for Content-Encoding); the body as
     * it is, $encoding untouched, when the client accepts neither or its
     * type is not to be compressed.
     */
    private function swirlCompress(string $body, ?string &$encoding): string
    {
        $ctx = $this->swirlCtx;
        $head = $this->swirlHead;
        $pos = \stripos($head, "\r\naccept-encoding:");
        if ($pos === false) {
            return $body;
        }
        $end = \strpos($head, "\r\n", $pos + 2);
        $accept = $end === false ? \substr($head, $pos + 18) : \substr($head, $pos + 18, $end - $pos - 18);
        if (\str_contains($accept, 'gzip')) {
            $method = 'gzip';
        } elseif (\str_contains($accept, 'deflate')) {
            $method = 'deflate';
        } else {
            return $body;
        }
        if ($ctx->compressionTypes !== null) {
            $type = 'text/html';
            foreach ($this->header ?? [] as $k => $v) {
                if (\is_string($k) && \strcasecmp($k, 'content-type') === 0 && $v !== null) {
                    $type = \is_array($v) ? 'Array' : (string) $v;
                }
            }
            if (!isset($ctx->compressionTypes[$type])) {
                return $body;
            }
        }
        $level = $this->swirlGzip > 0 ? $this->swirlGzip : $ctx->compressionLevel;
        if ($level < 0) {
            $level = -1;
        } elseif ($level === 0) {
            $level = 1;
        } elseif ($level > 9) {
            $level = 9;
        }
        $out = $method === 'gzip' ? \gzencode($body, $level) : \gzdeflate($body, $level);
        if ($out === false) {
            return $body;
        }
        $encoding = $method;
        return $out;
    }

    /** A whole response head, for connections that do not speak HTTP. */
    private function swirlRawHead(string $headers, int $length, bool $chunked): string
    {
        $code = $this->swirlStatusCode();
        $line = $this->swirlReason !== '' ? "HTTP/1.1 $code {$this->swirlReason}"
            : "HTTP/1.1 $code " . self::STATUS[$code];
        $has = static fn(string $n): bool => \preg_match('/^' . $n . ':/mi', $headers) === 1;
        $out = "$line\r\n$headers";
        if (!$has('server')) {
            $out .= "Server: swoole-http-server\r\n";
        }
        if (!$has('date')) {
            $out .= 'Date: ' . \gmdate('D, d M Y H:i:s') . " GMT\r\n";
        }
        if (!$has('connection')) {
            $out .= "Connection: keep-alive\r\n";
        }
        if (!$has('content-type')) {
            $out .= "Content-Type: text/html\r\n";
        }
        if ($chunked) {
            $out .= "Transfer-Encoding: chunked\r\n";
        } elseif (!$has('content-length')) {
            $out .= "Content-Length: $length\r\n";
        }
        return $out . "\r\n";
    }

    private function swirlRawSend(string $data): bool
    {
        $ctx = $this->swirlCtx;
        if ($ctx->rawSink !== null) {
            return ($ctx->rawSink)($this->fd, $data);
        }
        $rc = $ctx->ffi->swirl_server_send($ctx->srv, $this->fd, $data, \strlen($data));
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }
}
