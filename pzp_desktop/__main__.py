"""Command line entry point: ``pzp-desktop`` / ``python -m pzp_desktop``.

Two kinds of invocation share this module:

* **launch** (the default): start the GUI. Without launch arguments it starts the training
  mode (``--demo``). The launch arguments (``--iss``/``--launch``, ``--fhir-base``/``--bsn``,
  a positional ``pzp-desktop://`` URL) come from :mod:`pzp_desktop.launch.arguments`, the one
  parser for both; :data:`LAUNCH_CONTEXT_DESTS` lists their destinations. ``--config`` names
  the configuration file (:mod:`pzp_desktop.config`), which is read before the GUI starts.
* **subcommands** (``pzp-desktop <command> …``, e.g. ``overview`` or ``probe``): registered
  in :data:`COMMANDS`. They run without a display, so they must not import PySide6.

PySide6 is imported only when the GUI actually starts (see :func:`launch_gui`).
Errors never end in a traceback: bad arguments, a bad configuration file and bad launch
arguments give a Dutch message and exit code 2 (a launch error its own
:attr:`~pzp_desktop.launch.errors.LaunchError.exit_code`), unexpected errors are logged
without their message (it might contain patient data) and end in a short Dutch message with
exit code 1.

A GUI start that fails this way also shows its message in a box (Dutch, or English in
English mode): a windowed build has no console, and a clinician started from the EPD never
sees one, so without the box the app would simply not appear (:func:`report_launch_error`).
The box never shows what was given (a launch code or a BSN): a usage error names only the
options concerned. Subcommands, ``--help`` and ``--version`` keep to stderr and exit codes;
so does every start with :data:`NO_ERROR_DIALOG_ENV` set to ``1`` (scripts, tests) or where
no window can be seen (no display, ``QT_QPA_PLATFORM=offscreen``).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from pzp_desktop import __version__, describe_exception
from pzp_desktop.config import add_config_argument
from pzp_desktop.domain.messages import Message
from pzp_desktop.launch import arguments as launch_arguments

PROG = "pzp-desktop"

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

log = logging.getLogger("pzp_desktop")


# --------------------------------------------------------------------------------------
# A parser that speaks Dutch
# --------------------------------------------------------------------------------------

# argparse's own messages (Python 3.11-3.13) and their Dutch equivalents. Every pattern is
# tried in order, so "argument --lang: invalid choice: …" gets both its prefix and its
# inner message translated; text that matches nothing stays as it is.
_ARGPARSE_MESSAGES_NL: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^unrecognized arguments: (.*)$", r"onbekende argumenten: \1"),
        (r"^the following arguments are required: (.*)$", r"verplicht maar ontbreekt: \1"),
        (r"^one of the arguments (.*) is required$", r"één van deze argumenten is verplicht: \1"),
        (r"^ambiguous option: (\S+) could match (.*)$", r"optie \1 is niet eenduidig (\2)"),
        (r"^argument (\S+): ", r"bij \1: "),
        (r"invalid choice: (.*) \(choose from (.*)\)$", r"ongeldige keuze \1 (kies uit: \2)"),
        (r"expected one argument$", r"hier hoort één waarde bij"),
        (r"expected at most one argument$", r"hier hoort hooguit één waarde bij"),
        (r"expected at least one argument$", r"hier hoort minstens één waarde bij"),
        (r"expected (\d+) arguments?$", r"hier horen \1 waarden bij"),
        (r"invalid \S+ value: (.*)$", r"ongeldige waarde \1"),
        (r"not allowed with argument (.*)$", r"niet toegestaan samen met \1"),
        (r"ignored explicit argument (.*)$", r"deze optie krijgt geen waarde (gegeven: \1)"),
    )
)


def translate_argparse_message(message: str) -> str:
    """Translate an argparse error message to Dutch (unknown messages are kept as they are)."""
    for pattern, replacement in _ARGPARSE_MESSAGES_NL:
        message = pattern.sub(replacement, message, count=1)
    return message


class _DutchHelpFormatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "Gebruik: " if prefix is None else prefix)


class _DutchRawHelpFormatter(_DutchHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of description and epilog (e.g. a list of subcommands)."""


class DutchArgumentParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` with Dutch help and error messages.

    Errors print the usage line and a Dutch message to stderr and exit with code 2.
    Abbreviated long options (``--dem`` for ``--demo``) are not accepted.
    """

    def __init__(self, *, prog: str = PROG, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _DutchRawHelpFormatter)
        super().__init__(prog=prog, add_help=False, allow_abbrev=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulptekst en stop")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self._print_message(
            f"{self.prog}: fout: {translate_argparse_message(message)}\n"
            f"Typ '{self.prog} --help' voor een overzicht van de mogelijkheden.\n",
            sys.stderr,
        )
        raise UsageError(_option_names(message))


class UsageError(SystemExit):
    """A command line argparse refused (exit code 2); ``options`` names the options its
    message mentions (never their values)."""

    def __init__(self, options: Sequence[str]) -> None:
        super().__init__(EXIT_USAGE)
        self.options = tuple(options)


_OPTION_NAME = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def _option_names(message: str) -> list[str]:
    """``--lang`` in "argument --lang: invalid choice: 'de' …": option names only."""
    return list(dict.fromkeys(_OPTION_NAME.findall(message)))


# --------------------------------------------------------------------------------------
# Subcommands (run without a display; never import PySide6 from these)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """A subcommand such as ``pzp-desktop overview``."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _headless_commands() -> dict[str, Command]:
    from pzp_desktop import cli
    from pzp_desktop.launch import cli as launch_cli

    commands = {c.name: Command(c.name, c.help, c.configure, c.run) for c in cli.COMMANDS}
    commands[launch_cli.NAME] = Command(
        launch_cli.NAME, launch_cli.HELP, launch_cli.configure, launch_cli.run
    )
    return commands


#: Registered subcommands by name: the headless ``overview``, ``probe``, ``forget-tokens``.
COMMANDS: dict[str, Command] = _headless_commands()


def build_command_parser(command: Command) -> DutchArgumentParser:
    parser = DutchArgumentParser(prog=f"{PROG} {command.name}", description=command.help)
    command.configure(parser)
    return parser


# --------------------------------------------------------------------------------------
# Launching the GUI (the default)
# --------------------------------------------------------------------------------------

#: ``argparse`` destinations of launch arguments that open a real (non-training) context
#: (``iss``, ``launch``, ``fhir_base``, ``bsn``, ``launch_url``). Without any of these the app
#: starts in training mode.
LAUNCH_CONTEXT_DESTS: tuple[str, ...] = launch_arguments.LAUNCH_CONTEXT_DESTS


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen geheel getal: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"mag niet negatief zijn: {value}")
    return value


def add_launch_arguments(parser: argparse.ArgumentParser) -> None:
    """The options for starting the GUI."""
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start de oefenomgeving met fictieve patiënten; er verlaat niets deze computer "
        "(standaard als er geen startgegevens zijn meegegeven)",
    )
    launch_arguments.add_launch_arguments(parser, include_demo=False)
    add_config_argument(parser)
    parser.add_argument(
        "--lang",
        choices=("nl", "en"),
        default=None,
        help="taal van de gebruikersinterface (standaard: de instelling app.language in het "
        "instellingenbestand, anders nl)",
    )
    parser.add_argument(
        "--exit-after-ms",
        type=_non_negative_int,
        default=None,
        metavar="N",
        help="alleen voor rooktests: sluit de app N milliseconden na het starten af (zo'n "
        "start staat los van een al geopende PZP Desktop)",
    )
    # Tests only: the name of the local socket of "one running instance" (default: one per
    # user). Not in --help.
    parser.add_argument("--instance-name", default=None, help=argparse.SUPPRESS)


def build_parser() -> DutchArgumentParser:
    """The top-level parser: launch options plus ``--version``; subcommands in the epilog."""
    epilog = None
    if COMMANDS:
        lines = [f"  {name:<14} {cmd.help}" for name, cmd in sorted(COMMANDS.items())]
        epilog = "opdrachten (zonder scherm):\n" + "\n".join(lines)
    parser = DutchArgumentParser(
        description="PZP Desktop — proactieve zorgplanning raadplegen en vastleggen.",
        epilog=epilog,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help="toon het versienummer en stop",
    )
    add_launch_arguments(parser)
    return parser


def is_training(args: argparse.Namespace) -> bool:
    """Training mode when asked for, or when no launch context was given at all."""
    if getattr(args, "demo", False):
        return True
    return not any(getattr(args, dest, None) for dest in LAUNCH_CONTEXT_DESTS)


def launch_gui(args: argparse.Namespace) -> int:
    """Read the configuration, check the launch arguments, then start the GUI. The only place
    where the command line reaches PySide6."""
    from pzp_desktop.config import ConfigError, load_config
    from pzp_desktop.launch.errors import LaunchError

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(exc.user_message, file=sys.stderr)
        report_launch_error(exc.user_message, args.lang)
        return EXIT_USAGE
    for notice in config.notices:
        log.warning("%s", notice)
    primary = config.primary_source
    try:
        request = launch_arguments.launch_request_from_args(
            args, default_fhir_base=primary.base_url if primary is not None else None
        )
    except LaunchError as exc:
        # Never echoes what was given: a launch value or a BSN must not end up in a log.
        print(exc.user_message, file=sys.stderr)
        report_launch_error(exc.user_message, args.lang or config.app.language)
        return exc.exit_code

    # Imported here, not at the top: subcommands and --help/--version must work without Qt.
    from pzp_desktop.gui.app import GuiOptions, run_gui

    smoke_test = args.exit_after_ms is not None
    options = GuiOptions(
        training=isinstance(request, launch_arguments.Training),
        # --lang wins, else the configured language ("system": the OS's), else Dutch.
        language=args.lang,
        configured_language=config.app.language,
        exit_after_ms=args.exit_after_ms,
        launch_request=request,
        config=config,
        # A smoke test stands on its own, unless a test names its own instance.
        single_instance=args.instance_name is not None or not smoke_test,
        instance_name=args.instance_name,
    )
    return run_gui(options)


# --------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------


def _configure_logging() -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(
            level=logging.WARNING,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )


UNEXPECTED_ERROR_MESSAGE_NL = Message("launch.unexpected-error")

#: Set to ``1`` to keep launch errors on stderr only, without a message box (scripts and
#: tests that start the GUI with bad arguments on purpose).
NO_ERROR_DIALOG_ENV = "PZP_DESKTOP_NO_ERROR_DIALOG"


def error_dialog_possible() -> bool:
    """Whether a launch error can be shown in a box someone will see (checked without Qt)."""
    if os.environ.get(NO_ERROR_DIALOG_ENV) == "1":
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "").partition(":")[0]
    if platform in ("offscreen", "minimal", "vnc"):
        return False  # nobody would see it, and it would wait for ever
    if sys.platform.startswith("linux"):
        return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY")) or bool(
            platform
        )
    return True


def report_launch_error(message: str, language: str | None) -> None:
    """Show ``message`` (already on stderr) in a box when the GUI could not start; returns
    when the user has closed it. ``language``: ``--lang`` or the configured language."""
    if not error_dialog_possible():
        return
    try:
        from pzp_desktop.gui.errors import show_launch_error

        show_launch_error(message, language if language in ("nl", "en") else None)
    except Exception as exc:  # the message is on stderr; never a traceback instead
        log.error("Startfout niet getoond: %s", describe_exception(exc))


def _requested_language(argv: Sequence[str]) -> str | None:
    """``--lang`` from a command line argparse refused (``None`` when absent or bad)."""
    for index, arg in enumerate(argv):
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in ("nl", "en"):
            return value
    return None


def _usage_message(options: Sequence[str]) -> Message:
    names = Message("launch.usage-error.options", names=", ".join(options)) if options else ""
    return Message("launch.usage-error", options=names)


def _parse(argv: list[str]) -> tuple[Callable[[argparse.Namespace], int], argparse.Namespace]:
    if argv and argv[0] in COMMANDS:
        command = COMMANDS[argv[0]]
        return command.run, build_command_parser(command).parse_args(argv[1:])
    return launch_gui, build_parser().parse_args(argv)


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return EXIT_OK
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pzp-desktop`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    _configure_logging()
    arguments = list(sys.argv[1:] if argv is None else argv)
    gui_start = not (arguments and arguments[0] in COMMANDS)
    try:
        run, args = _parse(arguments)
        return run(args)
    except SystemExit as exc:  # --help, --version and usage errors end here
        if gui_start and isinstance(exc, UsageError):
            report_launch_error(_usage_message(exc.options), _requested_language(arguments))
        return _exit_code(exc)
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        log.error("Onverwachte fout: %s", describe_exception(exc))
        print(UNEXPECTED_ERROR_MESSAGE_NL, file=sys.stderr)
        if gui_start:
            report_launch_error(UNEXPECTED_ERROR_MESSAGE_NL, _requested_language(arguments))
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
