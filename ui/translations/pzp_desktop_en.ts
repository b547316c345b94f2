<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="nl_NL">
<context>
    <name>ChangeMarkerWidget</name>
    <message>
        <source>Herstel</source>
        <translation>Revert</translation>
    </message>
    <message>
        <source>Herstel %1</source>
        <translation>Revert %1</translation>
    </message>
    <message>
        <source>Zet dit onderdeel terug op de waarde van vóór dit gesprek; het wordt dan niet vastgelegd.</source>
        <translation>Put this item back to its value from before this conversation; it is then not recorded.</translation>
    </message>
    <message>
        <source>Gewijzigd</source>
        <translation>Changed</translation>
    </message>
</context>
<context>
    <name>DoubleRegistrationDialog</name>
    <message>
        <source>Dezelfde waarde is onlangs al vastgelegd</source>
        <translation>The same value was recorded recently</translation>
    </message>
    <message>
        <source>Wat u nu vastlegt, staat er al. Leg het alleen opnieuw vast als het opnieuw is besproken.</source>
        <translation>What you are recording is already there. Only record it again if it was discussed again.</translation>
    </message>
    <message>
        <source>Er is op deze dag al een gesprek van dezelfde zorgverlener</source>
        <translation>There is already a conversation by the same care provider on this day</translation>
    </message>
    <message>
        <source>Misschien is dit gesprek al vastgelegd.</source>
        <translation>This conversation may already have been recorded.</translation>
    </message>
    <message>
        <source>Uw eigen systeem legt proactieve zorgplanning zelf vast</source>
        <translation>Your own system records advance care planning itself</translation>
    </message>
    <message>
        <source>De gegevens zijn gewijzigd sinds u dit gesprek begon</source>
        <translation>The data have changed since you started recording this conversation</translation>
    </message>
    <message>
        <source>Iemand anders heeft intussen iets vastgelegd. Bekijk wat er is veranderd voordat u opslaat. Wat u zelf hebt ingevuld blijft staan; de andere onderdelen worden bijgewerkt naar de nieuwe waarden.</source>
        <translation>Someone else has recorded something in the meantime. Review what has changed before you save. What you entered yourself stays as it is; the other items are updated to the new values.</translation>
    </message>
    <message>
        <source>Wie: %1</source>
        <translation>Who: %1</translation>
    </message>
    <message>
        <source>Wanneer: %1</source>
        <translation>When: %1</translation>
    </message>
    <message>
        <source>Waar: %1</source>
        <translation>Where: %1</translation>
    </message>
    <message>
        <source>Dubbel vastleggen?</source>
        <translation>Duplicate recording?</translation>
    </message>
    <message>
        <source>OEFENOMGEVING</source>
        <translation>TRAINING ENVIRONMENT</translation>
    </message>
    <message>
        <source>OEFENOMGEVING — fictieve patiënt, er verlaat niets deze computer</source>
        <translation>TRAINING ENVIRONMENT — fictitious patient, nothing leaves this computer</translation>
    </message>
    <message>
        <source>Controleer deze meldingen voordat u het gesprek opslaat. U kunt teruggaan naar het gesprek om het aan te passen.</source>
        <translation>Check these notices before you save the conversation. You can go back to the conversation to change it.</translation>
    </message>
    <message>
        <source>Bekijk wat er is veranderd en sla daarna opnieuw op.</source>
        <translation>Review what has changed, then save again.</translation>
    </message>
    <message>
        <source>Ik heb deze &amp;wijzigingen bekeken en wil toch opslaan</source>
        <translation>I have reviewed these &amp;changes and want to save anyway</translation>
    </message>
    <message>
        <source>&amp;Terug naar het gesprek</source>
        <translation>&amp;Back to the conversation</translation>
    </message>
    <message>
        <source>&amp;Bekijken in het formulier</source>
        <translation>&amp;Review in the form</translation>
    </message>
    <message>
        <source>Neem de nieuwe waarden over in het formulier (uw eigen invoer blijft staan) en ga terug naar het gesprek.</source>
        <translation>Take the new values into the form (what you entered yourself stays) and go back to the conversation.</translation>
    </message>
    <message>
        <source>Toch &amp;opslaan</source>
        <translation>&amp;Save anyway</translation>
    </message>
    <message>
        <source>nu ‘%1’</source>
        <translation>now ‘%1’</translation>
    </message>
    <message>
        <source>gewijzigd</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>u legt dit onderdeel in dit gesprek ook vast; uw waarde wordt de nieuwste</source>
        <translation>you are recording this item in this conversation too; your value becomes the latest</translation>
    </message>
    <message>
        <source>Vink eerst aan dat u de wijzigingen hebt bekeken.</source>
        <translation>First tick the box to confirm that you have reviewed the changes.</translation>
    </message>
</context>
<context>
    <name>EditorChanges</name>
    <message>
        <source>was: nog niet vastgelegd</source>
        <translation>was: not yet recorded</translation>
    </message>
    <message>
        <source>was: ‘%1’, %2</source>
        <translation>was: ‘%1’, %2</translation>
    </message>
</context>
<context>
    <name>EditorController</name>
    <message>
        <source>Het gesprek kan nu niet worden vastgelegd: de bron waarin het wordt opgeslagen (%1) is niet gelezen of staat alleen lezen toe. Vernieuw de gegevens (F5) en probeer het opnieuw.</source>
        <extracomment>Drafts are kept at most this long after the last keystroke. Controllers whose editor is open: they live as long as their editor, also when the caller keeps no reference (or passed no parent).</extracomment>
        <translation>The conversation cannot be recorded now: the source it is saved in (%1) was not read or only allows viewing. Refresh the data (F5) and try again.</translation>
    </message>
    <message>
        <source>het eigen systeem</source>
        <translation>your own system</translation>
    </message>
    <message>
        <source>Patiënt</source>
        <extracomment>The editor window is shown (with a new or a recovered draft). An unsaved draft is offered. The double-registration warnings are shown. The draft was kept in the store (autosave). A push ended (any status). The editor is closed (saved, discarded or kept as a draft).</extracomment>
        <translation>Patient</translation>
    </message>
    <message>
        <source>geboren %1</source>
        <translation>born %1</translation>
    </message>
    <message>
        <source>Uit de aanmelding; kan hier niet worden gewijzigd.</source>
        <translation>From the sign-in; cannot be changed here.</translation>
    </message>
    <message>
        <source>U gaat verder met een gesprek dat nog niet was opgeslagen. Bij opslaan wordt gecontroleerd of er intussen iets is veranderd.</source>
        <translation>You are continuing a conversation that had not been saved. When you save, PZP Desktop checks whether anything has changed in the meantime.</translation>
    </message>
    <message>
        <source>De bronnen worden opnieuw gelezen…</source>
        <translation>Reading the sources again…</translation>
    </message>
    <message>
        <source>Het gesprek is niet opgeslagen: de bronnen konden niet worden gelezen. %1 Wat u hebt ingevuld, blijft bewaard.</source>
        <translation>The conversation was not saved: the sources could not be read. %1 What you entered is kept.</translation>
    </message>
    <message>
        <source>Het gesprek is niet opgeslagen: %1 kon niet worden gelezen. %2 Wat u hebt ingevuld, blijft bewaard.</source>
        <translation>The conversation was not saved: %1 could not be read. %2 What you entered is kept.</translation>
    </message>
    <message>
        <source>Controleer de meldingen…</source>
        <translation>Check the notices…</translation>
    </message>
    <message>
        <source>Het gesprek is nog niet opgeslagen. Pas het zo nodig aan en kies opnieuw Opslaan.</source>
        <translation>The conversation has not been saved yet. Change it if needed and choose Save again.</translation>
    </message>
    <message>
        <source>De nieuwe gegevens uit de bron staan nu in het formulier (%n onderdeel/onderdelen bijgewerkt, gemarkeerd met ‘Bijgewerkt uit de bron’). Wat u zelf had ingevuld, staat er nog. Controleer het en kies opnieuw Opslaan.</source>
        <translation>The new data from the source are now in the form (%n item(s) updated, marked ‘Updated from the source’). What you entered yourself is still there. Check it and choose Save again.</translation>
    </message>
    <message>
        <source>Na het bijwerken kan het gesprek niet worden opgeslagen: %1</source>
        <translation>After the update the conversation cannot be saved: %1</translation>
    </message>
    <message>
        <source>Het gesprek is niet opgeslagen: %1 kon niet worden gelezen.</source>
        <translation>The conversation was not saved: %1 could not be read.</translation>
    </message>
    <message>
        <source>De bron is niet meer beschikbaar.</source>
        <translation>The source is no longer available.</translation>
    </message>
    <message>
        <source>Het gesprek wordt opgeslagen in %1…</source>
        <translation>Saving the conversation in %1…</translation>
    </message>
    <message>
        <source>Het gesprek is niet opgeslagen. %1 Wat u hebt ingevuld, blijft bewaard.</source>
        <translation>The conversation was not saved. %1 What you entered is kept.</translation>
    </message>
    <message>
        <source>Het gesprek is nog niet opgeslagen.</source>
        <translation>The conversation has not been saved yet.</translation>
    </message>
    <message>
        <source>Bewaar het als concept om er later mee verder te gaan, of gooi het weg.</source>
        <translation>Keep it as a draft to continue later, or discard it.</translation>
    </message>
    <message>
        <source>Concept &amp;bewaren en sluiten</source>
        <translation>&amp;Keep draft and close</translation>
    </message>
    <message>
        <source>Concepten kunnen op deze computer niet worden bewaard: bij sluiten gaat wat u hebt ingevuld verloren.</source>
        <translation>Drafts cannot be kept on this computer: if you close, what you entered is lost.</translation>
    </message>
    <message>
        <source>&amp;Weggooien en sluiten</source>
        <translation>&amp;Discard and close</translation>
    </message>
    <message>
        <source>&amp;Terug naar het gesprek</source>
        <translation>&amp;Back to the conversation</translation>
    </message>
</context>
<context>
    <name>EditorConversation</name>
    <message>
        <source>Naam</source>
        <extracomment>The kinds of contact offered (Encounter.class, ActCode); AMB is what the writer uses when nothing is chosen.</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>Naam van aanwezige %1</source>
        <translation>Name of attendee %1</translation>
    </message>
    <message>
        <source>— relatie —</source>
        <translation>— relationship —</translation>
    </message>
    <message>
        <source>Relatie tot patiënt van aanwezige %1</source>
        <translation>Relationship to the patient of attendee %1</translation>
    </message>
    <message>
        <source>— rol —</source>
        <translation>— role —</translation>
    </message>
    <message>
        <source>Rol van aanwezige %1</source>
        <translation>Role of attendee %1</translation>
    </message>
    <message>
        <source>Anders, namelijk</source>
        <translation>Other, namely</translation>
    </message>
    <message>
        <source>Anders, namelijk (aanwezige %1)</source>
        <translation>Other, namely (attendee %1)</translation>
    </message>
    <message>
        <source>Verwijderen</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Aanwezige %1 verwijderen</source>
        <translation>Remove attendee %1</translation>
    </message>
    <message>
        <source>Het gesprek</source>
        <translation>The conversation</translation>
    </message>
    <message>
        <source>Datum en tijd van het gesprek</source>
        <translation>Date and time of the conversation</translation>
    </message>
    <message>
        <source>&amp;Datum en tijd:</source>
        <translation>&amp;Date and time:</translation>
    </message>
    <message>
        <source>Zorgverlener die het gesprek voerde</source>
        <translation>Care provider who held the conversation</translation>
    </message>
    <message>
        <source>&amp;Zorgverlener:</source>
        <translation>Care pro&amp;vider:</translation>
    </message>
    <message>
        <source>Soort contact</source>
        <translation>Kind of contact</translation>
    </message>
    <message>
        <source>Soort &amp;contact:</source>
        <translation>Kind of &amp;contact:</translation>
    </message>
    <message>
        <source>De &amp;patiënt was aanwezig</source>
        <translation>The &amp;patient was present</translation>
    </message>
    <message>
        <source>%1 aanwezig</source>
        <translation>%1 present</translation>
    </message>
    <message>
        <source>Anderen aanwezig (naaste, vertegenwoordiger, tolk …):</source>
        <translation>Others present (relative, representative, interpreter …):</translation>
    </message>
    <message>
        <source>&amp;Aanwezige toevoegen</source>
        <translation>&amp;Add attendee</translation>
    </message>
    <message>
        <source>Aanwezige toevoegen</source>
        <translation>Add attendee</translation>
    </message>
    <message>
        <source>Opmerking bij het gesprek</source>
        <translation>Comment on the conversation</translation>
    </message>
    <message>
        <source>&amp;Opmerking bij het gesprek:</source>
        <translation>Co&amp;mment on the conversation:</translation>
    </message>
</context>
<context>
    <name>EditorFindings</name>
    <message>
        <source>Fout</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Let op</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>Ter informatie</source>
        <translation>For information</translation>
    </message>
</context>
<context>
    <name>EditorFormTexts</name>
    <message>
        <source>onbekende zorgverlener</source>
        <translation>unknown care provider</translation>
    </message>
</context>
<context>
    <name>EditorLauncher</name>
    <message>
        <source>&amp;Nieuw PZP-gesprek vastleggen…</source>
        <extracomment>A conversation was saved in the launching source (carries the ``PushOutcome``). The editor was opened (carries the :class:`EditorController`; its window, or first the offer of an unsaved draft, appears shortly after).</extracomment>
        <translation>&amp;Record new ACP conversation…</translation>
    </message>
    <message>
        <source>Een nieuw PZP-gesprek met deze patiënt vastleggen (Ctrl+N)</source>
        <translation>Record a new ACP conversation with this patient (Ctrl+N)</translation>
    </message>
    <message>
        <source>Nieuw PZP-gesprek vastleggen</source>
        <translation>Record new ACP conversation</translation>
    </message>
</context>
<context>
    <name>EditorSections</name>
    <message>
        <source>— geen antwoord —</source>
        <extracomment>The top-level groups of the form that are sections edited here (2 is the conversation). Choices with at most this many options are radio buttons; longer lists a combo box. Free texts that are written as a paragraph (a text edit instead of a line).</extracomment>
        <translation>— no answer —</translation>
    </message>
    <message>
        <source>Waarde uit de bron: ‘%1’ (komt niet voor in de keuzelijst)</source>
        <translation>Value from the source: ‘%1’ (not one of the options)</translation>
    </message>
    <message>
        <source>Verwijderen</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>%1 %2 verwijderen</source>
        <translation>Remove %1 %2</translation>
    </message>
    <message>
        <source>Geen</source>
        <translation>None</translation>
    </message>
    <message>
        <source>%1 toevoegen</source>
        <translation>Add %1</translation>
    </message>
    <message>
        <source>Telefoonnummer</source>
        <translation>Telephone number</translation>
    </message>
    <message>
        <source>E-mailadres</source>
        <translation>E-mail address</translation>
    </message>
    <message>
        <source>Let op: de bronnen spreken elkaar tegen over dit onderdeel. Controleer de waarde met de patiënt.</source>
        <translation>Attention: the sources contradict each other on this item. Check the value with the patient.</translation>
    </message>
    <message>
        <source>Behandeling: %1</source>
        <translation>Treatment: %1</translation>
    </message>
    <message>
        <source>Huidige waarde: ‘%1’ — vastgelegd %2</source>
        <translation>Current value: ‘%1’ — recorded %2</translation>
    </message>
    <message>
        <source>De eerdere afspraak is beëindigd (%1).</source>
        <translation>The earlier agreement has ended (%1).</translation>
    </message>
    <message>
        <source>Alleen een voorstel, nog niet van kracht: ‘%1’ — vastgelegd %2</source>
        <translation>Only a proposal, not yet in force: ‘%1’ — recorded %2</translation>
    </message>
    <message>
        <source>Nog niet besproken: er is nog niets vastgelegd.</source>
        <translation>Not yet discussed: nothing has been recorded yet.</translation>
    </message>
    <message>
        <source>4g Overige behandelgrens toevoegen</source>
        <translation>4g Add other treatment limit</translation>
    </message>
    <message>
        <source>&amp;Naam van de behandeling:</source>
        <translation>&amp;Name of the treatment:</translation>
    </message>
    <message>
        <source>Naam van de overige behandelgrens</source>
        <translation>Name of the other treatment limit</translation>
    </message>
    <message>
        <source>bijvoorbeeld: sondevoeding</source>
        <translation>for example: tube feeding</translation>
    </message>
    <message>
        <source>Toevoegen</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Overige behandelgrens toevoegen</source>
        <translation>Add other treatment limit</translation>
    </message>
    <message>
        <source>Onderdeel in- of uitklappen (Alt+%1 springt hierheen)</source>
        <translation>Expand or collapse this section (Alt+%1 jumps here)</translation>
    </message>
    <message>
        <source>— %n gewijzigd</source>
        <translation>— %n changed</translation>
    </message>
    <message>
        <source>uitgeklapt</source>
        <translation>expanded</translation>
    </message>
    <message>
        <source>ingeklapt</source>
        <translation>collapsed</translation>
    </message>
</context>
<context>
    <name>EditorWindow</name>
    <message>
        <source>Nieuw PZP-gesprek vastleggen — %1</source>
        <translation>Record new ACP conversation — %1</translation>
    </message>
    <message>
        <source>OEFENOMGEVING</source>
        <translation>TRAINING ENVIRONMENT</translation>
    </message>
    <message>
        <source>OEFENOMGEVING — fictieve patiënt, er verlaat niets deze computer</source>
        <translation>TRAINING ENVIRONMENT — fictitious patient, nothing leaves this computer</translation>
    </message>
    <message>
        <source>Nieuw PZP-gesprek vastleggen</source>
        <translation>Record new ACP conversation</translation>
    </message>
    <message>
        <source>Wordt vastgelegd in:
%1</source>
        <translation>Will be recorded in:
%1</translation>
    </message>
    <message>
        <source>Het formulier is ingevuld met de huidige afspraken uit alle bronnen. Pas alleen aan wat in dit gesprek is besproken: alleen gewijzigde onderdelen worden vastgelegd, en u ziet ze gemarkeerd met ‘Gewijzigd’.</source>
        <translation>The form is filled in with the current agreements from all sources. Only change what was discussed in this conversation: only changed items are recorded, and you see them marked ‘Changed’.</translation>
    </message>
    <message>
        <source>Opnieuw &amp;proberen</source>
        <translation>&amp;Try again</translation>
    </message>
    <message>
        <source>&amp;Annuleren</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>&amp;Opslaan</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Opslaan (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Opslaan kan nog niet:</source>
        <translation>Cannot save yet:</translation>
    </message>
    <message>
        <source>Het gesprek opslaan in de bron (Ctrl+S)</source>
        <translation>Save the conversation in the source (Ctrl+S)</translation>
    </message>
</context>
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
        <source>PZP Desktop kon niet starten.</source>
        <translation>PZP Desktop could not start.</translation>
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
        <source>{value} (niet van kracht)</source>
        <translation>{value} (not in force)</translation>
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
        <source>Nog niet van kracht</source>
        <translation>Not yet in force</translation>
    </message>
    <message>
        <source>Nieuwer: %1 — %2</source>
        <translation>Newer: %1 — %2</translation>
    </message>
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
        <source>Mogelijk onvolledig</source>
        <translation>Possibly incomplete</translation>
    </message>
    <message>
        <source>Een behandelgrens in de bron kon niet worden gelezen; raadpleeg de bron.</source>
        <translation>A treatment limit in the source could not be read; consult the source.</translation>
    </message>
    <message>
        <source>Geldt pas vanaf %1.</source>
        <translation>Applies only from %1.</translation>
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
        <source>gesprek ingetrokken</source>
        <translation>conversation withdrawn</translation>
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
        <source>Het gesprek van deze vastlegging is in de bron ingetrokken.</source>
        <translation>The conversation of this record was withdrawn in the source.</translation>
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
    <message>
        <source>Let op: een behandelgrens in de bron kon niet worden gelezen. De kernafspraken zijn mogelijk onvolledig; raadpleeg de bron zelf.</source>
        <translation>Attention: a treatment limit in the source could not be read. The key decisions may be incomplete; consult the source itself.</translation>
    </message>
</context>
<context>
    <name>LaunchFlow</name>
    <message>
        <source>PZP Desktop kon de patiënt uit uw eigen systeem niet openen.</source>
        <extracomment>A launch is being resolved (the request; never log it: it holds a launch value). The launch is resolved and its session handed to the window, which loads the patient. The launch failed; the error was shown. The user cancelled the launch. A second start asked for another patient while the editor has unsaved changes. The user chose to stay with the current patient. A second start was handled by bringing the window to the front only.</extracomment>
        <translation>PZP Desktop could not open the patient from your own system.</translation>
    </message>
    <message>
        <source>Deze PZP Desktop is de oefenomgeving, met fictieve patiënten. Sluit de oefenomgeving en open de patiënt daarna opnieuw vanuit uw eigen systeem.</source>
        <translation>This PZP Desktop is the training environment, with fictitious patients. Close the training environment, then open the patient again from your own system.</translation>
    </message>
    <message>
        <source>PZP Desktop is al geopend met echte patiëntgegevens; de oefenomgeving opent niet in hetzelfde venster. Sluit PZP Desktop eerst en start dan de oefenomgeving.</source>
        <translation>PZP Desktop is already open with real patient data; the training environment does not open in the same window. Close PZP Desktop first, then start the training environment.</translation>
    </message>
    <message>
        <source>Andere patiënt openen</source>
        <translation>Open another patient</translation>
    </message>
    <message>
        <source>Uw eigen systeem opent een andere patiënt, maar het gesprek in de editor is nog niet opgeslagen.</source>
        <translation>Your own system is opening another patient, but the conversation in the editor has not been saved yet.</translation>
    </message>
    <message>
        <source>Bewaar het als concept: het wordt u weer aangeboden als u deze patiënt opnieuw opent. Of blijf bij deze patiënt om het eerst af te maken.</source>
        <translation>Keep it as a draft: it is offered to you again when you open this patient again. Or stay with this patient to finish it first.</translation>
    </message>
    <message>
        <source>Concept &amp;bewaren en andere patiënt openen</source>
        <translation>&amp;Keep draft and open the other patient</translation>
    </message>
    <message>
        <source>Concepten kunnen op deze computer niet worden bewaard: als u de andere patiënt opent, gaat wat u hebt ingevuld verloren.</source>
        <translation>Drafts cannot be kept on this computer: if you open the other patient, what you entered is lost.</translation>
    </message>
    <message>
        <source>&amp;Toch andere patiënt openen</source>
        <translation>&amp;Open the other patient anyway</translation>
    </message>
    <message>
        <source>Bij deze patiënt &amp;blijven</source>
        <translation>&amp;Stay with this patient</translation>
    </message>
    <message>
        <source>De andere patiënt is niet geopend; u werkt verder aan het gesprek.</source>
        <translation>The other patient was not opened; you can go on with the conversation.</translation>
    </message>
    <message>
        <source>Een tweede start van PZP Desktop is genegeerd.</source>
        <translation>A second start of PZP Desktop was ignored.</translation>
    </message>
</context>
<context>
    <name>LaunchStatusWidget</name>
    <message>
        <source>Bezig met aanmelden bij %1…</source>
        <extracomment>``resolve_launch`` or a test&apos;s stand-in: ``(request, settings, cancel) -&gt; LaunchContext``; blocking, run in a worker thread. Builds the session for a resolved launch (blocking, worker thread). ``(configured source, source) -&gt; client`` for the configured extra sources.</extracomment>
        <translation>Signing in to %1…</translation>
    </message>
    <message>
        <source>Rond het aanmelden zo nodig af in de webbrowser. Daarna opent PZP Desktop de patiënt uit uw eigen systeem.</source>
        <translation>Complete the sign-in in the web browser if asked. PZP Desktop then opens the patient from your own system.</translation>
    </message>
    <message>
        <source>Aanmelden is niet gelukt</source>
        <translation>Sign-in failed</translation>
    </message>
    <message>
        <source>Het aanmelden is afgebroken</source>
        <translation>Sign-in was cancelled</translation>
    </message>
    <message>
        <source>Er is geen patiënt geopend. Kies Opnieuw proberen, of open de patiënt opnieuw vanuit uw eigen systeem.</source>
        <translation>No patient is open. Choose Try again, or open the patient again from your own system.</translation>
    </message>
    <message>
        <source>&amp;Annuleren</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Het aanmelden afbreken</source>
        <translation>Cancel the sign-in</translation>
    </message>
    <message>
        <source>&amp;Opnieuw proberen</source>
        <translation>&amp;Try again</translation>
    </message>
    <message>
        <source>Opnieuw aanmelden en de patiënt openen</source>
        <translation>Sign in again and open the patient</translation>
    </message>
    <message>
        <source>Aanmelden</source>
        <translation>Sign-in</translation>
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
        <source>Het gesprek is opgeslagen in %1.</source>
        <translation>The conversation has been saved in %1.</translation>
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
        <source>Voorstel, nog niet van kracht</source>
        <translation>Proposal, not yet in force</translation>
    </message>
    <message>
        <source>Concept, nog niet van kracht</source>
        <translation>Draft, not yet in force</translation>
    </message>
    <message>
        <source>Status &apos;%1&apos; in de bron, niet van kracht</source>
        <translation>Status &apos;%1&apos; in the source, not in force</translation>
    </message>
    <message>
        <source>Niet van kracht: %1</source>
        <translation>Not in force: %1</translation>
    </message>
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
        <source>mogelijk onvolledig: een behandelgrens in de bron kon niet worden gelezen</source>
        <extracomment>Instead of &quot;nog niet besproken&quot; for a treatment limit when a treatment directive in a source could not be read (it may be this one), as the key decisions say.</extracomment>
        <translation>possibly incomplete: a treatment limit in the source could not be read</translation>
    </message>
    <message>
        <source>niet gevonden in de gelezen bronnen; een behandelgrens in de bron kon niet worden gelezen</source>
        <extracomment>Both: a source could not be read and a treatment directive in another could not either.</extracomment>
        <translation>not found in the sources that were read; a treatment limit in the source could not be read</translation>
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
        <source>Het gesprek van deze vastlegging is in de bron ingetrokken; deze vastlegging zelf niet</source>
        <translation>The conversation of this record was withdrawn in the source; the record itself was not</translation>
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
        <source>Eén afspraak in de bron voor meerdere behandelingen</source>
        <translation>One agreement in the source for several treatments</translation>
    </message>
    <message>
        <source>Geldt pas vanaf %1</source>
        <translation>Applies only from %1</translation>
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
    <message>
        <source>ongewijzigd in %1 gesprekken</source>
        <translation>unchanged in %1 conversations</translation>
    </message>
    <message>
        <source>ongewijzigd in %1 vastleggingen</source>
        <translation>unchanged in %1 recordings</translation>
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
    <name>RecoveryDialog</name>
    <message>
        <source>Niet opgeslagen gesprek</source>
        <translation>Unsaved conversation</translation>
    </message>
    <message>
        <source>OEFENOMGEVING</source>
        <translation>TRAINING ENVIRONMENT</translation>
    </message>
    <message>
        <source>OEFENOMGEVING — fictieve patiënt</source>
        <translation>TRAINING ENVIRONMENT — fictitious patient</translation>
    </message>
    <message>
        <source>Er is een gesprek voor deze patiënt dat nog niet is opgeslagen.</source>
        <translation>There is a conversation for this patient that has not been saved yet.</translation>
    </message>
    <message>
        <source>Er is al eens geprobeerd dit gesprek op te slaan. Bij verder gaan wordt eerst gecontroleerd of dat toch gelukt is, zodat niets dubbel wordt vastgelegd.</source>
        <translation>An earlier attempt was made to save this conversation. If you continue, PZP Desktop first checks whether it succeeded after all, so that nothing is recorded twice.</translation>
    </message>
    <message>
        <source>Wilt u verder gaan met dit gesprek?</source>
        <translation>Do you want to continue with this conversation?</translation>
    </message>
    <message>
        <source>Concept &amp;weggooien en opnieuw beginnen</source>
        <translation>&amp;Discard draft and start again</translation>
    </message>
    <message>
        <source>&amp;Verder met dit gesprek</source>
        <translation>&amp;Continue with this conversation</translation>
    </message>
    <message>
        <source>Het concept weggooien? Wat daarin is ingevuld, gaat verloren.</source>
        <translation>Discard the draft? What was entered in it will be lost.</translation>
    </message>
    <message>
        <source>&amp;Weggooien</source>
        <translation>&amp;Discard</translation>
    </message>
    <message>
        <source>&amp;Niet weggooien</source>
        <translation>&amp;Keep draft</translation>
    </message>
</context>
<context>
    <name>RefreshedMarkerWidget</name>
    <message>
        <source>Bijgewerkt uit de bron: geen actuele waarde meer</source>
        <translation>Updated from the source: no current value any more</translation>
    </message>
    <message>
        <source>Bijgewerkt uit de bron: nu ‘%1’, %2</source>
        <translation>Updated from the source: now ‘%1’, %2</translation>
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
<context>
    <name>WarningsPanelWidget</name>
    <message>
        <source>Nog niets gewijzigd. Pas de onderdelen aan die in dit gesprek zijn besproken.</source>
        <translation>Nothing changed yet. Change the items that were discussed in this conversation.</translation>
    </message>
    <message>
        <source>Geen meldingen.</source>
        <translation>No notices.</translation>
    </message>
    <message numerus="yes">
        <source>Wat wordt vastgelegd (%n)</source>
        <translation>
            <numerusform>What will be recorded (%n)</numerusform>
            <numerusform>What will be recorded (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Meldingen (%n)</source>
        <translation>
            <numerusform>Notices (%n)</numerusform>
            <numerusform>Notices (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Toon</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Toon in het formulier: %1</source>
        <translation>Show in the form: %1</translation>
    </message>
</context>
<context>
    <name>_EntryButton</name>
    <message>
        <source>Ga naar dit onderdeel in het formulier</source>
        <translation>Go to this item in the form</translation>
    </message>
</context>
</TS>
