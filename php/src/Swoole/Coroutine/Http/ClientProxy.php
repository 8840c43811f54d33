<?php
/*
 * ClientProxy.php: Swoole\Coroutine\Http\ClientProxy, the answer the
 * Swoole\Coroutine\Http\get()/post()/request() functions return.
 */

declare(strict_types=1);

namespace Swoole\Coroutine\Http;

class ClientProxy
{
    public function __construct(
        private string $body,
        private int $statusCode,
        private ?array $headers,
        private ?array $cookies,
    ) {
    }

    public function getBody(): string
    {
        return $this->body;
    }

    public function getStatusCode(): int
    {
        return $this->statusCode;
    }

    public function getHeaders(): ?array
    {
        return $this->headers;
    }

    public function getCookies(): ?array
    {
        return $this->cookies;
    }
}
