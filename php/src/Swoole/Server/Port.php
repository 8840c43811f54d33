<?php
/*
 * Port.php: Swoole\Server\Port, one listening socket of a server: the
 * constructor's (the server's ports[0]) or one added with listen(). It
 * holds that socket's connect/receive/close callbacks; a port without its
 * own callback uses the primary port's, as in Swoole.
 */

declare(strict_types=1);

namespace Swoole\Server;

use Swirl\Runtime;
use Swoole\Server;

class Port
{
    private $onConnect = null;
    private $onReceive = null;
    private $onClose = null;
    private $onPacket = null;
    private $onBufferFull = null;
    private $onBufferEmpty = null;
    private $onRequest = null;
    private $onHandShake = null;
    private $onOpen = null;
    private $onMessage = null;
    private $onDisconnect = null;

    public $host = null;
    public $port = 0;
    public $type = 0;
    public $sock = -1;
    public $setting = null;
    public $connections = null;

    /** The server this port belongs to (null once the server is gone). */
    private ?Server $swirlServer = null;

    /** The core's listener index (0 for the constructor's port). */
    private int $swirlIndex = 0;

    /** event name (lower case) => Closure, as registered with on(). */
    private array $swirlHandlers = [];

    /**
     * Swoole's port events: lower-case name => property suffix.
     */
    public const SWIRL_EVENTS = [
        'connect' => 'Connect', 'receive' => 'Receive', 'close' => 'Close',
        'packet' => 'Packet', 'bufferfull' => 'BufferFull',
        'bufferempty' => 'BufferEmpty', 'request' => 'Request',
        'handshake' => 'HandShake', 'open' => 'Open', 'message' => 'Message',
        'disconnect' => 'Disconnect',
    ];

    private function __construct()
    {
    }

    public function __destruct()
    {
    }

    /**
     * @internal Creates the Port object of listener $index of $server.
     */
    public static function swirlCreate(Server $server, int $index, string $host, int $port,
                                       int $type): self
    {
        $p = new self();
        $p->swirlServer = $server;
        $p->swirlIndex = $index;
        $p->host = $host;
        $p->port = $port;
        $p->type = $type;
        $p->connections = \Swoole\Connection\Iterator::swirlCreate($server, $index);
        return $p;
    }

    /** @internal The core's listener index. */
    public function swirlIndex(): int
    {
        return $this->swirlIndex;
    }

    /** @internal The Closure registered for $event (lower case), or null. */
    public function swirlHandler(string $event): ?\Closure
    {
        return $this->swirlHandlers[$event] ?? null;
    }

    /**
     * @internal Merges options into this port's $setting (Swoole keeps the
     * array given to set() on the port as well as on the server).
     */
    public function swirlMergeSetting(array $settings): void
    {
        $this->setting = \array_merge(\is_array($this->setting) ? $this->setting : [], $settings);
    }

    /**
     * Sets options of this port. For the server's first port this is what
     * Server::set() does; an added port takes the protocol options
     * (open_eof_check, package_eof, open_length_check, ...) for itself,
     * starting from their defaults (not the server's), and keeps the whole
     * array in $setting.
     */
    public function set(array $settings)
    {
        $server = $this->swirlServer;
        if ($server !== null && $this->swirlIndex === 0) {
            $server->set($settings);
            return null;
        }
        if ($server !== null) {
            // A port with settings of its own, even none, inherits nothing
            // of the server's protocol (Swoole copies the first port's
            // settings only to ports whose setting is still null).
            $server->swirlOwnPortSettings($this->swirlIndex);
            $server->swirlApplyOptions($settings, $this->swirlIndex, 'Swoole\Server\Port::set');
        }
        Server::swirlCheckOptionNames($settings, false);
        $this->swirlMergeSetting($settings);
        return null;
    }

    /**
     * Registers a callback for one of this port's events (connect,
     * receive, close, ...; names are case-insensitive).
     */
    public function on($event_name, $callback)
    {
        if (!\is_callable($callback, false, $callableName)) {
            // Swoole checks the callback first, and stops the script.
            Runtime::error(\E_ERROR, 'Swoole\Server\Port::on', "function '$callableName' is not callable");
            return false;
        }
        $server = $this->swirlServer;
        if ($server !== null && $server->swirlIsStarted()) {
            Runtime::error(\E_WARNING, 'Swoole\Server\Port::on',
                "can't register event callback function after server started");
            return false;
        }
        $name = \is_string($event_name) ? $event_name : Runtime::argString($event_name,
            'Swoole\Server\Port::on', 1, 'event_name');
        $lc = \strtolower($name);
        if (!isset(self::SWIRL_EVENTS[$lc])) {
            Runtime::error(\E_WARNING, 'Swoole\Server\Port::on', "unknown event types[$name]");
            return false;
        }
        $property = 'on' . self::SWIRL_EVENTS[$lc];
        $this->$property = $callback;
        $this->swirlHandlers[$lc] = \Closure::fromCallable($callback);
        return true;
    }

    /** The callback registered for an event, or null. */
    public function getCallback($event_name)
    {
        $lc = \strtolower((string) $event_name);
        if (!isset(self::SWIRL_EVENTS[$lc])) {
            return null;
        }
        $property = 'on' . self::SWIRL_EVENTS[$lc];
        return $this->$property;
    }
}
