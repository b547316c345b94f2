"""Nothing typed is lost: a draft kept while typing is offered again when the editor opens
after a crash (also a real one: the app process killed with SIGKILL), and can be continued
or thrown away."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pzp_desktop.domain.items import ItemId, ItemKey
from pzp_desktop.gui.editor.recovery_dialog import RecoveryDialog
from tests.gui.editor.conftest import (
    HOSPITAL_NAME,
    Harness,
    click,
    item,
    save_screenshot,
    settle,
    window_of,
)
from tests.gui.editor.crashing_editor import TYPED
from tests.gui.editor.file_keyring import KEYRING_FILE_ENV

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[3]
CARE_WISHES = ItemKey(ItemId.CARE_WISHES)
PREFILL = "Wil zo lang mogelijk thuis blijven met hulp van haar dochter"


def kept_text(harness: Harness) -> str | None:
    pending = harness.store.load(
        user="oefengebruiker", source=HOSPITAL_NAME, patient_reference="Patient/ziekenhuis-devries"
    )
    if pending is None:
        return None
    value = pending.draft.answer(CARE_WISHES, "1190")
    return value if isinstance(value, str) else None


def recovery_of(harness: Harness, controller) -> RecoveryDialog:  # type: ignore[no-untyped-def]
    harness.qtbot.waitUntil(lambda: controller.recovery_dialog is not None, timeout=20_000)
    dialog = controller.recovery_dialog
    assert isinstance(dialog, RecoveryDialog)
    harness.qtbot.waitExposed(dialog)
    return dialog


def test_a_draft_left_behind_is_offered_and_continued(harness: Harness) -> None:
    controller = harness.open("devries")
    wishes = item(controller, ItemId.CARE_WISHES)
    edit = wishes.text_input("1190").text_edit
    assert edit is not None
    assert edit.toPlainText() == PREFILL
    edit.setFocus()
    harness.qtbot.keyClicks(edit, " en wil geen opname meer")
    # The autosave keeps it within about two seconds.
    harness.qtbot.waitUntil(
        lambda: kept_text(harness) == PREFILL + " en wil geen opname meer", timeout=5_000
    )
    # The editor disappears without saving (as in a crash of the window).
    window = window_of(controller)
    window.deleteLater()
    settle()
    assert controller.closed

    again = harness.open("devries")
    dialog = recovery_of(harness, again)
    assert "Niet opgeslagen concept" in dialog.description_label.text()
    assert "1 gewijzigd onderdeel" in dialog.description_label.text()
    save_screenshot(dialog, "editor-recovery")
    click(harness.qtbot, dialog.continue_button)
    harness.qtbot.waitUntil(lambda: again.window is not None)
    settle()
    wishes = item(again, ItemId.CARE_WISHES)
    restored = wishes.text_input("1190").text_edit
    assert restored is not None
    assert restored.toPlainText() == PREFILL + " en wil geen opname meer"
    assert wishes.marker_text().startswith("Gewijzigd")
    assert "verder met een gesprek dat nog niet was opgeslagen" in window_of(again).outcome_text()


def test_a_draft_can_be_thrown_away(harness: Harness) -> None:
    controller = harness.open("devries")
    edit = item(controller, ItemId.CARE_WISHES).text_input("1190").text_edit
    assert edit is not None
    edit.setFocus()
    harness.qtbot.keyClicks(edit, "!")
    harness.qtbot.waitUntil(lambda: kept_text(harness) is not None, timeout=5_000)
    controller.close(keep_draft=True)
    assert controller.closed

    again = harness.open("devries")
    dialog = recovery_of(harness, again)
    click(harness.qtbot, dialog.discard_button)
    harness.qtbot.waitUntil(lambda: dialog.confirm_box is not None)
    box = dialog.confirm_box
    assert box is not None
    discard = next(b for b in box.buttons() if b.text() == "&Weggooien")
    click(harness.qtbot, discard)
    harness.qtbot.waitUntil(lambda: again.window is not None)
    text_edit = item(again, ItemId.CARE_WISHES).text_input("1190").text_edit
    assert text_edit is not None
    assert text_edit.toPlainText() == PREFILL
    assert kept_text(harness) is None


def test_closing_with_unsaved_input_keeps_it_as_a_draft(harness: Harness) -> None:
    controller = harness.open("devries")
    window = window_of(controller)
    edit = item(controller, ItemId.CARE_WISHES).text_input("1190").text_edit
    assert edit is not None
    edit.setFocus()
    harness.qtbot.keyClicks(edit, "?")
    click(harness.qtbot, window.cancel_button)
    harness.qtbot.waitUntil(lambda: controller.close_question is not None)
    box = controller.close_question
    assert box is not None
    assert box.text() == "Het gesprek is nog niet opgeslagen."
    keep = next(b for b in box.buttons() if b.text() == "Concept &bewaren en sluiten")
    click(harness.qtbot, keep)
    harness.qtbot.waitUntil(lambda: controller.closed)
    assert kept_text(harness) == PREFILL + "?"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_the_app_killed_while_typing_offers_the_draft_again(
    harness: Harness, tmp_path: Path
) -> None:
    keyring_file = tmp_path / "keyring.json"  # the same file the harness's store uses
    drafts = harness.store.directory
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "tests.gui.editor.file_keyring.FileKeyring",
        KEYRING_FILE_ENV: str(keyring_file),
    }
    editor = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.editor.crashing_editor", str(drafts)],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert editor.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(editor.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline and not line:
            if selector.select(timeout=max(0.0, deadline - time.monotonic())):
                line = editor.stdout.readline().strip()
            if editor.poll() is not None:
                break
        assert line == "kept", f"the editor process did not keep a draft ({editor.poll()})"
        editor.send_signal(signal.SIGKILL)  # the app dies in the middle of typing
        editor.wait(timeout=10)
    finally:
        if editor.poll() is None:
            editor.kill()
            editor.wait(timeout=10)
    assert editor.returncode == -signal.SIGKILL

    [pending] = harness.store.list_pending()
    typed = pending.draft.answer(CARE_WISHES, "1190")
    assert isinstance(typed, str)
    assert typed.startswith(PREFILL + TYPED)
    # Never readable as plain text on disk.
    for path in drafts.iterdir():
        assert b"Zonnebloem" not in path.read_bytes()

    # Starting again: the draft is offered, and continuing shows what was typed.
    controller = harness.open("devries")
    dialog = recovery_of(harness, controller)
    click(harness.qtbot, dialog.continue_button)
    harness.qtbot.waitUntil(lambda: controller.window is not None)
    edit = item(controller, ItemId.CARE_WISHES).text_input("1190").text_edit
    assert edit is not None
    assert edit.toPlainText() == typed


def test_without_a_keyring_the_editor_says_drafts_are_not_kept(
    qtbot, styled_app, environment, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import keyring

    from pzp_desktop.sources.drafts import DraftStore
    from tests.smart_server.keyring_backend import BrokenKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        harness = Harness(qtbot, environment, DraftStore(tmp_path / "drafts"))
        try:
            controller = harness.open("devries")
            window = window_of(controller)
            settle()
            assert window.store_banner.isVisible()
            assert window.store_banner.text().startswith("Concepten worden niet bewaard")
            # Closing with input: the question says that it will be lost.
            edit = item(controller, ItemId.CARE_WISHES).text_input("1190").text_edit
            assert edit is not None
            edit.setFocus()
            qtbot.keyClicks(edit, "!")
            click(qtbot, window.cancel_button)
            qtbot.waitUntil(lambda: controller.close_question is not None)
            box = controller.close_question
            assert box is not None
            assert "wat u hebt ingevuld verloren" in box.informativeText()
            assert not any("bewaren" in b.text() for b in box.buttons())
        finally:
            harness.close_all()
    finally:
        keyring.set_keyring(previous)
