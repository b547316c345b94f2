"""Every Qt Designer form loads, and the loader fails clearly on missing widgets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from pzp_desktop.gui.ui_loader import MissingWidgetError, UiLoadError, load_ui, ui_dir

pytestmark = pytest.mark.gui

FORMS = sorted(path.name for path in ui_dir().glob("*.ui"))


def test_there_are_forms() -> None:
    assert "main_window.ui" in FORMS


@pytest.mark.parametrize("ui_file", FORMS)
def test_form_loads(qtbot: QtBot, ui_file: str) -> None:
    form = load_ui(ui_file)
    qtbot.addWidget(form.root)
    assert isinstance(form.root, QWidget)
    assert form.root.objectName()


def test_child_returns_typed_widget(qtbot: QtBot) -> None:
    form = load_ui("main_window.ui", required={QLabel: ["modeLabel"]})
    qtbot.addWidget(form.root)
    assert isinstance(form.child(QLabel, "modeLabel"), QLabel)


def test_missing_required_widget_names_file_and_widget(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    with pytest.raises(MissingWidgetError) as info:
        load_ui("main_window.ui", parent, required={QLabel: ["modeLabel", "noSuchLabel"]})
    assert info.value.ui_file == "main_window.ui"
    assert info.value.widgets == ("QLabel 'noSuchLabel'",)
    assert "main_window.ui" in str(info.value)
    assert "noSuchLabel" in str(info.value)


def test_wrong_widget_class_is_reported(qtbot: QtBot) -> None:
    with pytest.raises(MissingWidgetError, match=r"QPushButton 'modeLabel' \(found a QLabel\)"):
        load_ui("main_window.ui", required={QPushButton: ["modeLabel"]})


def test_child_lookup_of_missing_widget_fails_clearly(qtbot: QtBot) -> None:
    form = load_ui("main_window.ui")
    qtbot.addWidget(form.root)
    with pytest.raises(MissingWidgetError, match=r"'main_window.ui'.*QFrame 'nope'"):
        form.child(QFrame, "nope")


def test_missing_form_file() -> None:
    with pytest.raises(UiLoadError, match=r"'no_such_form.ui' not found"):
        load_ui("no_such_form.ui")


def test_ui_dir_in_pyinstaller_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert ui_dir() == tmp_path / "ui"
