"""Lenient access to FHIR JSON as received (spec §7 item 20: lenient reading).

Sources send what they send. These helpers never raise on unexpected shapes: a missing or
mistyped element reads as absent, and the caller decides whether that is a problem worth
reporting (:class:`~pzp_desktop.domain.items.ReadProblem`).
"""

from __future__ import annotations

import json
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

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


#: Record types: each version is read once, one at a time, and nothing else refers to them
#: by reference; a :class:`ResourceIndex` never keeps them parsed (a long history holds tens
#: of thousands of them).
READ_ONCE_TYPES = frozenset(
    {
        "Consent",
        "Goal",
        "Observation",
        "DeviceUseStatement",
        "Communication",
        "QuestionnaireResponse",
    }
)


def business_identifiers(resource: Json) -> tuple[tuple[str, str], ...]:
    """The business identifiers (system, value) of a resource: both non-empty, the value
    without surrounding spaces; ``identifier`` may be a list or (0..1) one object."""
    identifiers = resource.get("identifier")
    if isinstance(identifiers, dict):
        identifiers = [identifiers]
    found: dict[tuple[str, str], None] = {}
    for identifier in identifiers if isinstance(identifiers, list) else []:
        if not isinstance(identifier, dict):
            continue
        system = identifier.get("system")
        value = identifier.get("value")
        if isinstance(system, str) and system and isinstance(value, str) and value:
            found[(system, value.strip())] = None
    return tuple(found)


class Packer:
    """Packs the resources of one fetch (:class:`PackedResource`); safe to share between
    threads.

    Resources of one type from one source are written alike: the same keys, profiles, code
    systems and references, often the same values. The first resource of each type is kept
    as it is and serves as the preset dictionary (``zdict``) with which the following ones
    of that type are compressed, which takes them to about an eighth of their text. Short
    strings kept beside the text (types, versions, identifier systems, references) are
    shared through :attr:`strings`.
    """

    #: zlib level: the fastest; with a dictionary it compresses nearly as well as the best.
    LEVEL = 1

    def __init__(self, *, compress: bool = True) -> None:
        self.strings: dict[str, str] = {}
        self.compress = compress
        self._dictionaries: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def share(self, text: str) -> str:
        return self.strings.setdefault(text, text)

    def pack(self, resource: Json) -> PackedResource:
        return PackedResource(resource, self)

    def _compressed(self, resource_type: str | None, text: bytes) -> tuple[bytes, bytes | None]:
        """``text`` compressed, and the dictionary to decompress it (``None``: as it is)."""
        if not self.compress:
            return text, None
        with self._lock:
            dictionary = self._dictionaries.setdefault(resource_type or "", text)
        if dictionary is text:
            return text, None
        compressor = zlib.compressobj(self.LEVEL, zdict=dictionary)
        return compressor.compress(text) + compressor.flush(), dictionary


class PackedResource:
    """A resource held as compact JSON text (UTF-8, compressed by a :class:`Packer`) until
    it is read.

    Parsed FHIR JSON takes about eight times the memory of its text; a patient with a long
    history has tens of thousands of resource versions, so they wait packed and are parsed
    when read (:meth:`load`, a new structure each time). What is needed to find a resource
    without parsing it is kept beside the text: type, id, version, ``meta.lastUpdated`` and
    the business identifiers.
    """

    __slots__ = (
        "data",
        "dictionary",
        "id",
        "identifiers",
        "last_updated",
        "resource_type",
        "version",
    )

    def __init__(self, resource: Json, packer: Packer | None = None) -> None:
        share = packer.share if packer is not None else _same
        rtype = as_str(resource.get("resourceType"))
        self.resource_type: str | None = share(rtype) if rtype else None
        self.id: str | None = as_str(resource.get("id"))
        version = version_of(resource)
        self.version: str | None = share(version) if version else None
        meta = as_dict(resource.get("meta"))
        updated = meta.get("lastUpdated") if meta else None
        self.last_updated: str | None = updated if isinstance(updated, str) else None
        self.identifiers: tuple[tuple[str, str], ...] = tuple(
            (share(system), value) for system, value in business_identifiers(resource)
        )
        text = json.dumps(resource, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.data: bytes
        self.dictionary: bytes | None
        if packer is None:
            self.data, self.dictionary = text, None
        else:
            self.data, self.dictionary = packer._compressed(self.resource_type, text)

    @property
    def key(self) -> str | None:
        """``Type/id``, or ``None`` when the resource has no id (as :func:`resource_key`)."""
        return f"{self.resource_type}/{self.id}" if self.resource_type and self.id else None

    def text(self) -> bytes:
        """The compact JSON text (UTF-8)."""
        if self.dictionary is None:
            return self.data
        decompressor = zlib.decompressobj(zdict=self.dictionary)
        return decompressor.decompress(self.data) + decompressor.flush()

    def load(self) -> Json:
        """The resource as received (parsed anew on every call)."""
        loaded: Json = json.loads(self.text())
        return loaded

    def __repr__(self) -> str:
        return f"PackedResource({self.key!r}, version={self.version!r}, {len(self.data)} bytes)"


def _same(text: str) -> str:
    return text


class PackedResources(Sequence[Json]):
    """A sequence of resources held packed: each is parsed when it is taken (a new
    structure each time, nothing kept). :class:`ResourceIndex` takes the packed resources
    themselves and parses them only when they are read."""

    def __init__(self, packed: Iterable[PackedResource] = ()) -> None:
        self.packed: tuple[PackedResource, ...] = tuple(packed)

    def __len__(self) -> int:
        return len(self.packed)

    @overload
    def __getitem__(self, index: int) -> Json: ...

    @overload
    def __getitem__(self, index: slice) -> list[Json]: ...

    def __getitem__(self, index: int | slice) -> Json | list[Json]:
        if isinstance(index, slice):
            return [p.load() for p in self.packed[index]]
        return self.packed[index].load()

    def __iter__(self) -> Iterator[Json]:
        for packed in self.packed:
            yield packed.load()

    def __repr__(self) -> str:
        return f"PackedResources({len(self.packed)} resources)"


def header_of(resource: Json | PackedResource) -> tuple[str | None, str | None, str | None]:
    """``(resourceType, id, versionId)`` of a resource, packed or not (each ``None`` when
    absent or not a non-empty string)."""
    if isinstance(resource, PackedResource):
        return resource.resource_type, resource.id, resource.version
    return (
        as_str(resource.get("resourceType")),
        as_str(resource.get("id")),
        version_of(resource),
    )


class _Slot:
    """One version in a :class:`ResourceIndex`: the packed text and, while it is parsed
    (always for a resource given parsed), the resource."""

    __slots__ = ("keep", "order", "packed", "resource", "resource_type")

    def __init__(self, item: Json | PackedResource, resource_type: str) -> None:
        self.resource_type = resource_type
        if isinstance(item, PackedResource):
            self.packed: PackedResource | None = item
            self.resource: Json | None = None
            self.order = _version_sort_key(item.version, item.last_updated)
        else:
            self.packed = None
            self.resource = item
            meta = as_dict(item.get("meta"))
            self.order = _version_sort_key(
                version_of(item), meta.get("lastUpdated") if meta else None
            )
        #: Whether the parsed resource stays once parsed (set by the index).
        self.keep = self.packed is None

    def parsed(self) -> Json:
        if self.resource is not None:
            return self.resource
        assert self.packed is not None
        resource = self.packed.load()
        if self.keep:
            self.resource = resource
        return resource


class ResourceIndex:
    """The resources of one source for one patient, found by reference.

    References are resolved as ``Type/id`` (relative) and as ``#id`` into the referring
    resource's ``contained``. The FHIR layer rewrites absolute URLs on the source's own base
    to relative ones, so an absolute URL that is still absolute points at another server:
    it is never resolved to a local resource that happens to have the same type and id.
    Several versions of one resource (``_history``) are all kept; :meth:`get` returns the
    newest.

    Resources may be given packed (:class:`PackedResource`, or :class:`PackedResources`):
    they are parsed when read. The newest version of a resource that records refer to (a
    Patient, an Encounter, a PractitionerRole, …) stays parsed once read; a record
    (:data:`READ_ONCE_TYPES`) and an older version are parsed each time they are asked for
    and not kept, except while an iteration (:meth:`of_type`, iterating the index) is at
    it: then :meth:`get` returns that same object.
    """

    def __init__(self, resources: Iterable[Json] | Iterable[Json | PackedResource]) -> None:
        items: Iterable[Json | PackedResource] = (
            resources.packed if isinstance(resources, PackedResources) else resources
        )
        self._by_key: dict[str, list[_Slot]] = {}
        for item in items:
            rtype, rid, _ = header_of(item)
            if rtype is None or rid is None:
                continue
            self._by_key.setdefault(f"{rtype}/{rid}", []).append(_Slot(item, rtype))
        for slots in self._by_key.values():
            slots.sort(key=lambda slot: slot.order)
            newest = slots[-1]
            if newest.resource_type not in READ_ONCE_TYPES:
                newest.keep = True

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
        slots = self._by_key.get(key)
        return slots[-1].parsed() if slots else None

    def versions(self, key: str) -> list[Json]:
        """Every version of ``Type/id``, oldest first."""
        return [slot.parsed() for slot in self._by_key.get(key, [])]

    def of_type(self, resource_type: str) -> Iterator[Json]:
        """Every version of every resource of ``resource_type`` (in the order received,
        versions of one resource oldest first); each parsed when the iteration reaches it."""
        prefix = resource_type + "/"
        return self._iterate(
            slot for key, slots in self._by_key.items() if key.startswith(prefix) for slot in slots
        )

    def each(self, skip: Iterable[str] = ()) -> Iterator[Json]:
        """Every version of every resource whose type is not in ``skip``; resources of the
        skipped types are not parsed."""
        skipped = frozenset(skip)
        return self._iterate(
            slot
            for slots in self._by_key.values()
            for slot in slots
            if slot.resource_type not in skipped
        )

    def __iter__(self) -> Iterator[Json]:
        return self.each()

    @staticmethod
    def _iterate(slots: Iterable[_Slot]) -> Iterator[Json]:
        for slot in slots:
            if slot.resource is not None:
                yield slot.resource
                continue
            resource = slot.parsed()
            slot.resource = resource  # what get() returns while the caller is at it
            try:
                yield resource
            finally:
                if not slot.keep:
                    slot.resource = None
                del resource


def _is_absolute(reference: str) -> bool:
    return reference.startswith(("http://", "https://", "urn:"))


def _relative(reference: str) -> str:
    """``Type/id`` from a relative, versioned or absolute reference."""
    ref = reference.split("/_history/", 1)[0]
    parts = [p for p in ref.split("/") if p]
    return "/".join(parts[-2:]) if len(parts) >= 2 else ref


def _version_sort_key(version: str | None, last_updated: object) -> tuple[int, str]:
    updated = ClinicalDate.try_parse(last_updated)
    stamp = updated.instant.isoformat() if updated else ""
    version = version or ""
    return (int(version) if version.isdigit() else -1, stamp)
