<?php
/*
 * NotCopyable.php: what Swoole's shared-memory objects (Table, Atomic,
 * Atomic\Long, Lock) answer to clone, serialize() and unserialize(): they
 * hold a handle to memory the core owns, so a copy would free it twice.
 */

declare(strict_types=1);

namespace Swirl;

/**
 * @internal The class using it defines swirlDropHandle(), which forgets
 * its handle (the copy must not free the original's when it goes away).
 */
trait NotCopyable
{
    public function __clone()
    {
        $this->swirlDropHandle();
        throw Runtime::asInternal(new \Error('Trying to clone an uncloneable object of class '
            . static::class));
    }

    public function __serialize(): array
    {
        throw Runtime::asInternal(new \Exception("Serialization of '" . static::class
            . "' is not allowed"));
    }

    public function __unserialize(array $data): void
    {
        throw Runtime::asInternal(new \Exception("Unserialization of '" . static::class
            . "' is not allowed"));
    }
}
