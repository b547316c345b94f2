"""The pinned Qt binding must not corrupt the interpreter.

PySide6 6.12.0's abi3 wheels drop a reference to ``None`` on every call that returns
``None`` when run on Python 3.11 (they were built for interpreters where ``None`` is
immortal); after a few thousand calls the process aborts with "none_dealloc". The project
pins a release without that fault; this test fails if a future pin brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_the_reference_count_of_none(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.update()
    assert abs(sys.getrefcount(None) - before) < 50
