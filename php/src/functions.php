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
            'swoole\\server\\task' => 'Swoole/Server/Task.php',
            'swoole\\exception' => 'Swoole/Exception.php',
            'swoole\\constant' => 'Swoole/Constant.php',
            'swoole\\connection\\iterator' => 'Swoole/Connection/Iterator.php',
            'swoole\\timer' => 'Swoole/Timer.php',
            'swoole\\timer\\iterator' => 'Swoole/Timer/Iterator.php',
            'swoole\\event' => 'Swoole/Event.php',
            'swoole\\http\\server' => 'Swoole/Http/Server.php',
            'swoole\\http\\request' => 'Swoole/Http/Request.php',
            'swoole\\http\\response' => 'Swoole/Http/Response.php',
            'swoole\\websocket\\server' => 'Swoole/WebSocket/Server.php',
            'swoole\\websocket\\frame' => 'Swoole/WebSocket/Frame.php',
            'swoole\\websocket\\closeframe' => 'Swoole/WebSocket/CloseFrame.php',
            'swoole\\table' => 'Swoole/Table.php',
            'swoole\\atomic' => 'Swoole/Atomic.php',
            'swoole\\atomic\\long' => 'Swoole/Atomic/Long.php',
            'swoole\\lock' => 'Swoole/Lock.php',
            'swoole\\process' => 'Swoole/Process.php',
            'swoole\\process\\pool' => 'Swoole/Process/Pool.php',
            'swoole\\client' => 'Swoole/Client.php',
            'swoole\\client\\exception' => 'Swoole/Client/Exception.php',
            'swoole\\error' => 'Swoole/Error.php',
            'swoole\\exitexception' => 'Swoole/ExitException.php',
            'swoole\\runtime' => 'Swoole/Runtime.php',
            'swoole\\coroutine' => 'Swoole/Coroutine.php',
            'swoole\\coroutine\\channel' => 'Swoole/Coroutine/Channel.php',
            'swoole\\coroutine\\waitgroup' => 'Swoole/Coroutine/WaitGroup.php',
            'swoole\\coroutine\\barrier' => 'Swoole/Coroutine/Barrier.php',
            'swoole\\coroutine\\system' => 'Swoole/Coroutine/System.php',
            'swoole\\coroutine\\scheduler' => 'Swoole/Coroutine/Scheduler.php',
            'swoole\\coroutine\\context' => 'Swoole/Coroutine/Context.php',
            'swoole\\coroutine\\iterator' => 'Swoole/Coroutine/Iterator.php',
            'swoole\\coroutine\\client' => 'Swoole/Coroutine/Client.php',
            'swoole\\coroutine\\http\\client' => 'Swoole/Coroutine/Http/Client.php',
            'swoole\\coroutine\\http\\server' => 'Swoole/Coroutine/Http/Server.php',
            'swoole\\coroutine\\http\\clientproxy' => 'Swoole/Coroutine/Http/ClientProxy.php',
            'swoole\\coroutine\\socket' => 'Swoole/Coroutine/Socket.php',
            'swoole\\coroutine\\socket\\exception' => 'Swoole/Coroutine/Socket/Exception.php',
            'swoole\\coroutine\\server' => 'Swoole/Coroutine/Server.php',
            'swoole\\coroutine\\server\\connection' => 'Swoole/Coroutine/Server/Connection.php',
            'swoole\\coroutine\\exception' => 'Swoole/Coroutine/Exception.php',
            'swoole\\coroutine\\http\\client\\exception' => 'Swoole/Coroutine/Http/Client/Exception.php',
            'swirl\\ffi\\library' => 'Swirl/FFI/Library.php',
            'swirl\\ffi\\abi' => 'Swirl/FFI/Abi.php',
            'swirl\\runtime' => 'Swirl/Runtime.php',
            'swirl\\notcopyable' => 'Swirl/NotCopyable.php',
            'swirl\\loop' => 'Swirl/Loop.php',
            'swirl\\scheduler' => 'Swirl/Scheduler.php',
            'swirl\\errorstate' => 'Swirl/ErrorState.php',
            'swirl\\http\\context' => 'Swirl/Http/Context.php',
            'swirl\\http\\mimetypes' => 'Swirl/Http/MimeTypes.php',
            'swirl\\http\\tmpfiles' => 'Swirl/Http/TmpFiles.php',
        ];

        /** Lower-case alias => the class it names. */
        public const ALIASES = [
            'swoole_server' => 'Swoole\\Server',
            'swoole_server_port' => 'Swoole\\Server\\Port',
            'swoole_server_task' => 'Swoole\\Server\\Task',
            'swoole_exception' => 'Swoole\\Exception',
            'swoole_connection_iterator' => 'Swoole\\Connection\\Iterator',
            'swoole_timer' => 'Swoole\\Timer',
            'swoole_timer_iterator' => 'Swoole\\Timer\\Iterator',
            'swoole_event' => 'Swoole\\Event',
            'swoole_http_server' => 'Swoole\\Http\\Server',
            'swoole_http_request' => 'Swoole\\Http\\Request',
            'swoole_http_response' => 'Swoole\\Http\\Response',
            'swoole_websocket_server' => 'Swoole\\WebSocket\\Server',
            'swoole_websocket_frame' => 'Swoole\\WebSocket\\Frame',
            'swoole_websocket_closeframe' => 'Swoole\\WebSocket\\CloseFrame',
            'swoole_table' => 'Swoole\\Table',
            'swoole_atomic' => 'Swoole\\Atomic',
            'swoole_atomic_long' => 'Swoole\\Atomic\\Long',
            'swoole_lock' => 'Swoole\\Lock',
            'swoole_process' => 'Swoole\\Process',
            'swoole_client' => 'Swoole\\Client',
            'co' => 'Swoole\\Coroutine',
            'co\\channel' => 'Swoole\\Coroutine\\Channel',
            'chan' => 'Swoole\\Coroutine\\Channel',
            'co\\waitgroup' => 'Swoole\\Coroutine\\WaitGroup',
            'co\\barrier' => 'Swoole\\Coroutine\\Barrier',
            'co\\system' => 'Swoole\\Coroutine\\System',
            'co\\scheduler' => 'Swoole\\Coroutine\\Scheduler',
            'co\\context' => 'Swoole\\Coroutine\\Context',
            'co\\iterator' => 'Swoole\\Coroutine\\Iterator',
            'co\\client' => 'Swoole\\Coroutine\\Client',
            'co\\http\\client' => 'Swoole\\Coroutine\\Http\\Client',
            'co\\http\\server' => 'Swoole\\Coroutine\\Http\\Server',
            'co\\socket' => 'Swoole\\Coroutine\\Socket',
            'co\\server' => 'Swoole\\Coroutine\\Server',
            'co\\server\\connection' => 'Swoole\\Coroutine\\Server\\Connection',
            'co\\http\\client\\exception' => 'Swoole\\Coroutine\\Http\\Client\\Exception',
            'swoole_coroutine' => 'Swoole\\Coroutine',
            'swirl\\server' => 'Swoole\\Server',
            'swirl\\server\\port' => 'Swoole\\Server\\Port',
            'swirl\\exception' => 'Swoole\\Exception',
            'swirl\\timer' => 'Swoole\\Timer',
            'swirl\\http\\server' => 'Swoole\\Http\\Server',
            'swirl\\websocket\\server' => 'Swoole\\WebSocket\\Server',
        ];

        private function __construct()
        {
        }

        public static function load(string $class): void
        {
            $lc = \strtolower(\ltrim($class, '\\'));
            if (isset(self::CLASSES[$lc])) {
                $file = __DIR__ . '/' . self::CLASSES[$lc];
                if (!\is_file($file)) {
                    return; // A class whose file is not there (yet).
                }
                require_once $file;
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

        /** Adds a MIME type for a file suffix; false if it has one. */
        function swoole_mime_type_add($suffix, $mime_type)
        {
            $suffix = (string) $suffix;
            if (isset(\Swirl\Http\MimeTypes::$map[$suffix])) {
                return false;
            }
            \Swirl\Http\MimeTypes::$map[$suffix] = (string) $mime_type;
            return true;
        }

        /** Sets the MIME type of a file suffix. */
        function swoole_mime_type_set($suffix, $mime_type)
        {
            \Swirl\Http\MimeTypes::$map[(string) $suffix] = (string) $mime_type;
        }

        /** Removes a file suffix's MIME type; false if it had none. */
        function swoole_mime_type_delete($suffix)
        {
            $suffix = (string) $suffix;
            if (!isset(\Swirl\Http\MimeTypes::$map[$suffix])) {
                return false;
            }
            unset(\Swirl\Http\MimeTypes::$map[$suffix]);
            return true;
        }

        /** The MIME type of $filename by its suffix (application/octet-stream if unknown). */
        function swoole_mime_type_get($filename)
        {
            return \Swirl\Http\MimeTypes::get((string) $filename);
        }

        /** Whether $filename's suffix has a MIME type. */
        function swoole_mime_type_exists($filename)
        {
            return isset(\Swirl\Http\MimeTypes::$map[\Swirl\Http\MimeTypes::suffix((string) $filename)]);
        }

        /** Every known MIME type (one entry per suffix). */
        function swoole_mime_type_list()
        {
            return \array_values(\Swirl\Http\MimeTypes::$map);
        }

        /**
         * unserialize() of part of $data: from $offset (from the end when
         * negative), $length bytes (the rest when 0 or less).
         */
        function swoole_substr_unserialize($data, $offset, $length = 0, $options = [])
        {
            $part = \Swirl\Runtime::substrOf('swoole_substr_unserialize', $data, $offset, $length);
            return $part === null ? false : \unserialize($part, (array) $options);
        }

        /** json_decode() of part of $json, as swoole_substr_unserialize() cuts it. */
        function swoole_substr_json_decode($json, $offset, $length = 0, $associative = null, $depth = 512, $flags = 0)
        {
            $part = \Swirl\Runtime::substrOf('swoole_substr_json_decode', $json, $offset, $length);
            return $part === null ? false : \json_decode($part, $associative, (int) $depth, (int) $flags);
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
    if (!\function_exists('swoole_timer_tick')) {
        // Swoole's timer limits (SW_TIMER_MIN_MS ... SW_TIMER_MAX_SEC).
        \define('SWOOLE_TIMER_MIN_MS', 1);
        \define('SWOOLE_TIMER_MIN_SEC', 0.001);
        \define('SWOOLE_TIMER_MAX_MS', \PHP_INT_MAX);
        \define('SWOOLE_TIMER_MAX_SEC', \PHP_INT_MAX / 1000);

        /** Calls $callback($timer_id, ...$params) every $ms milliseconds. */
        function swoole_timer_tick($ms, $callback, ...$params)
        {
            return \Swirl\Loop::add('swoole_timer_tick', $ms, $callback, $params, true);
        }

        /** Calls $callback(...$params) once, $ms milliseconds from now. */
        function swoole_timer_after($ms, $callback, ...$params)
        {
            return \Swirl\Loop::add('swoole_timer_after', $ms, $callback, $params, false);
        }

        /** Stops a timer; false if there was no such timer. */
        function swoole_timer_clear($timer_id)
        {
            return \Swirl\Loop::clear(\Swirl\Runtime::argInt($timer_id, 'swoole_timer_clear', 1, 'timer_id'));
        }

        /** Stops every timer of this process. */
        function swoole_timer_clear_all()
        {
            return \Swirl\Loop::clearAll();
        }

        /** Whether a timer is pending. */
        function swoole_timer_exists($timer_id)
        {
            return \Swirl\Loop::exists(\Swirl\Runtime::argInt($timer_id, 'swoole_timer_exists', 1, 'timer_id'));
        }

        /** Facts about a timer (see Swoole\Timer::info()). */
        function swoole_timer_info($timer_id)
        {
            return \Swirl\Loop::info(\Swirl\Runtime::argInt($timer_id, 'swoole_timer_info', 1, 'timer_id'));
        }

        /** The ids of the pending timers, as a Swoole\Timer\Iterator. */
        function swoole_timer_list()
        {
            return new \Swoole\Timer\Iterator(\Swirl\Loop::ids());
        }

        /** initialized, num and round of this process's timers. */
        function swoole_timer_stats()
        {
            return \Swirl\Loop::stats();
        }

        /** Timer options (Swoole reads only enable_coroutine). */
        function swoole_timer_set(array $settings)
        {
            return \Swoole\Timer::set($settings);
        }

        /**
         * Swoole's process-wide options: Swirl reads enable_coroutine
         * (timers' callbacks in coroutines); the others tune machinery
         * Swirl does not have.
         */
        function swoole_async_set(array $settings)
        {
            \Swoole\Timer::set($settings);
        }

        /** Calls $callback() at the start of the next loop iteration. */
        function swoole_event_defer($callback)
        {
            return \Swirl\Loop::defer(\Swirl\Runtime::argCallable($callback, 'swoole_event_defer', 1, 'callback'));
        }

        /** Swoole\Event::add(): watches a stream, socket or descriptor. */
        function swoole_event_add($sock, $read_callback = null, $write_callback = null, $events = null)
        {
            return \Swoole\Event::swirlFunction('add', \func_get_args());
        }

        /** Swoole\Event::set(): changes a watch's callbacks or events. */
        function swoole_event_set($sock, $read_callback = null, $write_callback = null, $events = null)
        {
            return \Swoole\Event::swirlFunction('set', \func_get_args());
        }

        /** Swoole\Event::del(): stops watching. */
        function swoole_event_del($sock)
        {
            return \Swoole\Event::swirlFunction('del', \func_get_args());
        }

        /** Swoole\Event::isset(): whether a descriptor is watched. */
        function swoole_event_isset($sock, $events = 1536)
        {
            return \Swoole\Event::swirlFunction('isset', \func_get_args());
        }

        /** Swoole\Event::write(): writes without blocking. */
        function swoole_event_write($sock, $data)
        {
            return \Swoole\Event::swirlFunction('write', \func_get_args());
        }

        /** Runs the event loop until no timer or deferred call is left. */
        function swoole_event_wait()
        {
            \Swirl\Loop::wait();
        }

        /** Clears every timer and stops the event loop. */
        function swoole_event_exit()
        {
            \Swirl\Loop::stop();
        }
    }

    if (!\function_exists('go')) {
        /** Swoole\Coroutine::create(): runs $func in a new coroutine. */
        function go($func, ...$params)
        {
            return \Swoole\Coroutine::create($func, ...$params);
        }

        /** Swoole\Coroutine::defer(): runs $callback when the coroutine ends. */
        function defer($callback)
        {
            \Swoole\Coroutine::defer($callback);
        }
    }

    if (!\function_exists('swoole_coroutine_create')) {
        function swoole_coroutine_create($func, ...$params)
        {
            return \Swoole\Coroutine::create($func, ...$params);
        }

        function swoole_coroutine_defer($callback)
        {
            \Swoole\Coroutine::defer($callback);
        }
    }
}

namespace Swoole\Coroutine {

    if (!\function_exists('Swoole\Coroutine\run')) {
        /**
         * Runs $fn in a coroutine and the event loop until nothing is
         * left; true when it ran.
         */
        function run($fn, ...$args)
        {
            return \Swoole\Coroutine::swirlRun('Swoole\Coroutine\run', $fn, $args);
        }

        function go($func, ...$params)
        {
            return \Swoole\Coroutine::create($func, ...$params);
        }

        function defer($callback)
        {
            \Swoole\Coroutine::defer($callback);
        }
    }
}

namespace Swoole\Coroutine\Http {

    if (!\function_exists('Swoole\Coroutine\Http\request')) {
        /**
         * One HTTP request in the running coroutine: a ClientProxy with the
         * answer, or a Client\Exception when there is none.
         */
        function request(string $url, string $method, $data = null, ?array $options = null,
                         ?array $headers = null, ?array $cookies = null): ClientProxy
        {
            $u = \parse_url($url);
            if ($u === false || !isset($u['host'])) {
                throw new Client\Exception("The URL [$url] is invalid");
            }
            $ssl = ($u['scheme'] ?? 'http') === 'https';
            $client = new Client($u['host'], $u['port'] ?? ($ssl ? 443 : 80), $ssl);
            $client->setMethod($method);
            if ($data !== null) {
                $client->setData($data);
            }
            if ($options !== null) {
                $client->set($options);
            }
            if ($headers !== null) {
                $client->setHeaders($headers);
            }
            if ($cookies !== null) {
                $client->setCookies($cookies);
            }
            $path = ($u['path'] ?? '/') . (isset($u['query']) ? '?' . $u['query'] : '');
            if (!$client->execute($path)) {
                $e = new Client\Exception($client->errMsg, $client->errCode);
                $client->close();
                throw $e;
            }
            $client->close();
            return new ClientProxy($client->getBody(), $client->getStatusCode(),
                $client->getHeaders(), $client->getCookies());
        }

        function get(string $url, ?array $options = null, ?array $headers = null, ?array $cookies = null): ClientProxy
        {
            return request($url, 'GET', null, $options, $headers, $cookies);
        }

        function post(string $url, $data, ?array $options = null, ?array $headers = null,
                      ?array $cookies = null): ClientProxy
        {
            return request($url, 'POST', $data, $options, $headers, $cookies);
        }
    }
}

namespace Co {

    if (!\function_exists('Co\run')) {
        /** Swoole\Coroutine\run(). */
        function run($fn, ...$args)
        {
            return \Swoole\Coroutine::swirlRun('Swoole\Coroutine\run', $fn, $args);
        }

        function go($func, ...$params)
        {
            return \Swoole\Coroutine::create($func, ...$params);
        }

        function defer($callback)
        {
            \Swoole\Coroutine::defer($callback);
        }
    }
}

