"""Everything that can make a launch fail, as one exception tree.

::

    LaunchError                    anything below; ``.user_message`` is Dutch and safe to show
    ├── InvalidLaunchArguments     bad command line or pzp-desktop:// URL (exit code 2)
    │   └── InvalidBsn             the BSN fails the 11-test
    ├── HandoverError              a second instance sent a message that is not a launch
    ├── IssuerUnreachable          the FHIR server / its SMART configuration cannot be reached
    ├── DiscoveryInvalid           the SMART configuration is missing, broken or insecure
    │   └── SmartNotOffered        the server publishes no SMART configuration (404)
    ├── BrowserUnavailable         no system browser could be opened
    ├── LoginTimedOut              no answer from the login page in time
    ├── LoginCancelled             the user cancelled while the app waited
    ├── AccessDenied               the user (or the EHR) refused access
    ├── StateMismatch              answers arrived, but none belonged to this launch
    ├── AuthorizationFailed        the authorisation server answered with another error
    ├── LaunchExpired              the token endpoint said ``invalid_grant``
    ├── TokenEndpointError         the token endpoint failed otherwise, or its answer is unusable
    ├── IdTokenInvalid             the id_token's signature or claims do not check out
    ├── NoPatientInContext         the launch gave no patient
    ├── PatientNotFound            no patient with this BSN in the source
    ├── AmbiguousPatient           more than one patient with this BSN
    ├── SourceError                the FHIR source failed while resolving the context
    └── TokenStoreUnavailable      the OS keyring cannot be used (forget-tokens)

Every message says what happened and what to do, in Dutch, and never contains a token,
an authorisation code, a PKCE verifier, a state value or a BSN. ``str(exc)`` is the same
text, so logging an exception cannot leak more than the message shows.
"""

from __future__ import annotations

__all__ = [
    "AccessDenied",
    "AmbiguousPatient",
    "AuthorizationFailed",
    "BrowserUnavailable",
    "DiscoveryInvalid",
    "HandoverError",
    "IdTokenInvalid",
    "InvalidBsn",
    "InvalidLaunchArguments",
    "IssuerUnreachable",
    "LaunchError",
    "LaunchExpired",
    "LoginCancelled",
    "LoginTimedOut",
    "NoPatientInContext",
    "PatientNotFound",
    "SmartNotOffered",
    "SourceError",
    "StateMismatch",
    "TokenEndpointError",
    "TokenStoreUnavailable",
]

_ASK_ADMIN = "Blijft dit gebeuren, neem dan contact op met uw applicatiebeheerder."


class LaunchError(Exception):
    """Base of every launch failure."""

    default_message = "PZP Desktop kon niet starten met deze gegevens. " + _ASK_ADMIN
    #: The process exit code when this error ends a command-line start.
    exit_code = 1

    def __init__(self, user_message: str | None = None) -> None:
        self.user_message = user_message or self.default_message
        super().__init__(self.user_message)


class InvalidLaunchArguments(LaunchError):
    default_message = (
        "De startgegevens zijn niet volledig of niet geldig. Start PZP Desktop opnieuw vanuit "
        "uw eigen systeem; blijft dit gebeuren, neem dan contact op met uw applicatiebeheerder."
    )
    exit_code = 2


class InvalidBsn(InvalidLaunchArguments):
    default_message = (
        "Het meegegeven BSN is niet geldig (het moet uit 9 cijfers bestaan en de 11-proef "
        "doorstaan). Controleer het BSN in uw eigen systeem en start PZP Desktop opnieuw."
    )


class HandoverError(LaunchError):
    default_message = (
        "Een tweede start van PZP Desktop gaf onbruikbare startgegevens door; ze zijn "
        "genegeerd. Open de patiënt opnieuw vanuit uw eigen systeem."
    )


class IssuerUnreachable(LaunchError):
    default_message = (
        "De FHIR-server of de aanmeldserver van uw zorgsysteem is niet bereikbaar. Controleer "
        "de netwerkverbinding en probeer het opnieuw. " + _ASK_ADMIN
    )


class DiscoveryInvalid(LaunchError):
    default_message = (
        "De aanmeldgegevens van de FHIR-server (SMART-configuratie) zijn onvolledig of "
        "onveilig, daarom meldt PZP Desktop zich niet aan. Neem contact op met uw "
        "applicatiebeheerder."
    )

    def __init__(self, reason: str | None = None) -> None:
        #: What was wrong (Dutch, no secrets), e.g. "token_endpoint ontbreekt".
        self.reason = reason
        message = self.default_message
        if reason:
            message = f"{message} (Reden: {reason}.)"
        super().__init__(message)


class SmartNotOffered(DiscoveryInvalid):
    default_message = (
        "Deze FHIR-server biedt geen SMART-aanmelding aan (geen "
        ".well-known/smart-configuration). Controleer het adres van de server of neem "
        "contact op met uw applicatiebeheerder."
    )


class BrowserUnavailable(LaunchError):
    default_message = (
        "PZP Desktop kon de webbrowser niet openen om u aan te melden. Controleer of er een "
        "standaardbrowser is ingesteld en probeer het opnieuw. " + _ASK_ADMIN
    )


class LoginTimedOut(LaunchError):
    default_message = (
        "Het aanmelden duurde te lang; PZP Desktop heeft het afgebroken. Open de patiënt "
        "opnieuw vanuit uw eigen systeem en rond het aanmelden in de browser af."
    )


class LoginCancelled(LaunchError):
    default_message = "Het aanmelden is afgebroken. Start PZP Desktop opnieuw om verder te gaan."


class AccessDenied(LaunchError):
    default_message = (
        "De toegang is geweigerd: u (of uw zorgsysteem) hebt PZP Desktop geen toestemming "
        "gegeven voor deze patiënt. Start opnieuw en geef toestemming, of vraag uw "
        "applicatiebeheerder om de juiste rechten."
    )


class StateMismatch(LaunchError):
    default_message = (
        "Het antwoord van de aanmeldserver hoorde niet bij deze aanmelding (mogelijk een oud "
        "browsertabblad); uit veiligheid is het genegeerd. Sluit oude aanmeldtabbladen en "
        "open de patiënt opnieuw vanuit uw eigen systeem."
    )


class AuthorizationFailed(LaunchError):
    default_message = (
        "De aanmeldserver weigerde de aanmelding van PZP Desktop. Probeer het opnieuw. "
        + _ASK_ADMIN
    )


class LaunchExpired(LaunchError):
    default_message = (
        "De start vanuit uw zorgsysteem is verlopen of al gebruikt. Open de patiënt opnieuw "
        "vanuit uw eigen systeem (EPD/HIS/ECD)."
    )


class TokenEndpointError(LaunchError):
    default_message = (
        "De aanmeldserver gaf geen bruikbare toegangssleutel. Probeer het opnieuw. " + _ASK_ADMIN
    )


class IdTokenInvalid(LaunchError):
    default_message = (
        "De identiteit die de aanmeldserver meegaf kon niet worden gecontroleerd (ongeldige "
        "handtekening of inhoud); uit veiligheid gaat PZP Desktop niet verder. Neem contact "
        "op met uw applicatiebeheerder."
    )


class NoPatientInContext(LaunchError):
    default_message = (
        "Uw zorgsysteem gaf geen patiënt mee bij het starten. Open eerst de patiënt in uw "
        "eigen systeem en start PZP Desktop daar opnieuw."
    )


class PatientNotFound(LaunchError):
    default_message = (
        "Er is geen patiënt met dit BSN gevonden in de bron. Controleer het BSN en of de "
        "patiënt in deze bron is geregistreerd."
    )


class AmbiguousPatient(LaunchError):
    default_message = (
        "Er zijn meerdere patiënten met dit BSN gevonden in de bron; PZP Desktop kiest er "
        "niet zelf een. Open de patiënt vanuit uw eigen systeem of neem contact op met uw "
        "applicatiebeheerder."
    )


class SourceError(LaunchError):
    """The FHIR source failed while the context was resolved (message of the FHIR layer)."""


class TokenStoreUnavailable(LaunchError):
    default_message = (
        "De sleutelhanger van het besturingssysteem is niet beschikbaar, daarom kon PZP "
        "Desktop de opgeslagen aanmeldgegevens niet lezen of verwijderen. " + _ASK_ADMIN
    )
