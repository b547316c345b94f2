"""The agreements of form sections 3, 4 and 8a as method-1 resources carry them.

Codes, linkIds and the form's Dutch displays shared by the readers and writers of Consent
(treatment limits, ICD deactivation, advance directives), Goal, DeviceUseStatement/Device and
Communication (spec §2.3, §2.4, §2.8, §3, §3.1, §6). Displays are those of the Questionnaire
``ACP-zib2020`` 0.1.3-beta3 (:mod:`pzp_desktop.domain.form`; a test checks that the constants
below agree with it); codes are always compared on system + code only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pzp_desktop.domain.codes import (
    BEHANDEL_BESLUIT,
    CONSENT_CATEGORY,
    CONSENT_SCOPE,
    NULL_FLAVOR,
    ROLE_CODE,
    SCT,
    Coding,
)
from pzp_desktop.domain.form import load_form
from pzp_desktop.domain.items import Answer, AnswerValue, ItemId, normalise_text

# --- Consent: what makes a Consent a treatment limit or an advance directive ------------------
TREATMENT_SCOPE = Coding(CONSENT_SCOPE, "treatment")
TREATMENT_CATEGORY = Coding(SCT, "129125009")
ADVANCE_DIRECTIVE_SCOPE = Coding(CONSENT_SCOPE, "adr")
ADVANCE_DIRECTIVE_CATEGORY = Coding(CONSENT_CATEGORY, "acd")
CONSENT_POLICY_URI = "https://wetten.overheid.nl/"
CONSENTER = Coding(ROLE_CODE, "CONSENTER", "consenter")
REPRESENTATIVE_ROLE = Coding(ROLE_CODE, "RESPRSN")

# --- Treatment decisions (spec §3.1) -----------------------------------------------------------
DECISION_PERMIT = Coding(BEHANDEL_BESLUIT, "0", "Wel uitvoeren")
DECISION_OTHER = Coding(BEHANDEL_BESLUIT, "1", "Anders")
DECISION_DENY = Coding(BEHANDEL_BESLUIT, "2", "Niet uitvoeren")
DECISION_UNKNOWN = Coding(NULL_FLAVOR, "UNK", "Onbekend")
ICD_NOT_DECIDED = Coding(NULL_FLAVOR, "ASKU", "Nee, nog geen besluit genomen")
ICD_NOT_DISCUSSED = Coding(NULL_FLAVOR, "NASK", "Niet besproken")

# SpecificationOther texts: what the writers put there, and what readers take as "unknown".
SPECIFICATION_UNKNOWN = "Onbekend"
SPECIFICATION_OTHER = "Anders"  # for BB 1 "Anders" without a SpecificatieAnders text
TEXTS_MEANING_UNKNOWN = frozenset({"onbekend", "nog onbekend", "unknown"})

# Answer field names for values the form has no item for (see items.Answer).
DECISION_TEXT = "DECISION.text"  # a SpecificationOther text that maps to no form option
DECISION_TYPE = "DECISION.type"  # a provision.type that maps to no form option
TREATMENT_CODE = "TREATMENT.code"  # a provision.code outside BehandelingCodelijst
DEVICE_TYPE = "DEVICE.type"  # Device.type when it is not the default ICD code
AD_TYPE = "AD.type"
AD_COMMENT = "AD.comment"
AD_DOCUMENT = "AD.document"
AD_REPRESENTATIVE = "AD.representative"


@dataclass(frozen=True, slots=True)
class TreatmentLimit:
    """One treatment-limit item of section 4 and its linkIds."""

    item: ItemId
    treatment: Coding  # provision.code (the fixed answer of the read-only Behandeling item)
    decision: str  # BehandelBesluit
    specification: str | None  # SpecificatieAnders (a-f only)
    comment: str  # Toelichting


TREATMENT_LIMITS: tuple[TreatmentLimit, ...] = (
    TreatmentLimit(
        ItemId.RESUSCITATION,
        Coding(SCT, "89666000", "cardiopulmonale resuscitatie"),
        "1386",
        "1001",
        "1002",
    ),
    TreatmentLimit(
        ItemId.VENTILATION, Coding(SCT, "40617009", "kunstmatige beademing"), "1387", "1388", "1389"
    ),
    TreatmentLimit(
        ItemId.ICU_ADMISSION,
        Coding(SCT, "305351004", "opname op intensive care"),
        "1390",
        "1391",
        "1392",
    ),
    TreatmentLimit(
        ItemId.HOSPITAL_ADMISSION,
        Coding(SCT, "32485007", "opname in ziekenhuis"),
        "1393",
        "1394",
        "1395",
    ),
    TreatmentLimit(
        ItemId.ANTIBIOTICS,
        Coding(SCT, "281789004", "antibiotische therapie"),
        "1396",
        "1397",
        "1398",
    ),
    TreatmentLimit(
        ItemId.BLOOD_PRODUCTS,
        Coding(SCT, "116762002", "toediening van bloedproduct"),
        "1399",
        "1400",
        "1401",
    ),
)
LIMIT_BY_ITEM: dict[ItemId, TreatmentLimit] = {limit.item: limit for limit in TREATMENT_LIMITS}
LIMIT_BY_CODE: dict[str, TreatmentLimit] = {
    limit.treatment.code: limit for limit in TREATMENT_LIMITS
}

OTHER_TREATMENT = Coding(NULL_FLAVOR, "OTH")
OTHER_LIMIT = TreatmentLimit(ItemId.OTHER_LIMIT, OTHER_TREATMENT, "1402", None, "1404")
OTHER_LIMIT_NAME = "1422"

ICD_DEACTIVATION_CODE = "400231000146108"
ICD_DEACTIVATION_TEXT = (
    "Uitzetten van cardioverter-defibrillator in laatste levensfase (verrichting) "
    "(SNOMED CT - 400231000146108)"
)
ICD_DEACTIVATION = TreatmentLimit(
    ItemId.ICD_DEACTIVATION,
    Coding(
        SCT,
        ICD_DEACTIVATION_CODE,
        "uitzetten van cardioverter-defibrillator in laatste levensfase (verrichting)",
    ),
    "1005",
    None,
    "1010",
)

# --- Goal (section 3) ---------------------------------------------------------------------------
GOAL = "999"
GOAL_CURATIVE = Coding(SCT, "385987000", "Curatief / actief ziektebeleid")
GOAL_LIFE_PROLONGING = Coding(
    SCT, "1351964001", "Palliatief met als doel levensverlenging én symptoomverlichting"
)
GOAL_SYMPTOM_RELIEF = Coding(
    SCT,
    "225353007",
    "Palliatief met als doel symptoomverlichting, waarbij levensverlenging niet gewenst is",
)
GOAL_UNKNOWN = Coding(NULL_FLAVOR, "UNK", "Nog onbekend")
# What the IG's value set ACP-MedicalPolicyGoal holds for the form's 225353007 (spec §7 item 6).
GOAL_SYMPTOM_RELIEF_IN_GOAL = Coding(SCT, "713148004", "voorkomen en behandelen van symptomen")
GOAL_PROFILE_IDS = frozenset({"ACP-Medical-Policy-Goal", "ACP-MedicalPolicyGoal"})

# --- ICD (section 4h) ---------------------------------------------------------------------------
ICD_PRESENT = "1006"
ICD_PRODUCT_TYPE = "1008"
ICD_COMMENT = "1009"
ICD_YES = Coding(SCT, "373066001", "Ja")
ICD_NO = Coding(SCT, "373067005", "Nee")
ICD_UNKNOWN = Coding(NULL_FLAVOR, "UNK", "Nog onbekend")
ICD_PRODUCT = Coding(None, "ICD", "ICD")
DEFAULT_ICD_DEVICE_TYPE = Coding(SCT, "72506001", "implanteerbare cardioverter-defibrillator")
# Known members of the intensional value set ACP-MedicalDeviceProductType-ICD (spec §1.3).
ICD_DEVICE_TYPES: dict[str, str] = {
    "72506001": "implanteerbare cardioverter-defibrillator",
    "465460004": "univentriculaire implanteerbare hartdefibrillator",
}

# --- Informed relatives (section 8a) -------------------------------------------------------------
INFORMED = "1200"
INFORMED_YES = Coding(None, "1", "Ja")
INFORMED_NO = Coding(None, "0", "Nee")
ADVANCE_CARE_PLANNING = Coding(SCT, "713603004", "advance care planning")
INFORM_TOPIC = Coding(SCT, "223449006", "adviseren om iemand te informeren")
INFORM_TOPIC_TEXT = (
    "Patiënt geïnformeerd over de eigen verantwoordelijkheid om deze behandelafspraken met "
    "naasten te bespreken"
)


def form_option(link_id: str, coding: Coding) -> Coding | None:
    """The form's answer option of ``link_id`` that ``coding`` selects, with the form's Dutch
    display, or ``None``. System-less options (``1``/``0``, ``ICD``) match on the code alone,
    scoped to the item (spec §7 item 13)."""
    form = load_form()
    if not form.has_item(link_id):
        return None
    option = form.option(link_id, coding)
    return option.coding if option else None


def as_form_answer(link_id: str, coding: Coding) -> Coding:
    """The form's option for ``coding`` if there is one, else ``coding`` as received."""
    return form_option(link_id, coding) or coding


def means_unknown(text: str) -> bool:
    """True when a SpecificationOther text says "unknown" (the lossy case of spec §3.1)."""
    return normalise_text(text).rstrip(".") in TEXTS_MEANING_UNKNOWN


def same_text(text: str, expected: str) -> bool:
    return normalise_text(text).rstrip(".") == normalise_text(expected).rstrip(".")


# --- strict access to the answers of an item being written -----------------------------------


def answer_value(answers: Iterable[Answer], link_id: str) -> AnswerValue | None:
    """The first answer to ``link_id``."""
    return next((a.value for a in answers if a.link_id == link_id), None)


def coding_answer(answers: Iterable[Answer], link_id: str) -> Coding | None:
    """The coding answered to ``link_id``; ValueError when the answer is not a coding."""
    value = answer_value(answers, link_id)
    if value is None or isinstance(value, Coding):
        return value
    raise ValueError(f"linkId {link_id} needs a coding, not {type(value).__name__}")


def text_answer(answers: Iterable[Answer], link_id: str) -> str | None:
    """The (stripped, non-empty) text answered to ``link_id``; ValueError for another type."""
    value = answer_value(answers, link_id)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"linkId {link_id} needs a text, not {type(value).__name__}")
    return value.strip() or None
