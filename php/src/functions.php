<?php
/*
 * functions.php: what Swirl adds to the global scope when the swoole
 * extension is absent: Swoole's constants (constants.php), the class
 * autoloader with Swoole's and Swirl's aliases, and Swoole's global
 * functions that need no server. Loaded by php/bootstrap.php, or by
 * Composer ("files").
 */

declare(strict_types=1);

namespace Swirl {

    if (\extension_loaded('swoole') || \defined('SWIRL_FUNCTIONS_LOADED')) {
        return;
    }
    \define('SWIRL_FUNCTIONS_LOADED', true);

    require_once __DIR__ . '/constants.php';

    /**
     * Loads Swirl's classes and resolves their other names. Class names are
     * case-insensitive in PHP, so every name is looked up in lower case:
     * Swoole\Server, swoole\server and SWOOLE\SERVER all reach one class,
     * and an alias (swoole_server, Swirl\Server) is made on first use.
     */
    final class Autoload
    {
        /** Lower-case class name => file under php/src. */
        public const CLASSES = [
            'swoole\\server' => 'Swoole/Server.php',
            'swoole\\server\\port' => 'Swoole/Server/Port.php',
            'swoole\\exception' => 'Swoole/Exception.php',
            'swoole\\connection\\iterator' => 'Swoole/Connection/Iterator.php',
            'swirl\\ffi\\library' => 'Swirl/FFI/Library.php',
            'swirl\\ffi\\abi' => 'Swirl/FFI/Abi.php',
            'swirl\\runtime' => 'Swirl/Runtime.php',
        ];

        /** Lower-case alias => the class it names. */
        public const ALIASES = [
            'swoole_server' => 'Swoole\\Server',
            'swoole_server_port' => 'Swoole\\Server\\Port',
            'swoole_exception' => 'Swoole\\Exception',
            'swoole_connection_iterator' => 'Swoole\\Connection\\Iterator',
            'swirl\\server' => 'Swoole\\Server',
            'swirl\\server\\port' => 'Swoole\\Server\\Port',
            'swirl\\exception' => 'Swoole\\Exception',
        ];

        private function __construct()
        {
        }

        public static function load(string $class): void
        {
            $lc = \strtolower(\ltrim($class, '\\'));
            if (isset(self::CLASSES[$lc])) {
                require_once __DIR__ . '/' . self::CLASSES[$lc];
                // Its other names exist from now on, as Swoole's aliases
                // always do: `$e instanceof swoole_exception` autoloads
                // nothing, so the alias must be there before it is named.
                foreach (self::ALIASES as $alias => $target) {
                    if (\strtolower($target) === $lc && !\class_exists($alias, false)) {
                        \class_alias($target, $alias, false);
                    }
                }
                return;
            }
            if (isset(self::ALIASES[$lc])) {
                $target = self::ALIASES[$lc];
                if (\class_exists($target) && !\class_exists($class, false)) {
                    \class_alias($target, $class);
                }
            }
        }
    }

    \spl_autoload_register([Autoload::class, 'load']);
}

namespace {

    if (!\function_exists('swoole_version')) {
        /** The version of the Swoole API that Swirl matches. */
        function swoole_version()
        {
            return SWOOLE_VERSION;
        }

        /** The number of online CPUs. */
        function swoole_cpu_num()
        {
            return \Swirl\Runtime::cpuNum();
        }

        /** The last error number set by a Swoole call in this process. */
        function swoole_last_error()
        {
            return \Swirl\Runtime::$lastError;
        }

        /** Clears the last error number. */
        function swoole_clear_error()
        {
            \Swirl\Runtime::$lastError = 0;
        }

        /**
         * The C library's errno is not visible from PHP; this returns the
         * errno of the last failed posix_* call, as close as PHP gets.
         */
        function swoole_errno()
        {
            return \function_exists('posix_get_last_error') ? \posix_get_last_error() : 0;
        }

        /** Swoole's sentence for one of its error numbers, or strerror(). */
        function swoole_strerror($errno, $error_type = SWOOLE_STRERROR_SYSTEM)
        {
            $errno = \Swirl\Runtime::argInt($errno, 'swoole_strerror', 1, 'errno');
            $error_type = \Swirl\Runtime::argInt($error_type, 'swoole_strerror', 2, 'error_type');
            return \Swirl\Runtime::strerror($errno, $error_type);
        }

        /** Sets the process title (cli_set_process_title). */
        function swoole_set_process_name($process_name)
        {
            if (!\function_exists('cli_set_process_title')) {
                \Swirl\Runtime::error(\E_WARNING, 'swoole_set_process_name',
                    'swoole_set_process_name only support in CLI mode');
                return false;
            }
            return \cli_set_process_title((string) $process_name);
        }

        /** The IPv4 address of each interface that is up, but 127.0.0.1. */
        function swoole_get_local_ip()
        {
            $out = [];
            if (!\function_exists('net_get_interfaces')) {
                return $out;
            }
            foreach (\net_get_interfaces() ?: [] as $name => $iface) {
                if (empty($iface['up'])) {
                    continue;
                }
                foreach ($iface['unicast'] ?? [] as $addr) {
                    if (($addr['family'] ?? 0) === 2 /* AF_INET */ && isset($addr['address'])
                        && $addr['address'] !== '127.0.0.1') {
                        $out[$name] = $addr['address'];
                    }
                }
            }
            return $out;
        }

        /** The MAC address of each network interface. */
        function swoole_get_local_mac()
        {
            $out = [];
            foreach (\glob('/sys/class/net/*/address') ?: [] as $file) {
                $mac = \trim((string) @\file_get_contents($file));
                if ($mac !== '') {
                    $out[\basename(\dirname($file))] = \strtoupper($mac);
                }
            }
            return $out;
        }

        /**
         * PHP's string hash (type 0, zend_hash_func: DJBX33A) or Bob
         * Jenkins' one-at-a-time hash (type 1), as Swoole computes them.
         */
        function swoole_hashcode($data, $type = 0)
        {
            $data = (string) $data;
            $n = \strlen($data);
            if ((int) $type === 0) {
                // hash = hash * 33 + c in 64-bit arithmetic, kept as two
                // 32-bit halves so that PHP never overflows into a float.
                $hi = 0;
                $lo = 5381;
                for ($i = 0; $i < $n; $i++) {
                    $lo = $lo * 33 + \ord($data[$i]);
                    $hi = ($hi * 33 + ($lo >> 32)) & 0xffffffff;
                    $lo &= 0xffffffff;
                }
                // zend_hash_func sets the top bit of a 64-bit hash.
                return (($hi << 32) | $lo) | \PHP_INT_MIN;
            }
            if ((int) $type === 1) {
                $h = 0;
                for ($i = 0; $i < $n; $i++) {
                    $h = ($h + \ord($data[$i])) & 0xffffffff;
                    $h = ($h + ($h << 10)) & 0xffffffff;
                    $h ^= $h >> 6;
                }
                $h = ($h + ($h << 3)) & 0xffffffff;
                $h ^= $h >> 11;
                $h = ($h + ($h << 15)) & 0xffffffff;
                return $h;
            }
            return false;
        }
    }
}
