"""Items → FHIR: what one saved conversation writes (spec §4, §6).

The entry point is :func:`pzp_desktop.domain.writing.transaction.build_transaction`: one
transaction Bundle with the Encounter + Procedure, a new record per changed item linked to
that conversation, in-place updates (with ``If-Match``) of the Patient and RelatedPersons
where the standard keeps one current value, the conversation's QuestionnaireResponse and a
Provenance. Every created resource carries a business identifier derived from the
conversation's identifier, and is created conditionally on it, so a retried push creates
nothing twice.
"""
