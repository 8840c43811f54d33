<?php
/*
 * Library.php: the one place that loads libswirl through PHP's FFI.
 */

declare(strict_types=1);

namespace Swirl\FFI;

use FFI;

/**
 * Loads libswirl once per process and hands out the one \FFI instance.
 *
 * Order of attempts:
 *   1. FFI::scope('SWIRL') when ffi.preload is set (see preload());
 *   2. FFI::cdef() of ffi/swirl_ffi.h against the library at SWIRL_LIB, or
 *      <repo>/build/libswirl.so.
 * Before the full cdef, a one-line bootstrap cdef asks the library for its
 * ABI generation, so a stale build fails with a clear message instead of a
 * missing-symbol error. After it, the size of swirl_event as PHP lays it out
 * is compared with swirl_event_size().
 *
 * Every failure is a \RuntimeException whose message is one line that says
 * what to do ("run make", "-d ffi.enable=1", ...).
 */
final class Library
{
    /** The scope name used with ffi.preload. */
    public const SCOPE = 'SWIRL';

    private static ?FFI $ffi = null;

    /** How the library was loaded: 'scope', 'cdef', or '' (not yet). */
    private static string $via = '';

    private function __construct()
    {
    }

    /**
     * The loaded library. Loads it on the first call.
     *
     * @throws \RuntimeException when it cannot be loaded (one-line reason).
     */
    public static function get(): FFI
    {
        return self::$ffi ?? (self::$ffi = self::load());
    }

    /** How the library was loaded: 'scope' (preloaded), 'cdef', or ''. */
    public static function loadedVia(): string
    {
        return self::$via;
    }

    /** Whether the library is loaded already (no attempt is made). */
    public static function isLoaded(): bool
    {
        return self::$ffi !== null;
    }

    /**
     * Null when the library can be loaded, else the one-line reason.
     * Useful for launchers and tests that want to skip cleanly.
     */
    public static function problem(): ?string
    {
        try {
            self::get();
            return null;
        } catch (\RuntimeException $e) {
            return $e->getMessage();
        }
    }

    /** The repository root (this file is php/src/Swirl/FFI/Library.php). */
    public static function rootDir(): string
    {
        return \dirname(__DIR__, 4);
    }

    /** The shared library that will be (or was) loaded. */
    public static function libraryPath(): string
    {
        $env = \getenv('SWIRL_LIB');
        if (\is_string($env) && $env !== '') {
            return $env;
        }
        return self::rootDir() . '/build/libswirl.so';
    }

    /** The macro-free header given to FFI::cdef(). */
    public static function headerPath(): string
    {
        $env = \getenv('SWIRL_FFI_HEADER');
        if (\is_string($env) && $env !== '') {
            return $env;
        }
        return self::rootDir() . '/ffi/swirl_ffi.h';
    }

    /**
     * Writes a header for ffi.preload: the FFI header with FFI_SCOPE and
     * FFI_LIB defines in front (the form FFI's preloading reads). Start PHP
     * with `-d ffi.preload=<file>`; get() then uses FFI::scope('SWIRL')
     * and skips parsing the header in every process.
     *
     * Returns the file written.
     */
    public static function preload(?string $file = null, ?string $library = null): string
    {
        $file ??= self::rootDir() . '/build/swirl_preload.h';
        $library ??= self::libraryPath();
        $header = self::readHeader();
        $text = \sprintf("#define FFI_SCOPE \"%s\"\n#define FFI_LIB \"%s\"\n%s",
            self::SCOPE, \addcslashes($library, "\"\\"), $header);
        $dir = \dirname($file);
        if (!\is_dir($dir) && !@\mkdir($dir, 0777, true) && !\is_dir($dir)) {
            throw new \RuntimeException("Swirl: cannot create $dir for the preload header");
        }
        if (@\file_put_contents($file, $text) !== \strlen($text)) {
            throw new \RuntimeException("Swirl: cannot write the preload header $file");
        }
        return $file;
    }

    // ------------------------------------------------------------------

    private static function load(): FFI
    {
        if (!\extension_loaded('ffi')) {
            throw new \RuntimeException('Swirl: the PHP FFI extension is not loaded'
                . ' (install php-ffi / enable extension=ffi, or run scripts with php/bin/swirl-php)');
        }
        $enable = \strtolower((string) \ini_get('ffi.enable'));
        if (!\in_array($enable, ['1', 'on', 'true', 'yes', 'preload'], true)
            || ($enable === 'preload' && \PHP_SAPI !== 'cli' && \PHP_SAPI !== 'phpdbg')) {
            throw new \RuntimeException('Swirl: FFI is disabled (ffi.enable='
                . ($enable === '' ? '0' : $enable)
                . '); run PHP with -d ffi.enable=1 or use php/bin/swirl-php');
        }

        $ffi = null;
        if ((string) \ini_get('ffi.preload') !== '') {
            try {
                $ffi = FFI::scope(self::SCOPE);
                self::$via = 'scope';
            } catch (\Throwable) {
                $ffi = null; // Preloaded something else: fall back to cdef.
            }
        }

        if ($ffi === null) {
            $lib = self::libraryPath();
            if (!\is_file($lib)) {
                throw new \RuntimeException("Swirl: the library is not built ($lib is missing);"
                    . ' run `make` in ' . self::rootDir() . ' or set SWIRL_LIB');
            }
            self::checkAbi($lib);
            $header = self::readHeader();
            try {
                $ffi = FFI::cdef($header, $lib);
                self::$via = 'cdef';
            } catch (\Throwable $e) {
                throw new \RuntimeException('Swirl: cannot load ' . $lib . ' with '
                    . self::headerPath() . ': ' . self::oneLine($e->getMessage())
                    . ' (rebuild with `make`)');
            }
        } else {
            self::checkAbiVersion($ffi->swirl_abi_version(), 'the preloaded library');
        }

        $mine = FFI::sizeof($ffi->type('swirl_event'));
        $theirs = $ffi->swirl_event_size();
        if ($mine !== $theirs) {
            throw new \RuntimeException("Swirl: ABI mismatch: swirl_event is $mine bytes in "
                . self::headerPath() . " but $theirs in the library; run `make` to rebuild both");
        }
        return $ffi;
    }

    /** Asks the library for its ABI generation with a one-line cdef. */
    private static function checkAbi(string $lib): void
    {
        try {
            $boot = FFI::cdef('int32_t swirl_abi_version(void);', $lib);
            $version = $boot->swirl_abi_version();
        } catch (\Throwable $e) {
            throw new \RuntimeException("Swirl: cannot load $lib: "
                . self::oneLine($e->getMessage()) . ' (run `make`, or check SWIRL_LIB)');
        }
        self::checkAbiVersion($version, $lib);
    }

    private static function checkAbiVersion(int $version, string $what): void
    {
        if ($version !== Abi::ABI_VERSION) {
            throw new \RuntimeException("Swirl: ABI mismatch: $what has ABI generation $version"
                . ' but this PHP binding was written for ' . Abi::ABI_VERSION
                . '; rebuild with `make` (and regenerate php/src with php/gen-constants.php)');
        }
    }

    private static function readHeader(): string
    {
        $path = self::headerPath();
        $text = \is_file($path) ? @\file_get_contents($path) : false;
        if ($text === false || $text === '') {
            throw new \RuntimeException("Swirl: the FFI header $path is missing;"
                . ' run `make` (it generates ffi/swirl_ffi.h from abi/swirl.h)');
        }
        return $text;
    }

    private static function oneLine(string $s): string
    {
        return \trim(\preg_replace('/\s+/', ' ', $s));
    }
}
