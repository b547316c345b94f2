"""PZP Desktop: view and record proactieve zorgplanning (advance care planning) over FHIR R4."""

import traceback
from importlib import metadata

from pzp_desktop.memory_tuning import limit_malloc_arenas

# Before any thread allocates: fewer malloc arenas, much less fragmentation while a
# patient is fetched in worker threads (see pzp_desktop.memory_tuning).
limit_malloc_arenas()

#: Used when the package metadata is unavailable (e.g. a PyInstaller bundle without it).
#: Keep in sync with ``[project] version`` in pyproject.toml (a test checks this).
_FALLBACK_VERSION = "0.1.0"

try:
    __version__: str = metadata.version("pzp-desktop")
except metadata.PackageNotFoundError:
    __version__ = _FALLBACK_VERSION


def describe_exception(exc: BaseException) -> str:
    """The type and code locations of an exception, without its message, for logging.

    Exception messages may contain patient data (a BSN, a name from a FHIR resource), so
    logs get only what went wrong where: ``ValueError at items.py:12 (parse) <- …``.
    """
    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    where = " <- ".join(
        f"{frame.filename.replace(chr(92), '/').rsplit('/', 1)[-1]}:{frame.lineno} ({frame.name})"
        for frame in reversed(frames)
    )
    return f"{type(exc).__qualname__} at {where or 'unknown location'}"


__all__ = ["__version__", "describe_exception"]
