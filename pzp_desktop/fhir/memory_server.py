"""An in-memory FHIR server behind an httpx transport: the training store's engine.

Training mode (``--demo``) must work anywhere — no network, no Java, no login — yet show
exactly what a clinician sees with a real source. So the training sources are real
:class:`~pzp_desktop.fhir.client.FhirClient` instances whose transport is this server
instead of a socket: the same query planning, paging, fallbacks, mapping and consolidation
run as in production, and the editor's transactions land here.

It implements the small part of the FHIR REST API the application needs, declared
honestly in its CapabilityStatement so the client plans its simple fallback queries:

* ``GET [base]/metadata``
* ``GET [base]/<Type>/<id>`` and ``…/_history``, ``…/_history/<vid>``
* ``GET [base]/<Type>?patient=|subject=|identifier=|_id=`` (other parameters are ignored:
  the client filters on the client side, as it must for weaker real servers)
* ``POST [base]`` with a transaction Bundle: conditional create (``ifNoneExist`` on
  ``identifier``), create, and update with ``If-Match``; all or nothing.
* ``POST [base]/<Type>`` (create, for AuditEvents).

Nothing here touches the disk or the network.
"""

from __future__ import annotations

import copy
import json
import threading
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx

Json = dict[str, Any]

FHIR_JSON = "application/fhir+json"

# Which element of each resource type points at the patient (search parameter ``patient``).
_PATIENT_ELEMENTS: dict[str, tuple[str, ...]] = {
    "Consent": ("patient",),
    "Goal": ("subject",),
    "Observation": ("subject",),
    "DeviceUseStatement": ("subject",),
    "Communication": ("subject",),
    "Encounter": ("subject",),
    "Procedure": ("subject",),
    "RelatedPerson": ("patient",),
    "QuestionnaireResponse": ("subject",),
    "Device": ("patient",),
    "AuditEvent": (),
    "Provenance": (),
}
_TYPES = (
    "Patient",
    "RelatedPerson",
    "Practitioner",
    "PractitionerRole",
    "Organization",
    "Encounter",
    "Procedure",
    "Consent",
    "Goal",
    "Observation",
    "Device",
    "DeviceUseStatement",
    "Communication",
    "QuestionnaireResponse",
    "Provenance",
    "AuditEvent",
)


# Search parameters a conditional create may use here (anything else is refused, as a
# real server would, rather than silently matching everything).
_CONDITIONAL_PARAMS = frozenset({"identifier", "_id", "patient", "subject", "target"})


class _TransactionFailed(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class InMemoryFhirServer(httpx.BaseTransport):
    """A thread-safe FHIR server held in memory, reachable at ``base_url`` via this transport."""

    def __init__(self, base_url: str, resources: Iterable[Json] = ()) -> None:
        self.base_url = base_url.rstrip("/")
        self._lock = threading.RLock()
        # versions[type/id] = list of resource versions, oldest first
        self._versions: dict[str, list[Json]] = {}
        self._backdate: str | None = None
        self.requests: list[tuple[str, str]] = []  # (method, path+query) for tests
        for resource in resources:
            self._store(copy.deepcopy(resource))

    # -- public helpers -------------------------------------------------------------------

    def load_transaction(self, bundle: Json, *, last_updated: str | None = None) -> Json:
        """Apply a transaction Bundle directly (used to seed the training data);
        ``last_updated`` backdates ``meta.lastUpdated`` of what it stores."""
        with self._lock:
            self._backdate = last_updated
            try:
                return self._transaction(bundle)
            finally:
                self._backdate = None

    def all_current(self, resource_type: str | None = None) -> list[Json]:
        with self._lock:
            return [
                copy.deepcopy(vs[-1])
                for key, vs in self._versions.items()
                if resource_type is None or key.startswith(resource_type + "/")
            ]

    def reset(self, resources: Iterable[Json] = ()) -> None:
        with self._lock:
            self._versions.clear()
            for resource in resources:
                self._store(copy.deepcopy(resource))

    # -- httpx transport ------------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if not url.startswith(self.base_url):
            return _outcome(404, "onbekende server")
        path_and_query = url[len(self.base_url) :]
        path, _, query = path_and_query.partition("?")
        parts = [p for p in path.split("/") if p]
        with self._lock:
            self.requests.append((request.method, path_and_query))
            try:
                if request.method == "GET":
                    return self._get(parts, parse_qsl(query, keep_blank_values=True))
                if request.method == "POST" and not parts:
                    return self._post_bundle(request)
                if request.method == "POST" and len(parts) == 1:
                    return self._create(parts[0], _body(request))
                if request.method == "PUT" and len(parts) == 2:
                    resource = _body(request)
                    if_match = request.headers.get("If-Match")
                    stored = self._update(parts[0], parts[1], resource, if_match)
                    return _json(200, stored)
            except _TransactionFailed as exc:
                return _outcome(exc.status, exc.message)
            except ValueError:
                return _outcome(400, "ongeldige JSON")
        return _outcome(405, "niet ondersteund")

    # -- reads ----------------------------------------------------------------------------

    def _get(self, parts: list[str], params: list[tuple[str, str]]) -> httpx.Response:
        if parts == ["metadata"]:
            return _json(200, self._capability_statement())
        if len(parts) == 1:
            return _json(200, self._search(parts[0], params))
        if len(parts) == 2:
            versions = self._versions.get(f"{parts[0]}/{parts[1]}")
            if not versions:
                return _outcome(404, "niet gevonden")
            return _json(200, versions[-1])
        if len(parts) == 3 and parts[2] == "_history":
            versions = self._versions.get(f"{parts[0]}/{parts[1]}", [])
            return _json(200, self._bundle("history", list(reversed(versions))))
        if len(parts) == 4 and parts[2] == "_history":
            for version in self._versions.get(f"{parts[0]}/{parts[1]}", []):
                if version.get("meta", {}).get("versionId") == parts[3]:
                    return _json(200, version)
            return _outcome(404, "versie niet gevonden")
        return _outcome(400, "onbekend verzoek")

    def _search(self, resource_type: str, params: list[tuple[str, str]]) -> Json:
        found = [
            vs[-1] for key, vs in self._versions.items() if key.startswith(resource_type + "/")
        ]
        for name, value in params:
            if name in ("patient", "subject"):
                wanted = value if "/" in value else f"Patient/{value}"
                found = [r for r in found if _points_at_patient(r, wanted)]
            elif name == "_id":
                ids = set(value.split(","))
                found = [r for r in found if r.get("id") in ids]
            elif name == "identifier":
                found = [r for r in found if _has_identifier(r, value)]
            elif name == "target":
                found = [r for r in found if value in _targets(r)]
        return self._bundle("searchset", found)

    def _bundle(self, bundle_type: str, resources: list[Json]) -> Json:
        return {
            "resourceType": "Bundle",
            "type": bundle_type,
            "total": len(resources),
            "entry": [
                {
                    "fullUrl": f"{self.base_url}/{r['resourceType']}/{r['id']}",
                    "resource": r,
                    **({"search": {"mode": "match"}} if bundle_type == "searchset" else {}),
                }
                for r in resources
            ],
        }

    def _capability_statement(self) -> Json:
        def resource(rtype: str) -> Json:
            params = [{"name": "_id", "type": "token"}]
            if _PATIENT_ELEMENTS.get(rtype):
                params.append({"name": "patient", "type": "reference"})
            if rtype == "Patient":
                params.append({"name": "identifier", "type": "token"})
            interactions = ["read", "vread", "search-type", "history-instance", "create"]
            if rtype in ("Patient", "RelatedPerson"):
                interactions.append("update")
            return {
                "type": rtype,
                "versioning": "versioned",
                "conditionalCreate": True,
                "interaction": [{"code": code} for code in interactions],
                "searchParam": params,
            }

        return {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": "2026-01-01",
            "kind": "instance",
            "fhirVersion": "4.0.1",
            "format": ["json"],
            "software": {"name": "PZP Desktop oefenopslag"},
            "rest": [
                {
                    "mode": "server",
                    "resource": [resource(t) for t in _TYPES],
                    "interaction": [{"code": "transaction"}],
                }
            ],
        }

    # -- writes ---------------------------------------------------------------------------

    def _post_bundle(self, request: httpx.Request) -> httpx.Response:
        bundle = _body(request)
        if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "transaction":
            return _outcome(400, "alleen transaction-Bundles worden ondersteund")
        snapshot = copy.deepcopy(self._versions)
        try:
            return _json(200, self._transaction(bundle))
        except _TransactionFailed:
            self._versions = snapshot  # all or nothing
            raise

    def _transaction(self, bundle: Json) -> Json:
        entries = bundle.get("entry") or []
        assigned: dict[str, str] = {}  # fullUrl -> Type/id
        responses: list[Json] = []
        # First pass: decide ids (conditional creates resolve to existing resources).
        plans: list[tuple[Json, Json, str, bool]] = []
        for entry in entries:
            resource = copy.deepcopy(entry.get("resource") or {})
            request = entry.get("request") or {}
            method = request.get("method")
            rtype = resource.get("resourceType")
            if not isinstance(rtype, str):
                raise _TransactionFailed(400, "resource zonder resourceType")
            if method == "POST":
                existing = self._conditional_match(rtype, request.get("ifNoneExist"), assigned)
                if existing is not None:
                    key, create = existing, False
                else:
                    key, create = f"{rtype}/{uuid.uuid4()}", True
            elif method == "PUT":
                url = str(request.get("url") or "")
                key, create = url.split("?", 1)[0], True
            else:
                raise _TransactionFailed(400, f"methode {method!r} niet ondersteund")
            if entry.get("fullUrl"):
                assigned[str(entry["fullUrl"])] = key
            plans.append((resource, request, key, create))
        # Second pass: rewrite references and store.
        for resource, request, key, create in plans:
            rtype, rid = key.split("/", 1)
            if request.get("method") == "POST" and not create:
                current = self._versions[key][-1]
                responses.append(_entry_response("200 OK", current))
                continue
            _rewrite_references(resource, assigned)
            resource["id"] = rid
            if request.get("method") == "PUT":
                stored = self._update(rtype, rid, resource, request.get("ifMatch"))
                responses.append(_entry_response("200 OK", stored))
            else:
                stored = self._store(resource)
                responses.append(_entry_response("201 Created", stored))
        return {"resourceType": "Bundle", "type": "transaction-response", "entry": responses}

    def _conditional_match(
        self, rtype: str, condition: object, assigned: dict[str, str]
    ) -> str | None:
        if not isinstance(condition, str) or not condition:
            return None
        # Values may name resources of this transaction by their fullUrl.
        params = [(name, assigned.get(value, value)) for name, value in parse_qsl(condition)]
        unsupported = [name for name, _ in params if name not in _CONDITIONAL_PARAMS]
        if unsupported:
            raise _TransactionFailed(400, f"voorwaarde niet ondersteund: {unsupported[0]}")
        matches = self._search(rtype, params).get("entry", [])
        if len(matches) > 1:
            raise _TransactionFailed(412, "voorwaardelijke create vindt meerdere resources")
        if matches:
            found = matches[0]["resource"]
            return f"{rtype}/{found['id']}"
        return None

    def _create(self, rtype: str, resource: Json) -> httpx.Response:
        if resource.get("resourceType") != rtype:
            return _outcome(400, "resourceType klopt niet")
        resource["id"] = str(uuid.uuid4())
        return _json(201, self._store(resource))

    def _update(self, rtype: str, rid: str, resource: Json, if_match: object) -> Json:
        key = f"{rtype}/{rid}"
        versions = self._versions.get(key)
        if if_match and versions:
            expected = str(if_match).removeprefix("W/").strip('"')
            if versions[-1].get("meta", {}).get("versionId") != expected:
                raise _TransactionFailed(412, "de resource is intussen gewijzigd")
        resource["id"] = rid
        return self._store(resource)

    def _store(self, resource: Json) -> Json:
        key = f"{resource['resourceType']}/{resource['id']}"
        versions = self._versions.setdefault(key, [])
        meta = dict(resource.get("meta") or {})
        meta["versionId"] = str(len(versions) + 1)
        meta["lastUpdated"] = self._backdate or _now_text()
        resource["meta"] = meta
        versions.append(resource)
        return copy.deepcopy(resource)


def _now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _points_at_patient(resource: Json, wanted: str) -> bool:
    rtype = resource.get("resourceType")
    if rtype == "Patient":
        return f"Patient/{resource.get('id')}" == wanted
    for element in _PATIENT_ELEMENTS.get(str(rtype), ()):
        ref = resource.get(element)
        if isinstance(ref, dict) and str(ref.get("reference", "")).endswith(wanted):
            return True
    return False


def _targets(resource: Json) -> set[str]:
    return {
        str(t.get("reference")).split("/_history/", 1)[0]
        for t in resource.get("target") or []
        if isinstance(t, dict)
    }


def _has_identifier(resource: Json, token: str) -> bool:
    system, _, value = token.rpartition("|")
    identifiers = resource.get("identifier") or []
    if isinstance(identifiers, dict):  # e.g. QuestionnaireResponse.identifier is 0..1
        identifiers = [identifiers]
    for ident in identifiers:
        if not isinstance(ident, dict):
            continue
        if ident.get("value") == value and (not system or ident.get("system") == system):
            return True
    return False


def _rewrite_references(node: Any, assigned: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str) and value in assigned:
                node[key] = assigned[value]
            else:
                _rewrite_references(value, assigned)
    elif isinstance(node, list):
        for item in node:
            _rewrite_references(item, assigned)


def _entry_response(status: str, resource: Json) -> Json:
    return {
        "resource": resource,
        "response": {
            "status": status,
            "location": f"{resource['resourceType']}/{resource['id']}/_history/"
            f"{resource['meta']['versionId']}",
            "etag": f'W/"{resource["meta"]["versionId"]}"',
        },
    }


def _body(request: httpx.Request) -> Json:
    data = json.loads(request.content or b"{}")
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def _json(status: int, body: Json) -> httpx.Response:
    headers = {"Content-Type": FHIR_JSON}
    version = body.get("meta", {}).get("versionId") if isinstance(body.get("meta"), dict) else None
    if version:
        headers["ETag"] = f'W/"{version}"'
    return httpx.Response(status, headers=headers, content=json.dumps(body).encode())


def _outcome(status: int, message: str) -> httpx.Response:
    body = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "processing", "diagnostics": message}],
    }
    return httpx.Response(
        status, headers={"Content-Type": FHIR_JSON}, content=json.dumps(body).encode()
    )
