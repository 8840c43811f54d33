<?php
/*
 * Connection.php: Swoole\Coroutine\Server\Connection, one client of a
 * Coroutine\Server: recv() (one packet with the server's framing
 * options), send(), close(), and exportSocket() for the Coroutine\Socket.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole\Coroutine\Server;

use Swoole\Coroutine\Socket;

class Connection
{
    public $socket = null;

    /** @internal */
    public static function swirlCreate(Socket $socket): self
    {
        $c = new self();
        $c->socket = $socket;
        return $c;
    }

    /** One packet (or what arrived); '' when the client closed, false on an error or timeout. */
    public function recv($timeout = 0)
    {
        return $this->socket->recvPacket($timeout);
    }

    public function send($data)
    {
        return $this->socket->sendAll($data);
    }

    public function close()
    {
        return $this->socket->close();
    }

    public function exportSocket()
    {
        return $this->socket;
    }
}
