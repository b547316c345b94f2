"""Starting the GUI: the QApplication, style sheet, translations and the main window.

``run_gui(options)`` is the one entry from the command line. In training mode the window
opens with the patient picker. A live start (``options.launch_request``) shows the window at
once and signs in in the background (:mod:`pzp_desktop.gui.launch_flow`); a test can pass a
ready :class:`Session` instead (``run_gui(options, session=...)``), whose patient opens at
once. With ``options.single_instance`` a second start hands its request to the running app
and ends (:mod:`pzp_desktop.gui.single_instance`).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from pzp_desktop import __version__
from pzp_desktop.domain.resource_files import ResourceNotFoundError, resource_path
from pzp_desktop.gui import i18n
from pzp_desktop.gui.errors import show_unexpected_error
from pzp_desktop.gui.launch_flow import attach_launch_flow
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.gui.single_instance import claim_single_instance
from pzp_desktop.gui.ui_loader import ui_dir
from pzp_desktop.gui.url_events import LaunchUrlFilter
from pzp_desktop.sources.session import Session

if TYPE_CHECKING:
    from pzp_desktop.config import Config
    from pzp_desktop.launch.arguments import LaunchRequest

log = logging.getLogger(__name__)

APPLICATION_NAME = "PZP Desktop"
ORGANIZATION_NAME = "PZP Desktop"
DESKTOP_FILE_NAME = "pzp-desktop"

EXIT_NO_DISPLAY = 1

NO_DISPLAY_MESSAGE_NL = (
    "PZP Desktop kan geen venster openen: er is geen grafische omgeving gevonden "
    "(DISPLAY en WAYLAND_DISPLAY zijn niet gezet). Start de app vanuit een bureaublad-"
    "sessie. Alleen voor een rooktest zonder scherm: QT_QPA_PLATFORM=offscreen."
)


#: Benchmarks only (``build_scripts/bench_startup.py``): with this environment variable set
#: to ``1`` the app prints one line to stderr once the main window has been painted for the
#: first time (see :class:`_StartupReporter`). Nothing else changes.
REPORT_STARTUP_ENV = "PZP_DESKTOP_REPORT_STARTUP"


@dataclass(frozen=True)
class GuiOptions:
    """What the command line decided about the GUI."""

    training: bool = True
    #: "nl" or "en" from ``--lang``; ``None``: the configuration, else the OS locale.
    language: str | None = None
    #: The configured language (from the configuration file, once there is one).
    configured_language: str | None = None
    #: Smoke tests only: quit the event loop this many milliseconds after start.
    exit_after_ms: int | None = None
    #: How the app was started (``None``: training, or a test passes a session).
    launch_request: LaunchRequest | None = None
    #: The configuration (``None``: the defaults).
    config: Config | None = None
    #: One running instance: hand a second start over to the running app.
    single_instance: bool = False
    #: The local server's name (tests); ``None``: one per user.
    instance_name: str | None = None


def ensure_application() -> QApplication:
    """The process's QApplication, created (and named) on first use."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    try:
        app.setWindowIcon(QIcon(str(resource_path("icons", "pzp-desktop.svg"))))
    except ResourceNotFoundError:
        log.warning("Application icon not found; using the default icon")
    return app


def load_stylesheet() -> str:
    """The application style sheet (``ui/style.qss``); empty if it is missing."""
    path = ui_dir() / "style.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("Style sheet %s not found; using the default style", path.name)
        return ""


def install_translation(app: QApplication, language: str | None) -> str:
    """Choose and install the interface language; returns it (``"nl"`` or ``"en"``)."""
    chosen = i18n.resolve_language(language)
    i18n.install_translation(app, chosen)
    return i18n.current_language()


def has_display() -> bool:
    """Whether Qt can open windows (always on Windows/macOS; on Linux needs a session)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


@contextmanager
def _gui_error_handling() -> Iterator[None]:
    """Errors escaping Qt slots: log them without their message, show a Dutch dialog.

    Ctrl+C in the terminal ends the app (Qt's event loop would otherwise swallow it).
    """

    def excepthook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        show_unexpected_error(exc)

    previous_hook: ExceptHook = sys.excepthook
    previous_sigint = signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.excepthook = excepthook
    try:
        yield
    finally:
        sys.excepthook = previous_hook
        signal.signal(signal.SIGINT, previous_sigint)


def _seconds_since_process_start() -> float | None:
    """Time since the OS started this process (Linux: ``/proc``, 10 ms ticks), else None."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            started_ticks = int(stat.read().rpartition(")")[2].split()[19])
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


class _StartupReporter(QObject):
    """Prints ``pzp-desktop-startup: first-window-shown monotonic=<s> since-process-start=<s>``
    when the watched window is first painted and the event loop is idle again (the frame is
    done). ``monotonic`` is ``time.monotonic()`` (one clock for all processes, so a parent can
    subtract its own start time); ``since-process-start`` is -1 where it is not known."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        since_start = _seconds_since_process_start()
        print(
            f"pzp-desktop-startup: first-window-shown monotonic={time.monotonic():.6f} "
            f"since-process-start={-1 if since_start is None else since_start:.3f}",
            file=sys.stderr,
            flush=True,
        )


def run_gui(options: GuiOptions, session: Session | None = None) -> int:
    """Show the main window and run the event loop; returns the exit code.

    ``session``: the launched or standalone session whose patient opens at once (not used
    in training mode, where the user picks a fictitious patient).
    """
    if not has_display():
        print(NO_DISPLAY_MESSAGE_NL, file=sys.stderr)
        return EXIT_NO_DISPLAY

    app = ensure_application()
    instance = None
    if options.single_instance:
        instance, exit_code = claim_single_instance(options.instance_name, options.launch_request)
        if exit_code is not None:
            return exit_code
        if instance is not None:
            app.aboutToQuit.connect(instance.close)
    install_translation(app, options.language or options.configured_language)
    app.setStyleSheet(load_stylesheet())

    if options.training:
        window = MainWindow(WindowMode.TRAINING, config=options.config)
    else:
        window = MainWindow(WindowMode.LIVE, session=session, config=options.config)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    flow = attach_launch_flow(
        window, options.config, options.launch_request, instance=instance, session=session
    )
    # macOS delivers pzp-desktop:// links to the running app as open events.
    url_filter = LaunchUrlFilter(flow.handle_request, flow.show_rejected_handover, window)
    app.installEventFilter(url_filter)
    # Quitting (also --exit-after-ms) closes the window, which waits for background work.
    app.aboutToQuit.connect(window.close)
    if os.environ.get(REPORT_STARTUP_ENV) == "1":
        reporter = _StartupReporter(window)
        window.installEventFilter(reporter)
    window.show()
    if options.exit_after_ms is not None:
        QTimer.singleShot(options.exit_after_ms, app.quit)
    with _gui_error_handling():
        return app.exec()
