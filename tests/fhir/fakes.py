"""Test doubles for the FHIR layer: a scripted transport and a small in-memory FHIR server.

Both plug into :class:`pzp_desktop.fhir.client.FhirClient` through ``httpx.MockTransport``;
no network is used.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

import httpx

Json = dict[str, Any]
BASE = "https://fhir.example.org/fhir"
FHIR_JSON = "application/fhir+json"


def fhir_response(
    status: int, body: Json | None = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    content = json.dumps(body).encode() if body is not None else b""
    return httpx.Response(
        status, content=content, headers={"Content-Type": FHIR_JSON, **(headers or {})}
    )


def outcome(code: str, diagnostics: str = "", severity: str = "error") -> Json:
    issue: Json = {"severity": severity, "code": code}
    if diagnostics:
        issue["diagnostics"] = diagnostics
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def bundle(
    resources: Iterable[Json] = (),
    *,
    next_url: str | None = None,
    bundle_type: str = "searchset",
    modes: Iterable[str] | None = None,
) -> Json:
    resources = list(resources)
    mode_list = list(modes) if modes is not None else ["match"] * len(resources)
    entries = [
        {
            "fullUrl": f"{BASE}/{r['resourceType']}/{r.get('id')}",
            "resource": r,
            "search": {"mode": m},
        }
        for r, m in zip(resources, mode_list, strict=True)
    ]
    data: Json = {"resourceType": "Bundle", "type": bundle_type, "entry": entries}
    if next_url:
        data["link"] = [{"relation": "next", "url": next_url}]
    return data


class Scripted:
    """A transport answering each request with the next scripted response (or a handler)."""

    def __init__(self, *responses: httpx.Response | Callable[[httpx.Request], httpx.Response]):
        self.script = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.script:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        step = self.script.pop(0)
        return step(request) if callable(step) else step

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


class Tokens:
    """A token provider that hands out token-1, then token-2 after a refresh."""

    def __init__(self, *, can_refresh: bool = True) -> None:
        self.current = "token-1"
        self.can_refresh = can_refresh
        self.refreshes = 0

    def access_token(self) -> str | None:
        return self.current

    def refresh_after_401(self) -> bool:
        self.refreshes += 1
        if not self.can_refresh:
            return False
        self.current = f"token-{self.refreshes + 1}"
        return True


# ----------------------------------------------------------------------------------------
# Capability statements
# ----------------------------------------------------------------------------------------

_TYPES_PARAMS: dict[str, list[str]] = {
    "Patient": ["identifier", "_id"],
    "RelatedPerson": ["patient"],
    "Procedure": ["patient", "code", "encounter", "subject"],
    "Encounter": ["patient", "reason-reference", "subject"],
    "Consent": ["patient", "scope", "category", "actor"],
    "Goal": ["patient", "description", "subject"],
    "Observation": ["patient", "code", "subject", "performer"],
    "DeviceUseStatement": ["patient", "device", "subject"],
    "Device": ["type", "patient"],
    "Communication": ["patient", "reason-code", "subject"],
    "QuestionnaireResponse": ["patient", "questionnaire", "subject"],
    "PractitionerRole": ["practitioner"],
    "Practitioner": ["identifier"],
    "AuditEvent": ["patient"],
}
_INCLUDES: dict[str, list[str]] = {
    "Procedure": ["Procedure:encounter", "Procedure:performer"],
    "Encounter": ["Encounter:reason-reference", "Encounter:participant"],
    "Consent": ["Consent:actor"],
    "Observation": ["Observation:performer"],
    "DeviceUseStatement": ["DeviceUseStatement:device"],
    "PractitionerRole": ["PractitionerRole:practitioner"],
}
_REVINCLUDES: dict[str, list[str]] = {"Procedure": ["Encounter:reason-reference"]}


def capability_statement(
    *,
    drop_params: Iterable[tuple[str, str]] = (),
    drop_includes: bool = False,
    drop_revincludes: bool = False,
    drop_types: Iterable[str] = (),
    no_history: bool = False,
    audit_create: bool = True,
) -> Json:
    """A server CapabilityStatement like HAPI's, with features taken away on request."""
    dropped = set(drop_params)
    resources = []
    for rtype, params in _TYPES_PARAMS.items():
        if rtype in set(drop_types):
            continue
        interactions = ["read", "search-type", "vread", "create", "update"]
        if not no_history:
            interactions.append("history-instance")
        if rtype == "AuditEvent" and not audit_create:
            interactions.remove("create")
        resource: Json = {
            "type": rtype,
            "interaction": [{"code": c} for c in interactions],
            "searchParam": [
                {"name": p, "type": "token"}
                if p not in ("patient", "subject")
                else {"name": p, "type": "reference"}
                for p in params
                if (rtype, p) not in dropped
            ],
            "conditionalCreate": True,
        }
        for p in resource["searchParam"]:
            if p["name"] in ("reason-reference", "device", "actor", "performer", "encounter"):
                p["type"] = "reference"
        resource["searchInclude"] = [] if drop_includes else _INCLUDES.get(rtype, [])
        resource["searchRevInclude"] = [] if drop_revincludes else _REVINCLUDES.get(rtype, [])
        resources.append(resource)
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "kind": "instance",
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "software": {"name": "Fake FHIR", "version": "1"},
        "rest": [
            {
                "mode": "server",
                "resource": resources,
                "interaction": [{"code": "transaction"}, {"code": "batch"}],
            }
        ],
    }


# ----------------------------------------------------------------------------------------
# A small in-memory FHIR server
# ----------------------------------------------------------------------------------------

# Search parameter -> where a reference lives in the resource (dotted path; lists expand).
_REFERENCE_PATHS: dict[str, tuple[str, ...]] = {
    "encounter": ("encounter",),
    "performer": ("performer", "performer.actor"),
    "actor": ("provision.actor.reference",),
    "device": ("device",),
    "practitioner": ("practitioner",),
    "participant": ("participant.individual",),
    "reason-reference": ("reasonReference",),
}


def _values(node: object, path: str) -> list[Any]:
    current: list[Any] = [node]
    for part in path.split("."):
        nxt: list[Any] = []
        for item in current:
            for element in item if isinstance(item, list) else [item]:
                if isinstance(element, dict) and part in element:
                    value = element[part]
                    nxt.extend(value if isinstance(value, list) else [value])
        current = nxt
    return current


def _references(resource: Json, param: str) -> list[str]:
    refs = []
    for path in _REFERENCE_PATHS.get(param, ()):
        for value in _values(resource, path):
            if isinstance(value, dict) and isinstance(value.get("reference"), str):
                refs.append(value["reference"])
    return refs


class MiniServer:
    """A forgiving in-memory FHIR server: ``patient``/``subject``, ``reason-reference``,
    ``_include``/``_revinclude`` (also ``:iterate``), ``_count`` paging, read, history.

    Unknown search parameters are ignored (like a lenient server), unless listed in
    ``reject``, which answers 400 with an OperationOutcome. ``empty_for`` makes searches
    containing that parameter return nothing (e.g. a ValueSet the server cannot expand).
    """

    def __init__(
        self,
        resources: Iterable[Json] = (),
        *,
        base: str = BASE,
        capabilities: Json | None = None,
        reject: Iterable[str] = (),
        empty_for: Iterable[str] = (),
        history: dict[str, list[Json]] | None = None,
        fail: dict[str, int] | None = None,
    ) -> None:
        self.base = base
        self.resources: dict[str, Json] = {}
        for resource in resources:
            self.resources[f"{resource['resourceType']}/{resource['id']}"] = resource
        self.capabilities = capabilities or capability_statement()
        self.reject = set(reject)
        self.empty_for = set(empty_for)
        self.history = history or {}
        self.fail = fail or {}  # "Type" or "Type/id" -> status
        self.requests: list[httpx.Request] = []
        self._pages: dict[str, list[Json]] = {}
        self._counts: dict[str, int] = {}

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def searches(self, rtype: str) -> list[list[tuple[str, str]]]:
        """The parameters of every search of ``rtype`` received, in order."""
        out = []
        for request in self.requests:
            path = request.url.path.removeprefix(httpx.URL(self.base).path).strip("/")
            if path == rtype and request.method == "GET":
                out.append(parse_qsl(request.url.query.decode(), keep_blank_values=True))
        return out

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path.removeprefix(httpx.URL(self.base).path).strip("/")
        params = parse_qsl(request.url.query.decode(), keep_blank_values=True)
        parts = path.split("/") if path else []
        for key in (parts[0] if parts else "", "/".join(parts[:2])):
            if key in self.fail:
                return fhir_response(self.fail[key], outcome("exception"))
        if not parts:
            pages = dict(params).get("_getpages")
            if pages:
                offset = int(dict(params).get("offset", "0"))
                return self._page(pages, offset, self._counts[pages])
            return fhir_response(400, outcome("not-supported"))
        if parts == ["metadata"]:
            return fhir_response(200, self.capabilities)
        if len(parts) == 1:
            return self._search(parts[0], params)
        if len(parts) == 2:
            resource = self.resources.get(path)
            if resource is None:
                return fhir_response(404, outcome("not-found"))
            return fhir_response(200, resource)
        if len(parts) == 3 and parts[2] == "_history":
            key = "/".join(parts[:2])
            versions = self.history.get(key) or (
                [self.resources[key]] if key in self.resources else []
            )
            if not versions:
                return fhir_response(404, outcome("not-found"))
            return fhir_response(200, bundle(versions, bundle_type="history"))
        return fhir_response(400, outcome("not-supported"))

    def _search(self, rtype: str, params: list[tuple[str, str]]) -> httpx.Response:
        for name, value in params:
            if name in self.reject or f"{name}={value}" in self.reject:
                return fhir_response(400, outcome("not-supported", f"Unknown parameter {name}"))
        matches = [r for k, r in self.resources.items() if k.startswith(rtype + "/")]
        if any(name in self.empty_for for name, _ in params):
            matches = []
        for name, value in params:
            if name in ("patient", "subject"):
                wanted = value if "/" in value else f"Patient/{value}"
                matches = [
                    r
                    for r in matches
                    if any(
                        isinstance(r.get(f), dict) and r[f].get("reference") == wanted
                        for f in ("patient", "subject")
                    )
                ]
            elif name == "reason-reference":
                wanted_refs = set(value.split(","))
                matches = [r for r in matches if wanted_refs & set(_references(r, name))]
            elif name == "identifier":
                system, _, code = value.partition("|")
                matches = [
                    r
                    for r in matches
                    if any(
                        i.get("system") == system and i.get("value") == code
                        for i in r.get("identifier", [])
                    )
                ]
        included: list[Json] = []
        seen = {f"{r['resourceType']}/{r['id']}" for r in matches}

        def include_from(pool: list[Json], value: str) -> list[Json]:
            source_type, _, param = value.partition(":")
            found = []
            for resource in pool:
                if resource["resourceType"] != source_type:
                    continue
                for ref in _references(resource, param):
                    target = self.resources.get(ref)
                    if target is not None and ref not in seen:
                        seen.add(ref)
                        found.append(target)
            return found

        first: list[Json] = []
        keys = set(seen)
        for name, value in params:
            if name == "_include":
                first.extend(include_from(matches, value))
            elif name == "_revinclude":
                source_type, _, param = value.partition(":")
                for key, resource in self.resources.items():
                    if (
                        key.startswith(source_type + "/")
                        and key not in seen
                        and keys & set(_references(resource, param))
                    ):
                        seen.add(key)
                        first.append(resource)
        included.extend(first)
        frontier = matches + first
        for _ in range(3):
            new: list[Json] = []
            for name, value in params:
                if name == "_include:iterate":
                    new.extend(include_from(frontier, value))
            if not new:
                break
            included.extend(new)
            frontier = new
        entries = [(r, "match") for r in matches] + [(r, "include") for r in included]
        count = int(dict(params).get("_count", "1000"))
        token = f"p{len(self._pages)}"
        self._counts[token] = count
        self._pages[token] = [
            {"resource": copy.deepcopy(r), "search": {"mode": m}} for r, m in entries
        ]
        return self._page(token, 0, count)

    def _page(self, token: str, offset: int, count: int = 1000) -> httpx.Response:
        entries = self._pages[token]
        chunk = entries[offset : offset + count]
        data: Json = {"resourceType": "Bundle", "type": "searchset", "entry": chunk}
        if offset + count < len(entries):
            data["link"] = [
                {
                    "relation": "next",
                    "url": f"{self.base}?_getpages={token}&offset={offset + count}",
                }
            ]
        return fhir_response(200, data)
