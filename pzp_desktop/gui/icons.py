"""The application's icons: small SVGs drawn for PZP Desktop (``resources/icons/``).

Icons never carry meaning alone: every icon sits next to a text that says the same.
"""

from __future__ import annotations

import functools
from enum import StrEnum

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap

from pzp_desktop.domain.resource_files import resource_path

__all__ = ["IconName", "icon", "pixmap"]


class IconName(StrEnum):
    DENY = "deny"
    PERMIT = "permit"
    OTHER = "other"
    WARNING = "warning"
    UNKNOWN = "unknown"
    NONE = "none"
    ENDED = "ended"
    LOADING = "loading"
    ERROR = "error"
    LOCK = "lock"


@functools.cache
def icon(name: IconName) -> QIcon:
    return QIcon(str(resource_path("icons", f"{name.value}.svg")))


def pixmap(name: IconName, size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """The icon rendered at ``size`` logical pixels (sharp on high-DPI screens)."""
    result = icon(name).pixmap(QSize(size, size), device_pixel_ratio)
    return result
