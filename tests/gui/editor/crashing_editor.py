"""A PZP Desktop editor that keeps typing until it is killed (the crash-recovery test).

Run as ``python -m tests.gui.editor.crashing_editor <draft directory>`` with
``QT_QPA_PLATFORM=offscreen`` and the file-based test keyring
(``PYTHON_KEYRING_BACKEND=tests.gui.editor.file_keyring.FileKeyring``,
``PZP_TEST_KEYRING_FILE``). It opens the editor for the training patient de Vries, types
into 5a, prints ``kept`` once the draft is kept in the store, and goes on typing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pzp_desktop.domain.items import ItemId, ItemKey
from pzp_desktop.gui.editor import open_editor
from pzp_desktop.gui.editor.editor_window import EditorWindow
from pzp_desktop.sources.drafts import DraftStore
from pzp_desktop.sources.session import TrainingEnvironment, load_patient

TYPED = " Zonnebloemveld"


def main() -> None:
    app = QApplication([sys.argv[0]])
    environment = TrainingEnvironment()
    session = environment.session_for("devries")
    data = load_patient(session)
    store = DraftStore(Path(sys.argv[1]))
    controller = open_editor(
        None, session, data, view_only=False, training=True, store=store, on_pushed=None
    )
    assert controller is not None
    timer = QTimer()
    timer.setInterval(20)

    def opened(window: EditorWindow) -> None:
        widget = window.sections.item_widget(ItemKey(ItemId.CARE_WISHES))
        assert widget is not None
        edit = widget.text_input("1190").text_edit
        assert edit is not None
        edit.setFocus()
        QTest.keyClicks(edit, TYPED)
        timer.timeout.connect(lambda: QTest.keyClicks(edit, "."))  # still typing
        timer.start()

    reported = []

    def kept() -> None:
        if not reported:
            reported.append(True)
            print("kept", flush=True)

    controller.editor_opened.connect(opened)
    controller.draft_kept.connect(kept)
    app.exec()


if __name__ == "__main__":
    main()
