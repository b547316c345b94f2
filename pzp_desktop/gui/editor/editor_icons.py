"""Icons of the editor that the shared icon set does not have ("gewijzigd", "bijgewerkt").

Drawn here as small SVGs (like ``resources/icons``); every icon sits next to a text that says
the same, so colour and shape are never the only signal.
"""

from __future__ import annotations

import functools
from enum import StrEnum

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from pzp_desktop.gui.icons import IconName
from pzp_desktop.gui.icons import pixmap as shared_pixmap

__all__ = ["EditorIcon", "editor_pixmap"]


class EditorIcon(StrEnum):
    CHANGED = "changed"
    REFRESHED = "refreshed"
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


_SVG: dict[EditorIcon, str] = {
    # A pencil on a dark blue disc: "changed in this conversation".
    EditorIcon.CHANGED: """
<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">
  <circle cx="12" cy="12" r="11" fill="#0b3d91"/>
  <path d="M7 17 L7.6 14 L14.8 6.8 L17.2 9.2 L10 16.4 Z" fill="#ffffff"/>
  <path d="M15.6 6 L16.6 5 Q17.2 4.4 17.8 5 L19 6.2 Q19.6 6.8 19 7.4 L18 8.4 Z"
        fill="#ffffff"/>
</svg>""",
    # Two arrows in a circle: "updated from the source".
    EditorIcon.REFRESHED: """
<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">
  <circle cx="12" cy="12" r="11" fill="#5a3d8a"/>
  <path d="M7 12 A5 5 0 0 1 15.5 8.5" stroke="#ffffff" stroke-width="2" fill="none"/>
  <path d="M16.5 5.5 L17 10 L12.5 9.5 Z" fill="#ffffff"/>
  <path d="M17 12 A5 5 0 0 1 8.5 15.5" stroke="#ffffff" stroke-width="2" fill="none"/>
  <path d="M7.5 18.5 L7 14 L11.5 14.5 Z" fill="#ffffff"/>
</svg>""",
}

_SHARED: dict[EditorIcon, IconName] = {
    EditorIcon.ERROR: IconName.ERROR,
    EditorIcon.WARNING: IconName.WARNING,
    EditorIcon.NOTICE: IconName.OTHER,
}


@functools.cache
def _renderer(name: EditorIcon) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(_SVG[name].encode()))


def _render(name: EditorIcon, size: int, device_pixel_ratio: float) -> QPixmap:
    pixels = max(1, round(size * device_pixel_ratio))
    image = QPixmap(QSize(pixels, pixels))
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        _renderer(name).render(painter)
    finally:
        painter.end()
    image.setDevicePixelRatio(device_pixel_ratio)
    return image


def editor_pixmap(name: EditorIcon, size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """The icon at ``size`` logical pixels."""
    shared = _SHARED.get(name)
    if shared is not None:
        return shared_pixmap(shared, size, device_pixel_ratio)
    return _render(name, size, device_pixel_ratio)
