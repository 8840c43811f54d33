<?php
/*
 * demo.php: what `make demo` serves on 127.0.0.1:9501: one port that
 * speaks HTTP and WebSocket. A browser gets a small chat page at "/"; the
 * page connects back over WebSocket, and every message is broadcast to
 * everyone in the room. Ctrl-C stops the server.
 *
 * Written against Swoole's API (Swoole\WebSocket\Server); run with
 * php/bin/swirl-php examples/php/demo.php [port].
 */
$port = isset($argv[1]) ? (int) $argv[1] : 9501;
$server = new Swoole\WebSocket\Server('127.0.0.1', $port, SWOOLE_BASE);
$server->set(['worker_num' => 2]);

/** Sends $message (an array, as JSON) to every open WebSocket. */
function broadcast(Swoole\WebSocket\Server $server, array $message): int
{
    $json = json_encode($message);
    $sent = 0;
    foreach ($server->connections as $fd) {
        if ($server->isEstablished($fd) && $server->push($fd, $json)) {
            $sent++;
        }
    }
    return $sent;
}

/** The number of people in the room. */
function online(Swoole\WebSocket\Server $server): int
{
    $n = 0;
    foreach ($server->connections as $fd) {
        if ($server->isEstablished($fd)) {
            $n++;
        }
    }
    return $n;
}

$server->on('start', function (Swoole\WebSocket\Server $server) {
    echo "Swirl ", SWIRL_VERSION, " (Swoole ", SWOOLE_VERSION, " API): chat on ",
        "http://{$server->host}:{$server->port}/ (master pid {$server->master_pid})\n";
    echo "Open it in a browser (several tabs make a room), or: curl http://{$server->host}:{$server->port}/\n";
});

$server->on('request', function (Swoole\Http\Request $request, Swoole\Http\Response $response) {
    $path = $request->server['request_uri'];
    if ($path === '/' || $path === '/index.html') {
        $response->header('Content-Type', 'text/html; charset=utf-8');
        $response->end(PAGE);
        return;
    }
    if ($path === '/stats') {
        $response->header('Content-Type', 'application/json');
        $response->end(json_encode(['worker' => $GLOBALS['server']->worker_id,
            'connections' => count($GLOBALS['server']->connections)]));
        return;
    }
    $response->status(404);
    $response->end("<h1>404 Not Found</h1>\n");
});

// The WebSocket users of this worker (a connection's events all reach the
// worker that holds it).
$users = [];

$server->on('open', function (Swoole\WebSocket\Server $server, Swoole\Http\Request $request) use (&$users) {
    $users[$request->fd] = true;
    $name = 'guest-' . $request->fd;
    $server->push($request->fd, json_encode(['type' => 'welcome', 'name' => $name,
        'online' => online($server)]));
    broadcast($server, ['type' => 'join', 'name' => $name, 'online' => online($server)]);
    echo "$name joined from {$request->server['remote_addr']}\n";
});

$server->on('message', function (Swoole\WebSocket\Server $server, Swoole\WebSocket\Frame $frame) {
    // At most 500 characters (text frames are valid UTF-8: the core checks).
    $text = preg_match('/^.{0,500}/us', (string) $frame->data, $m) ? trim($m[0]) : '';
    if ($text === '') {
        return;
    }
    broadcast($server, ['type' => 'say', 'name' => 'guest-' . $frame->fd, 'text' => $text,
        'time' => date('H:i:s')]);
});

$server->on('close', function (Swoole\WebSocket\Server $server, int $fd) use (&$users) {
    // Plain HTTP connections close too; only WebSocket users leave the room.
    if (isset($users[$fd])) {
        unset($users[$fd]);
        broadcast($server, ['type' => 'leave', 'name' => "guest-$fd", 'online' => online($server)]);
        echo "guest-$fd left\n";
    }
});

$server->on('shutdown', function () {
    echo "server stopped\n";
});

const PAGE = <<<'HTML'
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Swirl chat</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.3rem; }
  #log { border: 1px solid #ccc; border-radius: 6px; height: 22rem; overflow-y: auto; padding: .5rem; }
  #log p { margin: .2rem 0; }
  .sys { color: #777; font-style: italic; }
  .me b { color: #06c; }
  form { display: flex; gap: .5rem; margin-top: .5rem; }
  input { flex: 1; padding: .4rem; }
  #status { color: #777; font-size: .9rem; }
</style>
</head>
<body>
<h1>Swirl chat <span id="status">connecting...</span></h1>
<div id="log"></div>
<form id="form"><input id="text" autocomplete="off" placeholder="Say something" autofocus>
<button>Send</button></form>
<script>
const log = document.getElementById('log');
const status = document.getElementById('status');
let me = '';
function line(html, cls) {
  const p = document.createElement('p');
  if (cls) p.className = cls;
  p.innerHTML = html;
  log.appendChild(p);
  log.scrollTop = log.scrollHeight;
}
function esc(s) {
  return String(s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
}
const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/');
ws.onopen = () => { status.textContent = 'connected'; };
ws.onclose = () => { status.textContent = 'disconnected'; line('connection closed', 'sys'); };
ws.onmessage = (e) => {
  const m = JSON.parse(e.data);
  if (m.type === 'welcome') { me = m.name; line('you are ' + esc(m.name) + ' (' + m.online + ' online)', 'sys'); }
  else if (m.type === 'join') line(esc(m.name) + ' joined (' + m.online + ' online)', 'sys');
  else if (m.type === 'leave') line(esc(m.name) + ' left (' + m.online + ' online)', 'sys');
  else if (m.type === 'say') line('<b>' + esc(m.name) + '</b> <small>' + esc(m.time) + '</small>: ' + esc(m.text),
                                  m.name === me ? 'me' : '');
};
document.getElementById('form').onsubmit = (e) => {
  e.preventDefault();
  const input = document.getElementById('text');
  if (input.value.trim() !== '' && ws.readyState === WebSocket.OPEN) ws.send(input.value);
  input.value = '';
};
</script>
</body>
</html>
HTML;

$server->start();
