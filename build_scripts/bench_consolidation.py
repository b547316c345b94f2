"""Benchmark of consolidate() and build_history() on synthetic PZP records (not a test).

Generates realistic records: conversations spread over years in several sources, 30 item
keys per conversation (every form item, several "other limits" and advance directives),
values that mostly stay the same and sometimes change, both versioning styles (a new
resource per conversation, and one resource updated in place), and for a share of the
conversations the same conversation also recorded as a QuestionnaireResponse (same
conversation) or mirrored in another source (same day + same professional).

Also measured: ``overview_and_history()``, both of them from one ranking of the records.

Usage::

    .venv/bin/python build_scripts/bench_consolidation.py [--runs 7] [--json] [--count-calls]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, NULL_FLAVOR, SCT, Coding
from pzp_desktop.domain.consolidation import consolidate
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.history import build_history, overview_and_history
from pzp_desktop.domain.items import (
    QUALIFIED_ITEMS,
    Answer,
    Conversation,
    ConversationRef,
    DateBasis,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    Professional,
    RecordedItem,
    RecordStatus,
)

SOURCES = ("huisarts-epd", "ziekenhuis-epd", "vvt-ecd")
QR_ONLY = {ItemId.PREVIOUS_AGREEMENTS, ItemId.PREVIOUS_AGREEMENTS_DIFFER, ItemId.SHARING_CONSENT}
# Sources that update one resource per item in place (read through _history); the others
# create a new resource per conversation, as the IG examples do.
IN_PLACE_SOURCES = {"vvt-ecd"}

KEYS: tuple[ItemKey, ...] = (
    *(ItemKey(item) for item in ItemId if item not in QUALIFIED_ITEMS),
    *(
        ItemKey(ItemId.OTHER_LIMIT, name)
        for name in ("dialyse", "sondevoeding", "pacemaker", "chemotherapie")
    ),
    *(ItemKey(ItemId.ADVANCE_DIRECTIVE, q) for q in ("NR:1", "EU:2", "BD:3", "DO:4", "VV:5")),
)
assert len(KEYS) == 30, len(KEYS)

VALUES: tuple[tuple[Answer, ...], ...] = (
    (Answer("v", Coding(BEHANDEL_BESLUIT, "0", "Wel uitvoeren")),),
    (Answer("v", Coding(BEHANDEL_BESLUIT, "2", "Niet uitvoeren")), Answer("t", "na overleg")),
    (Answer("v", Coding(BEHANDEL_BESLUIT, "1", "Anders")), Answer("a", "alleen reversibel")),
    (Answer("v", Coding(NULL_FLAVOR, "UNK", "Onbekend")),),
    (Answer("v", Coding(SCT, "385987000", "Curatief")), Answer("t", "Tekst  met SPATIES")),
)


def generate(
    conversations: int, duplicate_share: float, seed: int = 20240611
) -> tuple[list[Conversation], list[RecordedItem]]:
    """``conversations`` conversations × 30 item keys, plus duplicates for a share of them."""
    rng = random.Random(seed)
    professionals = {
        source: [
            Professional(f"Dr. {source[:3]} {i}", reference=f"PractitionerRole/{source}-{i}")
            for i in range(15)
        ]
        for source in SOURCES
    }
    # The same density for every size (about one conversation every 3.6 days, as 1,000
    # conversations over ten years), so that the sizes compare like for like.
    start = datetime(1990, 1, 1, 9, 0, tzinfo=UTC)
    step = timedelta(days=3.65)
    current_value = dict.fromkeys(KEYS, 0)
    versions: dict[str, int] = {}
    convs: list[Conversation] = []
    items: list[RecordedItem] = []
    for n in range(conversations):
        source = rng.choice(SOURCES)
        professional = rng.choice(professionals[source])
        moment = start + step * n + timedelta(minutes=rng.randrange(0, 480))
        day_only = rng.random() < 0.3
        when = (
            ClinicalDate.from_date(moment.date())
            if day_only
            else ClinicalDate.from_datetime(moment)
        )
        updated = ClinicalDate.from_datetime(moment + timedelta(minutes=5))
        ref = ConversationRef(source, f"Encounter/e{n}")
        moment_info = (when, updated, professional)
        duplicate = rng.random() < duplicate_share
        as_qr = duplicate and rng.random() < 0.7
        mirror = duplicate and not as_qr
        convs.append(
            Conversation(
                ref,
                when,
                professional,
                encounter=ref.reference,
                questionnaire_responses=(f"QuestionnaireResponse/q{n}",) if as_qr else (),
            )
        )
        mirror_source = rng.choice([s for s in SOURCES if s != source])
        mirror_ref = ConversationRef(mirror_source, f"Encounter/m{n}")
        if mirror:
            convs.append(Conversation(mirror_ref, when, professional, encounter=f"Encounter/m{n}"))
        for key in KEYS:
            if rng.random() < 0.1:
                current_value[key] = rng.randrange(len(VALUES))
            answers = VALUES[current_value[key]]
            status = RecordStatus.ENDED if rng.random() < 0.02 else RecordStatus.CURRENT

            record = functools.partial(_record, key, answers, status, moment_info)
            qr_origin = Origin(OriginKind.QUESTIONNAIRE_RESPONSE, f"QuestionnaireResponse/q{n}")
            if key.item in QR_ONLY:
                items.append(record(source, qr_origin, ref))
                continue
            if source in IN_PLACE_SOURCES:
                reference = f"Consent/{key}"
                versions[reference] = versions.get(reference, 0) + 1
                origin = Origin(OriginKind.RESOURCE, reference, str(versions[reference]))
            else:
                origin = Origin(OriginKind.RESOURCE, f"Consent/{n}-{key}", "1")
            items.append(record(source, origin, ref))
            if as_qr:
                items.append(record(source, qr_origin, ref))
            if mirror:
                mirror_origin = Origin(OriginKind.RESOURCE, f"Consent/m{n}-{key}", "1")
                items.append(record(mirror_source, mirror_origin, mirror_ref))
    return convs, items


def _record(
    key: ItemKey,
    answers: tuple[Answer, ...],
    status: RecordStatus,
    moment_info: tuple[ClinicalDate, ClinicalDate, Professional],
    source: str,
    origin: Origin,
    conversation: ConversationRef,
) -> RecordedItem:
    when, updated, professional = moment_info
    return RecordedItem(
        key=key,
        answers=answers,
        source=source,
        origin=origin,
        recorded=when,
        date_basis=DateBasis.RECORD,
        status=status,
        conversation=conversation,
        professional=professional,
        last_updated=updated,
    )


def timings_ms(action: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """After one warm-up run: median and minimum wall-clock time (``time.perf_counter``) and
    median CPU time of this process (``time.process_time``, which waiting for a busy CPU
    does not inflate), in milliseconds."""
    action()
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        action()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def count_calls(action: Callable[[], object]) -> int:
    """The number of Python function calls ``action`` makes."""
    profile = cProfile.Profile()
    profile.enable()
    action()
    profile.disable()
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


CASES = ((1_000, 0.0), (10_000, 0.0), (1_000, 0.3), (10_000, 0.3))


def reference_loop(items: list[RecordedItem]) -> int:
    """A trivial pass for comparison: visit every record key by key, read the fields that
    consolidation reads and do one hash-map insert. Its time per record grows with the
    record count too (memory caches, not the algorithm); see the "reference" column."""
    groups: dict[ItemKey, list[RecordedItem]] = {}
    for record in items:
        groups.setdefault(record.key, []).append(record)
    total = 0
    for records in groups.values():
        seen: dict[tuple[object, ...], int] = {}
        for i, record in enumerate(records):
            conversation = record.conversation
            recorded = record.recorded
            reference = conversation.reference if conversation else ""
            seen.setdefault((reference, record.signature), i)
            total += len(recorded.raw) if recorded else 0
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (median)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--count-calls",
        action="store_true",
        help="also count Python function calls per case (cProfile): a load-independent "
        "measure of the work done, which must grow like the number of records",
    )
    args = parser.parse_args(argv)

    rows: list[dict[str, Any]] = []
    for n_conversations, share in CASES:
        convs, items = generate(n_conversations, share)
        cons = timings_ms(functools.partial(consolidate, items, SOURCES), args.runs)
        hist = timings_ms(functools.partial(build_history, convs, items, SOURCES), args.runs)
        both = timings_ms(functools.partial(overview_and_history, convs, items, SOURCES), args.runs)
        ref = timings_ms(functools.partial(reference_loop, items), args.runs)
        rows.append(
            {
                "conversations": n_conversations,
                "duplicate_share": share,
                "records": len(items),
                "consolidate_ms": round(cons[0], 1),
                "consolidate_min_ms": round(cons[1], 1),
                "consolidate_cpu_ms": round(cons[2], 1),
                "history_ms": round(hist[0], 1),
                "history_min_ms": round(hist[1], 1),
                "history_cpu_ms": round(hist[2], 1),
                "both_ms": round(both[0], 1),
                "both_cpu_ms": round(both[2], 1),
                "reference_cpu_ms": round(ref[2], 1),
            }
        )
        if args.count_calls:
            rows[-1]["consolidate_calls"] = count_calls(
                functools.partial(consolidate, items, SOURCES)
            )
            rows[-1]["history_calls"] = count_calls(
                functools.partial(build_history, convs, items, SOURCES)
            )
    growth: list[dict[str, Any]] = []
    for share in sorted({s for _, s in CASES}):
        small, large = (r for r in rows if r["duplicate_share"] == share)
        record_ratio = large["records"] / small["records"]
        ratios = {
            what: round(large[f"{what}_cpu_ms"] / small[f"{what}_cpu_ms"], 2)
            for what in ("consolidate", "history", "reference")
        }
        if args.count_calls:
            ratios.update(
                {
                    f"{what}_calls": round(large[f"{what}_calls"] / small[f"{what}_calls"], 2)
                    for what in ("consolidate", "history")
                }
            )
        growth.append(
            {
                "duplicate_share": share,
                "record_ratio": round(record_ratio, 2),
                "ratios": ratios,
                # Linear: the work (function calls, when counted) grows at most 1.1 × as fast
                # as the records; else CPU time at most 1.5 × as fast as the records or as a
                # trivial reference loop (memory caches make every loop slower per record).
                "linear": all(
                    ratios[f"{what}_calls"] <= record_ratio * 1.1
                    if args.count_calls
                    else ratios[what] <= max(record_ratio, ratios["reference"]) * 1.5
                    for what in ("consolidate", "history")
                ),
            }
        )
    result = {
        "python": sys.version.split()[0],
        "runs": args.runs,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "rows": rows,
        "growth": growth,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"Python {result['python']}, {result['cpus']} CPUs, load average "
        f"{result['load_average']}; {args.runs} runs after a warm-up\n"
        "wall = time.perf_counter median (min); cpu = time.process_time median\n"
    )
    print(
        f"{'conv.':>6} {'dup':>4} {'records':>8} | {'consolidate wall':>17} {'cpu':>7} | "
        f"{'history wall':>17} {'cpu':>7} | {'both wall':>9} {'cpu':>7} | {'reference cpu':>13}"
    )
    for r in rows:
        print(
            f"{r['conversations']:>6} {r['duplicate_share']:>4} {r['records']:>8} | "
            f"{r['consolidate_ms']:>7.1f} ({r['consolidate_min_ms']:>7.1f}) "
            f"{r['consolidate_cpu_ms']:>7.1f} | "
            f"{r['history_ms']:>7.1f} ({r['history_min_ms']:>7.1f}) {r['history_cpu_ms']:>7.1f} | "
            f"{r['both_ms']:>9.1f} {r['both_cpu_ms']:>7.1f} | "
            f"{r['reference_cpu_ms']:>13.1f}"
        )
    print(
        "\n(all times in ms; both = overview_and_history(): consolidation and history with "
        "the records ranked once)\n"
    )
    for g in growth:
        ratios = g["ratios"]
        print(
            f"growth (dup {g['duplicate_share']}), CPU time: records ×{g['record_ratio']}, "
            f"consolidate ×{ratios['consolidate']}, history ×{ratios['history']}, "
            f"reference loop ×{ratios['reference']} → {'linear' if g['linear'] else 'NOT linear'}"
        )
        if "consolidate_calls" in ratios:
            print(
                f"  function calls: consolidate ×{ratios['consolidate_calls']}, "
                f"history ×{ratios['history_calls']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
