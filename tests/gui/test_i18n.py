"""Languages: Dutch source texts, English through Qt Linguist (.ts committed, .qm built)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pzp_desktop.domain.items import ItemId, ItemKey
from pzp_desktop.gui import i18n
from pzp_desktop.gui.editor.editor_window import EditorWindow
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.gui.overview_model import Column
from pzp_desktop.sources.session import TrainingEnvironment
from tests.gui.conftest import LOAD_TIMEOUT_MS, save_screenshot, show_window
from tests.gui.editor.conftest import save_screenshot as save_widget_screenshot

pytestmark = pytest.mark.gui

REPO_ROOT = Path(__file__).resolve().parents[2]


def require_lrelease() -> str:
    executable = i18n.lrelease_executable()
    if executable is None:
        pytest.skip(
            "LOUD SKIP: pyside6-lrelease is not in this Python environment, so the English "
            "translation cannot be built or tested (it ships with PySide6-Essentials)"
        )
    return executable


def finished(message: ET.Element) -> bool:
    """A finished translation: not marked otherwise, and every (plural) form filled in."""
    translation = message.find("translation")
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return False
    if message.get("numerus") == "yes":
        forms = [form.text or "" for form in translation.iter("numerusform")]
        return len(forms) == 2 and all(form.strip() for form in forms)  # English: one, other
    return bool((translation.text or "").strip())


def test_every_text_has_a_finished_english_translation() -> None:
    root = ET.parse(i18n.ts_path("en")).getroot()
    assert root.get("sourcelanguage") == "nl_NL"
    unfinished = [
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
        if not finished(message)
    ]
    assert unfinished == []


def gui_sources() -> list[str]:
    """Every Python file of the GUI layer, sub-packages included (as the build script)."""
    return sorted(str(p) for p in (REPO_ROOT / "pzp_desktop" / "gui").rglob("*.py"))


def test_the_editor_and_the_history_are_in_the_catalogue() -> None:
    root = ET.parse(i18n.ts_path("en")).getroot()
    contexts = {context.findtext("name") for context in root.iter("context")}
    assert {
        "EditorWindow",
        "EditorController",
        "EditorConversation",
        "EditorSections",
        "DoubleRegistrationDialog",
        "RecoveryDialog",
        "WarningsPanelWidget",
        "EditorLauncher",
        "HistoryWidget",
        "HistoryEntriesModel",
        "HistoryTexts",
    } <= contexts


def test_the_ts_file_knows_every_text_in_the_code(tmp_path: Path) -> None:
    """Run lupdate on a copy: no text in the code may be missing from the .ts file."""
    require_lrelease()
    lupdate = shutil.which("pyside6-lupdate") or str(
        Path(i18n.lrelease_executable() or "").with_name("pyside6-lupdate")
    )
    copy = tmp_path / "copy.ts"
    shutil.copy(i18n.ts_path("en"), copy)
    sources = gui_sources()
    assert any("/editor/" in source.replace("\\", "/") for source in sources)
    result = subprocess.run(
        [lupdate, *sources, "-ts", str(copy), "-locations", "none", "-no-obsolete"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "0 new" in result.stdout, result.stdout
    test_root = ET.parse(copy).getroot()
    untranslated = [
        message.findtext("source")
        for message in test_root.iter("message")
        if (message.find("translation") is not None)
        and message.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert untranslated == []


def test_lrelease_builds_the_english_catalogue(tmp_path: Path) -> None:
    require_lrelease()
    qm = i18n.build_translation("en", tmp_path)
    assert qm.name == "pzp_desktop_en.qm"
    assert qm.stat().st_size > 1000


def test_language_choice() -> None:
    assert i18n.resolve_language("en", "nl") == "en"
    assert i18n.resolve_language(None, "en") == "en"
    assert i18n.resolve_language(None, "de") in ("nl", "en")  # then the OS locale
    assert i18n.resolve_language(None, None) == i18n.system_language()


@pytest.fixture
def english(styled_app: QApplication) -> Iterator[QApplication]:
    require_lrelease()
    assert i18n.install_translation(styled_app, "en")
    yield styled_app
    i18n.install_translation(styled_app, "nl")
    assert QLocale().name().startswith("nl")


def test_english_window(
    qtbot: QtBot, english: QApplication, training_environment: TrainingEnvironment
) -> None:
    window = show_window(qtbot, MainWindow(WindowMode.TRAINING, environment=training_environment))
    assert window.windowTitle() == ("TRAINING ENVIRONMENT — PZP Desktop — Advance care planning")
    assert window.tabs.tabText(0) == "&Overview"
    assert window.tabs.tabText(1) == "&Conversations"
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_training_patient("devries")
    tile = window.key_decisions.tile(ItemId.RESUSCITATION)
    assert tile.headline == "DO NOT RESUSCITATE"
    assert tile.accessibleName() == "Resuscitation"  # the form's own English label
    model = window.overview_model
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == "Do not perform"
    assert model.text(ItemId.FIRST_CONTACT_PERSON, Column.VALUE) == "not yet discussed"
    assert model.headerData(Column.SOURCE, Qt.Orientation.Horizontal) == "Source"
    assert window.source_status.texts()[0].endswith(": Loaded")
    assert window.banner.bsn_text == "BSN 9999.90.007"
    save_screenshot(window, "overview_de_vries_english")


def test_switching_language_while_a_patient_is_open(
    qtbot: QtBot, styled_app: QApplication, training_environment: TrainingEnvironment
) -> None:
    require_lrelease()
    window = show_window(qtbot, MainWindow(WindowMode.TRAINING, environment=training_environment))
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_training_patient("mulder")
    try:
        window.english_action.trigger()
        qtbot.waitUntil(
            lambda: window.key_decisions.tile(ItemId.RESUSCITATION).headline == "DO NOT RESUSCITATE"
        )
        assert window.english_action.isChecked()
        assert window.overview_model.text(ItemId.PLACE_OF_DEATH, Column.VALUE) == (
            "Sources contradict each other"
        )
        assert window.menuBar().actions()[0].text() == "&Patient"
    finally:
        window.dutch_action.trigger()
    qtbot.waitUntil(
        lambda: window.key_decisions.tile(ItemId.RESUSCITATION).headline == "NIET REANIMEREN"
    )
    assert window.menuBar().actions()[0].text() == "&Patiënt"


def test_english_editor(
    qtbot: QtBot, english: QApplication, training_environment: TrainingEnvironment
) -> None:
    """``--lang en``: the editor's own texts are English too, not only the form's labels."""
    window = show_window(qtbot, MainWindow(WindowMode.TRAINING, environment=training_environment))
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_training_patient("devries")
    action = window.new_conversation_action
    assert action.text() == "&Record new ACP conversation…"
    action.trigger()

    def editors() -> list[EditorWindow]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, EditorWindow) and w.isVisible()
        ]

    qtbot.waitUntil(lambda: len(editors()) == 1, timeout=LOAD_TIMEOUT_MS)
    [editor] = editors()
    assert editor.windowTitle() == (
        "TRAINING ENVIRONMENT — Record new ACP conversation — Johanna de Vries-Bakker · "
        "born 12-03-1941"
    )
    assert editor.heading_label.text() == "Record new ACP conversation"
    assert editor.save_button.text() == "&Save"
    assert editor.cancel_button.text() == "&Cancel"
    assert editor.training_band.text() == (
        "TRAINING ENVIRONMENT — fictitious patient, nothing leaves this computer"
    )
    assert editor.conversation_form.professional_label.text() == "Care pro&vider:"
    section = editor.sections.section("5")
    assert section.header.text() == "5. Treatment wishes"
    assert not editor.save_button.isEnabled()
    assert editor.blocked_label.text().startswith("Cannot save yet:")

    place = editor.sections.item_widget(ItemKey(ItemId.PLACE_OF_DEATH))
    assert place is not None
    next(r for r in place.choice("1191").radios if r.text() == "Hospice").click()
    qtbot.waitUntil(lambda: section.header.text() == "5. Treatment wishes   — 1 changed")
    assert place.marker_text().startswith("Changed — was: ‘Home’")
    save_widget_screenshot(editor, "editor_english")
