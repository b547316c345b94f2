"""Legal capacity → the Patient's LegallyCapable extension (spec §1.2, §6 rows 1406/1407).

The standard keeps one current value on the Patient itself, so the Patient as read is
updated in place, guarded by ``If-Match`` on the version it was read at.
"""

from __future__ import annotations

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.fhir_json import Json, dicts, version_of
from pzp_desktop.domain.items import ItemId
from pzp_desktop.domain.reading.patient import LEGALLY_CAPABLE, LEGALLY_CAPABLE_COMMENT
from pzp_desktop.domain.writing.context import ItemChange, WriteContext
from pzp_desktop.domain.writing.related_persons import add_profile, prepare_update

_CAPABLE = {"1": True, "0": False}


def legal_capacity_extension(change: ItemChange) -> Json | None:
    """The extension for the answers 1406 (``1``/``0``) and 1407, or ``None`` when empty."""
    parts: list[Json] = []
    for answer in change.answers:
        if answer.link_id == "1406":
            value = answer.value
            if not isinstance(value, Coding) or value.code not in _CAPABLE:
                raise ValueError(f"ongeldig antwoord op wilsbekwaamheid (1406): {value!r}")
            parts.append({"url": LEGALLY_CAPABLE, "valueBoolean": _CAPABLE[value.code]})
        elif answer.link_id == "1407":
            if not isinstance(answer.value, str):
                raise ValueError("de toelichting op wilsbekwaamheid (1407) moet tekst zijn")
            if answer.value.strip():
                parts.append({"url": LEGALLY_CAPABLE_COMMENT, "valueString": answer.value})
    if not parts:
        return None
    parts.sort(key=lambda p: 0 if p["url"] == LEGALLY_CAPABLE else 1)
    return {"url": profiles.EXT_LEGALLY_CAPABLE, "extension": parts}


def write_legal_capacity(change: ItemChange, ctx: WriteContext) -> None:
    """Set (or replace, or with no answers remove) the LegallyCapable extension on a copy of
    ``ctx.current_patient`` and add it as an in-place update."""
    if change.key.item is not ItemId.LEGAL_CAPACITY:
        raise ValueError(f"{change.key} is geen wilsbekwaamheid")
    if ctx.current_patient is None:
        raise ValueError(
            "wilsbekwaamheid wordt op de Patient zelf vastgelegd: de huidige versie van de "
            "Patient (WriteContext.current_patient) ontbreekt"
        )
    current = ctx.current_patient
    if not isinstance(current.get("id"), str) or current.get("resourceType") != "Patient":
        raise ValueError("de huidige Patient (WriteContext.current_patient) heeft geen id")
    resource = prepare_update(current)
    kept = [
        e for e in dicts(resource.get("extension")) if e.get("url") != profiles.EXT_LEGALLY_CAPABLE
    ]
    extension = legal_capacity_extension(change)
    if extension is not None:
        kept.append(extension)
    if kept:
        resource["extension"] = kept
    else:
        resource.pop("extension", None)
    add_profile(resource, profiles.PATIENT)
    ctx.add_update(resource, version_of(current))
