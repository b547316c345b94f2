"""Lenient access to FHIR JSON as received (spec §7 item 20: lenient reading).

Sources send what they send. These helpers never raise on unexpected shapes: a missing or
mistyped element reads as absent, and the caller decides whether that is a problem worth
reporting (:class:`~pzp_desktop.domain.items.ReadProblem`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pzp_desktop.domain.dates import ClinicalDate

Json = dict[str, Any]


def as_dict(value: object) -> Json | None:
    return value if isinstance(value, dict) else None


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def as_str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def dicts(value: object) -> Iterator[Json]:
    """The dict entries of a JSON list (or of a single dict)."""
    if isinstance(value, dict):
        yield value
        return
    for entry in as_list(value):
        if isinstance(entry, dict):
            yield entry


def extensions(element: object, url: str, *, modifier: bool = False) -> list[Json]:
    """The (modifier) extensions of ``element`` with the given URL."""
    node = as_dict(element)
    if node is None:
        return []
    key = "modifierExtension" if modifier else "extension"
    return [e for e in dicts(node.get(key)) if e.get("url") == url]


def extension(element: object, url: str, *, modifier: bool = False) -> Json | None:
    found = extensions(element, url, modifier=modifier)
    return found[0] if found else None


def extension_value(element: object, url: str, value_key: str, *, modifier: bool = False) -> Any:
    """``extension[url].value<Type>`` (e.g. ``valueString``) or ``None``."""
    ext = extension(element, url, modifier=modifier)
    return None if ext is None else ext.get(value_key)


def reference_of(element: object) -> str | None:
    """``element.reference`` of a FHIR Reference (JSON)."""
    node = as_dict(element)
    return as_str(node.get("reference")) if node else None


def resource_key(resource: Json) -> str | None:
    """``Type/id`` of a resource, or ``None`` when it has no id."""
    rtype = as_str(resource.get("resourceType"))
    rid = as_str(resource.get("id"))
    return f"{rtype}/{rid}" if rtype and rid else None


def version_of(resource: Json) -> str | None:
    meta = as_dict(resource.get("meta"))
    return as_str(meta.get("versionId")) if meta else None


def last_updated_of(resource: Json) -> ClinicalDate | None:
    meta = as_dict(resource.get("meta"))
    return ClinicalDate.try_parse(meta.get("lastUpdated")) if meta else None


def profiles_of(resource: Json) -> list[str]:
    meta = as_dict(resource.get("meta"))
    if not meta:
        return []
    return [p.split("|", 1)[0] for p in as_list(meta.get("profile")) if isinstance(p, str)]


def unknown_modifiers(element: object, understood: Iterable[str]) -> list[str]:
    """URLs of modifier extensions on ``element`` that are not in ``understood``."""
    node = as_dict(element)
    if node is None:
        return []
    known = set(understood)
    return [
        str(e.get("url")) for e in dicts(node.get("modifierExtension")) if e.get("url") not in known
    ]


class ResourceIndex:
    """The resources of one source for one patient, found by reference.

    References are resolved as ``Type/id`` (relative) and as ``#id`` into the referring
    resource's ``contained``. The FHIR layer rewrites absolute URLs on the source's own base
    to relative ones, so an absolute URL that is still absolute points at another server:
    it is never resolved to a local resource that happens to have the same type and id.
    Several versions of one resource (``_history``) are all kept; :meth:`get` returns the
    newest.
    """

    def __init__(self, resources: Iterable[Json]) -> None:
        self._by_key: dict[str, list[Json]] = {}
        for resource in resources:
            key = resource_key(resource)
            if key is None:
                continue
            self._by_key.setdefault(key, []).append(resource)
        for versions in self._by_key.values():
            versions.sort(key=_version_sort_key)
        self._by_type: dict[str, list[Json]] = {}

    def get(self, reference: str | None, referrer: Json | None = None) -> Json | None:
        if not reference:
            return None
        if reference.startswith("#") and referrer is not None:
            wanted = reference[1:]
            for contained in dicts(referrer.get("contained")):
                if contained.get("id") == wanted:
                    return contained
            return None
        if _is_absolute(reference):
            return None
        key = _relative(reference)
        versions = self._by_key.get(key)
        return versions[-1] if versions else None

    def versions(self, key: str) -> list[Json]:
        return list(self._by_key.get(key, []))

    def of_type(self, resource_type: str) -> list[Json]:
        """Every version of every resource of ``resource_type`` (computed once per type:
        readers ask for the same type once per record)."""
        cached = self._by_type.get(resource_type)
        if cached is None:
            prefix = resource_type + "/"
            cached = [r for k, vs in self._by_key.items() if k.startswith(prefix) for r in vs]
            self._by_type[resource_type] = cached
        return list(cached)

    def __iter__(self) -> Iterator[Json]:
        for versions in self._by_key.values():
            yield from versions


def _is_absolute(reference: str) -> bool:
    return reference.startswith(("http://", "https://", "urn:"))


def _relative(reference: str) -> str:
    """``Type/id`` from a relative, versioned or absolute reference."""
    ref = reference.split("/_history/", 1)[0]
    parts = [p for p in ref.split("/") if p]
    return "/".join(parts[-2:]) if len(parts) >= 2 else ref


def _version_sort_key(resource: Json) -> tuple[int, str]:
    version = version_of(resource) or ""
    updated = last_updated_of(resource)
    stamp = updated.instant.isoformat() if updated else ""
    return (int(version) if version.isdigit() else -1, stamp)


#: Strings up to this length are shared by :func:`compact_resource` (longer ones are texts,
#: rarely repeated).
_SHARED_LENGTH = 100


def compact_resource(
    resource: Json, strings: dict[str, str], *, keep_narrative: bool = False
) -> Json:
    """``resource`` as it is best held while many resources wait to be read: every key and
    short string value shared through ``strings`` (one table for all resources of a fetch:
    systems, codes, references and keys repeat thousands of times), and — unless
    ``keep_narrative`` — without the narrative (``text`` with a ``div``), which no reader
    uses. Keep the narrative of resources that may be written back (an in-place update
    must not drop it). Returns a new structure; ``resource`` itself is not changed."""
    out = _compact(resource, strings)
    if not keep_narrative:
        _drop_narrative(out)
    return out if isinstance(out, dict) else resource


def _compact(node: object, strings: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {strings.setdefault(k, k): _compact(v, strings) for k, v in node.items()}
    if isinstance(node, list):
        return [_compact(v, strings) for v in node]
    if isinstance(node, str) and len(node) <= _SHARED_LENGTH:
        return strings.setdefault(node, node)
    return node


def _drop_narrative(resource: Json) -> None:
    text = resource.get("text")
    if isinstance(text, dict) and "div" in text:
        del resource["text"]
    for contained in dicts(resource.get("contained")):
        _drop_narrative(contained)
