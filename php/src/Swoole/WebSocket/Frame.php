<?php
/*
 * Frame.php: Swoole\WebSocket\Frame (also swoole_websocket_frame), one
 * WebSocket message as onMessage receives it, and what Server::pack()
 * and push() accept in place of a string.
 */

// No strict_types here: arguments are taken as Swoole's internal
// functions take them, in coercive mode.

namespace Swoole\WebSocket;

class Frame implements \Stringable
{
    public $fd = 0;
    public $data = '';
    public $opcode = \WEBSOCKET_OPCODE_TEXT;
    public $flags = \SWOOLE_WEBSOCKET_FLAG_FIN;
    public $finish = null;

    /**
     * @internal The frame of a MESSAGE event: a CloseFrame with the code
     * and reason of a client's close frame (open_websocket_close_frame).
     */
    public static function swirlCreate(int $fd, string $data, int $opcode, bool $finish): self
    {
        if ($opcode === \WEBSOCKET_OPCODE_CLOSE) {
            $f = new CloseFrame();
            if (\strlen($data) >= 2) {
                $f->code = \unpack('n', $data)[1];
                $f->reason = (string) \substr($data, 2);
            }
        } else {
            $f = new self();
            $f->data = $data;
        }
        $f->fd = $fd;
        $f->opcode = $opcode;
        $f->flags = $finish ? \SWOOLE_WEBSOCKET_FLAG_FIN : 0;
        $f->finish = $finish;
        return $f;
    }

    /** The frame encoded as a server sends it. */
    public function __toString(): string
    {
        $out = Server::swirlPackObject($this, 'Swoole\WebSocket\Frame::__toString');
        return $out === false ? '' : $out;
    }

    /** See Swoole\WebSocket\Server::pack(). */
    public static function pack($data, $opcode = \WEBSOCKET_OPCODE_TEXT, $flags = \SWOOLE_WEBSOCKET_FLAG_FIN)
    {
        return Server::swirlPack('Swoole\WebSocket\Frame::pack', $data, $opcode, $flags);
    }

    /** See Swoole\WebSocket\Server::unpack(). */
    public static function unpack($data)
    {
        return Server::swirlUnpack('Swoole\WebSocket\Frame::unpack', $data);
    }
}
