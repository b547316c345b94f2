"""Fixtures for the QuestionnaireResponse, transaction, read-source and round-trip tests.

A fictitious patient modelled on the IG example patients (IKNL/PZP-FHIR-R4): a Patient, a
GP with PractitionerRole + Practitioner, and a change for every item of the form. A small
"server" stores a transaction Bundle the way a FHIR server does (ids assigned, ``urn:uuid:``
references rewritten, conditional creates honoured, the request parts dropped).
"""

from __future__ import annotations

import copy
import itertools
import uuid
from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import (
    ADDRESS_USE,
    BEHANDEL_BESLUIT,
    BSN,
    NULL_FLAVOR,
    ROL472,
    ROLE_CODE,
    SCT,
    TELECOM_TYPE,
    UZI_ROLE,
    Coding,
)
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import Answer, Attendee, ItemId, ItemKey, Professional
from pzp_desktop.domain.writing.context import ItemChange, NewConversation

SOURCE = "huisartsenpraktijk"
PATIENT_ID = "pat-jansen"
PATIENT_REF = f"Patient/{PATIENT_ID}"
PRACTITIONER_ID = "prac-van-der-berg"
ROLE_ID = "role-van-der-berg"
ROLE_REF = f"PractitionerRole/{ROLE_ID}"
ORGANIZATION_REF = "Organization/praktijk-1"
CONVERSATION_ID = "0b7d2f64-7f3e-4c61-9a55-3f2c0d9e8a41"
CONVERSATION_DATE = "2024-03-12T14:30:00+01:00"
NOW = datetime(2024, 3, 12, 15, 5, 0, tzinfo=UTC)

GP_FUNCTION = Coding(UZI_ROLE, "01.015", "Huisarts")
PROFESSIONAL = Professional(name="Jan van der Berg", function=GP_FUNCTION, reference=ROLE_REF)

YES_SYSTEMLESS = Coding(None, "1", "Ja")
NO_SYSTEMLESS = Coding(None, "0", "Nee")
SCT_YES = Coding(SCT, "373066001", "Ja")
SCT_NO = Coding(SCT, "373067005", "Nee")


def bb(code: str) -> Coding:
    labels = {"0": "Wel uitvoeren", "1": "Anders", "2": "Niet uitvoeren"}
    return Coding(BEHANDEL_BESLUIT, code, labels[code])


def conversation(
    *,
    identifier: str = CONVERSATION_ID,
    date: str = CONVERSATION_DATE,
    attendees: tuple[Attendee, ...] = (),
    patient_present: bool = True,
) -> NewConversation:
    return NewConversation(
        identifier=identifier,
        date=ClinicalDate.parse(date),
        professional=PROFESSIONAL,
        patient_present=patient_present,
        attendees=attendees,
        organization=ORGANIZATION_REF,
    )


# --- existing resources of the source ------------------------------------------------------


def patient(version: str = "3") -> Json:
    return {
        "resourceType": "Patient",
        "id": PATIENT_ID,
        "meta": {
            "versionId": version,
            "lastUpdated": "2023-06-01T09:00:00+02:00",
            "profile": [profiles.PATIENT],
        },
        "identifier": [{"system": BSN, "value": "999911120"}],
        "name": [{"use": "official", "given": ["Willem"], "family": "Jansen"}],
        "gender": "male",
        "birthDate": "1948-02-17",
        "extension": [
            {
                "url": profiles.EXT_LEGALLY_CAPABLE,
                "extension": [{"url": "legallyCapable", "valueBoolean": True}],
            }
        ],
    }


def practitioner() -> Json:
    return {
        "resourceType": "Practitioner",
        "id": PRACTITIONER_ID,
        "meta": {"profile": [profiles.PRACTITIONER]},
        "name": [
            {
                "use": "official",
                "text": "Jan van der Berg",
                "given": ["Jan"],
                "family": "van der Berg",
                "_family": {
                    "extension": [
                        {"url": profiles.EXT_OWN_PREFIX, "valueString": "van der"},
                        {"url": profiles.EXT_OWN_NAME, "valueString": "Berg"},
                    ]
                },
            }
        ],
    }


def practitioner_role() -> Json:
    return {
        "resourceType": "PractitionerRole",
        "id": ROLE_ID,
        "meta": {"profile": [profiles.PRACTITIONER_ROLE]},
        "practitioner": {"reference": f"Practitioner/{PRACTITIONER_ID}"},
        "specialty": [{"coding": [GP_FUNCTION.to_fhir()]}],
    }


def existing_resources() -> list[Json]:
    return [patient(), practitioner(), practitioner_role()]


# --- a change for every item of the form ----------------------------------------------------


def all_changes() -> list[ItemChange]:
    """One change per item that has form items, each representable in both methods."""

    def change(item: ItemId, *answers: Answer, qualifier: str = "") -> ItemChange:
        return ItemChange(ItemKey(item, qualifier), answers)

    return [
        change(
            ItemId.LEGAL_CAPACITY,
            Answer("1406", NO_SYSTEMLESS),
            Answer("1407", "Sinds de beroerte niet meer wilsbekwaam"),
        ),
        change(
            ItemId.LEGAL_REPRESENTATIVE,
            Answer("973", "Petra"),
            Answer("974", "de"),
            Answer("975", "Wit"),
            Answer("976", "0612345678", 0),
            Answer("977", Coding(ADDRESS_USE, "MC", "Mobiel telefoonnummer"), 0),
            Answer("978", Coding(ADDRESS_USE, "HP", "Telefoonnummer thuis"), 0),
            Answer("976", "0201234567", 1),
            Answer("977", Coding(TELECOM_TYPE, "LL", "Land Line"), 1),
            Answer("978", Coding(ADDRESS_USE, "WP", "Zakelijk telefoonnummer"), 1),
            Answer("980", "petra@example.org", 0),
            Answer("981", Coding(ADDRESS_USE, "HP", "Privé e-mailadres"), 0),
            Answer("982", Coding(ROL472, "24", "Wettelijke vertegenwoordiger"), 0),
            Answer("983", Coding(ROLE_CODE, "DAUC", "Dochter")),
            Answer("984", NO_SYSTEMLESS),
        ),
        change(
            ItemId.FIRST_CONTACT_PERSON,
            Answer("985", "Kees"),
            Answer("987", "Jansen"),
            Answer("988", "0687654321", 0),
            Answer("989", Coding(ADDRESS_USE, "MC", "Mobiel telefoonnummer"), 0),
            Answer("992", "kees@example.org", 0),
            Answer("993", Coding(ADDRESS_USE, "WP", "Zakelijk e-mailadres"), 0),
            Answer("995", Coding(ROLE_CODE, "SONC", "Zoon")),
        ),
        change(
            ItemId.TREATMENT_GOAL,
            Answer(
                "999",
                Coding(
                    SCT,
                    "1351964001",
                    "Palliatief met als doel levensverlenging én symptoomverlichting",
                ),
            ),
        ),
        change(
            ItemId.RESUSCITATION,
            Answer("1386", bb("2")),
            Answer("1002", "Besproken met dochter"),
        ),
        change(
            ItemId.VENTILATION,
            Answer("1387", bb("1")),
            Answer("1388", "Alleen kortdurend bij een reversibele oorzaak"),
        ),
        change(ItemId.ICU_ADMISSION, Answer("1390", bb("2"))),
        change(ItemId.HOSPITAL_ADMISSION, Answer("1393", bb("0"))),
        change(
            ItemId.ANTIBIOTICS,
            Answer("1396", Coding(NULL_FLAVOR, "UNK", "Onbekend")),
        ),
        change(ItemId.BLOOD_PRODUCTS, Answer("1399", bb("0"))),
        change(
            ItemId.OTHER_LIMIT,
            Answer("1422", "Dialyse"),
            Answer("1402", bb("2")),
            Answer("1404", "Geen dialyse meer starten"),
            qualifier="dialyse",
        ),
        change(
            ItemId.ICD,
            Answer("1006", SCT_YES),
            Answer("1008", Coding(None, "ICD", "ICD")),
            Answer("1009", "Geplaatst in 2019"),
        ),
        change(
            ItemId.ICD_DEACTIVATION,
            Answer("1005", Coding(NULL_FLAVOR, "NASK", "Niet besproken")),
            Answer("1010", "Volgend gesprek"),
        ),
        change(ItemId.CARE_WISHES, Answer("1190", "Wil zo lang mogelijk thuis blijven wonen")),
        change(
            ItemId.PLACE_OF_DEATH,
            Answer("1191", Coding(SCT, "264362003", "Thuis")),
            Answer("1192", "Liefst in de eigen slaapkamer"),
        ),
        change(
            ItemId.EUTHANASIA_POSITION,
            Answer("1193", Coding(SCT, "340201000146103", "Wenst geen euthanasie")),
            Answer("1194", "Vanuit geloofsovertuiging"),
        ),
        change(ItemId.ORGAN_DONATION, Answer("1435", SCT_NO)),
        change(ItemId.OTHER_IMPORTANT, Answer("1196", "Muziek van Bach")),
        change(
            ItemId.PREVIOUS_AGREEMENTS,
            Answer("1197", SCT_YES),
            Answer("1198", "Behandelverbod uit 2019"),
        ),
        change(ItemId.PREVIOUS_AGREEMENTS_DIFFER, Answer("1199", SCT_NO)),
        change(ItemId.INFORMED_RELATIVES, Answer("1200", YES_SYSTEMLESS)),
        change(ItemId.SHARING_CONSENT, Answer("1201", Coding(SCT, "441898007", "Akkoord"))),
    ]


def changes_by_item() -> dict[ItemId, ItemChange]:
    return {c.key.item: c for c in all_changes()}


# --- validation and a simulated server ------------------------------------------------------


def validate(resource: Json) -> None:
    """Raises when ``resource`` is not valid FHIR R4 (checked with the R4B models)."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def _rewrite(node: Any, mapping: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {k: _rewrite(v, mapping) for k, v in node.items()}
        ref = out.get("reference")
        if isinstance(ref, str) and ref in mapping:
            out["reference"] = mapping[ref]
        return out
    if isinstance(node, list):
        return [_rewrite(v, mapping) for v in node]
    return node


def _identifier_tokens(resource: Json) -> set[str]:
    raw = resource.get("identifier")
    found = [raw] if isinstance(raw, dict) else raw if isinstance(raw, list) else []
    return {f"{i.get('system')}|{i.get('value')}" for i in found if isinstance(i, dict)}


class SimulatedServer:
    """Just enough of a FHIR server to store transaction Bundles: POST with ``ifNoneExist``
    on ``identifier=`` or ``target=`` (placeholders in the condition resolved like HAPI
    does), PUT with ``If-Match``; ids assigned, ``urn:uuid:`` references rewritten."""

    def __init__(self, resources: list[Json] | None = None) -> None:
        self.store: dict[str, list[Json]] = {}
        self._ids = itertools.count(1)
        self._clock = itertools.count(0)
        for resource in resources or []:
            self.store[f"{resource['resourceType']}/{resource['id']}"] = [copy.deepcopy(resource)]

    def current(self) -> list[Json]:
        return [copy.deepcopy(versions[-1]) for versions in self.store.values()]

    def all_versions(self) -> list[Json]:
        return [copy.deepcopy(v) for versions in self.store.values() for v in versions]

    def _stamp(self) -> str:
        minute = next(self._clock)
        return f"2024-03-12T15:{minute % 60:02d}:00+01:00"

    def _matches(self, rtype: str, condition: str) -> str | None:
        name, _, value = condition.partition("=")
        for key, versions in self.store.items():
            if not key.startswith(rtype + "/"):
                continue
            current = versions[-1]
            if name == "identifier" and value in _identifier_tokens(current):
                return key
            if name == "target" and value in {t.get("reference") for t in current["target"]}:
                return key
        return None

    def transact(self, bundle: Json) -> dict[str, str]:
        """Store the Bundle; returns fullUrl → ``Type/id`` of its entries."""
        assert bundle["resourceType"] == "Bundle"
        assert bundle["type"] == "transaction"
        mapping: dict[str, str] = {}
        pending: list[tuple[str, Json]] = []
        for entry in bundle["entry"]:
            request = entry["request"]
            resource = copy.deepcopy(entry["resource"])
            rtype = resource["resourceType"]
            if request["method"] == "POST":
                existing = None
                if "ifNoneExist" in request:
                    condition = request["ifNoneExist"]
                    for placeholder, resolved in mapping.items():
                        condition = condition.replace(placeholder, resolved)
                    existing = self._matches(rtype, condition)
                if existing is not None:
                    mapping[entry["fullUrl"]] = existing
                    continue
                resource["id"] = f"{rtype.lower()}-{next(self._ids)}"
                key = f"{rtype}/{resource['id']}"
                mapping[entry["fullUrl"]] = key
                resource["meta"] = {
                    **resource.get("meta", {}),
                    "versionId": "1",
                    "lastUpdated": self._stamp(),
                }
                pending.append((key, resource))
            elif request["method"] == "PUT":
                key = request["url"]
                versions = self.store.get(key, [])
                current_version = versions[-1]["meta"]["versionId"] if versions else "0"
                if "ifMatch" in request:
                    assert request["ifMatch"] == f'W/"{current_version}"', "version conflict"
                resource["meta"] = {
                    **resource.get("meta", {}),
                    "versionId": str(int(current_version) + 1),
                    "lastUpdated": self._stamp(),
                }
                if "fullUrl" in entry:
                    mapping[entry["fullUrl"]] = key
                pending.append((key, resource))
            else:  # pragma: no cover - the writers only POST and PUT
                raise AssertionError(f"unexpected method {request['method']}")
        for key, resource in pending:
            self.store.setdefault(key, []).append(_rewrite(resource, mapping))
        return mapping


def new_identifier() -> str:
    return str(uuid.uuid4())
