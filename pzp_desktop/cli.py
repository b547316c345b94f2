"""Headless commands for application managers and tests: ``overview`` and ``probe``.

``pzp-desktop overview --source URL [--source URL …] (--patient ID | --bsn BSN) [--json]``
    Fetches the patient from every source in parallel (the first ``--source`` is the
    launching source, which wins ties) and prints the consolidated overview and the
    conversations. ``--patient`` once applies to every source; given as often as
    ``--source``, the n-th id belongs to the n-th source.

``pzp-desktop probe URL [--json] [--patient ID | --bsn BSN]``
    Reads the server's CapabilityStatement and reports, per query of the standard (spec
    §5), whether the server supports it and which fallback PZP Desktop will use. With a
    patient it also runs the queries and reports what happened (counts only, no data).

A bearer token, when needed, comes from the environment variable
``PZP_DESKTOP_BEARER_TOKEN`` (never from an argument: arguments end up in shell histories and
process lists). It is sent to the given sources only, and only to URLs under their base.

Exit codes: 0 ok; 1 other error; 2 bad arguments (including a BSN that fails the 11-test);
3 a source unreachable; 4 not authorised; 5 patient not found. Errors are one Dutch line on
stderr, never a traceback.

Wiring: :func:`register` adds the subcommands to an ``argparse`` subparsers object and
:func:`run` runs the parsed arguments; :data:`COMMANDS` lists ``(name, help, configure, run)``
for a registry such as the one in ``pzp_desktop.__main__``. Importing this module does not
import PySide6.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from pzp_desktop import describe_exception
from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.consolidation import ConsolidatedItem
from pzp_desktop.domain.display import display_value
from pzp_desktop.domain.form import load_form
from pzp_desktop.domain.items import SECTION_OF, ItemId, RecordedItem
from pzp_desktop.fhir.capabilities import Support
from pzp_desktop.fhir.client import FhirClient, StaticToken
from pzp_desktop.fhir.errors import FhirError, NotAuthorised, NotFound, TransportError
from pzp_desktop.fhir.fetch import (
    FetchResult,
    capabilities_or_unknown,
    fetch_patient_resources,
    find_patient_by_bsn,
)
from pzp_desktop.fhir.planner import QueryPlan, plan_patient_queries
from pzp_desktop.sources.bsn import is_valid_bsn
from pzp_desktop.sources.fetch import PatientQuery, Source, SourceResult, fetch_sources
from pzp_desktop.sources.patient_data import PatientData, SourceReader
from pzp_desktop.sources.status import SourceStatus

__all__ = [
    "COMMANDS",
    "EXIT_ERROR",
    "EXIT_NOT_AUTHORISED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_UNREACHABLE",
    "EXIT_USAGE",
    "TOKEN_ENVIRONMENT_VARIABLE",
    "CliCommand",
    "main",
    "register",
    "run",
]

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_NOT_AUTHORISED = 4
EXIT_NOT_FOUND = 5

TOKEN_ENVIRONMENT_VARIABLE = "PZP_DESKTOP_BEARER_TOKEN"

UNEXPECTED = (
    "Er ging iets onverwachts mis. Er is niets opgeslagen of verstuurd. Neem contact op met "
    "uw applicatiebeheerder als dit blijft gebeuren."
)


class UsageError(Exception):
    """Bad arguments that argparse could not catch (Dutch message, exit code 2)."""


# The answer that is "the" coded value of an item (CLI field ``code``).
MAIN_ANSWER: dict[ItemId, str] = {
    ItemId.LEGAL_CAPACITY: "1406",
    ItemId.LEGAL_REPRESENTATIVE: "982",
    ItemId.FIRST_CONTACT_PERSON: "995",
    ItemId.TREATMENT_GOAL: "999",
    ItemId.RESUSCITATION: "1386",
    ItemId.VENTILATION: "1387",
    ItemId.ICU_ADMISSION: "1390",
    ItemId.HOSPITAL_ADMISSION: "1393",
    ItemId.ANTIBIOTICS: "1396",
    ItemId.BLOOD_PRODUCTS: "1399",
    ItemId.OTHER_LIMIT: "1402",
    ItemId.ICD: "1006",
    ItemId.ICD_DEACTIVATION: "1005",
    ItemId.CARE_WISHES: "dataAbsentReason",
    ItemId.PLACE_OF_DEATH: "1191",
    ItemId.EUTHANASIA_POSITION: "1193",
    ItemId.ORGAN_DONATION: "1435",
    ItemId.OTHER_IMPORTANT: "dataAbsentReason",
    ItemId.PREVIOUS_AGREEMENTS: "1197",
    ItemId.PREVIOUS_AGREEMENTS_DIFFER: "1199",
    ItemId.ADVANCE_DIRECTIVE: "AD.type",
    ItemId.INFORMED_RELATIVES: "1200",
    ItemId.SHARING_CONSENT: "1201",
}


# ------------------------------------------------------------------------------ arguments


def _http_url(text: str) -> str:
    value = text.strip()
    if not value.startswith(("http://", "https://")) or "?" in value or "#" in value:
        raise argparse.ArgumentTypeError(f"geen geldig FHIR-adres (http/https, zonder ?): {text}")
    return value.rstrip("/")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen getal: {text}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"moet groter dan 0 zijn: {text}")
    return value


def configure_overview(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        action="append",
        required=True,
        type=_http_url,
        metavar="URL",
        help="FHIR-basisadres van een bron; herhaal voor meer bronnen (de eerste is de "
        "startende bron)",
    )
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--patient",
        action="append",
        metavar="ID",
        help="logische id van de patiënt (één keer: voor alle bronnen; of één per --source)",
    )
    who.add_argument("--bsn", metavar="BSN", help="burgerservicenummer van de patiënt")
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        default=30.0,
        metavar="SECONDEN",
        help="maximale wachttijd per verzoek (standaard 30)",
    )


def configure_probe(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", type=_http_url, metavar="URL", help="FHIR-basisadres van de bron")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--patient", metavar="ID", help="voer de zoekvragen ook uit voor deze patiënt")
    who.add_argument("--bsn", metavar="BSN", help="als --patient, maar gezocht op BSN")
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")
    parser.add_argument(
        "--timeout", type=_positive_float, default=30.0, metavar="SECONDEN", help=argparse.SUPPRESS
    )


def _token() -> StaticToken:
    return StaticToken(os.environ.get(TOKEN_ENVIRONMENT_VARIABLE, "").strip() or None)


def _check_bsn(bsn: str | None) -> None:
    if bsn is not None and not is_valid_bsn(bsn):
        raise UsageError("ongeldig BSN: het moet uit 9 cijfers bestaan en de 11-proef doorstaan.")


# ------------------------------------------------------------------------------ overview


def _coding_token(value: object) -> str | None:
    return value.token if isinstance(value, Coding) else None


def _main_code(item: RecordedItem) -> str | None:
    main = MAIN_ANSWER.get(item.key.item)
    if main is not None:
        token = _coding_token(item.answer(main))
        if token is not None:
            return token
    return next((t for t in (_coding_token(a.value) for a in item.answers) if t), None)


def _professional(item: RecordedItem) -> str | None:
    return item.professional.display() if item.professional else None


def _item_json(consolidated: ConsolidatedItem, label: str) -> dict[str, Any]:
    current = consolidated.current
    conversation = current.conversation
    return {
        "section": SECTION_OF[current.key.item],
        "item": current.key.item.value,
        "qualifier": current.key.qualifier or None,
        "label": label,
        "value": display_value(current),
        "code": _main_code(current),
        "recorded": current.recorded.raw if current.recorded else None,
        "date_uncertain": consolidated.date_uncertain,
        "source": current.source,
        "sources": list(consolidated.sources),
        "professional": _professional(current),
        "conversation": conversation.reference if conversation else None,
        "conversation_source": conversation.source if conversation else None,
        "origin": str(current.origin),
        "older_differs": consolidated.older_differs,
        "ended": consolidated.ended,
        "conflict": bool(consolidated.conflicts),
        "notes": list(current.notes),
    }


def overview_json(data: PatientData) -> dict[str, Any]:
    """The overview and the conversations as plain JSON (see the module docstring)."""
    form = load_form()
    labels = {item_id: form.overview_label(item_id) for item_id in ItemId}
    items: list[dict[str, Any]] = []
    not_discussed: list[dict[str, str]] = []
    for item_id, consolidated in data.overview.in_form_order():
        if not consolidated:
            not_discussed.append({"section": SECTION_OF[item_id], "label": labels[item_id]})
        for entry in consolidated:
            items.append(_item_json(entry, labels[item_id]))
    conversations = []
    for history in data.history:
        conversation = history.conversation
        conversations.append(
            {
                "reference": conversation.ref.reference,
                "source": conversation.source,
                "date": conversation.date.raw if conversation.date else None,
                "professional": conversation.professional.display()
                if conversation.professional
                else None,
                "patient_present": conversation.patient_present,
                "items": [
                    {
                        "section": SECTION_OF[entry.key.item],
                        "label": labels[entry.key.item],
                        "value": display_value(entry.recorded),
                        "code": _main_code(entry.recorded),
                        "change": entry.change.value,
                        "source": entry.recorded.source,
                    }
                    for entry in history.entries
                ],
            }
        )
    patient = data.patient
    return {
        "patient": {"reference": patient.reference} if patient else None,
        "sources": [_source_json(r, data) for r in data.results],
        "items": items,
        "not_discussed": not_discussed,
        "conversations": conversations,
        "duplicates_removed": data.duplicates_removed,
        "problems": [
            {"source": p.source, "reference": p.reference, "message": p.message}
            for p in data.problems
        ],
    }


def _source_json(result: SourceResult, data: PatientData) -> dict[str, Any]:
    fetched = result.fetch
    # combine() released the fetched resources; what is kept of them has their count.
    kept = data.kept.get(result.source.name)
    return {
        "source": result.source.name,
        "primary": result.source.primary,
        "status": result.status.code,
        "label": result.status.label,
        "message": result.message or None,
        "patient": f"Patient/{result.patient_id}" if result.patient_id else None,
        "seconds": round(result.seconds, 3),
        "requests": fetched.requests if fetched else None,
        "resources": kept.count if kept is not None else None,
    }


def _print_overview_text(data: PatientData, out: TextIO) -> None:
    document = overview_json(data)
    print("Bronnen:", file=out)
    for source in document["sources"]:
        extra = f" — {source['message']}" if source["message"] else ""
        print(f"  {source['source']}: {source['label']}{extra}", file=out)
    print("\nOverzicht:", file=out)
    by_section: dict[str, list[dict[str, Any]]] = {}
    for item in document["items"]:
        by_section.setdefault(item["section"], []).append(item)
    for item_id in ItemId:
        section = SECTION_OF[item_id]
        entries = [e for e in by_section.get(section, []) if e["item"] == item_id.value]
        label = load_form().overview_label(item_id)
        if not entries:
            print(f"  {section:<5} {label}: nog niet besproken", file=out)
        for entry in entries:
            marks = []
            if entry["older_differs"]:
                marks.append("eerder anders")
            if entry["conflict"]:
                marks.append("tegenstrijdig")
            if entry["ended"]:
                marks.append("beëindigd")
            mark = f" [{', '.join(marks)}]" if marks else ""
            when = entry["recorded"] or "datum onbekend"
            print(
                f"  {section:<5} {label}: {entry['value']} ({when}, {entry['source']}){mark}",
                file=out,
            )
    print("\nGesprekken:", file=out)
    if not document["conversations"]:
        print("  geen", file=out)
    for conversation in document["conversations"]:
        who = conversation["professional"] or "onbekende zorgverlener"
        print(
            f"  {conversation['date'] or 'datum onbekend'} — {who} ({conversation['source']})",
            file=out,
        )
        for item in conversation["items"]:
            print(f"      {item['section']:<5} {item['label']}: {item['value']}", file=out)
    if document["problems"]:
        print(f"\nMeldingen: {len(document['problems'])}", file=out)
        for problem in document["problems"]:
            print(f"  {problem['source']}: {problem['message']}", file=out)


def _overview_exit_code(results: Sequence[SourceResult]) -> int:
    statuses = [r.status for r in results]
    if SourceStatus.NOT_AUTHORISED in statuses:
        return EXIT_NOT_AUTHORISED
    if SourceStatus.UNREACHABLE in statuses:
        return EXIT_UNREACHABLE
    if SourceStatus.ERROR in statuses:
        return EXIT_ERROR
    if SourceStatus.OK not in statuses:
        return EXIT_NOT_FOUND
    return EXIT_OK


def run_overview(args: argparse.Namespace) -> int:
    urls: list[str] = args.source
    if len(set(urls)) != len(urls):
        raise UsageError("dezelfde bron is meer dan eens opgegeven.")
    _check_bsn(args.bsn)
    ids: list[str] = args.patient or []
    if ids and len(ids) not in (1, len(urls)):
        raise UsageError("geef --patient één keer (voor alle bronnen) of één keer per --source.")
    sources = [Source(url, url, primary=index == 0) for index, url in enumerate(urls)]
    patient_ids = (
        {s.name: (ids[0] if len(ids) == 1 else ids[i]) for i, s in enumerate(sources)}
        if ids
        else {}
    )
    token = _token()
    clients = [
        (source, FhirClient(source.base_url, token_provider=token, timeout=args.timeout))
        for source in sources
    ]
    # Each source is read as soon as it is fetched, so its JSON is released early.
    reader = SourceReader()
    try:
        results = fetch_sources(
            clients, PatientQuery(bsn=args.bsn, patient_ids=patient_ids), on_finished=reader.read
        )
    finally:
        for _, client in clients:
            client.close()
    for result in results:
        if not result.ok:
            print(f"{result.source.name}: {result.status.label}. {result.message}", file=sys.stderr)
    code = _overview_exit_code(results)
    if not any(r.ok for r in results):
        return code
    data = reader.combine(results)
    if args.json:
        json.dump(overview_json(data), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_overview_text(data, sys.stdout)
    return code


# ------------------------------------------------------------------------------ probe


def _query_status(plan: QueryPlan, key: str, revinclude: Support) -> str:
    query = plan.query(key)
    assert query is not None
    if query.skipped:
        return "overgeslagen"
    if key == "1b" and revinclude is Support.YES:
        return "niet nodig"
    if any(d.query == key and d.fallback for d in plan.decisions):
        return "terugval"
    if query.tentative or not plan.capabilities_known:
        return "niet vastgesteld; wordt geprobeerd"
    return "ondersteund"


def probe_json(
    url: str, plan: QueryPlan, server: str, fetched: FetchResult | None
) -> dict[str, Any]:
    revinclude = Support.UNKNOWN
    q1a = plan.query("1a")
    if q1a and q1a.attempts and q1a.attempts[0].has_param("_revinclude"):
        revinclude = Support.YES if not q1a.tentative else Support.UNKNOWN
    queries = []
    for query in plan.queries:
        entry: dict[str, Any] = {
            "query": query.key,
            "title": query.title,
            "status": _query_status(plan, query.key, revinclude),
            "standard": query.standard,
            "attempts": [a.display() for a in query.attempts],
            "decisions": [d.message for d in plan.decisions if d.query == query.key],
        }
        if fetched is not None:
            outcome = fetched.outcomes.get(query.key)
            entry["used"] = outcome.attempt.display() if outcome and outcome.attempt else None
            entry["skipped"] = outcome.skipped if outcome else None
            entry["matches"] = outcome.matches if outcome else 0
            entry["included"] = outcome.included if outcome else 0
            entry["runtime"] = [
                d.message for d in fetched.decisions if d.query == query.key and d.runtime
            ]
            entry["error"] = outcome.error.user_message if outcome and outcome.error else None
        queries.append(entry)
    document: dict[str, Any] = {
        "source": url,
        "server": server,
        "capabilities_known": plan.capabilities_known,
        "general": [d.message for d in plan.decisions if d.query == "metadata"],
        "queries": queries,
    }
    if fetched is not None:
        document["fetch"] = {
            "requests": fetched.requests,
            "seconds": round(fetched.seconds, 3),
            "resources": len(fetched.resources),
            "unresolved": [
                {"reference": u.reference, "reason": u.reason} for u in fetched.unresolved
            ],
            "problems": [str(p) for p in fetched.problems],
        }
    return document


def _print_probe_text(document: dict[str, Any], out: TextIO) -> None:
    print(f"Bron: {document['source']} ({document['server']})", file=out)
    for line in document["general"]:
        print(f"  {line}", file=out)
    for query in document["queries"]:
        print(f"\n[{query['query']}] {query['title']}: {query['status']}", file=out)
        print(f"    standaard: {query['standard']}", file=out)
        for decision in query["decisions"]:
            print(f"    - {decision}", file=out)
        for number, attempt in enumerate(query["attempts"], start=1):
            print(f"    poging {number}: {attempt}", file=out)
        if "used" in query:
            for remark in query["runtime"]:
                print(f"    * {remark}", file=out)
            if query["error"]:
                print(f"    ! {query['error']}", file=out)
            elif query["used"]:
                print(
                    f"    gebruikt: {query['used']} — {query['matches']} gevonden, "
                    f"{query['included']} meegeleverd",
                    file=out,
                )
            elif query["skipped"]:
                print(f"    niet uitgevoerd: {query['skipped']}", file=out)
    fetch = document.get("fetch")
    if fetch:
        print(
            f"\nOpgehaald: {fetch['resources']} resources in {fetch['requests']} verzoeken, "
            f"{fetch['seconds']} s",
            file=out,
        )
        for unresolved in fetch["unresolved"]:
            print(f"  niet opgehaald: {unresolved['reference']} ({unresolved['reason']})", file=out)
        for problem in fetch["problems"]:
            print(f"  probleem: {problem}", file=out)


def run_probe(args: argparse.Namespace) -> int:
    _check_bsn(args.bsn)
    with FhirClient(args.url, token_provider=_token(), timeout=args.timeout) as client:
        capabilities, metadata_problem = capabilities_or_unknown(client)
        patient_id = args.patient
        if args.bsn:
            patient_id = find_patient_by_bsn(client, args.bsn)
        plan = plan_patient_queries(capabilities, patient_id or "[id]")
        if metadata_problem is not None:
            plan = QueryPlan(
                patient_id=plan.patient_id,
                queries=plan.queries,
                decisions=(metadata_problem, *plan.decisions),
                related_person_history=plan.related_person_history,
                capabilities_known=plan.capabilities_known,
            )
        fetched = fetch_patient_resources(client, patient_id, plan) if patient_id else None
        document = probe_json(args.url, plan, capabilities.describe(), fetched)
    if args.json:
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_probe_text(document, sys.stdout)
    return EXIT_OK


# ------------------------------------------------------------------------------ wiring


@dataclass(frozen=True)
class CliCommand:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _guarded(function: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Errors become one Dutch line on stderr and an exit code; never a traceback."""

    def guarded(args: argparse.Namespace) -> int:
        try:
            return function(args)
        except UsageError as exc:
            print(f"pzp-desktop: fout: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except NotAuthorised as exc:
            print(exc.user_message, file=sys.stderr)
            return EXIT_NOT_AUTHORISED
        except TransportError as exc:
            print(exc.user_message, file=sys.stderr)
            return EXIT_UNREACHABLE
        except NotFound as exc:
            print(exc.user_message, file=sys.stderr)
            return EXIT_NOT_FOUND
        except FhirError as exc:
            print(exc.user_message, file=sys.stderr)
            return EXIT_ERROR
        except Exception as exc:
            log.error("Onverwachte fout: %s", describe_exception(exc))
            print(UNEXPECTED, file=sys.stderr)
            return EXIT_ERROR

    guarded.__name__ = function.__name__
    return guarded


COMMANDS: tuple[CliCommand, ...] = (
    CliCommand(
        "overview",
        "toon het geconsolideerde PZP-overzicht van een patiënt (zonder scherm)",
        configure_overview,
        _guarded(run_overview),
    ),
    CliCommand(
        "probe",
        "laat zien welke PZP-zoekvragen een FHIR-server ondersteunt",
        configure_probe,
        _guarded(run_probe),
    ),
)
_BY_NAME = {command.name: command for command in COMMANDS}


def register(subparsers: Any) -> None:
    """Add ``overview`` and ``probe`` to an ``argparse`` subparsers object."""
    for command in COMMANDS:
        parser = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.configure(parser)
        parser.set_defaults(pzp_command=command.name)


def run(args: argparse.Namespace) -> int:
    """Run a subcommand parsed by a parser that :func:`register` configured."""
    command = _BY_NAME.get(getattr(args, "pzp_command", ""))
    if command is None:
        print("pzp-desktop: fout: onbekende opdracht", file=sys.stderr)
        return EXIT_USAGE
    return command.run(args)


def _parser() -> argparse.ArgumentParser:
    try:  # the Dutch parser of the entry point, when available
        from pzp_desktop.__main__ import DutchArgumentParser

        parser: argparse.ArgumentParser = DutchArgumentParser()
    except ImportError:  # pragma: no cover
        parser = argparse.ArgumentParser(prog="pzp-desktop")
    subparsers = parser.add_subparsers(dest="pzp_command", metavar="OPDRACHT")
    subparsers.required = True
    register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``pzp-desktop overview|probe …`` on its own (tests, and until the entry point has it)."""
    try:
        args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    return run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
