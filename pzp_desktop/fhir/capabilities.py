"""What a FHIR server says it supports, read from its CapabilityStatement.

Answers are three-valued (:class:`Support`): a server that does not publish (part of) a
CapabilityStatement is not assumed to lack a feature, it is *unknown*, and the search
planner then tries the query and falls back when the server rejects it. R4 has no element
for chaining or for modifiers such as ``:in``; a chain is "unknown" when both parameters
exist, "no" when one is missing (an R5-style ``searchParam.chain`` list is honoured).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["Capabilities", "ResourceCapabilities", "Support"]

Json = dict[str, Any]


class Support(Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    @property
    def maybe(self) -> bool:
        """Worth trying: supported or not declared either way."""
        return self is not Support.NO

    @staticmethod
    def of(flag: bool) -> Support:
        return Support.YES if flag else Support.NO


def _strings(values: object, key: str | None = None) -> frozenset[str]:
    if not isinstance(values, list):
        return frozenset()
    out: set[str] = set()
    for value in values:
        if key is not None:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str) and value:
            out.add(value)
    return frozenset(out)


@dataclass(frozen=True)
class ResourceCapabilities:
    """``CapabilityStatement.rest.resource`` for one type."""

    type: str
    interactions: frozenset[str] = frozenset()
    search_params: dict[str, str] = field(default_factory=dict)  # name -> type
    search_includes: frozenset[str] | None = None  # None: not declared
    search_revincludes: frozenset[str] | None = None
    chains: dict[str, frozenset[str]] = field(default_factory=dict)  # param -> declared chains
    conditional_create: bool = False
    versioning: str | None = None

    @classmethod
    def from_json(cls, data: Json) -> ResourceCapabilities:
        params: dict[str, str] = {}
        chains: dict[str, frozenset[str]] = {}
        for param in data.get("searchParam") or []:
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                continue
            params[param["name"]] = str(param.get("type") or "")
            if "chain" in param:
                chains[param["name"]] = _strings(param.get("chain"))
        return cls(
            type=str(data.get("type")),
            interactions=_strings(data.get("interaction"), "code"),
            search_params=params,
            search_includes=_strings(data["searchInclude"]) if "searchInclude" in data else None,
            search_revincludes=(
                _strings(data["searchRevInclude"]) if "searchRevInclude" in data else None
            ),
            chains=chains,
            conditional_create=data.get("conditionalCreate") is True,
            versioning=data.get("versioning") if isinstance(data.get("versioning"), str) else None,
        )


class Capabilities:
    """The server side of a CapabilityStatement (``rest.mode = server``)."""

    def __init__(
        self,
        resources: Iterable[ResourceCapabilities] = (),
        *,
        known: bool = True,
        system_interactions: Iterable[str] = (),
        fhir_version: str | None = None,
        software: str | None = None,
        raw: Json | None = None,
    ) -> None:
        self.known = known
        self.resources = {r.type: r for r in resources}
        self.system_interactions = frozenset(system_interactions)
        self.fhir_version = fhir_version
        self.software = software
        self.raw = raw

    @classmethod
    def unknown(cls) -> Capabilities:
        """No (usable) CapabilityStatement: everything is worth a try."""
        return cls(known=False)

    @classmethod
    def from_json(cls, statement: Json) -> Capabilities:
        rests = [r for r in statement.get("rest") or [] if isinstance(r, dict)]
        server = next((r for r in rests if r.get("mode") == "server"), None)
        if server is None:
            return cls(known=False, raw=statement)
        resources = [
            ResourceCapabilities.from_json(r)
            for r in server.get("resource") or []
            if isinstance(r, dict) and isinstance(r.get("type"), str)
        ]
        software = statement.get("software")
        name = software.get("name") if isinstance(software, dict) else None
        version = software.get("version") if isinstance(software, dict) else None
        return cls(
            resources,
            system_interactions=_strings(server.get("interaction"), "code"),
            fhir_version=statement.get("fhirVersion")
            if isinstance(statement.get("fhirVersion"), str)
            else None,
            software=" ".join(str(p) for p in (name, version) if p) or None,
            raw=statement,
        )

    # ------------------------------------------------------------------ questions

    def resource(self, resource_type: str) -> ResourceCapabilities | None:
        return self.resources.get(resource_type)

    def searchable(self, resource_type: str) -> Support:
        if not self.known:
            return Support.UNKNOWN
        resource = self.resource(resource_type)
        if resource is None:
            return Support.NO
        if not resource.interactions:
            return Support.UNKNOWN
        return Support.of("search-type" in resource.interactions)

    def interaction(self, resource_type: str, code: str) -> Support:
        """E.g. ``interaction("Patient", "history-instance")``, ``("AuditEvent", "create")``."""
        if not self.known:
            return Support.UNKNOWN
        resource = self.resource(resource_type)
        if resource is None:
            return Support.NO
        if not resource.interactions:
            return Support.UNKNOWN
        return Support.of(code in resource.interactions)

    def system_interaction(self, code: str) -> Support:
        """E.g. ``system_interaction("transaction")``."""
        if not self.known:
            return Support.UNKNOWN
        if not self.system_interactions:
            return Support.UNKNOWN
        return Support.of(code in self.system_interactions)

    def search_param(self, resource_type: str, name: str) -> Support:
        if not self.known:
            return Support.UNKNOWN
        resource = self.resource(resource_type)
        if resource is None:
            return Support.NO
        return Support.of(name in resource.search_params)

    def include(self, resource_type: str, include: str) -> Support:
        """``_include=<include>`` on a search of ``resource_type`` (e.g. ``Consent:actor``)."""
        if not self.known:
            return Support.UNKNOWN
        resource = self.resource(resource_type)
        if resource is None:
            return Support.NO
        if resource.search_includes is None:
            return Support.UNKNOWN
        return Support.of(include in resource.search_includes or "*" in resource.search_includes)

    def revinclude(self, resource_type: str, revinclude: str) -> Support:
        """``_revinclude=<revinclude>`` on a search of ``resource_type``."""
        if not self.known:
            return Support.UNKNOWN
        resource = self.resource(resource_type)
        if resource is None:
            return Support.NO
        if resource.search_revincludes is None:
            return Support.UNKNOWN
        found = resource.search_revincludes
        return Support.of(revinclude in found or "*" in found)

    def chain(self, resource_type: str, param: str, target_type: str, target_param: str) -> Support:
        """``<param>:<target_type>.<target_param>`` on ``resource_type``."""
        if not self.known:
            return Support.UNKNOWN
        resource = self.resource(resource_type)
        if resource is None or param not in resource.search_params:
            return Support.NO
        if resource.search_params.get(param) not in ("reference", ""):
            return Support.NO
        if self.search_param(target_type, target_param) is Support.NO:
            return Support.NO
        declared = resource.chains.get(param)
        if declared is not None:
            return Support.of(target_param in declared or "*" in declared)
        return Support.UNKNOWN

    def describe(self) -> str:
        if not self.known:
            return "geen (bruikbaar) CapabilityStatement"
        parts = [self.software or "onbekende software"]
        if self.fhir_version:
            parts.append(f"FHIR {self.fhir_version}")
        return ", ".join(parts)
