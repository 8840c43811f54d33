<?php
/*
 * TmpFiles.php: the uploaded files of one request, removed when the
 * request is destroyed (as Swoole removes its tmpfiles). A request holds
 * one only when it has uploads, so that requests without any need no
 * destructor.
 */

declare(strict_types=1);

namespace Swirl\Http;

/**
 * @internal Not part of the Swoole API.
 */
final class TmpFiles
{
    /** @param string[] $paths */
    public function __construct(private array $paths)
    {
    }

    public function __destruct()
    {
        foreach ($this->paths as $path) {
            @\unlink($path);
        }
    }
}
