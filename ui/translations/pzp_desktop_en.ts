<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="nl_NL">
<context>
    <name>Errors</name>
    <message>
        <source>U heeft geen toestemming om daar te schrijven. Kies een andere map.</source>
        <translation>You are not allowed to write there. Choose another folder.</translation>
    </message>
    <message>
        <source>Het bestand kon niet worden geschreven. Controleer of de map bestaat en of er genoeg ruimte is, en probeer het opnieuw.</source>
        <translation>The file could not be written. Check that the folder exists and that there is enough space, and try again.</translation>
    </message>
    <message>
        <source>Er ging iets onverwachts mis. Probeer het opnieuw; blijft dit gebeuren, neem dan contact op met uw applicatiebeheerder.</source>
        <translation>Something unexpected went wrong. Try again; if this keeps happening, contact your application administrator.</translation>
    </message>
    <message>
        <source>Foutmelding</source>
        <translation>Error message</translation>
    </message>
    <message>
        <source>Er ging iets onverwachts mis. Wat u aan het doen was, is mogelijk niet afgerond. Blijft dit gebeuren, neem dan contact op met uw applicatiebeheerder.</source>
        <translation>Something unexpected went wrong. What you were doing may not have been completed. If this keeps happening, contact your application administrator.</translation>
    </message>
</context>
<context>
    <name>HistoryEntriesModel</name>
    <message>
        <source>Onderdeel</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Waarde</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Ten opzichte van eerder</source>
        <translation>Compared with before</translation>
    </message>
</context>
<context>
    <name>HistoryTexts</name>
    <message>
        <source>Datum onbekend</source>
        <translation>Date unknown</translation>
    </message>
    <message>
        <source>Gesprek van {date}</source>
        <translation>Conversation of {date}</translation>
    </message>
    <message>
        <source>Zorgverlener niet vastgelegd</source>
        <translation>Care provider not recorded</translation>
    </message>
    <message>
        <source>Onbekende zorgverlener</source>
        <translation>Unknown care provider</translation>
    </message>
    <message>
        <source>{name}, {function}</source>
        <translation>{name}, {function}</translation>
    </message>
    <message>
        <source>Patiënt aanwezig</source>
        <translation>Patient present</translation>
    </message>
    <message>
        <source>Patiënt niet aanwezig</source>
        <translation>Patient not present</translation>
    </message>
    <message>
        <source>Aanwezigheid patiënt niet vastgelegd</source>
        <translation>Patient&apos;s presence not recorded</translation>
    </message>
    <message>
        <source>Naam onbekend</source>
        <translation>Name unknown</translation>
    </message>
    <message>
        <source>Alleen als formulier vastgelegd</source>
        <translation>Recorded as a form only</translation>
    </message>
    <message>
        <source>Datum onzeker: datum waarop het formulier is ingevuld</source>
        <translation>Date uncertain: date the form was filled in</translation>
    </message>
    <message>
        <source>Datum onzeker: datum van de laatste wijziging in de bron</source>
        <translation>Date uncertain: date of the last change in the source</translation>
    </message>
    <message>
        <source>Datum onzeker</source>
        <translation>Date uncertain</translation>
    </message>
    <message>
        <source>De datum in het formulier wijkt af van die van het gesprek</source>
        <translation>The date in the form differs from that of the conversation</translation>
    </message>
    <message>
        <source>Het formulier is niet eenduidig aan één gesprek te koppelen</source>
        <translation>The form cannot be linked to one conversation unambiguously</translation>
    </message>
    <message>
        <source>Niet eenduidig vastgelegd — raadpleeg de bron</source>
        <translation>Not clearly recorded — consult the source</translation>
    </message>
    <message>
        <source>Geen onderdelen van het formulier vastgelegd</source>
        <translation>No items of the form recorded</translation>
    </message>
    <message>
        <source>1 onderdeel</source>
        <translation>1 item</translation>
    </message>
    <message>
        <source>{count} onderdelen</source>
        <translation>{count} items</translation>
    </message>
    <message>
        <source>{count} nieuw</source>
        <translation>{count} new</translation>
    </message>
    <message>
        <source>{count} gewijzigd</source>
        <translation>{count} changed</translation>
    </message>
    <message>
        <source>{count} ongewijzigd</source>
        <translation>{count} unchanged</translation>
    </message>
    <message>
        <source>{value} (beëindigd)</source>
        <translation>{value} (ended)</translation>
    </message>
    <message>
        <source>datum onbekend</source>
        <translation>date unknown</translation>
    </message>
    <message>
        <source>{date} (datum onzeker)</source>
        <translation>{date} (date uncertain)</translation>
    </message>
    <message>
        <source>Nieuw</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Ongewijzigd</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>Gewijzigd</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>Gewijzigd (was: {value}, {date}, {source})</source>
        <translation>Changed (was: {value}, {date}, {source})</translation>
    </message>
    <message>
        <source>in het formulier</source>
        <translation>in the form</translation>
    </message>
    <message>
        <source>als losse gegevens</source>
        <translation>as separate data</translation>
    </message>
    <message>
        <source>Let op: de datum wijkt af van die van het gesprek</source>
        <translation>Attention: the date differs from that of the conversation</translation>
    </message>
    <message>
        <source>Let op: in dit gesprek ook vastgelegd {method} als: {value}</source>
        <translation>Attention: in this conversation also recorded {method} as: {value}</translation>
    </message>
</context>
<context>
    <name>HistoryWidget</name>
    <message>
        <source>Nog geen PZP-gesprekken vastgelegd</source>
        <extracomment>A conversation was selected (mouse or keyboard); carries the domain ``Conversation``.</extracomment>
        <translation>No ACP conversations recorded yet</translation>
    </message>
    <message>
        <source>Geen gesprekken geladen</source>
        <translation>No conversations loaded</translation>
    </message>
    <message>
        <source>Geen gesprek geselecteerd</source>
        <translation>No conversation selected</translation>
    </message>
    <message>
        <source>Let op: {markers}</source>
        <translation>Attention: {markers}</translation>
    </message>
    <message>
        <source>Vastgelegd in dit gesprek ({summary})</source>
        <translation>Recorded in this conversation ({summary})</translation>
    </message>
    <message>
        <source>Vastgelegd in dit gesprek</source>
        <translation>Recorded in this conversation</translation>
    </message>
    <message>
        <source>Gesprekken</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <source>PZP-gesprekken (nieuwste eerst)</source>
        <translation>ACP conversations (newest first)</translation>
    </message>
    <message>
        <source>Tijdlijn van PZP-gesprekken</source>
        <translation>Timeline of ACP conversations</translation>
    </message>
    <message>
        <source>Kies een gesprek met de pijltjestoetsen om te zien wat er is vastgelegd</source>
        <translation>Choose a conversation with the arrow keys to see what was recorded</translation>
    </message>
    <message>
        <source>Vastgelegd in het gekozen gesprek</source>
        <translation>Recorded in the chosen conversation</translation>
    </message>
    <message>
        <source>In dit gesprek zijn geen onderdelen van het formulier vastgelegd.</source>
        <translation>No items of the form were recorded in this conversation.</translation>
    </message>
    <message>
        <source>Zorgverlener</source>
        <translation>Care provider</translation>
    </message>
    <message>
        <source>Bron</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Aanwezig</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Soort contact</source>
        <translation>Kind of contact</translation>
    </message>
    <message>
        <source>Toelichting</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Opmerkingen</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>Waarschuwingen</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>Gekozen gesprek</source>
        <translation>Chosen conversation</translation>
    </message>
</context>
<context>
    <name>KeyDecisions</name>
    <message>
        <source>Wel reanimeren</source>
        <translation>Resuscitate</translation>
    </message>
    <message>
        <source>NIET REANIMEREN</source>
        <translation>DO NOT RESUSCITATE</translation>
    </message>
    <message>
        <source>Wel beademen</source>
        <translation>Ventilate</translation>
    </message>
    <message>
        <source>NIET BEADEMEN</source>
        <translation>DO NOT VENTILATE</translation>
    </message>
    <message>
        <source>Wel IC-opname</source>
        <translation>ICU admission</translation>
    </message>
    <message>
        <source>GEEN IC-OPNAME</source>
        <translation>NO ICU ADMISSION</translation>
    </message>
    <message>
        <source>Wel ziekenhuisopname</source>
        <translation>Hospital admission</translation>
    </message>
    <message>
        <source>GEEN ZIEKENHUISOPNAME</source>
        <translation>NO HOSPITAL ADMISSION</translation>
    </message>
    <message>
        <source>ICD UITZETTEN</source>
        <translation>DEACTIVATE ICD</translation>
    </message>
    <message>
        <source>ICD niet uitzetten</source>
        <translation>Do not deactivate ICD</translation>
    </message>
    <message>
        <source>Anders</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Onbekend</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Geen besluit vastgelegd</source>
        <translation>No decision recorded</translation>
    </message>
    <message>
        <source>Niet eenduidig vastgelegd</source>
        <translation>Not clearly recorded</translation>
    </message>
    <message>
        <source>datum onzeker</source>
        <translation>date uncertain</translation>
    </message>
    <message>
        <source>datum onbekend</source>
        <translation>date unknown</translation>
    </message>
    <message>
        <source>Geen ICD</source>
        <translation>No ICD</translation>
    </message>
    <message>
        <source>Niet gevonden</source>
        <translation>Not found</translation>
    </message>
    <message>
        <source>Niet alle bronnen konden worden gelezen.</source>
        <translation>Not all sources could be read.</translation>
    </message>
    <message>
        <source>Nog niet besproken</source>
        <translation>Not yet discussed</translation>
    </message>
    <message>
        <source>beëindigd</source>
        <translation>ended</translation>
    </message>
    <message>
        <source>Bronnen spreken elkaar tegen</source>
        <translation>Sources contradict each other</translation>
    </message>
    <message>
        <source>Raadpleeg de bronnen.</source>
        <translation>Consult the sources.</translation>
    </message>
    <message>
        <source>zelfde datum in meerdere bronnen</source>
        <translation>same date in several sources</translation>
    </message>
    <message>
        <source>Was: %1</source>
        <translation>Was: %1</translation>
    </message>
    <message>
        <source>Afspraak beëindigd</source>
        <translation>Agreement ended</translation>
    </message>
    <message>
        <source>Raadpleeg de bron.</source>
        <translation>Consult the source.</translation>
    </message>
    <message>
        <source>Eerder anders vastgelegd (zie overzicht).</source>
        <translation>Recorded differently before (see overview).</translation>
    </message>
</context>
<context>
    <name>KeyDecisionsWidget</name>
    <message>
        <source>Kernafspraken</source>
        <translation>Key decisions</translation>
    </message>
    <message>
        <source>Reanimatie, beademing, IC-opname, ziekenhuisopname en uitzetten ICD</source>
        <translation>Resuscitation, ventilation, ICU admission, hospital admission and ICD deactivation</translation>
    </message>
    <message>
        <source>Let op: niet alle bronnen konden worden gelezen. Het overzicht en de kernafspraken kunnen onvolledig zijn; raadpleeg zo nodig de bron zelf.</source>
        <translation>Attention: not all sources could be read. The overview and the key decisions may be incomplete; consult the source itself if needed.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>PZP Desktop — Proactieve zorgplanning</source>
        <translation>PZP Desktop — Advance care planning</translation>
    </message>
    <message>
        <source>OEFENOMGEVING</source>
        <translation>TRAINING ENVIRONMENT</translation>
    </message>
    <message>
        <source>PZP Desktop hoofdvenster</source>
        <translation>PZP Desktop main window</translation>
    </message>
    <message>
        <source>Bovenbalk</source>
        <translation>Top bar</translation>
    </message>
    <message>
        <source>Applicatie</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Omgeving</source>
        <translation>Environment</translation>
    </message>
    <message>
        <source>Rechten</source>
        <translation>Permissions</translation>
    </message>
    <message>
        <source>Gebruiker</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Patiëntgegevens</source>
        <translation>Patient details</translation>
    </message>
    <message>
        <source>Kernafspraken</source>
        <translation>Key decisions</translation>
    </message>
    <message>
        <source>Werkgebied</source>
        <translation>Work area</translation>
    </message>
    <message>
        <source>Tabbladen van de patiënt</source>
        <translation>The patient&apos;s tabs</translation>
    </message>
    <message>
        <source>&amp;Overzicht</source>
        <translation>&amp;Overview</translation>
    </message>
    <message>
        <source>&amp;Gesprekken</source>
        <translation>&amp;Conversations</translation>
    </message>
    <message>
        <source>Het hele formulier met de meest recente waarden (Ctrl+1)</source>
        <translation>The whole form with the most recent values (Ctrl+1)</translation>
    </message>
    <message>
        <source>Alle PZP-gesprekken en wat er veranderde (Ctrl+2)</source>
        <translation>All ACP conversations and what changed (Ctrl+2)</translation>
    </message>
    <message>
        <source>Geen patiënt geopend</source>
        <translation>No patient open</translation>
    </message>
    <message>
        <source>Kernafspraken worden geladen…</source>
        <translation>Loading key decisions…</translation>
    </message>
    <message>
        <source>Kernafspraken worden geladen</source>
        <translation>Loading key decisions</translation>
    </message>
    <message>
        <source>&amp;Vernieuwen</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Alle bronnen opnieuw lezen (F5)</source>
        <translation>Read all sources again (F5)</translation>
    </message>
    <message>
        <source>&amp;Afdrukken…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>Het overzicht afdrukken (Ctrl+P)</source>
        <translation>Print the overview (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Exporteren als PDF…</source>
        <translation>&amp;Export as PDF…</translation>
    </message>
    <message>
        <source>Het overzicht als PDF-bestand opslaan</source>
        <translation>Save the overview as a PDF file</translation>
    </message>
    <message>
        <source>A&amp;fsluiten</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>Naar &amp;overzicht</source>
        <translation>Go to &amp;overview</translation>
    </message>
    <message>
        <source>Naar &amp;gesprekken</source>
        <translation>Go to &amp;conversations</translation>
    </message>
    <message>
        <source>&amp;Andere oefenpatiënt…</source>
        <translation>&amp;Other training patient…</translation>
    </message>
    <message>
        <source>Een andere fictieve patiënt openen</source>
        <translation>Open another fictitious patient</translation>
    </message>
    <message>
        <source>Oefenomgeving &amp;herstellen…</source>
        <translation>&amp;Reset training environment…</translation>
    </message>
    <message>
        <source>Alles wat tijdens het oefenen is vastgelegd weggooien en opnieuw beginnen</source>
        <translation>Discard everything recorded while training and start again</translation>
    </message>
    <message>
        <source>&amp;Patiënt</source>
        <translation>&amp;Patient</translation>
    </message>
    <message>
        <source>&amp;Beeld</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Taal</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Oefenomgeving</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <source>Werkbalk</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>OEFENOMGEVING — fictieve patiënten, er verlaat niets deze computer</source>
        <translation>TRAINING ENVIRONMENT — fictitious patients, nothing leaves this computer</translation>
    </message>
    <message>
        <source>Echte patiëntgegevens</source>
        <translation>Real patient data</translation>
    </message>
    <message>
        <source>Alleen raadplegen</source>
        <translation>View only</translation>
    </message>
    <message>
        <source>Raadplegen en vastleggen</source>
        <translation>View and record</translation>
    </message>
    <message>
        <source>De Engelse teksten zijn niet beschikbaar; PZP Desktop blijft Nederlands.</source>
        <translation>The English texts are not available; PZP Desktop stays in Dutch.</translation>
    </message>
    <message>
        <source>Oefenomgeving herstellen</source>
        <translation>Reset training environment</translation>
    </message>
    <message>
        <source>Oefenomgeving herstellen?</source>
        <translation>Reset the training environment?</translation>
    </message>
    <message>
        <source>Alles wat tijdens het oefenen is vastgelegd, wordt weggegooid. De fictieve patiënten krijgen weer hun oorspronkelijke gegevens.</source>
        <translation>Everything recorded while training is discarded. The fictitious patients get their original data back.</translation>
    </message>
    <message>
        <source>Herstellen</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>Annuleren</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>De oefenomgeving is hersteld.</source>
        <translation>The training environment has been reset.</translation>
    </message>
    <message>
        <source>De oefenomgeving wordt hersteld…</source>
        <translation>Resetting the training environment…</translation>
    </message>
    <message>
        <source>De oefenomgeving kon niet worden hersteld.</source>
        <translation>The training environment could not be reset.</translation>
    </message>
    <message>
        <source>Gegevens worden opgehaald…</source>
        <translation>Retrieving data…</translation>
    </message>
    <message>
        <source>Gegevens opgehaald om %1</source>
        <translation>Data retrieved at %1</translation>
    </message>
    <message>
        <source>De patiënt kon niet worden geopend.</source>
        <translation>The patient could not be opened.</translation>
    </message>
    <message>
        <source>Deze handeling kon niet in het auditlog worden vastgelegd.</source>
        <translation>This action could not be recorded in the audit log.</translation>
    </message>
    <message>
        <source>Overzicht afdrukken</source>
        <translation>Print overview</translation>
    </message>
    <message>
        <source>Het overzicht kon niet worden afgedrukt.</source>
        <translation>The overview could not be printed.</translation>
    </message>
    <message>
        <source>Het overzicht is afgedrukt.</source>
        <translation>The overview has been printed.</translation>
    </message>
    <message>
        <source>PZP-overzicht.pdf</source>
        <translation>ACP-overview.pdf</translation>
    </message>
    <message>
        <source>Exporteren als PDF</source>
        <translation>Export as PDF</translation>
    </message>
    <message>
        <source>PDF-bestanden (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Het PDF-bestand kon niet worden opgeslagen.</source>
        <translation>The PDF file could not be saved.</translation>
    </message>
    <message>
        <source>Het overzicht is opgeslagen als %1</source>
        <translation>The overview has been saved as %1</translation>
    </message>
</context>
<context>
    <name>OverviewModel</name>
    <message>
        <source>nog niet besproken</source>
        <translation>not yet discussed</translation>
    </message>
    <message>
        <source>niet gevonden in de gelezen bronnen</source>
        <extracomment>Instead of &quot;nog niet besproken&quot; when a source could not be read (it may hold the item).</extracomment>
        <translation>not found in the sources that were read</translation>
    </message>
    <message>
        <source>Onderdeel</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Waarde</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Vastgelegd door</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>Bron</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Opmerkingen</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>Datum van gesprek en vastlegging verschillen</source>
        <translation>Date of conversation and of recording differ</translation>
    </message>
    <message>
        <source>Datum is de invuldatum van het formulier</source>
        <translation>Date is the date the form was filled in</translation>
    </message>
    <message>
        <source>Datum is de laatste wijziging in de bron</source>
        <translation>Date is the last change in the source</translation>
    </message>
    <message>
        <source>Onbekende code, getoond zoals ontvangen</source>
        <translation>Unknown code, shown as received</translation>
    </message>
    <message>
        <source>Naam van de behandeling ontbreekt</source>
        <translation>Name of the treatment is missing</translation>
    </message>
    <message>
        <source>Bijbehorend gesprek niet eenduidig</source>
        <translation>Related conversation is ambiguous</translation>
    </message>
    <message>
        <source>Besluit in de bron als vrije tekst vastgelegd</source>
        <translation>Decision recorded as free text in the source</translation>
    </message>
    <message>
        <source>Besluit in de bron niet volgens de standaard</source>
        <translation>Decision in the source does not follow the standard</translation>
    </message>
    <message>
        <source>Besluit in de bron tegenstrijdig vastgelegd</source>
        <translation>Decision recorded contradictorily in the source</translation>
    </message>
    <message>
        <source>Besluit in de bron onleesbaar</source>
        <translation>Decision in the source is unreadable</translation>
    </message>
    <message>
        <source>Onbekende behandelcode</source>
        <translation>Unknown treatment code</translation>
    </message>
    <message>
        <source>Onbekend type hulpmiddel</source>
        <translation>Unknown device type</translation>
    </message>
    <message>
        <source>Hulpmiddel niet gevonden in de bron</source>
        <translation>Device not found in the source</translation>
    </message>
    <message>
        <source>Document bijgevoegd in de bron</source>
        <translation>Document attached in the source</translation>
    </message>
    <message>
        <source>Geen waarde vastgelegd</source>
        <translation>No value recorded</translation>
    </message>
    <message>
        <source>Onderwerp ontbreekt in de bron</source>
        <translation>Topic missing in the source</translation>
    </message>
    <message>
        <source>Soort wilsverklaring ontbreekt</source>
        <translation>Type of advance directive missing</translation>
    </message>
    <message>
        <source>Status in de bron onbekend</source>
        <translation>Status in the source unknown</translation>
    </message>
    <message>
        <source>Hulpmiddel niet in gebruik</source>
        <translation>Device not in use</translation>
    </message>
    <message>
        <source>Datum onzeker: invuldatum van het formulier</source>
        <translation>Date uncertain: date the form was filled in</translation>
    </message>
    <message>
        <source>Datum onzeker: laatste wijziging in de bron</source>
        <translation>Date uncertain: last change in the source</translation>
    </message>
    <message>
        <source>Datum onbekend</source>
        <translation>Date unknown</translation>
    </message>
    <message>
        <source>Datum onzeker</source>
        <translation>Date uncertain</translation>
    </message>
    <message>
        <source>Bijzonderheid: %1</source>
        <translation>Particularity: %1</translation>
    </message>
    <message>
        <source>datum onbekend</source>
        <translation>date unknown</translation>
    </message>
    <message>
        <source>%1 (onzeker)</source>
        <translation>%1 (uncertain)</translation>
    </message>
    <message>
        <source>Raadpleeg de bronnen</source>
        <translation>Consult the sources</translation>
    </message>
    <message>
        <source>Afspraak beëindigd; geldt niet meer</source>
        <translation>Agreement ended; no longer in force</translation>
    </message>
    <message>
        <source>Eerdere waarden wijken af</source>
        <translation>Earlier values differ</translation>
    </message>
    <message>
        <source>Bronnen spreken elkaar tegen</source>
        <translation>Sources contradict each other</translation>
    </message>
    <message>
        <source>Beëindigd: %1</source>
        <translation>Ended: %1</translation>
    </message>
    <message>
        <source>Per gesprek vastgelegd: zie het tabblad Gesprekken</source>
        <translation>Recorded per conversation: see the Conversations tab</translation>
    </message>
    <message>
        <source>Tegenstrijdig</source>
        <translation>Contradicting</translation>
    </message>
    <message>
        <source>Eerder</source>
        <translation>Earlier</translation>
    </message>
</context>
<context>
    <name>OverviewWidget</name>
    <message>
        <source>1 record kon niet volledig worden gelezen</source>
        <translation>1 record could not be read completely</translation>
    </message>
    <message>
        <source>%1 records konden niet volledig worden gelezen</source>
        <translation>%1 records could not be read completely</translation>
    </message>
    <message>
        <source>Overzicht proactieve zorgplanning</source>
        <translation>Advance care planning overview</translation>
    </message>
    <message>
        <source>Alle onderdelen van het PZP-formulier met de meest recente waarde. Pijltjes omhoog en omlaag: volgende onderdeel; pijl naar rechts: eerdere waarden tonen.</source>
        <translation>Every item of the ACP form with its most recent value. Up and down arrows: next item; right arrow: show earlier values.</translation>
    </message>
    <message>
        <source>Meldingen bij het lezen van de bronnen</source>
        <translation>Notices from reading the sources</translation>
    </message>
    <message>
        <source>Niet alles uit de bronnen kon worden gelezen:</source>
        <translation>Not everything in the sources could be read:</translation>
    </message>
</context>
<context>
    <name>PatientBannerWidget</name>
    <message>
        <source>vrouw</source>
        <translation>female</translation>
    </message>
    <message>
        <source>man</source>
        <translation>male</translation>
    </message>
    <message>
        <source>anders</source>
        <translation>other</translation>
    </message>
    <message>
        <source>onbekend</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Naam patiënt</source>
        <translation>Patient name</translation>
    </message>
    <message>
        <source>Geboortedatum en leeftijd</source>
        <translation>Date of birth and age</translation>
    </message>
    <message>
        <source>Burgerservicenummer</source>
        <translation>Citizen service number (BSN)</translation>
    </message>
    <message>
        <source>Geslacht</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Patiënt</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Patiënt wordt geopend…</source>
        <translation>Opening patient…</translation>
    </message>
    <message>
        <source>Naam onbekend</source>
        <translation>Name unknown</translation>
    </message>
    <message>
        <source>Geboren %1</source>
        <translation>Born %1</translation>
    </message>
    <message>
        <source>(%1 jaar)</source>
        <translation>(%1 years)</translation>
    </message>
    <message>
        <source>Geboortedatum onbekend</source>
        <translation>Date of birth unknown</translation>
    </message>
    <message>
        <source>BSN %1</source>
        <translation>BSN %1</translation>
    </message>
    <message>
        <source>BSN onbekend</source>
        <translation>BSN unknown</translation>
    </message>
</context>
<context>
    <name>PatientCardWidget</name>
    <message>
        <source>Geboren %1 · BSN %2</source>
        <translation>Born %1 · BSN %2</translation>
    </message>
</context>
<context>
    <name>PatientPickerDialog</name>
    <message>
        <source>Andere oefenpatiënt — OEFENOMGEVING</source>
        <translation>Other training patient — TRAINING ENVIRONMENT</translation>
    </message>
    <message>
        <source>Andere oefenpatiënt kiezen</source>
        <translation>Choose another training patient</translation>
    </message>
</context>
<context>
    <name>PatientPickerWidget</name>
    <message>
        <source>Kies een oefenpatiënt</source>
        <translation>Choose a training patient</translation>
    </message>
    <message>
        <source>Dit is de oefenomgeving: alle patiënten zijn fictief en er verlaat niets deze computer. Kies een patiënt om het PZP-overzicht te openen. In de echte omgeving opent PZP Desktop de patiënt die in uw eigen systeem open staat; zoeken naar patiënten kan daar niet.</source>
        <translation>This is the training environment: all patients are fictitious and nothing leaves this computer. Choose a patient to open the ACP overview. In the real environment PZP Desktop opens the patient who is open in your own system; searching for patients is not possible there.</translation>
    </message>
    <message>
        <source>Oefenpatiënten</source>
        <translation>Training patients</translation>
    </message>
</context>
<context>
    <name>PrintExport</name>
    <message>
        <source>De bron bevat de actuele gegevens; deze afdruk is een momentopname.</source>
        <translation>The source holds the current data; this print-out is a snapshot.</translation>
    </message>
    <message>
        <source>OEFENOMGEVING</source>
        <translation>TRAINING ENVIRONMENT</translation>
    </message>
    <message>
        <source>Patiënt onbekend</source>
        <translation>Patient unknown</translation>
    </message>
    <message>
        <source>Naam onbekend</source>
        <translation>Name unknown</translation>
    </message>
    <message>
        <source>geboren %1</source>
        <translation>born %1</translation>
    </message>
    <message>
        <source>(%1 jaar)</source>
        <translation>(%1 years)</translation>
    </message>
    <message>
        <source>BSN %1</source>
        <translation>BSN %1</translation>
    </message>
    <message>
        <source>Onderdeel</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Waarde</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Vastgelegd door</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>Bron</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Opmerkingen</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>Let op: niet alle bronnen konden worden gelezen. Het overzicht en de kernafspraken kunnen onvolledig zijn.</source>
        <translation>Attention: not all sources could be read. The overview and the key decisions may be incomplete.</translation>
    </message>
    <message>
        <source>Kernafspraken</source>
        <translation>Key decisions</translation>
    </message>
    <message>
        <source>Overzicht van alle onderdelen</source>
        <translation>Overview of all items</translation>
    </message>
    <message>
        <source>Per gesprek vastgelegd: zie de gesprekken in PZP Desktop.</source>
        <translation>Recorded per conversation: see the conversations in PZP Desktop.</translation>
    </message>
    <message>
        <source>Tegenstrijdig</source>
        <translation>Contradicting</translation>
    </message>
    <message>
        <source>OEFENOMGEVING — fictieve patiënt, niet voor gebruik in de zorg</source>
        <translation>TRAINING ENVIRONMENT — fictitious patient, not for use in care</translation>
    </message>
    <message>
        <source>Proactieve zorgplanning — overzicht</source>
        <translation>Advance care planning — overview</translation>
    </message>
    <message>
        <source>Afgedrukt op %1</source>
        <translation>Printed on %1</translation>
    </message>
    <message>
        <source>door %1</source>
        <translation>by %1</translation>
    </message>
    <message>
        <source>Bronnen</source>
        <translation>Sources</translation>
    </message>
    <message>
        <source>Niet alles uit de bronnen kon worden gelezen</source>
        <translation>Not everything in the sources could be read</translation>
    </message>
    <message>
        <source>Pagina %1 van %2</source>
        <translation>Page %1 of %2</translation>
    </message>
</context>
<context>
    <name>SourceStatus</name>
    <message>
        <source>Bezig met laden…</source>
        <extracomment>Statuses that mean &quot;this source&apos;s data is missing from the overview&quot;.</extracomment>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Geladen</source>
        <translation>Loaded</translation>
    </message>
    <message>
        <source>Niet bereikbaar</source>
        <translation>Unreachable</translation>
    </message>
    <message>
        <source>Geen toestemming</source>
        <translation>No permission</translation>
    </message>
    <message>
        <source>Patiënt niet bekend in deze bron</source>
        <translation>Patient not known in this source</translation>
    </message>
    <message>
        <source>Fout</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>SourceStatusWidget</name>
    <message>
        <source>Bronnen</source>
        <translation>Sources</translation>
    </message>
    <message>
        <source>Gegevens worden opgehaald…</source>
        <translation>Retrieving data…</translation>
    </message>
    <message>
        <source>Gegevens worden opgehaald</source>
        <translation>Retrieving data</translation>
    </message>
    <message>
        <source>Bronnen en hun status</source>
        <translation>Sources and their status</translation>
    </message>
    <message>
        <source>Let op: niet alle bronnen konden worden gelezen. Het overzicht en de kernafspraken kunnen onvolledig zijn; raadpleeg zo nodig de bron zelf.</source>
        <translation>Attention: not all sources could be read. The overview and the key decisions may be incomplete; consult the source itself if needed.</translation>
    </message>
</context>
</TS>
