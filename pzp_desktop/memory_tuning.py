"""Process-wide memory allocator settings, applied once when the package is imported.

Fetching a patient runs its queries in worker threads. On Linux, glibc's ``malloc`` gives
every thread that allocates concurrently an arena of its own (up to eight per core), and
memory freed in one arena cannot be reused by another: the parsed pages of one query stay
as fragmentation in its thread's arena while the next query fills another one. For a large
patient that is some 35 MB of peak resident memory that holds nothing. Two arenas keep
contention between the fetch threads low and most of that fragmentation away.

Only glibc on Linux is touched; anything unexpected (another C library, no ``mallopt``, a
failing call) leaves the allocator as it is, silently: this must never stop the app.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["MALLOC_ARENA_MAX", "M_ARENA_MAX", "limit_malloc_arenas"]

#: ``M_ARENA_MAX`` of glibc's ``<malloc.h>``.
M_ARENA_MAX = -8
#: The number of malloc arenas allowed for the whole process.
MALLOC_ARENA_MAX = 2


def _libc() -> Any:
    import ctypes

    # The symbols of the running process: on Linux these include the C library's.
    return ctypes.CDLL(None)


def limit_malloc_arenas(arenas: int = MALLOC_ARENA_MAX) -> bool:
    """Limit glibc's malloc to ``arenas`` arenas; whether that was applied.

    Has effect only for arenas created afterwards, so it belongs before the first threads
    start allocating. Returns False (and does nothing) off Linux, without ``mallopt`` in the
    C library, or when the call fails.
    """
    if sys.platform != "linux":
        return False
    try:
        mallopt = getattr(_libc(), "mallopt", None)
        if mallopt is None:
            return False
        return bool(mallopt(M_ARENA_MAX, arenas))
    except Exception:  # never let an allocator tweak stop the app
        return False
