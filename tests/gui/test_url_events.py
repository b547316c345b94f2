"""A pzp-desktop:// link opened while the app runs (macOS open event) reaches the launch flow."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from pzp_desktop.gui.url_events import LaunchUrlFilter
from pzp_desktop.launch.arguments import EhrLaunch
from pzp_desktop.launch.errors import LaunchError


def send_open_event(url: str) -> bool:
    app = QApplication.instance()
    assert app is not None
    return QCoreApplication.sendEvent(app, QFileOpenEvent(QUrl(url)))


def test_a_launch_link_becomes_a_launch_request(qtbot) -> None:
    requests: list[object] = []
    rejected: list[object] = []
    url_filter = LaunchUrlFilter(requests.append, rejected.append)
    QApplication.instance().installEventFilter(url_filter)  # type: ignore[union-attr]
    try:
        send_open_event("pzp-desktop://launch?iss=https://epd.example.nl/fhir&launch=abc123")
    finally:
        QApplication.instance().removeEventFilter(url_filter)  # type: ignore[union-attr]
    assert rejected == []
    assert len(requests) == 1
    request = requests[0]
    assert isinstance(request, EhrLaunch)
    assert request.iss == "https://epd.example.nl/fhir"


def test_a_broken_link_is_rejected_with_a_dutch_message(qtbot) -> None:
    requests: list[object] = []
    rejected: list[BaseException | None] = []
    url_filter = LaunchUrlFilter(requests.append, rejected.append)
    QApplication.instance().installEventFilter(url_filter)  # type: ignore[union-attr]
    try:
        send_open_event("pzp-desktop://launch?launch=abc123")  # no iss
    finally:
        QApplication.instance().removeEventFilter(url_filter)  # type: ignore[union-attr]
    assert requests == []
    assert len(rejected) == 1
    assert isinstance(rejected[0], LaunchError)
    assert rejected[0].user_message


def test_other_files_are_not_taken(qtbot) -> None:
    requests: list[object] = []
    url_filter = LaunchUrlFilter(requests.append, lambda _e: None)
    QApplication.instance().installEventFilter(url_filter)  # type: ignore[union-attr]
    try:
        send_open_event("file:///tmp/iets.pdf")
    finally:
        QApplication.instance().removeEventFilter(url_filter)  # type: ignore[union-attr]
    assert requests == []
