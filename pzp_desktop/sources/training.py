"""The training environment: fictitious patients in three simulated sources.

``--demo`` runs against :class:`~pzp_desktop.fhir.memory_server.InMemoryFhirServer`
instances, one per simulated source (a hospital EPD, a GP system, a home-care ECD). They
are filled here, through the same domain writers the editor uses, so every record follows
the IKNL profiles; a few records are added the way some real sources write them (a
QuestionnaireResponse-only conversation, a Consent without a decision, an ended and a
withdrawn agreement) so that a trainer can show how the viewer deals with them.

Everything is fictitious. BSNs are from the 9999-range reserved for testing. Dates are
relative to *today*, so that the "recently recorded" double-registration warning can be
shown on every day the training runs.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

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
from pzp_desktop.domain.dates import AMSTERDAM, ClinicalDate
from pzp_desktop.domain.form import load_form
from pzp_desktop.domain.items import Answer, Attendee, ItemId, ItemKey, Professional, normalise_text
from pzp_desktop.domain.writing.context import ItemChange, NewConversation, SoftwareInfo
from pzp_desktop.domain.writing.related_persons import WHAT_REPRESENTATIVE
from pzp_desktop.domain.writing.transaction import build_transaction
from pzp_desktop.fhir.memory_server import InMemoryFhirServer

Json = dict[str, Any]

TRAINING_NAMESPACE = uuid.UUID("5d1f3f0e-4a2b-4a8e-9a57-0c3c2f9e7a11")


@dataclass(frozen=True, slots=True)
class TrainingSource:
    key: str
    name: str
    base_url: str
    kind: str  # EPD, HIS, ECD


HOSPITAL = TrainingSource(
    "ziekenhuis", "Oefenziekenhuis Oost (EPD)", "https://epd.oefen.pzp.invalid/fhir", "EPD"
)
GP = TrainingSource(
    "huisarts",
    "Huisartsenpraktijk De Oefenlinde (HIS)",
    "https://his.oefen.pzp.invalid/fhir",
    "HIS",
)
HOME_CARE = TrainingSource(
    "thuiszorg", "Thuiszorg Oefendal (ECD)", "https://ecd.oefen.pzp.invalid/fhir", "ECD"
)
TRAINING_SOURCES: tuple[TrainingSource, ...] = (HOSPITAL, GP, HOME_CARE)


@dataclass(frozen=True, slots=True)
class TrainingPatient:
    key: str
    name: str
    bsn: str
    birth_date: str
    gender: str
    # What a trainer can show with this patient (shown in the patient picker).
    purpose: str


PATIENTS: tuple[TrainingPatient, ...] = (
    TrainingPatient(
        "devries",
        "Johanna de Vries-Bakker",
        "999990007",
        "1941-03-12",
        "female",
        "Drie gesprekken in ziekenhuis en huisartspraktijk, niet reanimeren, ICD met "
        "afspraak over uitzetten, wettelijk vertegenwoordiger",
    ),
    TrainingPatient(
        "bos",
        "Gerrit Bos",
        "999990019",
        "1946-07-30",
        "male",
        "Wilsonbekwaam met mentor en aparte eerste contactpersoon; gesprek alleen als "
        "formulier vastgelegd door de thuiszorg",
    ),
    TrainingPatient(
        "mulder",
        "Aaltje Mulder",
        "999990020",
        "1938-11-02",
        "female",
        "Bronnen die elkaar tegenspreken, een beëindigde en een ingetrokken afspraak, "
        "een afspraak zonder besluit",
    ),
    TrainingPatient(
        "elidrissi",
        "Mohammed El Idrissi",
        "999990032",
        "1962-05-19",
        "male",
        "Nog geen proactieve zorgplanning: oefenen met vastleggen",
    ),
)


@dataclass(frozen=True, slots=True)
class TrainingProfessional:
    key: str
    given: str
    prefix: str
    family: str
    function: str  # UZI role code

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.given, self.prefix, self.family) if p)


PROFESSIONALS: dict[str, TrainingProfessional] = {
    "cardioloog": TrainingProfessional("cardioloog", "Pieter", "van", "Dam", "01.000"),
    "huisarts": TrainingProfessional("huisarts", "Anna", "", "Jansen", "01.015"),
    "specialist-og": TrainingProfessional("specialist-og", "Sanne", "de", "Wit", "01.047"),
    "verpleegkundige": TrainingProfessional("verpleegkundige", "Kees", "", "Smit", "30.000"),
    # The training user (``sources.session.TRAINING_USER``): who records in training mode.
    "oefengebruiker": TrainingProfessional("oefengebruiker", "", "", "Oefengebruiker", "01.000"),
}


def role_reference(professional: TrainingProfessional) -> str:
    """``PractitionerRole/<id>``: the same in every training source (master data)."""
    return f"PractitionerRole/{role_id(professional)}"


def patient_id(patient: TrainingPatient, source: TrainingSource) -> str:
    """Each source knows the patient under its own id (as real systems do)."""
    return f"{source.key}-{patient.key}"


def role_id(professional: TrainingProfessional) -> str:
    return f"rol-{professional.key}"


#: The training user's PractitionerRole in every training source: the professional of a
#: conversation recorded in training mode (``SessionUser.fhir_user`` of the training user).
TRAINING_USER_ROLE = role_reference(PROFESSIONALS["oefengebruiker"])


# -- answers ---------------------------------------------------------------------------------


def coded(link_id: str, system: str | None, code: str, repeat: int = 0) -> Answer:
    """An answer with the form's own Dutch display for the option."""
    option = load_form().option(link_id, Coding(system, code))
    display = option.coding.display if option else None
    return Answer(link_id, Coding(system, code, display), repeat)


def text(link_id: str, value: str, repeat: int = 0) -> Answer:
    return Answer(link_id, value, repeat)


def change(item: ItemId, *answers: Answer, qualifier: str = "") -> ItemChange:
    return ItemChange(ItemKey(item, qualifier), tuple(answers))


_LIMIT_LINKS = {
    ItemId.RESUSCITATION: ("1386", "1001", "1002"),
    ItemId.VENTILATION: ("1387", "1388", "1389"),
    ItemId.ICU_ADMISSION: ("1390", "1391", "1392"),
    ItemId.HOSPITAL_ADMISSION: ("1393", "1394", "1395"),
    ItemId.ANTIBIOTICS: ("1396", "1397", "1398"),
    ItemId.BLOOD_PRODUCTS: ("1399", "1400", "1401"),
}


def limit(item: ItemId, decision: str, *, other: str = "", comment: str = "") -> ItemChange:
    """A treatment limit 4a–4f: decision ``"0"`` wel, ``"1"`` anders, ``"2"`` niet, ``"UNK"``."""
    decision_link, other_link, comment_link = _LIMIT_LINKS[item]
    answers = [
        coded(decision_link, NULL_FLAVOR, "UNK")
        if decision == "UNK"
        else coded(decision_link, BEHANDEL_BESLUIT, decision)
    ]
    if other:
        answers.append(text(other_link, other))
    if comment:
        answers.append(text(comment_link, comment))
    return change(item, *answers)


# -- building the sources --------------------------------------------------------------------


@dataclass
class _SourceBuilder:
    source: TrainingSource
    today: date
    server: InMemoryFhirServer = field(init=False)

    def __post_init__(self) -> None:
        self.server = InMemoryFhirServer(self.source.base_url, self._master_data())

    def _master_data(self) -> list[Json]:
        resources: list[Json] = []
        for professional in PROFESSIONALS.values():
            resources.append(_practitioner(professional))
            resources.append(_practitioner_role(professional))
        for patient in PATIENTS:
            resources.append(_patient(patient, patient_id(patient, self.source)))
        return resources

    def days_ago(self, days: int, hour: int = 10) -> ClinicalDate:
        moment = datetime.combine(self.today - timedelta(days=days), time(hour), AMSTERDAM)
        return ClinicalDate.from_datetime(moment)

    def conversation(
        self,
        patient: TrainingPatient,
        professional_key: str,
        when: ClinicalDate,
        changes: Sequence[ItemChange],
        *,
        attendees: Iterable[Attendee] = (),
        representative_present: bool = False,
        patient_present: bool = True,
        comment: str | None = None,
        only_questionnaire_response: bool = False,
    ) -> None:
        professional = PROFESSIONALS[professional_key]
        pid = patient_id(patient, self.source)
        identifier = uuid.uuid5(TRAINING_NAMESPACE, f"{self.source.key}/{pid}/{when.raw}")
        attendees = list(attendees)
        if representative_present:
            # The representative recorded in this same conversation took part: refer to that
            # RelatedPerson (its transaction-local fullUrl) instead of creating a second one.
            attendees.append(
                Attendee(reference=f"urn:uuid:{uuid.uuid5(identifier, WHAT_REPRESENTATIVE)}")
            )
        conversation = NewConversation(
            identifier=str(identifier),
            date=when,
            professional=Professional(
                name=professional.name,
                function=Coding(UZI_ROLE, professional.function),
                reference=f"PractitionerRole/{role_id(professional)}",
            ),
            patient_present=patient_present,
            attendees=tuple(attendees),
            comment=comment,
        )
        current_patient = self.server.all_current("Patient")
        current_people = [
            p
            for p in self.server.all_current("RelatedPerson")
            if p.get("patient", {}).get("reference") == f"Patient/{pid}"
        ]
        bundle = build_transaction(
            f"Patient/{pid}",
            conversation,
            changes,
            current_patient=next(p for p in current_patient if p["id"] == pid),
            current_related_persons=current_people,
            software=SoftwareInfo(),
            now=datetime.combine(when.local_day, time(17), AMSTERDAM).astimezone(UTC),
        )
        if only_questionnaire_response:
            # Some systems only keep the form (method 2), without subject or encounter.
            entries = [
                e
                for e in bundle["entry"]
                if e["resource"]["resourceType"] == "QuestionnaireResponse"
            ]
            for entry in entries:
                entry["resource"].pop("encounter", None)
            bundle = {**bundle, "entry": entries}
        self.server.load_transaction(bundle, last_updated=when.instant.isoformat())

    def add(self, *resources: Json) -> None:
        """Records written the way some sources write them (not through our writers)."""
        entries = [
            {
                "resource": copy.deepcopy(resource),
                "request": {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"},
            }
            for resource in resources
        ]
        self.server.load_transaction(
            {"resourceType": "Bundle", "type": "transaction", "entry": entries}
        )


def _practitioner(professional: TrainingProfessional) -> Json:
    family: Json = {"family": f"{professional.prefix} {professional.family}".strip()}
    extensions = [{"url": profiles.EXT_OWN_NAME, "valueString": professional.family}]
    if professional.prefix:
        extensions.insert(0, {"url": profiles.EXT_OWN_PREFIX, "valueString": professional.prefix})
    return {
        "resourceType": "Practitioner",
        "id": f"arts-{professional.key}",
        "meta": {"profile": [profiles.PRACTITIONER]},
        "name": [
            {
                "use": "official",
                "text": professional.name,
                **family,
                "_family": {"extension": extensions},
                **({"given": [professional.given]} if professional.given else {}),
            }
        ],
    }


def _practitioner_role(professional: TrainingProfessional) -> Json:
    option = load_form().option("1405", Coding(UZI_ROLE, professional.function))
    return {
        "resourceType": "PractitionerRole",
        "id": role_id(professional),
        "meta": {"profile": [profiles.PRACTITIONER_ROLE]},
        "practitioner": {
            "reference": f"Practitioner/arts-{professional.key}",
            "display": professional.name,
        },
        "specialty": [
            {
                "coding": [
                    {
                        "system": UZI_ROLE,
                        "code": professional.function,
                        "display": option.coding.display if option else professional.function,
                    }
                ]
            }
        ],
    }


def _patient(patient: TrainingPatient, resource_id: str) -> Json:
    given, _, family = patient.name.partition(" ")
    return {
        "resourceType": "Patient",
        "id": resource_id,
        "meta": {"profile": [profiles.PATIENT]},
        "identifier": [{"system": BSN, "value": patient.bsn}],
        "name": [{"use": "official", "text": patient.name, "family": family, "given": [given]}],
        "gender": patient.gender,
        "birthDate": patient.birth_date,
    }


# -- the patients' stories -------------------------------------------------------------------


def _de_vries(hospital: _SourceBuilder, gp: _SourceBuilder) -> None:
    patient = PATIENTS[0]
    daughter = Attendee(name="Marieke de Vries", relations=(Coding(ROLE_CODE, "DAUC", "Dochter"),))
    gp.conversation(
        patient,
        "huisarts",
        gp.days_ago(420),
        [
            change(ItemId.LEGAL_CAPACITY, coded("1406", None, "1")),
            change(
                ItemId.LEGAL_REPRESENTATIVE,
                text("973", "Marieke"),
                text("974", "de"),
                text("975", "Vries"),
                text("976", "06-12345678"),
                coded("977", ADDRESS_USE, "MC"),
                coded("978", ADDRESS_USE, "HP"),
                coded("982", ROL472, "24"),
                coded("983", ROLE_CODE, "DAUC"),
                coded("984", None, "1"),
            ),
            change(ItemId.TREATMENT_GOAL, coded("999", SCT, "1351964001")),
            limit(ItemId.RESUSCITATION, "0", comment="Wil nog alles, wil er later op terugkomen"),
            limit(ItemId.VENTILATION, "2"),
            change(ItemId.PLACE_OF_DEATH, coded("1191", SCT, "264362003")),
            change(ItemId.INFORMED_RELATIVES, coded("1200", None, "1")),
            change(ItemId.SHARING_CONSENT, coded("1201", SCT, "441898007")),
        ],
        attendees=[daughter],
        comment="Eerste PZP-gesprek",
    )
    hospital.conversation(
        patient,
        "cardioloog",
        hospital.days_ago(40, hour=14),
        [
            change(ItemId.TREATMENT_GOAL, coded("999", SCT, "225353007")),
            limit(ItemId.RESUSCITATION, "2", comment="Na bespreking hartfalen: geen reanimatie"),
            limit(ItemId.ICU_ADMISSION, "2"),
            limit(
                ItemId.HOSPITAL_ADMISSION,
                "1",
                other="Alleen bij een goed behandelbare oorzaak",
            ),
            change(
                ItemId.ICD,
                coded("1006", SCT, "373066001"),
                coded("1008", None, "ICD"),
                text("1009", "ICD geplaatst in 2019"),
            ),
            change(
                ItemId.ICD_DEACTIVATION,
                coded("1005", BEHANDEL_BESLUIT, "0"),
                text("1010", "Schokfunctie uitzetten bij start palliatieve sedatie"),
            ),
            change(ItemId.SHARING_CONSENT, coded("1201", SCT, "441898007")),
        ],
        attendees=[daughter],
    )
    gp.conversation(
        patient,
        "huisarts",
        gp.days_ago(10),
        [
            limit(ItemId.RESUSCITATION, "2"),
            change(
                ItemId.CARE_WISHES,
                text("1190", "Wil zo lang mogelijk thuis blijven met hulp van haar dochter"),
            ),
            change(ItemId.EUTHANASIA_POSITION, coded("1193", SCT, "340191000146100")),
            change(
                ItemId.OTHER_IMPORTANT, text("1196", "Geloof geeft haar steun; wil een dominee")
            ),
        ],
    )


def _bos(hospital: _SourceBuilder, home: _SourceBuilder) -> None:
    patient = PATIENTS[1]
    hospital.conversation(
        patient,
        "specialist-og",
        hospital.days_ago(200),
        [
            change(
                ItemId.LEGAL_CAPACITY,
                coded("1406", None, "0"),
                text("1407", "Gevorderde dementie"),
            ),
            change(
                ItemId.LEGAL_REPRESENTATIVE,
                text("973", "Hendrik"),
                text("975", "Kramer"),
                text("976", "020-5551234"),
                coded("977", TELECOM_TYPE, "LL"),
                coded("978", ADDRESS_USE, "WP"),
                coded("982", ROL472, "15"),
                coded("984", None, "0"),
            ),
            change(
                ItemId.FIRST_CONTACT_PERSON,
                text("985", "Wilma"),
                text("987", "Bos"),
                text("988", "06-98765432"),
                coded("989", ADDRESS_USE, "MC"),
                coded("995", ROLE_CODE, "WIFE"),
            ),
            change(ItemId.TREATMENT_GOAL, coded("999", SCT, "225353007")),
            limit(ItemId.RESUSCITATION, "2"),
            limit(ItemId.VENTILATION, "2"),
            limit(ItemId.ICU_ADMISSION, "2"),
            limit(ItemId.HOSPITAL_ADMISSION, "2", comment="Behandeling in het verpleeghuis"),
            limit(ItemId.ANTIBIOTICS, "0"),
            change(ItemId.ICD, coded("1006", SCT, "373067005")),
        ],
        patient_present=False,
        representative_present=True,
    )
    home.conversation(
        patient,
        "verpleegkundige",
        home.days_ago(30),
        [
            change(
                ItemId.PLACE_OF_DEATH,
                coded("1191", SCT, "108344006"),
                text("1192", "Het verpleeghuis waar hij nu woont"),
            ),
            change(ItemId.ORGAN_DONATION, coded("1435", SCT, "373067005")),
            change(
                ItemId.PREVIOUS_AGREEMENTS,
                coded("1197", SCT, "373066001"),
                text("1198", "Wilsverklaring uit 2015"),
            ),
            change(ItemId.PREVIOUS_AGREEMENTS_DIFFER, coded("1199", SCT, "373067005")),
            change(ItemId.SHARING_CONSENT, coded("1201", SCT, "441898007")),
        ],
        only_questionnaire_response=True,
    )


def _mulder(hospital: _SourceBuilder, gp: _SourceBuilder) -> None:
    patient = PATIENTS[2]
    # Recent enough (< 30 days) that recording one of the two disagreeing places of death
    # again shows the "already recorded recently" double-registration warning.
    same_day = 20
    gp.conversation(
        patient,
        "huisarts",
        gp.days_ago(300),
        [
            change(ItemId.TREATMENT_GOAL, coded("999", SCT, "385987000")),
            limit(ItemId.ANTIBIOTICS, "0"),
            limit(ItemId.BLOOD_PRODUCTS, "UNK"),
        ],
    )
    gp.conversation(
        patient,
        "huisarts",
        gp.days_ago(same_day),
        [
            limit(ItemId.ANTIBIOTICS, "2", comment="Geen antibiotica meer bij longontsteking"),
            change(ItemId.PLACE_OF_DEATH, coded("1191", SCT, "264362003")),
            change(
                ItemId.OTHER_LIMIT,
                text("1422", "Sondevoeding"),
                coded("1402", BEHANDEL_BESLUIT, "2"),
                qualifier=normalise_text("Sondevoeding"),
            ),
        ],
    )
    hospital.conversation(
        patient,
        "specialist-og",
        hospital.days_ago(same_day),
        [
            change(
                ItemId.PLACE_OF_DEATH,
                coded("1191", SCT, "284546000"),
                text("1192", "Hospice in de buurt van haar zoon"),
            ),
            limit(ItemId.RESUSCITATION, "2"),
        ],
    )
    pid = patient_id(patient, hospital.source)
    when = hospital.days_ago(same_day)
    # An agreement the way some sources write it: no decision at all, only a comment.
    hospital.add(
        _treatment_consent(
            "mulder-beademing-zonder-besluit",
            pid,
            when.raw,
            "40617009",
            comment="Besproken, patiënte wil er nog over nadenken",
        ),
        # An ended agreement (no longer in force).
        {
            **_treatment_consent(
                "mulder-bloed-beeindigd",
                pid,
                hospital.days_ago(400).raw,
                "116762002",
                decision="deny",
            ),
            "status": "inactive",
        },
        # A withdrawn record (entered in error): never shown as a value.
        {
            **_treatment_consent(
                "mulder-ic-ingetrokken",
                pid,
                hospital.days_ago(5).raw,
                "305351004",
                decision="permit",
            ),
            "status": "entered-in-error",
        },
    )


def _treatment_consent(
    resource_id: str,
    patient: str,
    when: str,
    treatment: str,
    *,
    decision: str | None = None,
    comment: str | None = None,
) -> Json:
    provision: Json = {"code": [{"coding": [{"system": SCT, "code": treatment}]}]}
    if decision:
        provision["type"] = decision
    resource: Json = {
        "resourceType": "Consent",
        "id": resource_id,
        "meta": {"profile": [profiles.TREATMENT_DIRECTIVE]},
        "status": "active",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "treatment",
                }
            ]
        },
        "category": [{"coding": [{"system": SCT, "code": "129125009"}]}],
        "patient": {"reference": f"Patient/{patient}"},
        "dateTime": when,
        "policy": [{"uri": "https://wetten.overheid.nl/"}],
        "provision": provision,
    }
    if comment:
        resource["extension"] = [{"url": profiles.EXT_COMMENT, "valueString": comment}]
    return resource


def build_training_servers(today: date | None = None) -> dict[str, InMemoryFhirServer]:
    """Fresh training sources, keyed by :attr:`TrainingSource.base_url`."""
    today = today or datetime.now(AMSTERDAM).date()
    builders = {source.key: _SourceBuilder(source, today) for source in TRAINING_SOURCES}
    _de_vries(builders[HOSPITAL.key], builders[GP.key])
    _bos(builders[HOSPITAL.key], builders[HOME_CARE.key])
    _mulder(builders[HOSPITAL.key], builders[GP.key])
    return {b.source.base_url: b.server for b in builders.values()}


def training_bundle(today: date | None = None) -> Json:
    """All training sources as one transaction Bundle for a real FHIR server.

    A real server is one source, so the patient's records from the three simulated sources
    are put under one Patient per training patient (id = the patient's key), as a regional
    system holding every conversation would have them. Used by the HAPI test server script
    so testers and trainers can point the application at a real server.
    """
    servers = build_training_servers(today)
    renamed = {
        f"Patient/{patient_id(p, s)}": f"Patient/{p.key}"
        for p in PATIENTS
        for s in TRAINING_SOURCES
    }
    by_key: dict[str, Json] = {}
    for server in servers.values():
        for resource in server.all_current():
            resource.pop("meta", None)
            _rename_references(resource, renamed)
            if resource["resourceType"] == "Patient":
                resource["id"] = renamed[f"Patient/{resource['id']}"].split("/", 1)[1]
            by_key[f"{resource['resourceType']}/{resource['id']}"] = resource
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"resource": resource, "request": {"method": "PUT", "url": key}}
            for key, resource in sorted(by_key.items(), key=lambda kv: _load_order(kv[0]))
        ],
    }


def _load_order(key: str) -> tuple[int, str]:
    first = ("Practitioner/", "PractitionerRole/", "Patient/", "RelatedPerson/", "Encounter/")
    for index, prefix in enumerate(first):
        if key.startswith(prefix):
            return (index, key)
    return (len(first), key)


def _rename_references(node: object, renamed: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str) and value in renamed:
                node[key] = renamed[value]
            else:
                _rename_references(value, renamed)
    elif isinstance(node, list):
        for item in node:
            _rename_references(item, renamed)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pzp_desktop.sources.training --export DIR``: write the training bundle."""
    import argparse
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(description="Schrijf de oefenpatiënten als FHIR-bundel.")
    parser.add_argument("--export", metavar="MAP", required=True, type=Path)
    args = parser.parse_args(argv)
    args.export.mkdir(parents=True, exist_ok=True)
    target = args.export / "training.json"
    target.write_text(json.dumps(training_bundle(), ensure_ascii=False, indent=1), "utf-8")
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
