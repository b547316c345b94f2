"""``pzp-desktop://`` links opened while the app runs (macOS).

On Windows and Linux a link starts a new process with the URL as its argument, which hands
the launch to the running instance (:mod:`pzp_desktop.gui.single_instance`). On macOS the
system delivers the URL to the running application as a ``QFileOpenEvent`` instead; this
filter turns it into the same launch request, so both paths end in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

from pzp_desktop.launch.arguments import LaunchRequest, parse_launch_url
from pzp_desktop.launch.errors import LaunchError

URL_SCHEME = "pzp-desktop"


class LaunchUrlFilter(QObject):
    """Application event filter: a ``pzp-desktop://`` open event becomes a launch request.

    The URL is never logged (it may hold a BSN or a launch value)."""

    def __init__(
        self,
        on_request: Callable[[LaunchRequest], None],
        on_rejected: Callable[[BaseException | None], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_request = on_request
        self._on_rejected = on_rejected

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        url = event.url()
        if url.scheme() != URL_SCHEME:
            return False
        try:
            request = parse_launch_url(url.toString())
        except LaunchError as exc:
            self._on_rejected(exc)
        else:
            self._on_request(request)
        return True
