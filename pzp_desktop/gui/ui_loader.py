"""Load Qt Designer forms (``ui/*.ui``) at run time, failing clearly on missing widgets.

No generated Python is committed for the forms: they are loaded with ``QUiLoader``.
Code that needs a named widget asks for it by class and object name, so a renamed or
deleted widget in Designer gives a :class:`MissingWidgetError` that names the file and
the widget, instead of an ``AttributeError`` on ``None`` somewhere later::

    form = load_ui("main_window.ui", parent, required={QLabel: ["modeLabel"]})
    mode_label = form.child(QLabel, "modeLabel")
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QDir, QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

__all__ = ["LoadedForm", "MissingWidgetError", "UiLoadError", "load_ui", "ui_dir"]

_T = TypeVar("_T", bound=QObject)


class UiLoadError(RuntimeError):
    """A Qt Designer form could not be found or loaded."""


class MissingWidgetError(UiLoadError):
    """A form lacks a widget that the code needs (or it has another class)."""

    def __init__(self, ui_file: str, widgets: Iterable[str]) -> None:
        self.ui_file = ui_file
        self.widgets = tuple(widgets)
        super().__init__(
            f"Qt Designer form {ui_file!r} lacks required widget(s): {', '.join(self.widgets)}"
        )


def ui_dir() -> Path:
    """The ``ui/`` directory: next to the package, or inside a PyInstaller bundle."""
    bundle_dir = getattr(sys, "_MEIPASS", None)
    if bundle_dir is not None:
        return Path(bundle_dir) / "ui"
    return Path(__file__).resolve().parents[2] / "ui"


@dataclass(frozen=True)
class LoadedForm:
    """A loaded form: its root widget plus typed, checked access to named children."""

    root: QWidget
    ui_file: str

    def child(self, cls: type[_T], name: str) -> _T:
        """The descendant ``name`` of class ``cls``; :class:`MissingWidgetError` if absent."""
        problem = _check_child(self.root, cls, name)
        if problem is not None:
            raise MissingWidgetError(self.ui_file, [problem])
        found = self.root.findChild(cls, name)
        assert found is not None  # checked above
        return found


def _check_child(root: QWidget, cls: type[QObject], name: str) -> str | None:
    """``None`` when ``root`` has a descendant ``name`` of class ``cls``, else the problem."""
    if root.findChild(cls, name) is not None:
        return None
    other = root.findChild(QObject, name)
    if other is not None:
        return f"{cls.__name__} {name!r} (found a {type(other).__name__})"
    return f"{cls.__name__} {name!r}"


def load_ui(
    ui_file: str,
    parent: QWidget | None = None,
    *,
    required: Mapping[type[QObject], Iterable[str]] | None = None,
) -> LoadedForm:
    """Load ``ui/<ui_file>`` and check that the ``required`` widgets exist.

    ``required`` maps a widget class to the object names the code will look up, e.g.
    ``{QLabel: ["modeLabel"], QFrame: ["topBar"]}``. All problems are reported at once.
    Raises :class:`UiLoadError` if the file is missing or invalid and
    :class:`MissingWidgetError` if a required widget is missing.
    """
    directory = ui_dir()
    path = directory / ui_file
    if not path.is_file():
        raise UiLoadError(f"Qt Designer form {ui_file!r} not found in {directory}")

    loader = QUiLoader()
    loader.setWorkingDirectory(QDir(str(directory)))
    qfile = QFile(str(path))
    if not qfile.open(QIODevice.OpenModeFlag.ReadOnly):
        raise UiLoadError(f"Qt Designer form {ui_file!r} cannot be read: {qfile.errorString()}")
    try:
        root = loader.load(qfile, parent)
    finally:
        qfile.close()
    if root is None:
        raise UiLoadError(f"Qt Designer form {ui_file!r} is invalid: {loader.errorString()}")

    problems = [
        problem
        for cls, names in (required or {}).items()
        for name in names
        if (problem := _check_child(root, cls, name)) is not None
    ]
    if problems:
        root.setParent(None)
        root.deleteLater()
        raise MissingWidgetError(ui_file, problems)
    return LoadedForm(root=root, ui_file=ui_file)
