<?php
/*
 * Context.php: what every Request and Response of one HTTP server share:
 * the library handle, the server's handle, and the HTTP options as they
 * stood at start(). One per server object, made once; requests hold a
 * reference to it, so creating them costs no option lookups.
 */

declare(strict_types=1);

namespace Swirl\Http;

use FFI;
use FFI\CData;

/**
 * @internal Not part of the Swoole API.
 */
final class Context
{
    public FFI $ffi;
    public ?CData $srv = null;

    /** The server object (Swoole\Server or a subclass). */
    public ?\Swoole\Server $server = null;

    /** Whether connections speak HTTP in the core (else raw responses). */
    public bool $http = true;

    // http_parse_cookie, http_parse_post, http_parse_files.
    public bool $parseCookie = true;
    public bool $parsePost = true;
    public bool $parseFiles = true;

    // http_compression and its level, minimum length and types.
    public bool $compression = true;
    public int $compressionLevel = 1;
    public int $compressionMinLength = 20;
    /** Content types to compress (exact values), or null for all. */
    public ?array $compressionTypes = null;

    /** upload_tmp_dir. */
    public string $uploadTmpDir = '/tmp';

    /**
     * The server's outbox (swirl_outbox): Response::end() of the simplest
     * answer writes it instead of calling C; obFd is the connection whose
     * request callback runs now (0 outside one).
     */
    public ?CData $ob = null;
    public ?CData $obData = null;
    public int $obFd = 0;

    /**
     * Swoole\Coroutine\Http\Server's connections (http false): rawSink
     * ($fd, $bytes) writes a response, connInfo($fd) gives [server port,
     * remote port, remote address], coReader($fd, $timeout) the next
     * WebSocket frame, coClose($fd) closes.
     */
    public ?\Closure $rawSink = null;
    public ?\Closure $connInfo = null;
    public ?\Closure $coReader = null;
    public ?\Closure $coClose = null;

    public function __construct(FFI $ffi)
    {
        $this->ffi = $ffi;
    }

    /**
     * Reads the HTTP options from a server's $setting (Swoole's names and
     * defaults, their aliases included).
     */
    public function configure(array $setting): void
    {
        $get = static function (array $names, mixed $default) use ($setting): mixed {
            foreach ($names as $n) {
                if (\array_key_exists($n, $setting)) {
                    return $setting[$n];
                }
            }
            return $default;
        };
        $this->parseCookie = (bool) $get(['http_parse_cookie'], true);
        $this->parsePost = (bool) $get(['http_parse_post'], true);
        $this->parseFiles = (bool) $get(['http_parse_files'], true);
        $this->compression = (bool) $get(['http_compression'], true);
        $this->compressionLevel = (int) $get(['http_compression_level', 'compression_level',
            'http_gzip_level'], 1);
        $this->compressionMinLength = (int) $get(['http_compression_min_length',
            'compression_min_length'], 20);
        $types = $get(['http_compression_types', 'compression_types'], null);
        if (\is_string($types)) {
            $types = [$types];
        }
        $this->compressionTypes = \is_array($types) && $types !== []
            ? \array_fill_keys(\array_map('strval', $types), true) : null;
        $dir = (string) $get(['upload_tmp_dir'], '/tmp');
        $this->uploadTmpDir = $dir === '' ? '/tmp' : \rtrim($dir, '/');
    }
}
