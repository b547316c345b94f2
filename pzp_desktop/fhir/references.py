"""Resolving references the searches did not include.

After the searches, the patient's records point at professionals, devices, conversations
and people that the server may not have included (no ``_include`` support, or an include
that was not asked for). Those are read one by one (in parallel), cached per patient, and
followed a few levels deep (a PractitionerRole points at its Practitioner).

* ``#id`` (contained) references are left to the domain.
* Absolute references on the source's own base are rewritten to ``Type/id`` in the JSON,
  so that the domain resolves them like relative ones.
* References to other servers are **never** fetched (and so never get the token); they are
  reported as unresolved.
* Only the patient's own Patient resource is ever read; references to other patients are
  reported, not followed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.errors import (
    ContentError,
    Forbidden,
    HttpStatusError,
    NotFound,
)

__all__ = [
    "RESOLVABLE_TYPES",
    "ReferenceResolver",
    "UnresolvedReference",
    "iter_references",
    "normalise_references",
]

Json = dict[str, Any]

RESOLVABLE_TYPES = frozenset(
    {
        "PractitionerRole",
        "Practitioner",
        "Device",
        "Encounter",
        "Procedure",
        "RelatedPerson",
        "Patient",
    }
)
_RELATIVE = re.compile(
    r"([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})(?:/_history/[A-Za-z0-9\-.]{1,64})?"
)


@dataclass(frozen=True, slots=True)
class UnresolvedReference:
    reference: str  # as it appears in the data (never a URL with a query string)
    reason: str  # Dutch


def _walk_reference_holders(node: object) -> Iterator[dict[str, Any]]:
    """Every JSON object with a string ``reference`` (FHIR Reference), depth-first.

    Only objects and arrays go on the stack (strings and numbers cannot hold a reference);
    the order is the same as when every value is pushed.
    """
    if not isinstance(node, dict | list):
        return
    stack: list[dict[str, Any] | list[Any]] = [node]
    pop = stack.pop
    push = stack.append
    while stack:
        current = pop()
        if isinstance(current, dict):
            if isinstance(current.get("reference"), str):
                yield current
            for key, value in current.items():
                if isinstance(value, dict | list) and key != "contained":
                    push(value)
        else:
            for value in current:
                if isinstance(value, dict | list):
                    push(value)


def iter_references(resource: Json) -> Iterator[str]:
    """The reference strings in a resource (not inside its ``contained``)."""
    for holder in _walk_reference_holders(resource):
        yield holder["reference"]


def normalise_references(client: FhirClient, resources: Iterable[Json]) -> None:
    """Rewrite absolute references on the client's base to relative ones, in place."""
    for resource in resources:
        for holder in _walk_reference_holders(resource):
            ref = holder["reference"].strip()
            if ref.startswith(("http://", "https://")):
                relative = client.relative_reference(ref)
                if relative is not None and _RELATIVE.fullmatch(relative):
                    holder["reference"] = relative


def _key(reference: str) -> str | None:
    match = _RELATIVE.fullmatch(reference)
    return f"{match.group(1)}/{match.group(2)}" if match else None


class ReferenceResolver:
    """Reads missing referenced resources for one patient (one instance per patient)."""

    def __init__(
        self,
        client: FhirClient,
        patient_id: str,
        *,
        types: frozenset[str] = RESOLVABLE_TYPES,
        max_reads: int = 300,
        max_depth: int = 3,
    ) -> None:
        self.client = client
        self.patient_id = patient_id
        self.types = types
        self.max_reads = max_reads
        self.max_depth = max_depth
        self.cache: dict[str, Json | None] = {}
        self.unresolved: dict[str, UnresolvedReference] = {}
        self._reads = 0

    def _note(self, reference: str, reason: str) -> None:
        self.unresolved.setdefault(reference, UnresolvedReference(reference, reason))

    def missing(self, resources: Iterable[Json], present: set[str]) -> list[str]:
        """``Type/id`` keys referenced from ``resources`` that are neither present nor
        cached, in a stable order; other-server references are noted as unresolved."""
        return self.missing_references(_references_of(resources), present)

    def missing_references(self, references: Iterable[str], present: set[str]) -> list[str]:
        """As :meth:`missing`, for the reference strings of resources (in their order)."""
        wanted: dict[str, None] = {}
        for ref in references:
            ref = ref.strip()
            if not ref or ref.startswith("#"):
                continue
            if ref.startswith(("http://", "https://")):
                relative = self.client.relative_reference(ref)
                if relative is None:
                    # Keep only scheme + host + path in the report (no query strings).
                    self._note(
                        ref.split("?", 1)[0],
                        "verwijzing naar een andere server; niet opgehaald",
                    )
                    continue
                ref = relative
            if ref.startswith("urn:"):
                self._note(ref, "verwijzing zonder adres (urn); niet op te halen")
                continue
            key = _key(ref)
            if key is None:
                continue
            rtype, rid = key.split("/", 1)
            if rtype not in self.types or key in present or key in self.cache:
                continue
            if rtype == "Patient" and rid != self.patient_id:
                self._note(key, "verwijzing naar een andere patiënt; niet opgehaald")
                continue
            wanted[key] = None
        return list(wanted)

    def _read(self, key: str) -> Json | None:
        rtype, rid = key.split("/", 1)
        try:
            return self.client.read(rtype, rid)
        except NotFound:
            self._note(key, "verwijzing niet gevonden in de bron")
        except Forbidden:
            self._note(key, "geen toestemming om deze verwijzing op te halen")
        except ContentError:
            self._note(key, "verwijzing gaf een onleesbaar antwoord")
        except HttpStatusError as exc:
            if exc.status == 401:
                raise
            self._note(key, f"verwijzing kon niet worden opgehaald (HTTP {exc.status})")
        return None

    def resolve(
        self,
        resources: list[Json],
        present: set[str],
        *,
        executor: Executor | None = None,
        on_resources: Callable[[list[Json]], None] | None = None,
    ) -> list[Json]:
        """Read what ``resources`` reference and ``present`` lacks; returns the new resources.

        Network and authorisation failures (:class:`TransportError`, 401) propagate: the
        source as a whole has a problem then. Anything else is noted in :attr:`unresolved`.
        """
        return self.resolve_references(
            _references_of(resources), present, executor=executor, on_resources=on_resources
        )

    def resolve_references(
        self,
        references: Iterable[str],
        present: set[str],
        *,
        executor: Executor | None = None,
        on_resources: Callable[[list[Json]], None] | None = None,
    ) -> list[Json]:
        """As :meth:`resolve`, starting from the reference strings of resources (in their
        order; :func:`iter_references`) instead of the resources themselves."""
        found: list[Json] = []
        known = set(present)
        pending: Iterable[str] = references
        for _depth in range(self.max_depth):
            keys = self.missing_references(pending, known)
            budget = self.max_reads - self._reads
            if len(keys) > budget:
                for key in keys[budget:]:
                    self._note(key, "te veel verwijzingen; niet opgehaald")
                keys = keys[:budget]
            if not keys:
                break
            self._reads += len(keys)
            if executor is not None and len(keys) > 1:
                results = list(executor.map(self._read, keys))
            else:
                results = [self._read(k) for k in keys]
            new: list[Json] = []
            for key, resource in zip(keys, results, strict=True):
                self.cache[key] = resource
                known.add(key)
                if resource is not None:
                    new.append(resource)
            normalise_references(self.client, new)
            if on_resources is not None:
                on_resources(new)
            found.extend(new)
            pending = _references_of(new)
        return found


def _references_of(resources: Iterable[Json]) -> Iterator[str]:
    for resource in resources:
        yield from iter_references(resource)
