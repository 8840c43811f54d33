<?php
/*
 * Client.php: Swoole\Coroutine\Http\Client (also Co\Http\Client), the
 * HTTP/1.1 and WebSocket client of coroutines, over a Coroutine\Client:
 * every wait for the server suspends only the calling coroutine, so a
 * server's worker can be a client of its own server.
 *
 * What it sends: the request line, Host (host, with the port unless it is
 * 80/443), Connection (keep-alive unless the keep_alive option is false),
 * Accept-Encoding: gzip, deflate (answers so compressed are decoded), the
 * headers of setHeaders() and the cookies of setCookies() and of earlier
 * answers, then the body: setData()/post() data as given, an array as a
 * form (multipart/form-data when addFile()/addData() added parts).
 *
 * What it reads: the status line, the headers (names in lower case, as
 * $headers; Set-Cookie lines as $set_cookie_headers and $cookies), and
 * the body by Content-Length, chunked encoding, or up to the close.
 * Failures give false, with $statusCode -1 (connect failed), -2 (timed
 * out), -3 (the server closed the connection) or -4 (sending failed) and
 * $errCode / $errMsg from the errno, as Swoole does. Timeouts (seconds):
 * the timeout option, or connect_timeout / read_timeout; none by default.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole\Coroutine\Http;

use Swirl\Runtime;
use Swirl\Scheduler;
use Swoole\Coroutine\Client as SocketClient;

class Client
{
    public $errCode = 0;
    public $errMsg = '';
    public $connected = false;
    public $host = '';
    public $port = 0;
    public $ssl = false;
    public $setting = null;
    public $requestMethod = null;
    public $requestHeaders = null;
    public $requestBody = null;
    public $uploadFiles = null;
    public $downloadFile = null;
    public $downloadOffset = 0;
    public $statusCode = 0;
    public $headers = null;
    public $set_cookie_headers = null;
    public $cookies = null;
    public $body = '';

    private ?SocketClient $socket = null;
    /** Bytes read past the last answer or frame. */
    private string $buffer = '';
    private bool $websocket = false;
    private bool $defer = false;
    /** The request a deferred execute() sent, waiting for recv(). */
    private bool $pending = false;
    private string $pendingMethod = '';
    private string $headerOut = '';
    /** Parts of a multipart body: [name, data, mime, filename]. */
    private array $parts = [];

    public function __construct($host, $port = 80, $ssl = false)
    {
        $this->host = Runtime::argString($host, 'Swoole\Coroutine\Http\Client::__construct', 1, 'host');
        $this->port = (int) $port;
        $this->ssl = (bool) $ssl;
        if ($this->host === '') {
            throw Runtime::asInternal(new \Swoole\Coroutine\Http\Client\Exception('host is empty'));
        }
    }

    public function set(array $settings)
    {
        $this->setting = \array_merge(\is_array($this->setting) ? $this->setting : [], $settings);
        return true;
    }

    public function getDefer()
    {
        return $this->defer;
    }

    public function setDefer($defer = true)
    {
        $this->defer = (bool) $defer;
        return true;
    }

    public function setMethod($method)
    {
        $this->requestMethod = (string) $method;
        return true;
    }

    public function setHeaders(array $headers)
    {
        $this->requestHeaders = $headers;
        return true;
    }

    public function setBasicAuth($username, $password)
    {
        $this->requestHeaders = \is_array($this->requestHeaders) ? $this->requestHeaders : [];
        $this->requestHeaders['Authorization'] = 'Basic ' . \base64_encode("$username:$password");
    }

    public function setCookies(array $cookies)
    {
        $this->cookies = $cookies;
        return true;
    }

    public function setData($data)
    {
        $this->requestBody = $data;
        return true;
    }

    public function addFile($path, $name, $type = null, $filename = null, $offset = 0, $length = 0)
    {
        $path = (string) $path;
        $data = @\file_get_contents($path, false, null, (int) $offset, (int) $length > 0 ? (int) $length : null);
        if ($data === false) {
            Runtime::error(\E_WARNING, 'Swoole\Coroutine\Http\Client::addFile', "file[$path] is empty or not exists");
            return false;
        }
        $this->parts[] = [(string) $name, $data, $type ?? (\swoole_mime_type_get($path) ?: 'application/octet-stream'),
            $filename ?? \basename($path)];
        $this->uploadFiles = $this->parts;
        return true;
    }

    public function addData($data, $name, $type = null, $filename = null)
    {
        $this->parts[] = [(string) $name, (string) $data, $type ?? 'application/octet-stream',
            $filename ?? (string) $name];
        return true;
    }

    public function get($path)
    {
        $this->requestMethod ??= 'GET';
        return $this->execute($path);
    }

    public function post($path, $data)
    {
        $this->requestMethod ??= 'POST';
        $this->requestBody = $data;
        return $this->execute($path);
    }

    /** Fetches $path into $file (from $offset on: a Range request). */
    public function download($path, $file, $offset = 0)
    {
        $this->downloadFile = (string) $file;
        $this->downloadOffset = (int) $offset;
        if ($this->downloadOffset > 0) {
            $this->requestHeaders = \is_array($this->requestHeaders) ? $this->requestHeaders : [];
            $this->requestHeaders['Range'] = "bytes={$this->downloadOffset}-";
        }
        $this->requestMethod ??= 'GET';
        return $this->execute($path);
    }

    /** Sends the request and, unless deferred, reads the answer. */
    public function execute($path)
    {
        Scheduler::$s->need();
        $path = (string) $path;
        $method = \strtoupper($this->requestMethod ?? ($this->requestBody !== null || $this->parts !== [] ? 'POST' : 'GET'));
        $this->requestMethod = null;
        $this->statusCode = 0;
        $this->headers = null;
        $this->body = '';
        if (!$this->send($this->request($method, $path === '' ? '/' : $path, []))) {
            return false;
        }
        if ($this->defer) {
            $this->pending = true;
            $this->pendingMethod = $method;
            return true;
        }
        return $this->readAnswer($method);
    }

    /** Upgrades the connection to a WebSocket: true with a 101 answer. */
    public function upgrade($path)
    {
        Scheduler::$s->need();
        $key = \base64_encode(\random_bytes(16));
        $request = $this->request('GET', (string) $path === '' ? '/' : (string) $path, [
            'Connection' => 'Upgrade', 'Upgrade' => 'websocket',
            'Sec-WebSocket-Version' => '13', 'Sec-WebSocket-Key' => $key,
        ]);
        if (!$this->send($request) || !$this->readAnswer('GET')) {
            return false;
        }
        if ($this->statusCode !== 101) {
            return false;
        }
        $accept = \base64_encode(\sha1($key . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true));
        if (($this->headers['sec-websocket-accept'] ?? '') !== $accept) {
            $this->fail(\SWOOLE_ERROR_WEBSOCKET_HANDSHAKE_FAILED, 0);
            $this->close();
            return false;
        }
        $this->websocket = true;
        return true;
    }

    /** Sends a WebSocket frame (masked, as a client must). */
    public function push($data, $opcode = \WEBSOCKET_OPCODE_TEXT, $flags = \SWOOLE_WEBSOCKET_FLAG_FIN)
    {
        Scheduler::$s->need();
        if (!$this->websocket || $this->socket === null) {
            $this->fail(\SWOOLE_ERROR_WEBSOCKET_UNCONNECTED, 0);
            Runtime::error(\E_WARNING, 'Swoole\Coroutine\Http\Client::push',
                'websocket handshake failed, cannot push data');
            return false;
        }
        if ($data instanceof \Swoole\WebSocket\Frame) {
            $opcode = $data->opcode;
            $flags = $data->flags ?? \SWOOLE_WEBSOCKET_FLAG_FIN;
            $data = $data->data;
        }
        if (\is_bool($flags)) {
            $flags = $flags ? \SWOOLE_WEBSOCKET_FLAG_FIN : 0;
        }
        $frame = \Swoole\WebSocket\Server::pack((string) $data, (int) $opcode, ((int) $flags) | \SWOOLE_WEBSOCKET_FLAG_MASK);
        if ($frame === false) {
            return false;
        }
        return $this->send($frame, false);
    }

    /**
     * The next WebSocket frame (fragments joined), or the answer of a
     * deferred request (true/false); false after $timeout seconds, '' when
     * the server closed the connection.
     */
    public function recv($timeout = 0)
    {
        Scheduler::$s->need();
        if ($this->pending) {
            $this->pending = false;
            return $this->readAnswer($this->pendingMethod, (float) $timeout);
        }
        if (!$this->websocket || $this->socket === null) {
            $this->fail(\SWOOLE_ERROR_WEBSOCKET_UNCONNECTED, 0);
            return false;
        }
        $timeout = (float) $timeout > 0 ? (float) $timeout : $this->readTimeout();
        $data = '';
        $first = null;
        for (;;) {
            $frame = $this->readFrame($timeout);
            if (!\is_object($frame)) {
                return $frame;
            }
            if ($frame->opcode >= 8) {
                return $frame; // control frames come between fragments
            }
            $first ??= $frame;
            $data .= $frame->data;
            if ($frame->finish) {
                $first->data = $data;
                $first->finish = true;
                return $first;
            }
        }
    }

    public function close()
    {
        $this->websocket = false;
        $this->pending = false;
        $this->connected = false;
        $this->buffer = '';
        if ($this->socket === null) {
            return false;
        }
        $this->socket->close();
        $this->socket = null;
        return true;
    }

    public function getBody()
    {
        return $this->body;
    }

    public function getHeaders()
    {
        return $this->headers;
    }

    public function getCookies()
    {
        return $this->cookies;
    }

    public function getStatusCode()
    {
        return $this->statusCode;
    }

    public function getHeaderOut()
    {
        return $this->headerOut;
    }

    public function getsockname()
    {
        return $this->socket?->getsockname() ?? false;
    }

    public function getpeername()
    {
        return $this->socket?->getpeername() ?? false;
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return Runtime::publicVars($this);
    }

    // ------------------------------------------------------------ private

    private function readTimeout(): float
    {
        return (float) ($this->setting['read_timeout'] ?? $this->setting['timeout'] ?? -1);
    }

    /** The bytes of a request: head, then body. */
    private function request(string $method, string $path, array $extra): string
    {
        $headers = [];
        $default = ($this->ssl && $this->port === 443) || (!$this->ssl && $this->port === 80);
        $headers['Host'] = $default ? $this->host : "{$this->host}:{$this->port}";
        foreach ((array) $this->requestHeaders as $k => $v) {
            $headers[(string) $k] = $v;
        }
        $lc = \array_change_key_case($headers);
        if ($extra === []) {
            if (!isset($lc['connection'])) {
                $headers['Connection'] = ($this->setting['keep_alive'] ?? true) ? 'keep-alive' : 'close';
            }
            if (!isset($lc['accept-encoding']) && \function_exists('gzdecode')) {
                $headers['Accept-Encoding'] = 'gzip, deflate';
            }
        }
        foreach ($extra as $k => $v) {
            $headers[$k] = $v;
        }
        $body = '';
        if ($this->parts !== []) {
            $boundary = '------SwooleBoundary' . \bin2hex(\random_bytes(8));
            foreach (\is_array($this->requestBody) ? $this->requestBody : [] as $k => $v) {
                $body .= "--$boundary\r\nContent-Disposition: form-data; name=\"$k\"\r\n\r\n$v\r\n";
            }
            foreach ($this->parts as [$name, $data, $mime, $filename]) {
                $body .= "--$boundary\r\nContent-Disposition: form-data; name=\"$name\"; filename=\"$filename\"\r\n"
                    . "Content-Type: $mime\r\n\r\n$data\r\n";
            }
            $body .= "--$boundary--\r\n";
            $headers['Content-Type'] = "multipart/form-data; boundary=$boundary";
            $this->parts = [];
        } elseif (\is_array($this->requestBody)) {
            $body = \http_build_query($this->requestBody);
            if (!isset($lc['content-type'])) {
                $headers['Content-Type'] = 'application/x-www-form-urlencoded';
            }
        } elseif ($this->requestBody !== null) {
            $body = (string) $this->requestBody;
        }
        $this->requestBody = null;
        if ($body !== '' || \in_array($method, ['POST', 'PUT', 'PATCH'], true)) {
            $headers['Content-Length'] = \strlen($body);
        }
        $cookies = [];
        foreach ((array) $this->cookies as $k => $v) {
            $cookies[] = "$k=" . \urlencode((string) $v);
        }
        if ($cookies !== []) {
            $headers['Cookie'] = \implode('; ', $cookies);
        }
        $head = "$method $path HTTP/1.1\r\n";
        foreach ($headers as $k => $v) {
            $head .= "$k: $v\r\n";
        }
        $this->headerOut = $head . "\r\n";
        return $this->headerOut . $body;
    }

    /** Sends $bytes, connecting first when needed; false (statusCode set) on failure. */
    private function send(string $bytes, bool $http = true): bool
    {
        if ($this->socket === null || !$this->socket->isConnected()) {
            $this->socket = new SocketClient(\SWOOLE_SOCK_TCP | ($this->ssl ? \SWOOLE_SSL : 0));
            $opts = [];
            foreach ((array) $this->setting as $k => $v) {
                if (\str_starts_with((string) $k, 'ssl_') || $k === 'bind_address' || $k === 'bind_port') {
                    $opts[$k] = $v;
                }
            }
            if ($opts !== []) {
                $this->socket->set($opts);
            }
            $this->buffer = '';
            $timeout = (float) ($this->setting['connect_timeout'] ?? $this->setting['timeout'] ?? 0);
            if (!$this->socket->connect($this->host, $this->port, $timeout > 0 ? $timeout : 2.0)) {
                $this->fail($this->socket->errCode, -1);
                $this->socket = null;
                return false;
            }
            $this->connected = true;
        }
        if ($this->socket->send($bytes) === false) {
            $this->fail($this->socket->errCode, $http ? -4 : $this->statusCode);
            $this->close();
            return false;
        }
        return true;
    }

    /** Reads until $n bytes are buffered; false (and statusCode) on failure. */
    private function fill(int $n, float $timeout): bool
    {
        while (\strlen($this->buffer) < $n) {
            if (!$this->readMore($timeout)) {
                return false;
            }
        }
        return true;
    }

    /** One read into the buffer; false (and statusCode) on a timeout or a close. */
    private function readMore(float $timeout): bool
    {
        $data = $this->socket?->recv($timeout);
        if (\is_string($data) && $data !== '') {
            $this->buffer .= $data;
            return true;
        }
        if ($data === false && $this->socket->errCode === 110) {
            $this->fail(110, -2);
        } else {
            $this->fail($data === false ? $this->socket->errCode : 104, -3);
        }
        $this->close();
        return false;
    }

    /** Reads and parses one answer; true when it is complete. */
    private function readAnswer(string $method, float $timeout = 0): bool
    {
        $timeout = $timeout > 0 ? $timeout : $this->readTimeout();
        $this->statusCode = 0;
        $this->headers = null;
        $this->set_cookie_headers = null;
        $this->body = '';
        do {
            while (($end = \strpos($this->buffer, "\r\n\r\n")) === false) {
                if (!$this->readMore($timeout)) {
                    return false;
                }
            }
            $head = \substr($this->buffer, 0, $end);
            $this->buffer = (string) \substr($this->buffer, $end + 4);
            $lines = \explode("\r\n", $head);
            if (!\preg_match('~^HTTP/(\d\.\d) (\d{3})~', $lines[0], $m)) {
                $this->fail(\SWOOLE_ERROR_HTTP_INVALID_PROTOCOL, -3);
                $this->close();
                return false;
            }
            $status = (int) $m[2];
            // 1xx answers (but 101) come before the real one.
        } while ($status >= 100 && $status < 200 && $status !== 101);
        $version = $m[1];
        $headers = [];
        $setCookies = [];
        foreach (\array_slice($lines, 1) as $line) {
            $colon = \strpos($line, ':');
            if ($colon === false) {
                continue;
            }
            $name = \strtolower(\trim(\substr($line, 0, $colon)));
            $value = \trim(\substr($line, $colon + 1));
            if ($name === 'set-cookie') {
                $setCookies[] = $value;
                $pair = \explode(';', $value, 2)[0];
                $eq = \strpos($pair, '=');
                if ($eq !== false) {
                    $this->cookies = \is_array($this->cookies) ? $this->cookies : [];
                    $this->cookies[\trim(\substr($pair, 0, $eq))] = \urldecode(\trim(\substr($pair, $eq + 1)));
                }
            }
            $headers[$name] = $value;
        }
        $this->headers = $headers;
        $this->set_cookie_headers = $setCookies === [] ? null : $setCookies;
        $this->statusCode = $status;
        $body = '';
        $keep = $version === '1.1' ? \strcasecmp($headers['connection'] ?? '', 'close') !== 0
            : \strcasecmp($headers['connection'] ?? '', 'keep-alive') === 0;
        if ($method === 'HEAD' || $status === 101 || $status === 204 || $status === 304) {
            // No body.
        } elseif (\stripos($headers['transfer-encoding'] ?? '', 'chunked') !== false) {
            for (;;) {
                while (($eol = \strpos($this->buffer, "\r\n")) === false) {
                    if (!$this->readMore($timeout)) {
                        return false;
                    }
                }
                $size = \hexdec(\trim(\explode(';', \substr($this->buffer, 0, $eol))[0]));
                if ($size === 0) {
                    // The last chunk, then trailers up to an empty line.
                    while (($t = \strpos($this->buffer, "\r\n\r\n", $eol)) === false
                        && \substr($this->buffer, $eol, 4) !== "\r\n\r\n") {
                        if (!$this->readMore($timeout)) {
                            return false;
                        }
                    }
                    $this->buffer = (string) \substr($this->buffer, ($t === false ? $eol : $t) + 4);
                    break;
                }
                if (!$this->fill($eol + 2 + $size + 2, $timeout)) {
                    return false;
                }
                $body .= \substr($this->buffer, $eol + 2, $size);
                $this->buffer = (string) \substr($this->buffer, $eol + 2 + $size + 2);
            }
        } elseif (isset($headers['content-length'])) {
            $len = (int) $headers['content-length'];
            if (!$this->fill($len, $timeout)) {
                return false;
            }
            $body = \substr($this->buffer, 0, $len);
            $this->buffer = (string) \substr($this->buffer, $len);
        } elseif ($status !== 101) {
            // Up to the close.
            while (true) {
                $data = $this->socket->recv($timeout);
                if ($data === '' || $data === false) {
                    if ($data === false && $this->socket->errCode === 110) {
                        $this->fail(110, -2);
                        $this->close();
                        return false;
                    }
                    break;
                }
                $this->buffer .= $data;
            }
            $body = $this->buffer;
            $this->buffer = '';
            $keep = false;
        }
        $encoding = \strtolower($headers['content-encoding'] ?? '');
        if ($body !== '' && ($encoding === 'gzip' || $encoding === 'deflate')) {
            $decoded = $encoding === 'gzip' ? @\gzdecode($body) : (@\gzuncompress($body) ?: @\gzinflate($body));
            if ($decoded !== false) {
                $body = $decoded;
            }
        }
        if ($this->downloadFile !== null) {
            $ok = @\file_put_contents($this->downloadFile, $body, $this->downloadOffset > 0 ? \FILE_APPEND : 0);
            $this->downloadFile = null;
            $this->downloadOffset = 0;
            if ($ok === false) {
                $this->fail(\SWOOLE_ERROR_FILE_NOT_EXIST, $this->statusCode);
                return false;
            }
        } else {
            $this->body = $body;
        }
        if (!$keep && $status !== 101) {
            $this->close();
        }
        $this->errCode = 0;
        $this->errMsg = '';
        return true;
    }

    /** Reads one WebSocket frame: the Frame, false on a timeout, '' on a close. */
    private function readFrame(float $timeout): mixed
    {
        if (!$this->fill(2, $timeout)) {
            return $this->statusCode === -2 ? false : '';
        }
        $b1 = \ord($this->buffer[1]);
        $len = $b1 & 0x7f;
        $need = 2 + (($b1 & 0x80) !== 0 ? 4 : 0);
        if ($len === 126) {
            $need += 2;
        } elseif ($len === 127) {
            $need += 8;
        }
        if (!$this->fill($need, $timeout)) {
            return $this->statusCode === -2 ? false : '';
        }
        if ($len === 126) {
            $len = \unpack('n', $this->buffer, 2)[1];
        } elseif ($len === 127) {
            $len = \unpack('J', $this->buffer, 2)[1];
        }
        if (!$this->fill($need + $len, $timeout)) {
            return $this->statusCode === -2 ? false : '';
        }
        $raw = \substr($this->buffer, 0, $need + $len);
        $this->buffer = (string) \substr($this->buffer, $need + $len);
        $frame = \Swoole\WebSocket\Server::unpack($raw);
        if ($frame instanceof \Swoole\WebSocket\Frame && $frame->opcode === \WEBSOCKET_OPCODE_CLOSE) {
            $this->websocket = false;
        }
        return $frame;
    }

    /** Records a failure: errCode, errMsg, and statusCode when it is < 0. */
    private function fail(int $errno, int $status): void
    {
        $this->errCode = $errno;
        $this->errMsg = $errno !== 0 ? Runtime::strerror($errno) : '';
        if ($status < 0) {
            $this->statusCode = $status;
        }
    }
}
