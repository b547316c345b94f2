"""``pzp-desktop forget-tokens``: delete the refresh tokens stored in the OS keyring.

Wiring (``pzp_desktop/__main__.py``)::

    from pzp_desktop.launch import cli as launch_cli
    COMMANDS[launch_cli.NAME] = Command(
        launch_cli.NAME, launch_cli.HELP, launch_cli.configure, launch_cli.run
    )

or, with argparse subparsers, ``launch_cli.register(subparsers)`` (sets ``func=run``).
Runs without a display and imports neither PySide6 nor httpx.
"""

from __future__ import annotations

import argparse
import sys

from pzp_desktop.launch.arguments import validate_server_url
from pzp_desktop.launch.errors import LaunchError
from pzp_desktop.launch.tokens import RefreshTokenStore, forget_tokens

__all__ = ["HELP", "NAME", "configure", "register", "run"]

NAME = "forget-tokens"
HELP = "vergeet de opgeslagen aanmeldgegevens (in de sleutelhanger van het systeem)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--issuer",
        default=None,
        metavar="URL",
        help="alleen de aanmeldgegevens voor deze FHIR-server (standaard: alle)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(NAME, help=HELP, description=HELP)
    configure(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, *, store: RefreshTokenStore | None = None) -> int:
    """Exit code 0 when done, 2 for a bad ``--issuer``, 1 when the keyring cannot be used."""
    issuer = getattr(args, "issuer", None)
    try:
        if issuer is not None:
            issuer = validate_server_url(issuer, "--issuer")
        count = forget_tokens(issuer, store=store)
    except LaunchError as exc:
        print(exc.user_message, file=sys.stderr)
        return exc.exit_code
    where = f" voor {issuer}" if issuer else ""
    if count == 0:
        print(f"Er waren geen opgeslagen aanmeldgegevens{where}.")
    elif count == 1:
        print(f"1 set opgeslagen aanmeldgegevens{where} is verwijderd.")
    else:
        print(f"{count} sets opgeslagen aanmeldgegevens{where} zijn verwijderd.")
    return 0
