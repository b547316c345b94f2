"""Legal capacity lives on the Patient; its history comes from the Patient's versions."""

from __future__ import annotations

from pzp_desktop.domain import profiles
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import read_patient


def version(number: int, updated: str, capable: bool | None, phone: str = "1") -> dict:
    resource: dict = {
        "resourceType": "Patient",
        "id": "p",
        "meta": {"versionId": str(number), "lastUpdated": updated},
        "telecom": [{"system": "phone", "value": phone}],
    }
    if capable is not None:
        resource["extension"] = [
            {
                "url": profiles.EXT_LEGALLY_CAPABLE,
                "extension": [{"url": "legallyCapable", "valueBoolean": capable}],
            }
        ]
    return resource


def test_an_unrelated_update_does_not_move_the_capacity_date() -> None:
    versions = [
        version(1, "2025-01-10T10:00:00Z", True),
        version(2, "2025-06-01T10:00:00Z", True, phone="2"),  # only the phone changed
        version(3, "2026-02-01T10:00:00Z", False),
        version(4, "2026-03-01T10:00:00Z", False, phone="3"),
    ]
    _, items = read_patient(ReadContext("bron", versions, "Patient/p"), "Patient/p")
    assert [(i.origin.version, i.recorded.raw if i.recorded else None) for i in items] == [
        ("1", "2025-01-10T10:00:00Z"),
        ("3", "2026-02-01T10:00:00Z"),
    ]


def test_a_change_back_is_a_new_record() -> None:
    versions = [
        version(1, "2025-01-10T10:00:00Z", True),
        version(2, "2025-06-01T10:00:00Z", False),
        version(3, "2026-02-01T10:00:00Z", True),
    ]
    _, items = read_patient(ReadContext("bron", list(reversed(versions)), "Patient/p"), "Patient/p")
    assert [i.origin.version for i in items] == ["1", "2", "3"]
