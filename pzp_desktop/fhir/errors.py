"""Everything that can go wrong when talking to a FHIR source, as one exception tree.

::

    FhirError                      anything below; ``.user_message`` is Dutch and safe to show
    ├── TransportError             no usable HTTP response arrived
    │   ├── Timeout                connect/read/write/pool timeout
    │   └── Unreachable            DNS, refused connection, TLS failure, broken connection
    ├── HttpStatusError            the server answered with an error status
    │   │                          (``.status``, ``.issues`` from its OperationOutcome)
    │   ├── InvalidRequest         400, 405, 422, 501: the server rejects or does not
    │   │                          support this request (search planning falls back on it)
    │   ├── NotAuthorised          401, also after one token refresh
    │   ├── Forbidden              403
    │   ├── NotFound               404, 410
    │   ├── Conflict               409, 412: someone else changed the resource (If-Match)
    │   ├── RateLimited            429, after the bounded retries
    │   ├── Unavailable            503, after the bounded retries
    │   └── ServerError            any other 5xx
    ├── ContentError               the answer is not the FHIR that was asked for: malformed
    │                              JSON, an HTML error page, a wrong resourceType, a paging
    │                              link to another server (``.path`` names the element)
    ├── AmbiguousPatient           a BSN search found more than one patient
    └── WriteRefused               view-only mode: no write request is ever sent

Every exception carries a ``user_message``: Dutch, one or two sentences, saying what happened
and what to do. It never contains patient data, tokens or URLs (URLs may carry a BSN in their
query string), and neither does ``str(exc)``, which is the same text. What a server said in
its OperationOutcome is kept in ``issues`` for a "details" view; :attr:`HttpStatusError.
server_messages` gives those texts with BSN-like numbers masked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "AmbiguousPatient",
    "Conflict",
    "ContentError",
    "FhirError",
    "Forbidden",
    "HttpStatusError",
    "InvalidRequest",
    "NotAuthorised",
    "NotFound",
    "OutcomeIssue",
    "RateLimited",
    "ServerError",
    "Timeout",
    "TransportError",
    "Unavailable",
    "Unreachable",
    "WriteRefused",
    "error_for_status",
    "mask_identifiers",
    "parse_operation_outcome",
]


class FhirError(Exception):
    """Base of every error of the FHIR layer."""

    default_message = "Er ging iets mis bij het ophalen of versturen van gegevens."

    def __init__(self, user_message: str | None = None) -> None:
        self.user_message = user_message or self.default_message
        super().__init__(self.user_message)


# ----------------------------------------------------------------------------- transport


class TransportError(FhirError):
    """No usable HTTP response: the request may or may not have reached the server."""

    default_message = (
        "De bron is niet bereikbaar. Controleer de netwerkverbinding en probeer het opnieuw."
    )


class Timeout(TransportError):
    default_message = (
        "De bron antwoordde niet op tijd. Probeer het later opnieuw; blijft dit gebeuren, "
        "neem dan contact op met uw applicatiebeheerder."
    )


class Unreachable(TransportError):
    default_message = (
        "De bron is niet bereikbaar. Controleer de netwerkverbinding en het adres van de "
        "bron, en probeer het opnieuw."
    )


# ----------------------------------------------------------------------------- HTTP status


@dataclass(frozen=True, slots=True)
class OutcomeIssue:
    """One ``OperationOutcome.issue`` as received (texts may contain patient data)."""

    severity: str
    code: str
    diagnostics: str | None = None
    details: str | None = None
    expression: tuple[str, ...] = ()

    @property
    def text(self) -> str | None:
        return self.details or self.diagnostics


# Dutch wording of OperationOutcome issue codes (http://hl7.org/fhir/issue-type).
_ISSUE_CODES_NL: dict[str, str] = {
    "invalid": "ongeldige gegevens",
    "structure": "ongeldige structuur",
    "required": "verplicht gegeven ontbreekt",
    "value": "ongeldige waarde",
    "invariant": "regel van het profiel geschonden",
    "security": "beveiliging",
    "login": "inloggen nodig",
    "unknown": "onbekende gebruiker",
    "expired": "sessie verlopen",
    "forbidden": "geen toestemming",
    "suppressed": "gegevens afgeschermd",
    "processing": "verwerkingsfout",
    "not-supported": "niet ondersteund",
    "duplicate": "dubbel record",
    "multiple-matches": "meerdere overeenkomsten",
    "not-found": "niet gevonden",
    "deleted": "verwijderd",
    "too-long": "te lang",
    "code-invalid": "onbekende code",
    "extension": "onbekende extensie",
    "too-costly": "zoekvraag te zwaar",
    "business-rule": "bedrijfsregel geschonden",
    "conflict": "versieconflict",
    "transient": "tijdelijk probleem",
    "lock-error": "vergrendeld",
    "no-store": "opslag niet beschikbaar",
    "exception": "interne fout",
    "timeout": "time-out",
    "incomplete": "onvolledig resultaat",
    "throttled": "te veel verzoeken",
    "informational": "informatie",
}

_BSN_LIKE = re.compile(r"(?<!\d)\d{8,9}(?!\d)")


def mask_identifiers(text: str) -> str:
    """``text`` with numbers that could be a BSN (8 or 9 digits) replaced by ``*********``."""
    return _BSN_LIKE.sub("*********", text)


def parse_operation_outcome(body: object) -> list[OutcomeIssue]:
    """The issues of an OperationOutcome (JSON, bytes or text); ``[]`` when it is not one."""
    data: Any = body
    if isinstance(body, bytes | str):
        try:
            data = json.loads(body)
        except ValueError:
            return []
    if not isinstance(data, dict) or data.get("resourceType") != "OperationOutcome":
        return []
    issues: list[OutcomeIssue] = []
    for raw in data.get("issue") or []:
        if not isinstance(raw, dict):
            continue
        details = raw.get("details")
        details_text = details.get("text") if isinstance(details, dict) else None
        expression = raw.get("expression") or raw.get("location") or []
        issues.append(
            OutcomeIssue(
                severity=str(raw.get("severity") or "error"),
                code=str(raw.get("code") or "unknown"),
                diagnostics=raw.get("diagnostics")
                if isinstance(raw.get("diagnostics"), str)
                else None,
                details=details_text if isinstance(details_text, str) else None,
                expression=tuple(e for e in expression if isinstance(e, str)),
            )
        )
    return issues


class HttpStatusError(FhirError):
    """The server answered with an error status (4xx/5xx)."""

    status_message = "De bron weigerde het verzoek."

    def __init__(
        self,
        status: int,
        issues: list[OutcomeIssue] | None = None,
        user_message: str | None = None,
    ) -> None:
        self.status = status
        self.issues: list[OutcomeIssue] = list(issues or [])
        super().__init__(user_message or self._compose_message())

    def _compose_message(self) -> str:
        message = f"{self.status_message} (HTTP {self.status})"
        codes = [
            _ISSUE_CODES_NL.get(issue.code, issue.code)
            for issue in self.issues
            if issue.severity in ("fatal", "error")
        ]
        unique = list(dict.fromkeys(codes))
        if unique:
            message += f" Melding van de bron: {', '.join(unique[:3])}."
        return message

    @property
    def server_messages(self) -> list[str]:
        """What the server explained, BSN-like numbers masked (for a details view)."""
        return [mask_identifiers(i.text) for i in self.issues if i.text]


class InvalidRequest(HttpStatusError):
    status_message = "De bron kan dit verzoek niet verwerken."


class NotAuthorised(HttpStatusError):
    status_message = "U bent niet (meer) aangemeld bij deze bron. Meld u opnieuw aan."


class Forbidden(HttpStatusError):
    status_message = (
        "U hebt geen toestemming voor deze gegevens in deze bron. Neem contact op met uw "
        "applicatiebeheerder als dit niet klopt."
    )


class NotFound(HttpStatusError):
    status_message = "De gevraagde gegevens zijn niet gevonden in deze bron."


class Conflict(HttpStatusError):
    status_message = (
        "De gegevens zijn intussen door iemand anders gewijzigd. Laad ze opnieuw en bekijk "
        "de wijzigingen voordat u opslaat."
    )


class RateLimited(HttpStatusError):
    status_message = "De bron is even te druk. Probeer het over een minuut opnieuw."


class Unavailable(HttpStatusError):
    status_message = "De bron is tijdelijk niet beschikbaar. Probeer het later opnieuw."


class ServerError(HttpStatusError):
    status_message = (
        "Er ging iets mis in de bron. Probeer het later opnieuw; blijft dit gebeuren, neem "
        "dan contact op met uw applicatiebeheerder."
    )


def error_for_status(status: int, issues: list[OutcomeIssue] | None = None) -> HttpStatusError:
    """The exception for an error status."""
    cls: type[HttpStatusError]
    if status == 401:
        cls = NotAuthorised
    elif status == 403:
        cls = Forbidden
    elif status in (404, 410):
        cls = NotFound
    elif status in (409, 412):
        cls = Conflict
    elif status == 429:
        cls = RateLimited
    elif status == 503:
        cls = Unavailable
    elif status >= 500 and status != 501:
        cls = ServerError
    elif status in (400, 405, 406, 415, 422, 501):
        cls = InvalidRequest
    else:
        cls = HttpStatusError
    return cls(status, issues)


# ----------------------------------------------------------------------------- content


class ContentError(FhirError):
    """The answer is not the FHIR JSON that was asked for."""

    default_message = (
        "De bron gaf een antwoord dat PZP Desktop niet kan lezen. Neem contact op met uw "
        "applicatiebeheerder."
    )

    def __init__(self, reason: str, path: str | None = None) -> None:
        #: What was wrong, in Dutch, without patient data (e.g. "ongeldige JSON").
        self.reason = reason
        #: The element where it went wrong, when known (e.g. ``Bundle.entry[3].resource``).
        self.path = path
        where = f" bij {path}" if path else ""
        super().__init__(
            f"De bron gaf een antwoord dat PZP Desktop niet kan lezen ({reason}{where}). "
            "Neem contact op met uw applicatiebeheerder als dit blijft gebeuren."
        )


class AmbiguousPatient(FhirError):
    default_message = (
        "Er zijn meerdere patiënten met dit BSN gevonden in deze bron. Open de patiënt vanuit "
        "uw eigen systeem of neem contact op met uw applicatiebeheerder."
    )


class WriteRefused(FhirError):
    default_message = (
        "PZP Desktop staat in alleen-lezen modus: er wordt niets opgeslagen in de bron."
    )
