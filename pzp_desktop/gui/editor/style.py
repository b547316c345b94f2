"""The editor's style sheet (``ui/editor.qss``), applied to its own windows and dialogs on top
of the application style sheet (``ui/style.qss``, which the editor leaves alone)."""

from __future__ import annotations

import functools
import logging

from PySide6.QtWidgets import QWidget

from pzp_desktop.gui.ui_loader import ui_dir

__all__ = ["apply_editor_style", "editor_stylesheet"]

log = logging.getLogger(__name__)


@functools.cache
def editor_stylesheet() -> str:
    """The text of ``ui/editor.qss`` (empty, with a log line, when it is missing)."""
    path = ui_dir() / "editor.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("Style sheet %s not found; the editor uses the default style", path.name)
        return ""


def apply_editor_style(widget: QWidget) -> None:
    """Give ``widget`` (an editor window or dialog) the editor's style sheet."""
    widget.setStyleSheet(editor_stylesheet())
