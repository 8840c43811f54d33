<?php
/*
 * CloseFrame.php: Swoole\WebSocket\CloseFrame (also
 * swoole_websocket_closeframe), a close frame with its code and reason,
 * as Server::unpack() returns one and Server::pack() and push() accept.
 */

declare(strict_types=1);

namespace Swoole\WebSocket;

class CloseFrame extends Frame
{
    public $opcode = \WEBSOCKET_OPCODE_CLOSE;
    public $code = \WEBSOCKET_CLOSE_NORMAL;
    public $reason = '';
}
