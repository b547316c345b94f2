"""User-facing messages of the domain, the sources layer, launching and the configuration
file, in Dutch and English.

Qt code translates its own texts with ``tr()``; the domain cannot (it does not import Qt),
nor can the Qt-free layers around it. Their messages (editor validation and coherence
findings, the double-registration warnings, push outcomes, launch errors, problems in the
configuration file) are built here instead, from one catalogue: every message id has a Dutch and
an English template with the same ``{placeholders}``.

A message is a :class:`Text`: a ``str`` whose value is the Dutch text, so everything that
handles it as a string (logging is not one of them: these texts may name a source or a
professional, never a patient), compares it, joins it or searches it keeps working, and
Dutch stays the default. :meth:`Text.render` gives it in either language; the GUI calls
:func:`render` with its current language. A parameter may itself be a :class:`Text` (an item
label, a nested sentence): it is filled in in the same language. Plain strings (a source's
name, a professional, a date) are the same in both languages.

Both languages are rendered when the message is made, so a :class:`Text` is an immutable
value that pickles and copies like any string. Operations that build a new string from it
(``+``, ``.format``, slicing) give a plain Dutch ``str``: build compound texts with
:class:`Message` or :func:`joined` instead.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Final, Self

__all__ = [
    "CATALOGUE",
    "LANGUAGES",
    "Message",
    "Text",
    "joined",
    "placeholders",
    "render",
]

LANGUAGES: Final = ("nl", "en")

#: Message id -> (Dutch template, English template).
CATALOGUE: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        # --- shared ----------------------------------------------------------------------
        "common.unknown-professional": ("onbekende zorgverlener", "unknown care professional"),
        "common.yes": ("Ja", "Yes"),
        "common.no": ("Nee", "No"),
        "common.provenance.on": ("op {date}", "on {date}"),
        "common.provenance.by": ("door {who}", "by {who}"),
        "common.provenance.in": ("in {source}", "in {source}"),
        "common.question.decision": ("Besluit", "Decision"),
        "common.question.specification": ("Specificatie bij ‘Anders’", "Specification of ‘Other’"),
        # --- editor: validation (domain/editing/rules.py) -------------------------------
        "rules.nothing-changed": (
            "Er is nog niets gewijzigd. Leg ten minste één onderdeel van het formulier vast.",
            "Nothing has been changed yet. Record at least one part of the form.",
        ),
        "rules.invalid-value": (
            "{item}: een antwoord past niet bij de vraag en kan niet worden opgeslagen. Vul dit "
            "onderdeel opnieuw in.",
            "{item}: an answer does not fit the question and cannot be saved. Fill in this part "
            "again.",
        ),
        "rules.date-missing": (
            "Vul de datum van het gesprek in.",
            "Enter the date of the conversation.",
        ),
        "rules.date-in-future": (
            "De datum van het gesprek ligt in de toekomst. Leg een gesprek vast dat heeft "
            "plaatsgevonden.",
            "The date of the conversation is in the future. Record a conversation that has "
            "taken place.",
        ),
        "rules.professional-missing": (
            "Vul in welke zorgverlener het gesprek heeft gevoerd.",
            "Enter which care professional held the conversation.",
        ),
        "rules.professional-not-in-source": (
            "De zorgverlener is niet bekend in {source}: het gesprek wordt vastgelegd met alleen "
            "de naam, zonder koppeling aan de zorgverlener.",
            "The care professional is not known in {source}: the conversation is recorded with "
            "the name only, without a link to the professional.",
        ),
        "rules.icd-agreement-needs-icd": (
            "Een afspraak over het uitzetten van de ICD kan alleen worden vastgelegd als de "
            "patiënt een ICD heeft: beantwoord eerst ‘{question}’ met ‘{answer}’.",
            "An agreement about deactivating the ICD can only be recorded if the patient has an "
            "ICD: first answer ‘{question}’ with ‘{answer}’.",
        ),
        "rules.question-not-applicable": (
            "{item}: ‘{question}’ wordt niet opgeslagen, want deze vraag geldt alleen {condition}.",
            "{item}: ‘{question}’ is not saved, because this question only applies {condition}.",
        ),
        "rules.condition": (
            "als ‘{question}’ is beantwoord met ‘{answer}’",
            "when ‘{question}’ is answered with ‘{answer}’",
        ),
        "rules.condition-other": ("in een andere situatie", "in another situation"),
        "rules.emptied": (
            "{item} is leeggemaakt. Een eerder vastgelegde waarde kan niet worden verwijderd door "
            "een nieuw gesprek; de vorige waarde blijft de actuele. Kies zo nodig ‘Onbekend’ of "
            "‘Nog onbekend’.",
            "{item} has been emptied. A value recorded earlier cannot be removed by a new "
            "conversation; the previous value stays current. If needed, choose ‘Unknown’ or "
            "‘Not yet known’.",
        ),
        "rules.other-needs-specification": (
            "{item}: bij ‘Anders’ hoort een beschrijving van wat er is afgesproken.",
            "{item}: ‘Other’ needs a description of what was agreed.",
        ),
        "rules.answer-needs-question": (
            "{item}: ‘{answer}’ hoort bij de vraag ‘{question}’. Beantwoord eerst die vraag.",
            "{item}: ‘{answer}’ belongs to the question ‘{question}’. Answer that question first.",
        ),
        "rules.other-limit-needs-name": (
            "Overige behandelgrens: vul in om welke behandeling het gaat.",
            "Other treatment limit: enter which treatment it concerns.",
        ),
        "rules.other-limit-renamed": (
            "De naam van de behandelgrens ‘{name}’ kan niet worden gewijzigd. Voeg een nieuwe "
            "overige behandelgrens toe met de nieuwe naam.",
            "The name of the treatment limit ‘{name}’ cannot be changed. Add a new other "
            "treatment limit with the new name.",
        ),
        "rules.decision-missing": (
            "{item}: kies een besluit (wel uitvoeren, niet uitvoeren of onbekend).",
            "{item}: choose a decision (perform, do not perform or unknown).",
        ),
        # --- editor: coherence (domain/editing/rules.py) --------------------------------
        "rules.where.new": ("nieuw in dit gesprek", "new in this conversation"),
        "rules.where.earlier": ("eerder vastgelegd", "recorded earlier"),
        "rules.where.earlier-by": (
            "eerder vastgelegd {provenance}",
            "recorded earlier {provenance}",
        ),
        "rules.described": ("{item}: ‘{value}’ ({where})", "{item}: ‘{value}’ ({where})"),
        "rules.pair": ("{first} en {second}. {reason}", "{first} and {second}. {reason}"),
        "rules.reason.doel-curatief-niet-reanimeren": (
            "Een curatief of actief beleid gaat meestal samen met reanimeren. Niet reanimeren "
            "kan een bewuste keuze zijn; controleer of beide afspraken kloppen.",
            "A curative or active policy usually goes together with resuscitation. Not "
            "resuscitating can be a deliberate choice; check that both agreements are right.",
        ),
        "rules.reason.doel-comfort-wel-reanimeren": (
            "Reanimeren is levensverlengend, terwijl levensverlenging volgens het doel van de "
            "behandeling niet gewenst is.",
            "Resuscitation prolongs life, while according to the goal of treatment prolonging "
            "life is not wanted.",
        ),
        "rules.reason.doel-comfort-wel-beademen": (
            "Invasieve beademing is levensverlengend, terwijl levensverlenging volgens het doel "
            "van de behandeling niet gewenst is.",
            "Invasive ventilation prolongs life, while according to the goal of treatment "
            "prolonging life is not wanted.",
        ),
        "rules.reason.doel-comfort-wel-ic": (
            "Een IC-opname is gericht op levensverlenging, terwijl levensverlenging volgens het "
            "doel van de behandeling niet gewenst is.",
            "An ICU admission aims to prolong life, while according to the goal of treatment "
            "prolonging life is not wanted.",
        ),
        "rules.reason.niet-reanimeren-wel-ic": (
            "IC-opname zonder reanimatie kan, maar spreekt elkaar vaak tegen; controleer of dit "
            "zo is afgesproken.",
            "ICU admission without resuscitation is possible, but often contradictory; check "
            "that this is what was agreed.",
        ),
        "rules.reason.niet-beademen-wel-ic": (
            "IC-opname zonder invasieve beademing kan (bijvoorbeeld voor medicatie of "
            "niet-invasieve ondersteuning); controleer of dit zo bedoeld is.",
            "ICU admission without invasive ventilation is possible (for example for medication "
            "or non-invasive support); check that this is what was meant.",
        ),
        "rules.reason.niet-ziekenhuis-wel-ic": (
            "Een IC-opname is een opname in het ziekenhuis: deze afspraken spreken elkaar tegen.",
            "An ICU admission is a hospital admission: these agreements contradict each other.",
        ),
        "rules.reason.wel-reanimeren-niet-ic": (
            "Na een geslaagde reanimatie is een IC-opname vrijwel altijd nodig.",
            "After a successful resuscitation an ICU admission is almost always needed.",
        ),
        "rules.reason.wel-reanimeren-niet-beademen": (
            "Na een reanimatie is beademing vrijwel altijd nodig.",
            "After a resuscitation ventilation is almost always needed.",
        ),
        "rules.reason.wel-reanimeren-niet-ziekenhuis": (
            "Na een reanimatie volgt een opname in het ziekenhuis.",
            "A resuscitation is followed by a hospital admission.",
        ),
        "rules.reason.wel-beademen-niet-ic": (
            "Invasieve beademing vindt plaats op de intensive care: wel beademen en geen "
            "IC-opname spreken elkaar tegen.",
            "Invasive ventilation takes place in intensive care: ventilation without ICU "
            "admission is contradictory.",
        ),
        "rules.incapable-without-representative": (
            "De patiënt is wilsonbekwaam voor medische behandelbeslissingen ({where}), maar er "
            "is geen wettelijk vertegenwoordiger vastgelegd. Leg vast wie de patiënt "
            "vertegenwoordigt.",
            "The patient lacks capacity for medical treatment decisions ({where}), but no legal "
            "representative has been recorded. Record who represents the patient.",
        ),
        "rules.icd.says-no": (
            "volgens {described} heeft de patiënt geen ICD",
            "according to {described} the patient has no ICD",
        ),
        "rules.icd.not-recorded": (
            "er is niet vastgelegd dat de patiënt een ICD heeft",
            "it has not been recorded that the patient has an ICD",
        ),
        "rules.icd-agreement-without-icd": (
            "Er is een afspraak over het uitzetten van de ICD ({where}), maar {icd}. Controleer "
            "beide onderdelen.",
            "There is an agreement about deactivating the ICD ({where}), but {icd}. Check both "
            "parts.",
        ),
        "rules.no-sharing-consent": (
            "De patiënt heeft (nog) geen toestemming gegeven om deze behandelafspraken te delen "
            "(onderdeel 8b). Zonder ‘Akkoord’ zijn de gegevens niet beschikbaar voor andere "
            "zorgverleners.",
            "The patient has not (yet) consented to sharing these treatment agreements (part "
            "8b). Without ‘Agreed’ the data are not available to other care professionals.",
        ),
        # --- double registration (domain/editing/double_registration.py) ---------------
        "dr.same-value-recently": (
            "{item}: dezelfde waarde (‘{value}’) is op {date} al vastgelegd door {who} in "
            "{source}.",
            "{item}: the same value (‘{value}’) was already recorded on {date} by {who} in "
            "{source}.",
        ),
        "dr.same-day-conversation": (
            "Op {date} is al een PZP-gesprek vastgelegd door {who} in {source}. Vul dat gesprek "
            "zo nodig aan in plaats van een tweede gesprek vast te leggen.",
            "On {date} a PZP conversation was already recorded by {who} in {source}. If needed, "
            "add to that conversation instead of recording a second one.",
        ),
        "dr.native-registration": (
            "{system} legt proactieve zorgplanning zelf vast. Wat u hier opslaat, staat daar "
            "niet in het eigen PZP-formulier: leg het gesprek op één plek vast om dubbele "
            "registratie te voorkomen.",
            "{system} records advance care planning itself. What you save here does not appear "
            "in its own PZP form: record the conversation in one place to avoid double "
            "registration.",
        ),
        "dr.no-items": ("geen onderdelen", "no parts"),
        "dr.conversation": ("PZP-gesprek", "PZP conversation"),
        "dr.new-conversation": (
            "Nieuw PZP-gesprek door {who} in {source} ({items}).",
            "New PZP conversation by {who} in {source} ({items}).",
        ),
        "dr.new-conversation-on": (
            "Nieuw PZP-gesprek op {date} door {who} in {source} ({items}).",
            "New PZP conversation on {date} by {who} in {source} ({items}).",
        ),
        "dr.newer-version": (
            "{items}: nieuwe versie in {source} (door {who}).",
            "{items}: new version in {source} (by {who}).",
        ),
        "dr.newer-version-of": (
            "{items}: nieuwe versie van {date} in {source} (door {who}).",
            "{items}: new version of {date} in {source} (by {who}).",
        ),
        "dr.new-record": (
            "{items}: nieuw vastgelegd door {who} in {source}.",
            "{items}: newly recorded by {who} in {source}.",
        ),
        "dr.new-record-on": (
            "{items}: nieuw vastgelegd op {date} door {who} in {source}.",
            "{items}: newly recorded on {date} by {who} in {source}.",
        ),
        "dr.removed": (
            "{what}: niet meer aanwezig in {source} (verwijderd of afgeschermd).",
            "{what}: no longer present in {source} (removed or restricted).",
        ),
        "dr.source-unchecked": (
            "{source} kon nu niet worden gelezen: of daar intussen iets is gewijzigd, is niet "
            "gecontroleerd.",
            "{source} could not be read now: whether anything has changed there in the "
            "meantime has not been checked.",
        ),
        # --- starting the GUI (__main__.py) --------------------------------------------
        "launch.usage-error": (
            "De startopdracht van PZP Desktop bevat een onbekende, onvolledige of ongeldige "
            "optie{options}. Controleer hoe uw zorgsysteem PZP Desktop start; blijft dit "
            "gebeuren, neem dan contact op met uw applicatiebeheerder.",
            "The command that starts PZP Desktop contains an unknown, incomplete or invalid "
            "option{options}. Check how your care system starts PZP Desktop; if this keeps "
            "happening, contact your application administrator.",
        ),
        "launch.usage-error.options": (" ({names})", " ({names})"),
        "launch.unexpected-error": (
            "Er ging iets onverwachts mis in PZP Desktop. Er is niets opgeslagen of verstuurd "
            "dat niet af was. Start de app opnieuw; blijft dit gebeuren, neem dan contact op "
            "met uw applicatiebeheerder.",
            "Something unexpected went wrong in PZP Desktop. Nothing unfinished has been saved "
            "or sent. Start the app again; if this keeps happening, contact your application "
            "administrator.",
        ),
        # --- launch errors (launch/errors.py) ------------------------------------------
        "launch.error.default": (
            "PZP Desktop kon niet starten met deze gegevens. Blijft dit gebeuren, neem dan "
            "contact op met uw applicatiebeheerder.",
            "PZP Desktop could not start with these details. If this keeps happening, contact "
            "your application administrator.",
        ),
        "launch.error.invalid-arguments": (
            "De startgegevens zijn niet volledig of niet geldig. Start PZP Desktop opnieuw "
            "vanuit uw eigen systeem; blijft dit gebeuren, neem dan contact op met uw "
            "applicatiebeheerder.",
            "The launch details are incomplete or invalid. Start PZP Desktop again from your "
            "own system; if this keeps happening, contact your application administrator.",
        ),
        "launch.error.invalid-bsn": (
            "Het meegegeven BSN is niet geldig (het moet uit 9 cijfers bestaan en de 11-proef "
            "doorstaan). Controleer het BSN in uw eigen systeem en start PZP Desktop opnieuw.",
            "The BSN given is not valid (it must consist of 9 digits and pass the 11-test). "
            "Check the BSN in your own system and start PZP Desktop again.",
        ),
        "launch.error.handover": (
            "Een tweede start van PZP Desktop gaf onbruikbare startgegevens door; ze zijn "
            "genegeerd. Open de patiënt opnieuw vanuit uw eigen systeem.",
            "A second start of PZP Desktop passed on unusable launch details; they have been "
            "ignored. Open the patient again from your own system.",
        ),
        "launch.error.issuer-unreachable": (
            "De FHIR-server of de aanmeldserver van uw zorgsysteem is niet bereikbaar. "
            "Controleer de netwerkverbinding en probeer het opnieuw. Blijft dit gebeuren, neem "
            "dan contact op met uw applicatiebeheerder.",
            "The FHIR server or the authorisation server of your care system cannot be "
            "reached. Check the network connection and try again. If this keeps happening, "
            "contact your application administrator.",
        ),
        "launch.error.discovery-invalid": (
            "De aanmeldgegevens van de FHIR-server (SMART-configuratie) zijn onvolledig of "
            "onveilig, daarom meldt PZP Desktop zich niet aan. Neem contact op met uw "
            "applicatiebeheerder.",
            "The sign-in details of the FHIR server (SMART configuration) are incomplete or "
            "insecure, so PZP Desktop does not sign in. Contact your application "
            "administrator.",
        ),
        "launch.error.discovery-invalid.reason": (
            "{message} (Reden: {reason}.)",
            "{message} (Reason: {reason}.)",
        ),
        "launch.error.smart-not-offered": (
            "Deze FHIR-server biedt geen SMART-aanmelding aan (geen "
            ".well-known/smart-configuration). Controleer het adres van de server of neem "
            "contact op met uw applicatiebeheerder.",
            "This FHIR server does not offer SMART sign-in (no "
            ".well-known/smart-configuration). Check the address of the server or contact "
            "your application administrator.",
        ),
        "launch.error.browser-unavailable": (
            "PZP Desktop kon de webbrowser niet openen om u aan te melden. Controleer of er een "
            "standaardbrowser is ingesteld en probeer het opnieuw. Blijft dit gebeuren, neem "
            "dan contact op met uw applicatiebeheerder.",
            "PZP Desktop could not open the web browser to sign you in. Check that a default "
            "browser has been set and try again. If this keeps happening, contact your "
            "application administrator.",
        ),
        "launch.error.login-timed-out": (
            "Het aanmelden duurde te lang; PZP Desktop heeft het afgebroken. Open de patiënt "
            "opnieuw vanuit uw eigen systeem en rond het aanmelden in de browser af.",
            "Signing in took too long; PZP Desktop has stopped it. Open the patient again from "
            "your own system and complete the sign-in in the browser.",
        ),
        "launch.error.login-cancelled": (
            "Het aanmelden is afgebroken. Start PZP Desktop opnieuw om verder te gaan.",
            "Signing in was cancelled. Start PZP Desktop again to continue.",
        ),
        "launch.error.access-denied": (
            "De toegang is geweigerd: u (of uw zorgsysteem) hebt PZP Desktop geen toestemming "
            "gegeven voor deze patiënt. Start opnieuw en geef toestemming, of vraag uw "
            "applicatiebeheerder om de juiste rechten.",
            "Access was denied: you (or your care system) did not give PZP Desktop permission "
            "for this patient. Start again and give permission, or ask your application "
            "administrator for the right permissions.",
        ),
        "launch.error.state-mismatch": (
            "Het antwoord van de aanmeldserver hoorde niet bij deze aanmelding (mogelijk een "
            "oud browsertabblad); uit veiligheid is het genegeerd. Sluit oude aanmeldtabbladen "
            "en open de patiënt opnieuw vanuit uw eigen systeem.",
            "The answer of the authorisation server did not belong to this sign-in (possibly "
            "an old browser tab); for safety it has been ignored. Close old sign-in tabs and "
            "open the patient again from your own system.",
        ),
        "launch.error.authorization-failed": (
            "De aanmeldserver weigerde de aanmelding van PZP Desktop. Probeer het opnieuw. "
            "Blijft dit gebeuren, neem dan contact op met uw applicatiebeheerder.",
            "The authorisation server refused the sign-in of PZP Desktop. Try again. If this "
            "keeps happening, contact your application administrator.",
        ),
        "launch.error.launch-expired": (
            "De start vanuit uw zorgsysteem is verlopen of al gebruikt. Open de patiënt "
            "opnieuw vanuit uw eigen systeem (EPD/HIS/ECD).",
            "The launch from your care system has expired or has already been used. Open the "
            "patient again from your own system (EHR/GP system/care record).",
        ),
        "launch.error.token-endpoint": (
            "De aanmeldserver gaf geen bruikbare toegangssleutel. Probeer het opnieuw. Blijft "
            "dit gebeuren, neem dan contact op met uw applicatiebeheerder.",
            "The authorisation server did not give a usable access key. Try again. If this "
            "keeps happening, contact your application administrator.",
        ),
        "launch.error.invalid-reference": (
            "De aanmeldserver gaf een ongeldige {what}-verwijzing mee. Open de patiënt "
            "opnieuw vanuit uw eigen systeem; blijft dit gebeuren, neem dan contact op met uw "
            "applicatiebeheerder.",
            "The authorisation server returned an invalid {what} reference. Open the patient "
            "again from your own system; if this keeps happening, contact your application "
            "administrator.",
        ),
        "launch.error.id-token-invalid": (
            "De identiteit die de aanmeldserver meegaf kon niet worden gecontroleerd "
            "(ongeldige handtekening of inhoud); uit veiligheid gaat PZP Desktop niet verder. "
            "Neem contact op met uw applicatiebeheerder.",
            "The identity the authorisation server returned could not be verified (invalid "
            "signature or content); for safety PZP Desktop does not continue. Contact your "
            "application administrator.",
        ),
        "launch.error.no-patient": (
            "Uw zorgsysteem gaf geen patiënt mee bij het starten. Open eerst de patiënt in uw "
            "eigen systeem en start PZP Desktop daar opnieuw.",
            "Your care system did not pass a patient at launch. First open the patient in your "
            "own system and start PZP Desktop again from there.",
        ),
        "launch.error.patient-not-found": (
            "Er is geen patiënt met dit BSN gevonden in de bron. Controleer het BSN en of de "
            "patiënt in deze bron is geregistreerd.",
            "No patient with this BSN was found in the source. Check the BSN and whether the "
            "patient is registered in this source.",
        ),
        "launch.error.ambiguous-patient": (
            "Er zijn meerdere patiënten met dit BSN gevonden in de bron; PZP Desktop kiest er "
            "niet zelf een. Open de patiënt vanuit uw eigen systeem of neem contact op met uw "
            "applicatiebeheerder.",
            "More than one patient with this BSN was found in the source; PZP Desktop does not "
            "choose one itself. Open the patient from your own system or contact your "
            "application administrator.",
        ),
        "launch.error.token-store-unavailable": (
            "De sleutelhanger van het besturingssysteem is niet beschikbaar, daarom kon PZP "
            "Desktop de opgeslagen aanmeldgegevens niet lezen of verwijderen. Blijft dit "
            "gebeuren, neem dan contact op met uw applicatiebeheerder.",
            "The operating system's keyring is not available, so PZP Desktop could not read "
            "or remove the stored sign-in details. If this keeps happening, contact your "
            "application administrator.",
        ),
        # --- the browser page after signing in (launch/loopback.py) --------------------
        "launch.page.done.title": ("Aangemeld", "Signed in"),
        "launch.page.done.text": (
            "U bent aangemeld bij PZP Desktop. U kunt dit tabblad sluiten en teruggaan naar PZP "
            "Desktop.",
            "You are signed in to PZP Desktop. You can close this tab and return to PZP Desktop.",
        ),
        "launch.page.denied.title": ("Geen toegang", "No access"),
        "launch.page.denied.text": (
            "De toegang is geweigerd. U kunt dit tabblad sluiten; PZP Desktop laat zien wat u "
            "kunt doen.",
            "Access was denied. You can close this tab; PZP Desktop shows what you can do.",
        ),
        "launch.page.failed.title": ("Aanmelden niet gelukt", "Sign-in failed"),
        "launch.page.failed.text": (
            "Het aanmelden is niet gelukt. U kunt dit tabblad sluiten; PZP Desktop laat zien wat "
            "u kunt doen.",
            "Signing in did not succeed. You can close this tab; PZP Desktop shows what you can "
            "do.",
        ),
        "launch.page.not-this.title": ("Onbekend verzoek", "Unknown request"),
        "launch.page.not-this.text": (
            "Dit verzoek hoort niet bij de aanmelding waarop PZP Desktop wacht en is genegeerd. "
            "U kunt dit tabblad sluiten.",
            "This request does not belong to the sign-in PZP Desktop is waiting for and has "
            "been ignored. You can close this tab.",
        ),
        # --- SMART configuration problems (launch/discovery.py, launch/smart.py) --------
        "launch.discovery.missing": ("{name} ontbreekt", "{name} is missing"),
        "launch.discovery.not-an-address": ("{name} is geen adres", "{name} is not an address"),
        "launch.discovery.invalid-address": (
            "{name} is geen geldig adres",
            "{name} is not a valid address",
        ),
        "launch.discovery.not-absolute": (
            "{name} is geen volledig webadres",
            "{name} is not a full web address",
        ),
        "launch.discovery.not-https": ("{name} gebruikt geen https", "{name} does not use https"),
        "launch.discovery.fragment": ("{name} bevat een '#'", "{name} contains a '#'"),
        "launch.discovery.not-string-list": (
            "{name} is geen lijst van teksten",
            "{name} is not a list of strings",
        ),
        "launch.discovery.not-json-object": ("geen JSON-object", "not a JSON object"),
        "launch.discovery.not-json": ("geen JSON", "not JSON"),
        "launch.discovery.no-pkce-s256": (
            "PKCE met S256 wordt niet aangeboden",
            "PKCE with S256 is not offered",
        ),
        "launch.discovery.no-authorization-code": (
            "grant_types_supported bevat geen authorization_code",
            "grant_types_supported does not include authorization_code",
        ),
        "launch.discovery.issuer-not-text": ("issuer is geen tekst", "issuer is not a string"),
        "launch.discovery.capability-missing": (
            "de server ondersteunt '{capability}' niet",
            "the server does not support '{capability}'",
        ),
        # --- launch arguments (launch/arguments.py) ------------------------------------
        "launch.arguments.server-missing": (
            "Het adres van de FHIR-server ({option}) ontbreekt. Start PZP Desktop opnieuw "
            "vanuit uw eigen systeem of geef het adres mee.",
            "The address of the FHIR server ({option}) is missing. Start PZP Desktop again "
            "from your own system or give the address.",
        ),
        "launch.arguments.server-invalid": (
            "Het adres van de FHIR-server ({option}) is geen geldig webadres. Controleer het "
            "adres en start PZP Desktop opnieuw.",
            "The address of the FHIR server ({option}) is not a valid web address. Check the "
            "address and start PZP Desktop again.",
        ),
        "launch.arguments.server-not-absolute": (
            "Het adres van de FHIR-server ({option}) moet een volledig webadres zijn dat met "
            "https:// begint. Controleer de instellingen van uw zorgsysteem.",
            "The address of the FHIR server ({option}) must be a full web address starting "
            "with https://. Check the settings of your care system.",
        ),
        "launch.arguments.server-not-https": (
            "Het adres van de FHIR-server ({option}) moet met https:// beginnen: PZP Desktop "
            "stuurt geen patiëntgegevens of aanmeldgegevens over een onbeveiligde verbinding "
            "(http:// mag alleen voor deze computer zelf, localhost). Controleer de "
            "instellingen van uw zorgsysteem.",
            "The address of the FHIR server ({option}) must start with https://: PZP Desktop "
            "does not send patient data or sign-in details over an unsecured connection "
            "(http:// is allowed only for this computer itself, localhost). Check the "
            "settings of your care system.",
        ),
        "launch.arguments.server-credentials": (
            "Het adres van de FHIR-server ({option}) mag geen gebruikersnaam of wachtwoord "
            "bevatten. Controleer de instellingen van uw zorgsysteem.",
            "The address of the FHIR server ({option}) must not contain a user name or "
            "password. Check the settings of your care system.",
        ),
        "launch.arguments.server-query": (
            "Het adres van de FHIR-server ({option}) mag geen '?' of '#' bevatten. Controleer "
            "de instellingen van uw zorgsysteem.",
            "The address of the FHIR server ({option}) must not contain '?' or '#'. Check the "
            "settings of your care system.",
        ),
        "launch.arguments.launch-missing": (
            "De startcode van uw zorgsysteem (launch) ontbreekt. Open de patiënt opnieuw "
            "vanuit uw eigen systeem.",
            "The launch code of your care system (launch) is missing. Open the patient again "
            "from your own system.",
        ),
        "launch.arguments.launch-invalid": (
            "De startcode van uw zorgsysteem (launch) is ongeldig. Open de patiënt opnieuw "
            "vanuit uw eigen systeem; blijft dit gebeuren, neem dan contact op met uw "
            "applicatiebeheerder.",
            "The launch code of your care system (launch) is invalid. Open the patient again "
            "from your own system; if this keeps happening, contact your application "
            "administrator.",
        ),
        "launch.arguments.bsn-missing": (
            "Het BSN ontbreekt. Geef het BSN van de patiënt mee (9 cijfers) of open de patiënt "
            "vanuit uw eigen systeem.",
            "The BSN is missing. Give the patient's BSN (9 digits) or open the patient from "
            "your own system.",
        ),
        "launch.arguments.url-unreadable": (
            "Het pzp-desktop://-adres is onleesbaar. Start PZP Desktop opnieuw vanuit uw eigen "
            "systeem; blijft dit gebeuren, neem dan contact op met uw applicatiebeheerder.",
            "The pzp-desktop:// address cannot be read. Start PZP Desktop again from your own "
            "system; if this keeps happening, contact your application administrator.",
        ),
        "launch.arguments.url-repeated": (
            "Het pzp-desktop://-adres bevat '{name}' meer dan eens. Start PZP Desktop opnieuw "
            "vanuit uw eigen systeem.",
            "The pzp-desktop:// address contains '{name}' more than once. Start PZP Desktop "
            "again from your own system.",
        ),
        "launch.arguments.url-repeated-part": (
            "Het pzp-desktop://-adres bevat een onderdeel meer dan eens. Start PZP Desktop "
            "opnieuw vanuit uw eigen systeem.",
            "The pzp-desktop:// address contains a part more than once. Start PZP Desktop "
            "again from your own system.",
        ),
        "launch.arguments.url-too-long": (
            "Het pzp-desktop://-adres is te lang. Start PZP Desktop opnieuw vanuit uw eigen "
            "systeem.",
            "The pzp-desktop:// address is too long. Start PZP Desktop again from your own system.",
        ),
        "launch.arguments.unknown-command": (
            "Onbekende opdracht of onbekend adres. PZP Desktop opent alleen "
            "pzp-desktop://-adressen; de opdrachten staan in 'pzp-desktop --help'.",
            "Unknown command or unknown address. PZP Desktop opens only pzp-desktop:// "
            "addresses; the commands are listed in 'pzp-desktop --help'.",
        ),
        "launch.arguments.wrong-scheme": (
            "PZP Desktop kan alleen adressen openen die met pzp-desktop:// beginnen, zoals "
            "pzp-desktop://launch?iss=…&launch=…. Controleer hoe uw zorgsysteem PZP Desktop "
            "start.",
            "PZP Desktop can only open addresses that start with pzp-desktop://, such as "
            "pzp-desktop://launch?iss=…&launch=…. Check how your care system starts PZP "
            "Desktop.",
        ),
        "launch.arguments.unknown-url": (
            "Onbekend pzp-desktop://-adres: PZP Desktop kent alleen pzp-desktop://launch "
            "(starten vanuit het EPD) en pzp-desktop://patient (starten met een BSN). "
            "Controleer hoe uw zorgsysteem PZP Desktop start.",
            "Unknown pzp-desktop:// address: PZP Desktop knows only pzp-desktop://launch "
            "(launch from the EHR) and pzp-desktop://patient (start with a BSN). Check how "
            "your care system starts PZP Desktop.",
        ),
        "launch.arguments.patient-url-without-base": (
            "Bij pzp-desktop://patient ontbreekt het adres van de FHIR-server (fhir-base) en "
            "er is er geen ingesteld. Geef fhir-base mee of laat uw applicatiebeheerder een "
            "standaardbron instellen.",
            "pzp-desktop://patient lacks the address of the FHIR server (fhir-base) and none "
            "has been configured. Give fhir-base or have your application administrator "
            "configure a default source.",
        ),
        "launch.arguments.url-and-options": (
            "Geef óf een pzp-desktop://-adres óf de opties {options} mee, niet allebei. "
            "Controleer hoe uw zorgsysteem PZP Desktop start.",
            "Give either a pzp-desktop:// address or the options {options}, not both. Check "
            "how your care system starts PZP Desktop.",
        ),
        "launch.arguments.demo-with-options": (
            "--demo (oefenomgeving) kan niet samen met {options}. Start de oefenomgeving "
            "zonder andere opties, of laat --demo weg.",
            "--demo (training environment) cannot be combined with {options}. Start the "
            "training environment without other options, or leave out --demo.",
        ),
        "launch.arguments.ehr-and-standalone": (
            "Een start vanuit het EPD (--iss/--launch) kan niet samen met --fhir-base of "
            "--bsn. Gebruik het één of het ander.",
            "A launch from the EHR (--iss/--launch) cannot be combined with --fhir-base or "
            "--bsn. Use one or the other.",
        ),
        "launch.arguments.launch-without-iss": (
            "--launch heeft ook --iss nodig (het adres van de FHIR-server van het EPD). "
            "Controleer hoe uw EPD PZP Desktop start.",
            "--launch also needs --iss (the address of the EHR's FHIR server). Check how your "
            "EHR starts PZP Desktop.",
        ),
        "launch.arguments.iss-without-launch": (
            "--iss heeft ook --launch nodig (de startcode van het EPD). Controleer hoe uw EPD "
            "PZP Desktop start.",
            "--iss also needs --launch (the EHR's launch code). Check how your EHR starts PZP "
            "Desktop.",
        ),
        "launch.arguments.bsn-without-base": (
            "--bsn heeft ook --fhir-base nodig (het adres van de FHIR-server), en er is geen "
            "standaardbron ingesteld. Geef --fhir-base mee.",
            "--bsn also needs --fhir-base (the address of the FHIR server), and no default "
            "source has been configured. Give --fhir-base.",
        ),
        # --- the configuration file (config.py) ----------------------------------------
        "settings.not-in-order": (
            "Het instellingenbestand van PZP Desktop is niet in orde.",
            "The PZP Desktop configuration file is not in order.",
        ),
        "settings.advice": (
            "Pas het bestand aan (alle instellingen staan beschreven in "
            "pzp-desktop.example.toml) of neem contact op met uw applicatiebeheerder.",
            "Correct the file (every setting is described in pzp-desktop.example.toml) or "
            "contact your application administrator.",
        ),
        "settings.problem.key": ("Instelling {key}: {problem}", "Setting {key}: {problem}"),
        "settings.problem.line": ("regel {line}: {problem}", "line {line}: {problem}"),
        "settings.problem.line-column": (
            "regel {line}, kolom {column}: {problem}",
            "line {line}, column {column}: {problem}",
        ),
        "settings.token-env-unset": (
            "de omgevingsvariabele {variable} (token_env van bron '{source}') is niet gezet of "
            "leeg; zet daarin het toegangstoken voor deze bron",
            "the environment variable {variable} (token_env of source '{source}') is not set "
            "or empty; put the access token for this source in it",
        ),
        "settings.file-missing": (
            "het bestand bestaat niet (opgegeven met {named_by})",
            "the file does not exist (named by {named_by})",
        ),
        "settings.is-directory": ("dit is een map, geen bestand", "this is a folder, not a file"),
        "settings.unreadable": (
            "het bestand kan niet worden gelezen ({reason})",
            "the file cannot be read ({reason})",
        ),
        "settings.not-utf8": (
            "het bestand is geen UTF-8-tekst; sla het op als UTF-8",
            "the file is not UTF-8 text; save it as UTF-8",
        ),
        "settings.toml.invalid": ("geen geldige TOML ({detail})", "not valid TOML ({detail})"),
        "settings.toml.invalid-with-hint": (
            "geen geldige TOML: {hint} ({detail})",
            "not valid TOML: {hint} ({detail})",
        ),
        "settings.toml.at-end": (
            "{problem} aan het eind van het bestand",
            "{problem} at the end of the file",
        ),
        "settings.toml.invalid-value": (
            "ongeldige waarde (staat tekst tussen aanhalingstekens?)",
            "invalid value (is text between quotes?)",
        ),
        "settings.toml.expected-equals": (
            "na de naam van een instelling hoort '='",
            "the name of a setting must be followed by '='",
        ),
        "settings.toml.unterminated-string": (
            "een tekst is niet afgesloten met een aanhalingsteken",
            "a text is not closed with a quote",
        ),
        "settings.toml.duplicate-key": (
            "een instelling komt twee keer voor",
            "a setting occurs twice",
        ),
        "settings.toml.duplicate-table": ("een tabel komt twee keer voor", "a table occurs twice"),
        "settings.toml.expected-newline": (
            "na een waarde hoort een nieuwe regel",
            "a value must be followed by a new line",
        ),
        "settings.toml.backslash": (
            "een backslash in een tekst tussen dubbele aanhalingstekens; schrijf Windows-paden "
            "tussen enkele aanhalingstekens ('C:\\pad') of verdubbel de backslashes",
            "a backslash in a text between double quotes; write Windows paths between single "
            "quotes ('C:\\path') or double the backslashes",
        ),
        "settings.toml.invalid-statement": (
            "deze regel is geen instelling, tabel of commentaar",
            "this line is not a setting, table or comment",
        ),
        "settings.toml.invalid-key-character": (
            "ongeldig teken in de naam van een instelling",
            "invalid character in the name of a setting",
        ),
        "settings.value.table": ("een tabel", "a table"),
        "settings.value.list": ("een lijst", "a list"),
        "settings.bool": (
            "moet true of false zijn (zonder aanhalingstekens), niet {value}",
            "must be true or false (without quotes), not {value}",
        ),
        "settings.days": (
            "moet een geheel aantal dagen van 1 tot en met {maximum} zijn, niet {value}",
            "must be a whole number of days from 1 to {maximum}, not {value}",
        ),
        "settings.text": (
            "moet een tekst tussen aanhalingstekens zijn, niet {value}",
            "must be a text between quotes, not {value}",
        ),
        "settings.text-empty": ("mag niet leeg zijn", "must not be empty"),
        "settings.text-too-long": (
            "moet een korte tekst op één regel zijn (hooguit {maximum} tekens)",
            "must be a short text on one line (at most {maximum} characters)",
        ),
        "settings.language": (
            'moet "nl", "en" of "system" zijn, niet {value}',
            'must be "nl", "en" or "system", not {value}',
        ),
        "settings.variable-unset": (
            "verwijst naar de omgevingsvariabele {name}, die niet is gezet",
            "refers to the environment variable {name}, which is not set",
        ),
        "settings.path-not-absolute": (
            "moet een volledig pad zijn (beginnend bij / of de schijf, of met ~), niet {value}",
            "must be a full path (starting at / or the drive, or with ~), not {value}",
        ),
        "settings.path-is-folder": (
            "is een map; geef de naam van het bestand, bijvoorbeeld {example}",
            "is a folder; give the name of the file, for example {example}",
        ),
        "settings.organisation-not-table": (
            'moet een tabel zijn: organisation = {{ name = "…", identifier = "URA:12345678" }}',
            'must be a table: organisation = {{ name = "…", identifier = "URA:12345678" }}',
        ),
        "settings.organisation-identifier": (
            'moet "URA:" of "AGB:" gevolgd door 8 cijfers zijn (bijvoorbeeld "URA:12345678"), '
            "niet {value}",
            'must be "URA:" or "AGB:" followed by 8 digits (for example "URA:12345678"), not '
            "{value}",
        ),
        "settings.url.invalid": (
            "geen geldige https-URL ({value})",
            "not a valid https URL ({value})",
        ),
        "settings.url.not-absolute": (
            "geen geldige https-URL ({value}); een FHIR-adres begint met https://",
            "not a valid https URL ({value}); a FHIR address starts with https://",
        ),
        "settings.url.not-https": (
            "geen geldige https-URL ({value}): http:// mag alleen voor deze computer zelf "
            "(localhost); patiëntgegevens gaan alleen over https",
            "not a valid https URL ({value}): http:// is allowed only for this computer itself "
            "(localhost); patient data go over https only",
        ),
        "settings.url.credentials": (
            "geen geldige https-URL: een adres mag geen gebruikersnaam of wachtwoord bevatten",
            "not a valid https URL: an address must not contain a user name or password",
        ),
        "settings.url.query": (
            "geen geldige https-URL ({value}): een FHIR-basisadres bevat geen '?' of '#'",
            "not a valid https URL ({value}): a FHIR base address contains no '?' or '#'",
        ),
        "settings.authentication": (
            'moet "smart", "none" of "bearer-env" zijn, niet {value}',
            'must be "smart", "none" or "bearer-env", not {value}',
        ),
        "settings.token-env-name": (
            "moet de naam van een omgevingsvariabele zijn (letters, cijfers en _, bijvoorbeeld "
            '"PZP_TOKEN_REGIO"), niet het token zelf',
            "must be the name of an environment variable (letters, digits and _, for example "
            '"PZP_TOKEN_REGIO"), not the token itself',
        ),
        "settings.client-id": (
            "moet een client_id zonder spaties zijn, niet {value}",
            "must be a client_id without spaces, not {value}",
        ),
        "settings.redirect-path": (
            'moet een pad zijn dat met / begint, zonder ? of # (bijvoorbeeld "/callback"), '
            "niet {value}",
            'must be a path that starts with /, without ? or # (for example "/callback"), '
            "not {value}",
        ),
        "settings.secret": (
            "geheimen horen niet in het instellingenbestand; zet een token in een "
            'omgevingsvariabele en noem die bij token_env (authentication = "bearer-env")',
            "secrets do not belong in the configuration file; put a token in an environment "
            'variable and name that in token_env (authentication = "bearer-env")',
        ),
        "settings.unknown": ("onbekende instelling", "unknown setting"),
        "settings.unknown.did-you-mean": (
            "onbekende instelling (bedoelt u {name}?)",
            "unknown setting (did you mean {name}?)",
        ),
        "settings.unknown.belongs-in": (
            "onbekende instelling (hoort in {block})",
            "unknown setting (belongs in {block})",
        ),
        "settings.missing": ("ontbreekt", "is missing"),
        "settings.not-a-table": (
            "moet een tabel [{name}] zijn, niet {value}",
            "must be a table [{name}], not {value}",
        ),
        "settings.scopes-not-list": (
            'moet een lijst van scopes zijn, bijvoorbeeld ["launch/encounter"], niet {value}',
            'must be a list of scopes, for example ["launch/encounter"], not {value}',
        ),
        "settings.scope-invalid": (
            "geen geldige scope (één woord zonder spaties of aanhalingstekens): {value}",
            "not a valid scope (one word without spaces or quotes): {value}",
        ),
        "settings.sources-not-list": (
            "moet een lijst van [[sources]]-blokken zijn (elk met name en base_url), niet {value}",
            "must be a list of [[sources]] blocks (each with name and base_url), not {value}",
        ),
        "settings.token-env-missing": (
            'ontbreekt: bij authentication = "bearer-env" hoort de naam van de '
            "omgevingsvariabele met het token",
            'is missing: authentication = "bearer-env" needs the name of the environment '
            "variable with the token",
        ),
        "settings.token-env-unexpected": (
            'hoort alleen bij authentication = "bearer-env"',
            'belongs only with authentication = "bearer-env"',
        ),
        "settings.duplicate-name": (
            "de naam {name} komt al voor bij {other}",
            "the name {name} is already used by {other}",
        ),
        "settings.duplicate-url": ("hetzelfde adres als {other}", "the same address as {other}"),
        "settings.duplicate-primary": (
            "er mag maar één bron primary = true hebben (ook {other})",
            "only one source may have primary = true (also {other})",
        ),
        "settings.notice.view-only": (
            "force_view_only = false in {user_file} is genegeerd: de installatie "
            "({installation_file}) schrijft alleen inzien voor.",
            "force_view_only = false in {user_file} has been ignored: the installation "
            "({installation_file}) prescribes view-only.",
        ),
        "settings.notice.audit-log": (
            "audit_log in {user_file} is genegeerd: de installatie ({installation_file}) "
            "bepaalt waar het auditlog staat ({audit_log}).",
            "audit_log in {user_file} has been ignored: the installation "
            "({installation_file}) decides where the audit log is ({audit_log}).",
        ),
        # --- FHIR errors (fhir/errors.py) ----------------------------------------------
        "fhir.error.default": (
            "Er ging iets mis bij het ophalen of versturen van gegevens.",
            "Something went wrong while retrieving or sending data.",
        ),
        "fhir.error.transport": (
            "De bron is niet bereikbaar. Controleer de netwerkverbinding en probeer het opnieuw.",
            "The source cannot be reached. Check the network connection and try again.",
        ),
        "fhir.error.timeout": (
            "De bron antwoordde niet op tijd. Probeer het later opnieuw; blijft dit gebeuren, "
            "neem dan contact op met uw applicatiebeheerder.",
            "The source did not answer in time. Try again later; if this keeps happening, "
            "contact your application administrator.",
        ),
        "fhir.error.unreachable": (
            "De bron is niet bereikbaar. Controleer de netwerkverbinding en het adres van de "
            "bron, en probeer het opnieuw.",
            "The source cannot be reached. Check the network connection and the address of the "
            "source, and try again.",
        ),
        "fhir.error.no-patient-with-bsn": (
            "Geen patiënt met dit BSN gevonden in deze bron.",
            "No patient with this BSN was found in this source.",
        ),
        "fhir.error.ambiguous-patient": (
            "Er zijn meerdere patiënten met dit BSN gevonden in deze bron. Open de patiënt vanuit "
            "uw eigen systeem of neem contact op met uw applicatiebeheerder.",
            "More than one patient with this BSN was found in this source. Open the patient from "
            "your own system or contact your application administrator.",
        ),
        "fhir.error.write-refused": (
            "PZP Desktop staat in alleen-lezen modus: er wordt niets opgeslagen in de bron.",
            "PZP Desktop is in read-only mode: nothing is saved in the source.",
        ),
        "fhir.status.refused": (
            "De bron weigerde het verzoek. (HTTP {status})",
            "The source refused the request. (HTTP {status})",
        ),
        "fhir.status.invalid-request": (
            "De bron kan dit verzoek niet verwerken. (HTTP {status})",
            "The source cannot process this request. (HTTP {status})",
        ),
        "fhir.status.not-authorised": (
            "U bent niet (meer) aangemeld bij deze bron. Meld u opnieuw aan. (HTTP {status})",
            "You are not (or no longer) signed in to this source. Sign in again. (HTTP {status})",
        ),
        "fhir.status.forbidden": (
            "U hebt geen toestemming voor deze gegevens in deze bron. Neem contact op met uw "
            "applicatiebeheerder als dit niet klopt. (HTTP {status})",
            "You are not allowed to see these data in this source. Contact your application "
            "administrator if this is not right. (HTTP {status})",
        ),
        "fhir.status.not-found": (
            "De gevraagde gegevens zijn niet gevonden in deze bron. (HTTP {status})",
            "The requested data were not found in this source. (HTTP {status})",
        ),
        "fhir.status.conflict": (
            "De gegevens zijn intussen door iemand anders gewijzigd. Laad ze opnieuw en bekijk "
            "de wijzigingen voordat u opslaat. (HTTP {status})",
            "The data have been changed by someone else in the meantime. Reload them and review "
            "the changes before you save. (HTTP {status})",
        ),
        "fhir.status.rate-limited": (
            "De bron is even te druk. Probeer het over een minuut opnieuw. (HTTP {status})",
            "The source is too busy right now. Try again in a minute. (HTTP {status})",
        ),
        "fhir.status.unavailable": (
            "De bron is tijdelijk niet beschikbaar. Probeer het later opnieuw. (HTTP {status})",
            "The source is temporarily unavailable. Try again later. (HTTP {status})",
        ),
        "fhir.status.server-error": (
            "Er ging iets mis in de bron. Probeer het later opnieuw; blijft dit gebeuren, neem "
            "dan contact op met uw applicatiebeheerder. (HTTP {status})",
            "Something went wrong in the source. Try again later; if this keeps happening, "
            "contact your application administrator. (HTTP {status})",
        ),
        "fhir.status.issues": (
            "{message} Melding van de bron: {issues}.",
            "{message} Reported by the source: {issues}.",
        ),
        "fhir.content.default": (
            "De bron gaf een antwoord dat PZP Desktop niet kan lezen. Neem contact op met uw "
            "applicatiebeheerder.",
            "The source gave an answer that PZP Desktop cannot read. Contact your application "
            "administrator.",
        ),
        "fhir.content": (
            "De bron gaf een antwoord dat PZP Desktop niet kan lezen ({reason}). Neem contact "
            "op met uw applicatiebeheerder als dit blijft gebeuren.",
            "The source gave an answer that PZP Desktop cannot read ({reason}). Contact your "
            "application administrator if this keeps happening.",
        ),
        "fhir.content.at": (
            "De bron gaf een antwoord dat PZP Desktop niet kan lezen ({reason} bij {path}). "
            "Neem contact op met uw applicatiebeheerder als dit blijft gebeuren.",
            "The source gave an answer that PZP Desktop cannot read ({reason} at {path}). "
            "Contact your application administrator if this keeps happening.",
        ),
        "fhir.content.reason.reference-type": (
            "ongeldig resourcetype in een verwijzing",
            "invalid resource type in a reference",
        ),
        "fhir.content.reason.reference-id": (
            "ongeldige id in een verwijzing",
            "invalid id in a reference",
        ),
        "fhir.content.reason.other-server": (
            "verwijzing naar een andere server geweigerd",
            "reference to another server refused",
        ),
        "fhir.content.reason.invalid-address": ("ongeldig adres", "invalid address"),
        "fhir.content.reason.empty": ("leeg antwoord", "empty answer"),
        "fhir.content.reason.web-page": (
            "een webpagina in plaats van FHIR-gegevens",
            "a web page instead of FHIR data",
        ),
        "fhir.content.reason.not-json": ("geen JSON", "not JSON"),
        "fhir.content.reason.invalid-json": ("ongeldige JSON", "invalid JSON"),
        "fhir.content.reason.not-a-resource": ("geen FHIR-resource", "not a FHIR resource"),
        "fhir.content.reason.wrong-type": (
            "{found} in plaats van {wanted}",
            "{found} instead of {wanted}",
        ),
        "fhir.content.reason.other-resource": (
            "een andere resource dan gevraagd",
            "a different resource than requested",
        ),
        "fhir.content.reason.bundle-type": (
            "bundle van type {found} in plaats van {wanted}",
            "bundle of type {found} instead of {wanted}",
        ),
        "fhir.content.reason.paging-links": ("ongeldige paginalinks", "invalid paging links"),
        "fhir.content.reason.empty-next-link": (
            "lege volgende-paginalink",
            "empty next-page link",
        ),
        "fhir.content.reason.next-page-elsewhere": (
            "volgende pagina op een andere server geweigerd",
            "next page on another server refused",
        ),
        "fhir.content.reason.entries": (
            "ongeldige lijst met resultaten",
            "invalid list of results",
        ),
        "fhir.content.reason.no-location": (
            "geen resource en geen Location in het antwoord",
            "no resource and no Location in the answer",
        ),
        # OperationOutcome issue codes (http://hl7.org/fhir/issue-type)
        "fhir.issue.invalid": ("ongeldige gegevens", "invalid data"),
        "fhir.issue.structure": ("ongeldige structuur", "invalid structure"),
        "fhir.issue.required": ("verplicht gegeven ontbreekt", "required element missing"),
        "fhir.issue.value": ("ongeldige waarde", "invalid value"),
        "fhir.issue.invariant": ("regel van het profiel geschonden", "profile rule violated"),
        "fhir.issue.security": ("beveiliging", "security"),
        "fhir.issue.login": ("inloggen nodig", "sign-in required"),
        "fhir.issue.unknown": ("onbekende gebruiker", "unknown user"),
        "fhir.issue.expired": ("sessie verlopen", "session expired"),
        "fhir.issue.forbidden": ("geen toestemming", "not allowed"),
        "fhir.issue.suppressed": ("gegevens afgeschermd", "data restricted"),
        "fhir.issue.processing": ("verwerkingsfout", "processing error"),
        "fhir.issue.not-supported": ("niet ondersteund", "not supported"),
        "fhir.issue.duplicate": ("dubbel record", "duplicate record"),
        "fhir.issue.multiple-matches": ("meerdere overeenkomsten", "multiple matches"),
        "fhir.issue.not-found": ("niet gevonden", "not found"),
        "fhir.issue.deleted": ("verwijderd", "deleted"),
        "fhir.issue.too-long": ("te lang", "too long"),
        "fhir.issue.code-invalid": ("onbekende code", "unknown code"),
        "fhir.issue.extension": ("onbekende extensie", "unknown extension"),
        "fhir.issue.too-costly": ("zoekvraag te zwaar", "search too costly"),
        "fhir.issue.business-rule": ("bedrijfsregel geschonden", "business rule violated"),
        "fhir.issue.conflict": ("versieconflict", "version conflict"),
        "fhir.issue.transient": ("tijdelijk probleem", "temporary problem"),
        "fhir.issue.lock-error": ("vergrendeld", "locked"),
        "fhir.issue.no-store": ("opslag niet beschikbaar", "storage unavailable"),
        "fhir.issue.exception": ("interne fout", "internal error"),
        "fhir.issue.timeout": ("time-out", "timeout"),
        "fhir.issue.incomplete": ("onvolledig resultaat", "incomplete result"),
        "fhir.issue.throttled": ("te veel verzoeken", "too many requests"),
        "fhir.issue.informational": ("informatie", "information"),
        # --- push outcomes (sources/push.py) --------------------------------------------
        "push.view-only": (
            "PZP Desktop staat in alleen-lezen modus: er is niets opgeslagen en er is niets naar "
            "de bron verstuurd.",
            "PZP Desktop is in read-only mode: nothing has been saved and nothing has been sent "
            "to the source.",
        ),
        "push.invalid": (
            "Het gesprek kan nog niet worden opgeslagen: los eerst de gemelde punten op.",
            "The conversation cannot be saved yet: first resolve the points reported.",
        ),
        "push.success": (
            "Het gesprek is opgeslagen in {source}.",
            "The conversation has been saved in {source}.",
        ),
        "push.already-saved": (
            "Het gesprek was bij een eerdere poging al opgeslagen in {source}; er is niets dubbel "
            "vastgelegd.",
            "The conversation had already been saved in {source} by an earlier attempt; nothing "
            "has been recorded twice.",
        ),
        "push.conflict": (
            "Het gesprek is niet opgeslagen: de gegevens van de patiënt in {source} zijn "
            "intussen door iemand anders gewijzigd. Laad de gegevens opnieuw, bekijk wat er is "
            "gewijzigd en sla daarna opnieuw op. Wat u hebt ingevuld, blijft bewaard.",
            "The conversation has not been saved: someone else has changed the patient's data "
            "in {source} in the meantime. Reload the data, review what has changed and then "
            "save again. What you have entered is kept.",
        ),
        "push.not-in-standard": (
            "Het gesprek kan niet worden opgeslagen: niet alle gegevens passen in de standaard "
            "(bijvoorbeeld wilsbekwaamheid zonder de gegevens van de patiënt uit de bron). Laad "
            "de patiënt opnieuw en probeer het nog eens.",
            "The conversation cannot be saved: not all data fit the standard (for example legal "
            "capacity without the patient's data from the source). Reload the patient and try "
            "again.",
        ),
        "push.no-version": (
            "Het gesprek is niet opgeslagen: van een gegeven in de bron is de versie onbekend, "
            "zodat het niet veilig kan worden bijgewerkt. Laad de gegevens opnieuw. Wat u hebt "
            "ingevuld, blijft bewaard.",
            "The conversation has not been saved: the version of a record in the source is "
            "unknown, so it cannot be updated safely. Reload the data. What you have entered "
            "is kept.",
        ),
        "push.forbidden": (
            "U hebt geen toestemming om in deze bron gegevens vast te leggen. Neem contact op met "
            "uw applicatiebeheerder als dit niet klopt.",
            "You are not allowed to record data in this source. Contact your application "
            "administrator if this is not right.",
        ),
        "push.failure": (
            "Het gesprek is niet opgeslagen. {reason} {advice}",
            "The conversation has not been saved. {reason} {advice}",
        ),
        "push.failure.kept": (
            "Wat u hebt ingevuld, blijft bewaard en wordt u opnieuw aangeboden.",
            "What you have entered is kept and will be offered to you again.",
        ),
        "push.failure.not-kept": (
            "Let op: concepten worden niet bewaard; sluit dit venster niet voordat het gesprek "
            "is opgeslagen.",
            "Note: drafts are not kept; do not close this window before the conversation has "
            "been saved.",
        ),
        "push.failure.ask-admin": (
            "Neem contact op met uw applicatiebeheerder als dit blijft gebeuren.",
            "Contact your application administrator if this keeps happening.",
        ),
    }
)

_FORMATTER = string.Formatter()


def placeholders(template: str) -> frozenset[str]:
    """The ``{names}`` a template uses."""
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name is not None)


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGUAGES}")
    return lang


def render(text: str, lang: str) -> str:
    """``text`` in ``lang``: a :class:`Text` in that language, any other string as it is."""
    _check_lang(lang)
    return text.render(lang) if isinstance(text, Text) else text


class Text(str):
    """A text in Dutch (its ``str`` value) and English (:meth:`render` with ``"en"``)."""

    en: str

    def __new__(cls, nl: str, en: str) -> Self:
        text = super().__new__(cls, str(nl))
        text.en = str(en)
        return text

    @property
    def nl(self) -> str:
        return str.__str__(self)

    def render(self, lang: str) -> str:
        """The text in ``lang`` (``"nl"`` or ``"en"``)."""
        return self.en if _check_lang(lang) == "en" else self.nl

    def __str__(self) -> str:
        return self.nl

    def __repr__(self) -> str:
        return f"{type(self).__name__}(nl={self.nl!r}, en={self.en!r})"

    def __reduce__(self) -> tuple[Callable[..., Text], tuple[str, ...]]:
        return (Text, (self.nl, self.en))


class Message(Text):
    """A catalogue message: ``Message("push.success", source="HIS")``.

    Unknown ids and missing or extra parameters raise (a programming error, caught by the
    tests), so a message can never be shown half-filled.
    """

    key: str

    def __new__(cls, key: str, /, **params: str | int) -> Self:
        nl_template, en_template = CATALOGUE[key]
        expected = placeholders(nl_template)
        if set(params) != expected:
            raise TypeError(f"message {key!r} takes {sorted(expected)}, not {sorted(params)}")
        nl = _fill(nl_template, params, "nl")
        en = _fill(en_template, params, "en")
        message = super().__new__(cls, nl, en)
        message.key = key
        return message

    def __repr__(self) -> str:
        return f"Message({self.key!r}: {self.nl!r})"

    def __reduce__(self) -> tuple[Callable[..., Text], tuple[str, ...]]:
        return (_restore_message, (self.key, self.nl, self.en))


def _fill(template: str, params: Mapping[str, str | int], lang: str) -> str:
    return template.format_map(
        {
            name: render(value, lang) if isinstance(value, str) else str(value)
            for name, value in params.items()
        }
    )


def _restore_message(key: str, nl: str, en: str) -> Message:
    message = str.__new__(Message, nl)
    message.en = en
    message.key = key
    return message


def joined(separator: str, parts: Iterable[str]) -> Text:
    """``separator.join(parts)`` in both languages (e.g. a list of item labels)."""
    items = list(parts)
    return Text(
        separator.join(render(p, "nl") for p in items),
        separator.join(render(p, "en") for p in items),
    )
