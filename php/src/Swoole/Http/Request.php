<?php
/*
 * Request.php: Swoole\Http\Request (also swoole_http_request).
 *
 * A request from the server is cheap to make: it keeps the header block
 * and the body the core delivered, as two PHP strings, and nothing else.
 * Its public properties (header, server, cookie, get, files, post,
 * tmpfiles) are unset when it is made and built on first access by
 * __get(), each from the raw text, with Swoole 4.8's rules: header names
 * in lower case (the last of several headers of one name wins), the
 * cookie header parsed by Swoole's own cookie parser (and then absent
 * from header), get and urlencoded post by PHP's parse_str(), multipart
 * bodies into post and into files laid out like PHP's $_FILES, uploads
 * written to upload_tmp_dir as swoole.upfile.XXXXXX and removed when the
 * request is destroyed. The server array asks the core for the peer's
 * address only when it is read.
 */

// No strict_types here: arguments are taken as Swoole's internal
// functions take them, in coercive mode.

namespace Swoole\Http;

use FFI;
use Swirl\Http\Context;
use Swirl\Http\TmpFiles;
use Swirl\Runtime;

class Request implements \JsonSerializable
{
    public $fd = 0;
    /** HTTP/2 stream (Swoole declares it when built with HTTP/2); 0 here. */
    public $streamId = 0;
    public $header = null;
    public $server = null;
    public $cookie = null;
    public $get = null;
    public $files = null;
    public $post = null;
    public $tmpfiles = null;

    // Bits of the lazily built properties: set once a property holds its
    // value (built, or assigned by the user).
    private const P_HEADER = 1;
    private const P_SERVER = 2;
    private const P_COOKIE = 4;
    private const P_GET = 8;
    private const P_FILES = 16;
    private const P_POST = 32;
    private const P_TMPFILES = 64;
    private const P_ALL = 127;

    private const BITS = [
        'header' => self::P_HEADER, 'server' => self::P_SERVER, 'cookie' => self::P_COOKIE,
        'get' => self::P_GET, 'files' => self::P_FILES, 'post' => self::P_POST,
        'tmpfiles' => self::P_TMPFILES,
    ];

    // Swoole's limits of cookie names and values (SW_HTTP_COOKIE_*LEN).
    private const COOKIE_KEYLEN = 128;
    private const COOKIE_VALLEN = 4096;

    private ?Context $swirlCtx = null;

    /** "METHOD URL HTTP/x.y\r\nName: value\r\n..." as the core gave it. */
    private string $swirlHead = '';

    /** The body, decoded (no chunked framing). */
    private string $swirlBody = '';

    /** When the request arrived (microtime(true)). */
    private float $swirlTime = 0.0;

    /** The properties (bits) that hold their value; the others are unset. */
    private int $swirlDone = 0;

    /** The properties (bits) the user unset after they were built. */
    private int $swirlUnset = 0;

    // Request::create() / parse(): the options and the parser's state;
    // swirlRaw is every byte parse() took (getData() returns it), null for
    // a request from the server.
    private ?string $swirlRaw = null;
    private bool $swirlParseCookie = true;
    private bool $swirlParseBody = true;
    private bool $swirlParseFiles = true;
    private string $swirlBuf = '';
    private int $swirlStage = 3; // 0 request line, 1 headers, 2 body, 3 complete
    private int $swirlNeed = 0;

    /** Removes the uploaded files when the request goes (see TmpFiles). */
    private ?TmpFiles $swirlUploads = null;

    /**
     * Whether the core wrote this request's uploads to files (REQUEST
     * flag HTTP_REQ_UPLOADS): only then do X-Swirl-Tmpfile part headers
     * name files, and the core has dropped any a client sent.
     */
    private bool $swirlStreamed = false;

    /**
     * @internal Makes the request of a REQUEST (or OPEN, HANDSHAKE) event:
     * five assignments and the lazy properties unset, nothing parsed.
     * (No constructor and no destructor: each would be a call per
     * request.)
     */
    public static function swirlCreate(Context $ctx, int $fd, string $head, string $body): self
    {
        // A clone of a request whose lazy properties are unset already:
        // cheaper than a new object and seven unset()s each time.
        $r = clone (self::$swirlProto ??= self::swirlMakeProto());
        $r->fd = $fd;
        $r->swirlCtx = $ctx;
        $r->swirlHead = $head;
        $r->swirlBody = $body;
        $r->swirlTime = \microtime(true);
        return $r;
    }

    /** The request every swirlCreate() clones. */
    private static ?self $swirlProto = null;

    private static function swirlMakeProto(): self
    {
        $r = new self();
        unset($r->header, $r->server, $r->cookie, $r->get, $r->files, $r->post, $r->tmpfiles);
        return $r;
    }

    /**
     * @internal The core wrote the uploads of this request to files (the
     * body names each in an X-Swirl-Tmpfile line): they are registered as
     * uploads now and removed with the request, whether or not the
     * callback reads $files.
     */
    public function swirlTakeUploads(): void
    {
        $this->swirlStreamed = true;
        $body = $this->swirlBody;
        $paths = [];
        $pos = 0;
        while (($pos = \strpos($body, "\r\nX-Swirl-Tmpfile: ", $pos)) !== false) {
            $pos += 19;
            $eol = \strpos($body, "\r\n", $pos);
            $path = $eol === false ? \substr($body, $pos) : \substr($body, $pos, $eol - $pos);
            if (\str_starts_with(\basename($path), 'swoole.upfile.')) {
                $paths[] = $path;
            }
        }
        if ($paths !== []) {
            $this->swirlUploads = new TmpFiles($paths);
        }
    }

    // ------------------------------------------------------ lazy properties

    public function &__get($name)
    {
        $bit = self::BITS[$name] ?? 0;
        if ($bit !== 0 && ($this->swirlDone & $bit) !== 0 && ($this->swirlUnset & $bit) === 0) {
            // Built by __isset() just before: `$request->get['x'] ?? ...`.
            return $this->$name;
        }
        if ($bit === 0 || ($this->swirlDone & $bit) !== 0) {
            // Not one of ours, or unset by the user: PHP's own warning.
            [$file, $line] = Runtime::callerLocation();
            Runtime::emit(\E_WARNING, 'Undefined property: ' . static::class . '::$' . $name, $file, $line);
            $null = null;
            return $null;
        }
        $this->swirlBuild($bit);
        return $this->$name;
    }

    public function __set($name, $value)
    {
        $bit = self::BITS[$name] ?? 0;
        $this->swirlDone |= $bit;
        $this->swirlUnset &= ~$bit;
        $this->$name = $value;
    }

    public function __isset($name)
    {
        $bit = self::BITS[$name] ?? 0;
        if ($bit === 0 || ($this->swirlDone & $bit) !== 0) {
            return false;
        }
        $this->swirlBuild($bit);
        return isset($this->$name);
    }

    public function __unset($name)
    {
        $bit = self::BITS[$name] ?? 0;
        if ($bit !== 0 && ($this->swirlDone & $bit) === 0) {
            $this->swirlBuild($bit);
            unset($this->$name);
            $this->swirlUnset |= $bit;
        }
    }

    /** var_dump() and print_r() show the properties, built, as Swoole's. */
    public function __debugInfo()
    {
        $this->swirlBuild(self::P_ALL);
        $out = [];
        foreach (['fd', 'streamId', 'header', 'server', 'cookie', 'get', 'files', 'post', 'tmpfiles'] as $p) {
            if (isset(self::BITS[$p]) && ($this->swirlDone & self::BITS[$p]) === 0) {
                continue;
            }
            $out[$p] = (new \ReflectionProperty($this, $p))->isInitialized($this) ? $this->$p : null;
        }
        return $out;
    }

    /**
     * json_encode() gives what it gives for Swoole's request, whose
     * properties are all real: fd, header, server, cookie, get, files,
     * post and tmpfiles, null when the request has none. (Swirl's are
     * built on first use; without this only fd would show.)
     */
    public function jsonSerialize(): mixed
    {
        return $this->__debugInfo();
    }

    /** Builds the properties of $bits that are still unset. */
    private function swirlBuild(int $bits): void
    {
        $todo = $bits & ~$this->swirlDone;
        if ($todo === 0) {
            return;
        }
        if (($todo & (self::P_HEADER | self::P_COOKIE)) !== 0) {
            [$header, $cookie] = $this->swirlHeaders();
            $this->swirlSet(self::P_HEADER, 'header', $header);
            $this->swirlSet(self::P_COOKIE, 'cookie', $cookie);
        }
        if (($todo & self::P_SERVER) !== 0) {
            $this->swirlSet(self::P_SERVER, 'server', $this->swirlServerArray());
        }
        if (($todo & self::P_GET) !== 0) {
            $qs = $this->swirlQueryString();
            $get = null;
            if ($qs !== null) {
                $get = [];
                \parse_str($qs, $get);
            }
            $this->swirlSet(self::P_GET, 'get', $get);
        }
        if (($todo & (self::P_POST | self::P_FILES | self::P_TMPFILES)) !== 0) {
            [$post, $files, $tmp] = $this->swirlParseBodyNow();
            $this->swirlSet(self::P_POST, 'post', $post);
            $this->swirlSet(self::P_FILES, 'files', $files);
            $this->swirlSet(self::P_TMPFILES, 'tmpfiles', $tmp);
        }
    }

    /** http_parse_cookie (0), http_parse_post (1), http_parse_files (2). */
    private function swirlOpt(int $which): bool
    {
        $ctx = $this->swirlCtx;
        if ($ctx !== null) {
            return $which === 0 ? $ctx->parseCookie : ($which === 1 ? $ctx->parsePost : $ctx->parseFiles);
        }
        return $which === 0 ? $this->swirlParseCookie
            : ($which === 1 ? $this->swirlParseBody : $this->swirlParseFiles);
    }

    private function swirlSet(int $bit, string $name, mixed $value): void
    {
        if (($this->swirlDone & $bit) === 0) {
            $this->swirlDone |= $bit;
            $this->$name = $value;
        }
    }

    // -------------------------------------------------------------- parsing

    /** [method, url, version] of the request line. */
    private function swirlRequestLine(): array
    {
        $eol = \strpos($this->swirlHead, "\r\n");
        $line = $eol === false ? $this->swirlHead : \substr($this->swirlHead, 0, $eol);
        $parts = \explode(' ', $line, 3);
        return [$parts[0], $parts[1] ?? '/', $parts[2] ?? 'HTTP/1.0'];
    }

    /** [path, query string or null] of the request's URL. */
    private static function swirlSplitUrl(string $url): array
    {
        $hash = \strpos($url, '#');
        if ($hash !== false) {
            $url = \substr($url, 0, $hash);
        }
        if ($url !== '' && $url[0] !== '/' && ($p = \strpos($url, '://')) !== false) {
            // An absolute URL: the path starts after the authority.
            $slash = \strpos($url, '/', $p + 3);
            $url = $slash === false ? '/' : \substr($url, $slash);
        }
        $q = \strpos($url, '?');
        if ($q === false) {
            return [$url, null];
        }
        $qs = \substr($url, $q + 1);
        return [\substr($url, 0, $q), $qs === '' ? null : $qs];
    }

    private function swirlQueryString(): ?string
    {
        return self::swirlSplitUrl($this->swirlRequestLine()[1])[1];
    }

    /**
     * [header, cookie]: every header line, lower-cased names; Cookie
     * headers go to the cookie array instead when cookies are parsed.
     */
    private function swirlHeaders(): array
    {
        $header = [];
        $cookie = null;
        $lines = \explode("\r\n", $this->swirlHead);
        $n = \count($lines);
        for ($i = 1; $i < $n; $i++) {
            $line = $lines[$i];
            $colon = \strpos($line, ':');
            if ($colon === false) {
                continue;
            }
            $name = \strtolower(\substr($line, 0, $colon));
            $value = \ltrim(\substr($line, $colon + 1), " \t");
            if ($name === 'cookie' && $this->swirlOpt(0)) {
                $cookie ??= [];
                self::swirlParseCookie($cookie, $value);
                continue;
            }
            $header[$name] = $value;
        }
        return [$header, $cookie];
    }

    /** The value of header $name (lower case; the last of that name), or null. */
    private function swirlHeader(string $name): ?string
    {
        $head = $this->swirlHead;
        $pos = \strripos($head, "\r\n$name:");
        if ($pos === false) {
            return null;
        }
        $start = $pos + \strlen($name) + 3;
        $end = \strpos($head, "\r\n", $start);
        return \trim($end === false ? \substr($head, $start) : \substr($head, $start, $end - $start), " \t");
    }

    /** The server array, in Swoole's order. */
    private function swirlServerArray(): array
    {
        [$method, $url, $version] = $this->swirlRequestLine();
        [$path, $qs] = self::swirlSplitUrl($url);
        $server = [];
        if ($qs !== null) {
            $server['query_string'] = $qs;
        }
        $server['request_method'] = $method;
        $server['request_uri'] = $path;
        $server['path_info'] = \urldecode($path);
        $server['request_time'] = (int) $this->swirlTime;
        $server['request_time_float'] = $this->swirlTime;
        $server['server_protocol'] = $version === 'HTTP/1.1' ? 'HTTP/1.1' : 'HTTP/1.0';
        $ctx = $this->swirlCtx;
        if ($ctx !== null && $ctx->srv !== null) {
            $ffi = $ctx->ffi;
            $info = $ffi->new('swirl_conn_info');
            if ($ffi->swirl_server_connection_info($ctx->srv, $this->fd, FFI::addr($info)) >= 0) {
                $server['server_port'] = $info->server_port;
                $server['remote_port'] = $info->remote_port;
                $server['remote_addr'] = FFI::string($info->remote_ip);
                $server['master_time'] = $info->last_time;
            }
        } elseif ($ctx !== null && $ctx->connInfo !== null) {
            $info = ($ctx->connInfo)($this->fd);
            if ($info !== null) {
                $server['server_port'] = $info[0];
                $server['remote_port'] = $info[1];
                $server['remote_addr'] = $info[2];
                $server['master_time'] = (int) $this->swirlTime;
            }
        }
        return $server;
    }

    /**
     * Swoole's cookie parser (also used for Content-Disposition): pairs
     * separated by ';', names taken as they are (leading spaces dropped),
     * values stripped of double quotes and URL-decoded. Its quirks are
     * kept: a ';' before the first '=' belongs to the name, and text after
     * the last pair becomes the value of the last name.
     */
    public static function swirlParseCookie(array &$out, string $s): void
    {
        $len = \strlen($s);
        $i = 0;
        $j = 0;
        $state = -1;
        $key = '';
        $klen = 0;
        while ($i < $len) {
            if ($state < 0) {
                $c = $s[$i];
                if ($c === '=') {
                    $klen = $i - $j + 1;
                    if ($klen >= self::COOKIE_KEYLEN) {
                        return;
                    }
                    $key = \substr($s, $j, $i - $j);
                    $j = $i + 1;
                    $state = 1;
                } elseif (\strpos(" \t\n\v\f\r", $c) !== false) {
                    $j++;
                } else {
                    $state = 0;
                }
                $i++;
                continue;
            }
            if ($state === 0) {
                $eq = \strpos($s, '=', $i);
                if ($eq === false) {
                    $i = $len;
                    break;
                }
                $klen = $eq - $j + 1;
                if ($klen >= self::COOKIE_KEYLEN) {
                    return;
                }
                $key = \substr($s, $j, $eq - $j);
                $j = $eq + 1;
                $state = 1;
                $i = $eq + 1;
                continue;
            }
            $sc = \strpos($s, ';', $i);
            if ($sc === false) {
                $i = $len;
                break;
            }
            $vlen = $sc - $j;
            if ($vlen >= self::COOKIE_VALLEN) {
                return;
            }
            if ($klen > 1) {
                $out[$key] = \urldecode(\trim(\substr($s, $j, $vlen), '"'));
            }
            $j = $sc + 1;
            $state = -1;
            $i = $sc + 1;
        }
        if ($j < $len) {
            $vlen = $len - $j;
            if ($klen >= self::COOKIE_KEYLEN || $vlen >= self::COOKIE_VALLEN) {
                return;
            }
            if ($klen > 1) {
                $out[$key] = \urldecode(\trim(\substr($s, $j, $vlen), '"'));
            }
        }
    }

    /**
     * [post, files, tmpfiles] from the body: urlencoded forms (POST, PUT,
     * DELETE, PATCH, with http_parse_post) by parse_str(), multipart
     * forms field by field.
     */
    private function swirlParseBodyNow(): array
    {
        $body = $this->swirlBody;
        if ($body === '') {
            return [null, null, null];
        }
        $method = $this->swirlRequestLine()[0];
        if ($method !== 'POST' && $method !== 'PUT' && $method !== 'DELETE' && $method !== 'PATCH') {
            return [null, null, null];
        }
        $type = $this->swirlHeader('content-type');
        if ($type === null) {
            return [null, null, null];
        }
        if (\strncasecmp($type, 'application/x-www-form-urlencoded', 33) === 0) {
            if (!$this->swirlOpt(1)) {
                return [null, null, null];
            }
            $post = [];
            \parse_str($body, $post);
            return [$post, null, null];
        }
        if (\strncasecmp($type, 'multipart/form-data', 19) !== 0) {
            return [null, null, null];
        }
        // The boundary as Swoole finds it: after the type, spaces and ';'
        // are skipped, then the 9 bytes of "boundary=", up to a ';'.
        $off = 19;
        $tlen = \strlen($type);
        while ($off < $tlen && ($type[$off] === ' ' || $type[$off] === ';')) {
            $off++;
        }
        $boundary = (string) \substr($type, $off + 9);
        $semi = \strpos($boundary, ';');
        if ($semi !== false) {
            $boundary = \substr($boundary, 0, $semi);
        }
        $blen = \strlen($boundary);
        if ($blen >= 2 && $boundary[0] === '"' && $boundary[$blen - 1] === '"') {
            $boundary = \substr($boundary, 1, $blen - 2);
        }
        if ($boundary === '') {
            return [null, null, null];
        }
        return $this->swirlParseMultipart(\ltrim($body, "\r\n"), $boundary);
    }

    private function swirlParseMultipart(string $body, string $boundary): array
    {
        $delim = '--' . $boundary;
        $dlen = \strlen($delim);
        $pos = \strpos($body, $delim);
        $fields = [];    // [name, value]
        $uploads = [];   // [name, entry]
        $tmpfiles = null;
        if ($pos === false) {
            return [null, null, null];
        }
        $pos += $dlen;
        $total = \strlen($body);
        while ($pos < $total) {
            if (\substr($body, $pos, 2) === '--') {
                break;
            }
            $eol = \strpos($body, "\r\n", $pos);
            if ($eol === false) {
                break;
            }
            $pos = $eol + 2;
            if (\substr($body, $pos, 2) === "\r\n") {
                $headers = '';
                $pos += 2;
            } else {
                $hend = \strpos($body, "\r\n\r\n", $pos);
                if ($hend === false) {
                    break;
                }
                $headers = \substr($body, $pos, $hend - $pos);
                $pos = $hend + 4;
            }
            $next = \strpos($body, "\r\n" . $delim, $pos);
            $data = $next === false ? \substr($body, $pos) : \substr($body, $pos, $next - $pos);
            $this->swirlPart($headers, $data, $fields, $uploads, $tmpfiles);
            if ($next === false) {
                break;
            }
            $pos = $next + 2 + $dlen;
        }
        $post = null;
        if ($fields !== []) {
            $pairs = [];
            foreach ($fields as [$name, $value]) {
                $pairs[] = \rawurlencode($name) . '=' . \rawurlencode($value);
            }
            $post = [];
            \parse_str(\implode('&', $pairs), $post);
        }
        if ($tmpfiles !== null && $this->swirlUploads === null) {
            // Files written here (the core had not streamed them).
            $this->swirlUploads = new TmpFiles($tmpfiles);
        }
        $files = null;
        if ($uploads !== []) {
            $files = self::swirlRegisterFiles($uploads, $this->swirlOpt(2));
        }
        return [$post, $files, $tmpfiles];
    }

    /** One part of a multipart body: a form field or an upload. */
    private function swirlPart(string $headers, string $data, array &$fields, array &$uploads,
                               ?array &$tmpfiles): void
    {
        $name = null;
        $entry = null;
        $stored = null; // the core already wrote this upload to a file
        foreach ($headers === '' ? [] : \explode("\r\n", $headers) as $line) {
            $colon = \strpos($line, ':');
            if ($colon === false) {
                continue;
            }
            $hname = \strtolower(\substr($line, 0, $colon));
            $value = \ltrim(\substr($line, $colon + 1), " \t");
            if ($hname === 'content-disposition') {
                if (!\str_contains($value, 'form-data;')) {
                    continue;
                }
                $params = [];
                self::swirlParseCookie($params, (string) \substr($value, 10));
                if (!isset($params['name'])) {
                    continue;
                }
                $name = \trim($params['name'], '"');
                if (isset($params['filename'])) {
                    $filename = \trim($params['filename'], '"');
                    $entry = ['name' => $filename, 'type' => '', 'tmp_name' => '',
                        'error' => $filename === '' ? \UPLOAD_ERR_NO_FILE : \UPLOAD_ERR_OK, 'size' => 0];
                } else {
                    $entry = null;
                }
            } elseif ($hname === 'content-type' && $entry !== null && $entry['error'] === \UPLOAD_ERR_OK) {
                $entry['type'] = $value;
            } elseif ($hname === 'x-swirl-tmpfile' && $this->swirlStreamed) {
                $stored = $value;
            }
        }
        if ($name === null) {
            return;
        }
        if ($entry === null) {
            $fields[] = [$name, $data];
            return;
        }
        if ($stored !== null) {
            // Streamed to disk by the core as it arrived.
            $tmpfiles[] = $stored;
            $entry['tmp_name'] = $stored;
            $size = @\filesize($stored);
            if ($entry['error'] === \UPLOAD_ERR_OK && $size !== false) {
                $entry['size'] = $size;
            } else {
                $entry['error'] = \UPLOAD_ERR_CANT_WRITE;
            }
        } elseif ($entry['error'] === \UPLOAD_ERR_OK) {
            $dir = $this->swirlCtx !== null ? $this->swirlCtx->uploadTmpDir : \sys_get_temp_dir();
            $path = @\tempnam($dir === '' ? '/' : $dir, 'swoole.upfile.');
            if ($path === false || \dirname($path) !== ($dir === '' ? '/' : $dir)) {
                if ($path !== false) {
                    @\unlink($path);
                }
                $entry['error'] = \UPLOAD_ERR_NO_TMP_DIR;
            } else {
                $entry['tmp_name'] = $path;
                $tmpfiles[] = $path;
                if (@\file_put_contents($path, $data) !== \strlen($data)) {
                    $entry['error'] = \UPLOAD_ERR_CANT_WRITE;
                } else {
                    $entry['size'] = \strlen($data);
                }
            }
        }
        $uploads[] = [$name, $entry];
    }

    /**
     * Files as PHP registers them in $_FILES: each upload under its field
     * name with PHP's rules for names (brackets nest, '.' and ' ' in the
     * base name become '_'); with http_parse_files a bracketed name puts
     * each attribute above the brackets, as PHP does ($_FILES['f']['name']
     * ['a'] for a field "f[a]").
     */
    private static function swirlRegisterFiles(array $uploads, bool $nest): array
    {
        $pairs = [];
        $values = [];
        foreach ($uploads as [$name, $entry]) {
            $bracket = \strpos($name, '[');
            if ($nest && $bracket !== false && $bracket > 0) {
                $base = \substr($name, 0, $bracket);
                $rest = \substr($name, $bracket);
                foreach ($entry as $attr => $v) {
                    $values[] = $v;
                    $pairs[] = \rawurlencode($base . "[$attr]" . $rest) . '='
                        . \rawurlencode("\0" . (\count($values) - 1));
                }
            } else {
                $values[] = $entry;
                $pairs[] = \rawurlencode($name) . '=' . \rawurlencode("\0" . (\count($values) - 1));
            }
        }
        $files = [];
        \parse_str(\implode('&', $pairs), $files);
        $fill = static function (array &$a) use (&$fill, $values): void {
            foreach ($a as &$v) {
                if (\is_array($v)) {
                    $fill($v);
                } elseif (\is_string($v) && $v !== '' && $v[0] === "\0") {
                    $v = $values[(int) \substr($v, 1)] ?? null;
                }
            }
        };
        $fill($files);
        return $files;
    }

    // ------------------------------------------------------------- methods

    /** The body as sent (for forms that are not urlencoded). */
    public function rawContent()
    {
        return $this->swirlBody;
    }

    public function getContent()
    {
        return $this->swirlBody;
    }

    /**
     * The whole request: header block and body (as parse() took it, for a
     * request made by create()).
     */
    public function getData()
    {
        if ($this->swirlRaw !== null) {
            return $this->swirlRaw === '' ? false : $this->swirlRaw;
        }
        if ($this->swirlHead === '') {
            return false;
        }
        return $this->swirlHead . "\r\n" . $this->swirlBody;
    }

    /** The request's method ("GET", "POST", ...). */
    public function getMethod()
    {
        if ($this->swirlHead === '') {
            return false;
        }
        return $this->swirlRequestLine()[0];
    }

    // -------------------------------------- Request::create() and parse()

    /**
     * A request to fill with parse(). Options: parse_cookie, parse_body,
     * parse_files (true by default).
     */
    public static function create($options = [])
    {
        $r = new self();
        $r->header = [];
        $r->server = [];
        $r->swirlDone = self::P_ALL;
        $r->swirlStage = 0;
        $r->swirlRaw = '';
        if (\is_array($options)) {
            $r->swirlParseCookie = (bool) ($options['parse_cookie'] ?? true);
            $r->swirlParseBody = (bool) ($options['parse_body'] ?? true);
            $r->swirlParseFiles = (bool) ($options['parse_files'] ?? true);
        }
        $r->swirlTime = \microtime(true);
        return $r;
    }

    /**
     * Parses more of a request made by create(); returns how many bytes of
     * $data it used (all of them until the request is complete), or false
     * once the request is complete.
     */
    public function parse($data)
    {
        $data = Runtime::argString($data, 'Swoole\Http\Request::parse', 1, 'data');
        if ($this->swirlStage >= 3) {
            return false;
        }
        $this->swirlBuf .= $data;
        while ($this->swirlStage < 2) {
            $eol = \strpos($this->swirlBuf, "\r\n");
            if ($eol === false) {
                $this->swirlRaw .= $data;
                return \strlen($data);
            }
            $line = \substr($this->swirlBuf, 0, $eol);
            $this->swirlBuf = (string) \substr($this->swirlBuf, $eol + 2);
            if ($this->swirlStage === 0) {
                if ($line === '') {
                    continue;
                }
                $this->swirlHead = $line;
                $this->swirlStage = 1;
                $qs = $this->swirlQueryString();
                if ($qs !== null) {
                    $this->server['query_string'] = $qs;
                    $get = [];
                    \parse_str($qs, $get);
                    $this->get = $get;
                }
                continue;
            }
            if ($line === '') {
                $this->swirlStage = 2;
                $server = $this->swirlServerArray();
                $this->server = ($this->server ?? []) + $server;
                $length = $this->swirlHeader('content-length');
                $this->swirlNeed = $length !== null ? \max(0, (int) $length) : 0;
                break;
            }
            $this->swirlHead .= "\r\n" . $line;
            $colon = \strpos($line, ':');
            if ($colon !== false) {
                $name = \strtolower(\substr($line, 0, $colon));
                $value = \trim(\substr($line, $colon + 1), " \t");
                if ($name === 'cookie' && $this->swirlOpt(0)) {
                    $cookie = $this->cookie ?? [];
                    self::swirlParseCookie($cookie, $value);
                    $this->cookie = $cookie;
                } else {
                    $this->header[$name] = $value;
                }
            }
        }
        $take = \min($this->swirlNeed - \strlen($this->swirlBody), \strlen($this->swirlBuf));
        $this->swirlBody .= \substr($this->swirlBuf, 0, $take);
        $rest = \strlen($this->swirlBuf) - $take;
        $this->swirlBuf = '';
        if (\strlen($this->swirlBody) >= $this->swirlNeed) {
            $this->swirlStage = 3;
            if ($this->swirlBody !== '') {
                [$post, $files, $tmp] = $this->swirlParseBodyNow();
                $this->post = $post;
                $this->files = $files;
                $this->tmpfiles = $tmp;
            }
            $this->swirlRaw .= \substr($data, 0, \strlen($data) - $rest);
            return \strlen($data) - $rest;
        }
        $this->swirlRaw .= $data;
        return \strlen($data);
    }

    /** Whether parse() has seen the whole request. */
    public function isCompleted()
    {
        return $this->swirlStage >= 3;
    }
}
