"""Where the application's data files (``resources/``) are, in a checkout and in a bundle.

In a source checkout ``resources/`` sits next to the ``pzp_desktop`` package. In a
PyInstaller bundle the bootloader unpacks the bundled data under ``sys._MEIPASS``; the build
spec must add ``("resources", "resources")`` to the bundle's data so that the same relative
paths work there.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

_RESOURCES = "resources"


class ResourceNotFoundError(FileNotFoundError):
    """A data file the application needs is missing (a broken checkout or bundle)."""


def resources_dir() -> Path:
    """The ``resources/`` directory of this installation (it may not exist)."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and isinstance(bundle_root, str):
        return Path(bundle_root) / _RESOURCES
    # pzp_desktop/domain/resource_files.py -> repository root
    return Path(__file__).resolve().parents[2] / _RESOURCES


def resource_path(*parts: str) -> Path:
    """The path of ``resources/<parts…>``; raises :class:`ResourceNotFoundError` when missing.

    ``parts`` are relative path components such as ``("form", "acp-zib2020.json")``; absolute
    paths and ``..`` are refused so that a caller can never reach outside ``resources/``.
    """
    if not parts:
        raise ValueError("a resource path needs at least one component")
    for part in parts:
        pure = PurePosixPath(part.replace("\\", "/"))
        if not part or pure.is_absolute() or ".." in pure.parts:
            raise ValueError(f"invalid resource path component: {part!r}")
    base = resources_dir()
    path = base.joinpath(*parts)
    if not path.exists():
        where = "application bundle" if getattr(sys, "frozen", False) else "source checkout"
        raise ResourceNotFoundError(
            f"resource file {'/'.join(parts)!r} not found in {base} ({where}); "
            "the installation is incomplete"
        )
    return path
