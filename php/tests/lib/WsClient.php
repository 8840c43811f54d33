<?php
/*
 * WsClient.php: a minimal WebSocket client (RFC 6455) for the .phpt
 * tests, on PHP stream sockets. It sends masked frames (or anything else,
 * raw) and reads frames one at a time; every read has a deadline.
 */

declare(strict_types=1);

final class WsClient
{
    /** @var resource */
    public $sock;

    /** The server's handshake answer (status line and headers). */
    public string $head = '';

    /** The HTTP status of the handshake answer. */
    public int $status = 0;

    /** Bytes read past the last frame returned. */
    private string $buf = '';

    private function __construct()
    {
    }

    /**
     * Connects to 127.0.0.1:$port and performs the opening handshake.
     * $extra holds more header lines ("Name: value"). The result's
     * $status is 101 when the server accepted.
     */
    public static function connect(int $port, string $path = '/', array $extra = [],
                                   float $timeout = 5.0): self
    {
        $c = new self();
        $sock = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, $timeout);
        if ($sock === false) {
            throw new RuntimeException("connect to $port failed: $errstr ($errno)");
        }
        $c->sock = $sock;
        $key = base64_encode(random_bytes(16));
        $req = "GET $path HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nUpgrade: websocket\r\n"
            . "Connection: Upgrade\r\nSec-WebSocket-Key: $key\r\nSec-WebSocket-Version: 13\r\n";
        foreach ($extra as $line) {
            $req .= "$line\r\n";
        }
        fwrite($sock, $req . "\r\n");
        $end = microtime(true) + $timeout;
        while (($p = strpos($c->buf, "\r\n\r\n")) === false) {
            if (!$c->fill($end)) {
                break;
            }
        }
        if ($p !== false) {
            $c->head = substr($c->buf, 0, $p);
            $c->buf = (string) substr($c->buf, $p + 4);
        } else {
            $c->head = $c->buf;
            $c->buf = '';
        }
        if (preg_match('~^HTTP/1\.1 (\d+)~', $c->head, $m)) {
            $c->status = (int) $m[1];
        }
        $accept = base64_encode(sha1($key . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true));
        if ($c->status === 101 && stripos($c->head, "Sec-WebSocket-Accept: $accept") === false) {
            throw new RuntimeException("bad Sec-WebSocket-Accept in:\n{$c->head}");
        }
        return $c;
    }

    /** Encodes a client frame (masked unless $mask is false). */
    public static function frame(string $payload, int $opcode = 1, bool $fin = true, bool $mask = true,
                                 int $rsv = 0): string
    {
        $b0 = ($fin ? 0x80 : 0) | ($rsv << 4) | $opcode;
        $len = strlen($payload);
        $m = $mask ? 0x80 : 0;
        if ($len < 126) {
            $head = chr($b0) . chr($m | $len);
        } elseif ($len < 65536) {
            $head = chr($b0) . chr($m | 126) . pack('n', $len);
        } else {
            $head = chr($b0) . chr($m | 127) . pack('J', $len);
        }
        if (!$mask) {
            return $head . $payload;
        }
        $key = random_bytes(4);
        $k = substr(str_repeat($key, intdiv($len, 4) + 1), 0, $len);
        return $head . $key . ($payload ^ $k);
    }

    public function send(string $payload, int $opcode = 1, bool $fin = true, bool $mask = true,
                         int $rsv = 0): void
    {
        $this->sendRaw(self::frame($payload, $opcode, $fin, $mask, $rsv));
    }

    public function sendRaw(string $bytes): void
    {
        $n = 0;
        while ($n < strlen($bytes)) {
            $w = @fwrite($this->sock, substr($bytes, $n));
            if ($w === false || $w === 0) {
                return;
            }
            $n += $w;
        }
    }

    /**
     * Reads one frame: ['opcode' => int, 'fin' => bool, 'data' => string]
     * (for a close frame also 'code' and 'reason'); null at EOF or when
     * nothing complete came before the deadline.
     */
    public function recv(float $timeout = 5.0): ?array
    {
        $end = microtime(true) + $timeout;
        while (true) {
            $f = $this->parse();
            if ($f !== null) {
                return $f;
            }
            if (!$this->fill($end)) {
                return null;
            }
        }
    }

    /** Reads until EOF or the deadline; true when the server closed. */
    public function waitClosed(float $timeout = 5.0): bool
    {
        $end = microtime(true) + $timeout;
        while ($this->fill($end)) {
        }
        return feof($this->sock);
    }

    public function close(): void
    {
        if (is_resource($this->sock)) {
            fclose($this->sock);
        }
    }

    private function parse(): ?array
    {
        $b = $this->buf;
        if (strlen($b) < 2) {
            return null;
        }
        $b0 = ord($b[0]);
        $b1 = ord($b[1]);
        $len = $b1 & 0x7f;
        $pos = 2;
        if ($len === 126) {
            if (strlen($b) < 4) {
                return null;
            }
            $len = unpack('n', $b, 2)[1];
            $pos = 4;
        } elseif ($len === 127) {
            if (strlen($b) < 10) {
                return null;
            }
            $len = unpack('J', $b, 2)[1];
            $pos = 10;
        }
        if ($b1 & 0x80) {
            $pos += 4; // A server never masks; skip a key if it did.
        }
        if (strlen($b) < $pos + $len) {
            return null;
        }
        $data = substr($b, $pos, $len);
        $this->buf = (string) substr($b, $pos + $len);
        $f = ['opcode' => $b0 & 0x0f, 'fin' => ($b0 & 0x80) !== 0, 'data' => $data,
            'masked' => ($b1 & 0x80) !== 0];
        if ($f['opcode'] === 8) {
            $f['code'] = strlen($data) >= 2 ? unpack('n', $data)[1] : null;
            $f['reason'] = (string) substr($data, 2);
        }
        return $f;
    }

    /** Reads what is available before $end; false at EOF or the deadline. */
    private function fill(float $end): bool
    {
        $left = $end - microtime(true);
        if ($left <= 0 || feof($this->sock)) {
            return false;
        }
        $r = [$this->sock];
        $w = $e = null;
        $sec = (int) $left;
        if (@stream_select($r, $w, $e, $sec, (int) (($left - $sec) * 1e6)) < 1) {
            return false;
        }
        $d = fread($this->sock, 65536);
        if ($d === false || $d === '') {
            return !feof($this->sock);
        }
        $this->buf .= $d;
        return true;
    }
}
