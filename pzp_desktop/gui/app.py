"""Starting the GUI: the QApplication, style sheet, translations and the main window."""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType

from PySide6.QtCore import QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from pzp_desktop import __version__, describe_exception
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.gui.ui_loader import ui_dir

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
UNEXPECTED_GUI_ERROR_MESSAGE_NL = (
    "Er ging iets onverwachts mis. Wat u aan het doen was, is mogelijk niet afgerond. "
    "Blijft dit gebeuren, neem dan contact op met uw applicatiebeheerder."
)


@dataclass(frozen=True)
class GuiOptions:
    """What the command line decided about the GUI."""

    training: bool = True
    language: str = "nl"
    #: Smoke tests only: quit the event loop this many milliseconds after start.
    exit_after_ms: int | None = None


def ensure_application() -> QApplication:
    """The process's QApplication, created (and named) on first use."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    return app


def load_stylesheet() -> str:
    """The application style sheet (``ui/style.qss``); empty if it is missing."""
    path = ui_dir() / "style.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("Style sheet %s not found; using the default style", path.name)
        return ""


def install_translation(app: QApplication, language: str) -> QTranslator | None:
    """Use ``language`` for locale formatting and, if compiled, translated texts.

    Source texts are Dutch; other languages come from ``ui/pzp_desktop_<lang>.qm``
    (compiled from ``.ts`` by the build, never committed).
    """
    QLocale.setDefault(QLocale(language))
    if language == "nl":
        return None
    translator = QTranslator(app)
    if translator.load(f"pzp_desktop_{language}", str(ui_dir())):
        app.installTranslator(translator)
        return translator
    log.info("No compiled translation for %r; showing Dutch texts", language)
    return None


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
        log.error("Unexpected error in the GUI: %s", describe_exception(exc))
        QMessageBox.critical(None, APPLICATION_NAME, UNEXPECTED_GUI_ERROR_MESSAGE_NL)

    previous_hook: ExceptHook = sys.excepthook
    previous_sigint = signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.excepthook = excepthook
    try:
        yield
    finally:
        sys.excepthook = previous_hook
        signal.signal(signal.SIGINT, previous_sigint)


def run_gui(options: GuiOptions) -> int:
    """Show the main window and run the event loop; returns the exit code."""
    if not has_display():
        print(NO_DISPLAY_MESSAGE_NL, file=sys.stderr)
        return EXIT_NO_DISPLAY

    app = ensure_application()
    install_translation(app, options.language)
    app.setStyleSheet(load_stylesheet())

    window = MainWindow(WindowMode.TRAINING if options.training else WindowMode.LIVE)
    window.show()
    if options.exit_after_ms is not None:
        QTimer.singleShot(options.exit_after_ms, app.quit)
    with _gui_error_handling():
        return app.exec()
