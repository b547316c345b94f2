"""Canonical URLs of the IKNL PZP implementation guide and the extensions it uses (spec §1)."""

from __future__ import annotations

IG_BASE = "https://fhir.iknl.nl/fhir"
QUESTIONNAIRE_URL = f"{IG_BASE}/Questionnaire/ACP-zib2020"
QUESTIONNAIRE_VERSION = "0.1.3-beta3"
QUESTIONNAIRE_CANONICAL = f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}"
FHIR_VERSION = "4.0.1"


def profile(name: str) -> str:
    """The unversioned canonical of an IG profile (spec §1: do not pin the version)."""
    return f"{IG_BASE}/StructureDefinition/{name}"


PATIENT = profile("ACP-Patient")
CONTACT_PERSON = profile("ACP-ContactPerson")
PRACTITIONER = profile("ACP-HealthProfessional-Practitioner")
PRACTITIONER_ROLE = profile("ACP-HealthProfessional-PractitionerRole")
ENCOUNTER = profile("ACP-Encounter")
PROCEDURE = profile("ACP-Procedure")
TREATMENT_DIRECTIVE = profile("ACP-TreatmentDirective")
ADVANCE_DIRECTIVE = profile("ACP-AdvanceDirective")
MEDICAL_POLICY_GOAL = profile("ACP-Medical-Policy-Goal")
SPECIFIC_CARE_WISHES = profile("ACP-SpecificCareWishes")
PREFERRED_PLACE_OF_DEATH = profile("ACP-PreferredPlaceOfDeath")
POSITION_REGARDING_EUTHANASIA = profile("ACP-PositionRegardingEuthanasia")
ORGAN_DONATION_CHOICE = profile("ACP-OrganDonationChoiceRegistration")
OTHER_IMPORTANT_INFORMATION = profile("ACP-OtherImportantInformation")
ICD_PRODUCT = profile("ACP-MedicalDevice.Product-ICD")
MEDICAL_DEVICE = profile("ACP-MedicalDevice")
COMMUNICATION = profile("ACP-Communication")

# Extensions (spec §1.2)
EXT_LEGALLY_CAPABLE = f"{IG_BASE}/StructureDefinition/ext-LegallyCapable-MedicalTreatmentDecisions"
EXT_ENCOUNTER_REFERENCE = f"{IG_BASE}/StructureDefinition/ext-EncounterReference"
_NICTIZ = "http://nictiz.nl/fhir/StructureDefinition"
EXT_COMMENT = f"{_NICTIZ}/ext-Comment"
EXT_SPECIFICATION_OTHER = f"{_NICTIZ}/ext-TreatmentDirective2.SpecificationOther"
EXT_TD_ADVANCE_DIRECTIVE = f"{_NICTIZ}/ext-TreatmentDirective2.AdvanceDirective"
EXT_REASON_FOR_ENDING = f"{_NICTIZ}/ext-TreatmentDirective2.ReasonForEnding"
EXT_AD_DISORDER = f"{_NICTIZ}/ext-AdvanceDirective.Disorder"
EXT_DEVICE_HEALTH_PROFESSIONAL = f"{_NICTIZ}/ext-MedicalDevice.HealthProfessional"
EXT_DEVICE_LOCATION = f"{_NICTIZ}/ext-MedicalDevice.Location"
EXT_LATERALITY = f"{_NICTIZ}/ext-AnatomicalLocation.Laterality"
EXT_CODE_SPECIFICATION = f"{_NICTIZ}/ext-CodeSpecification"
EXT_ADDRESS_TYPE = f"{_NICTIZ}/ext-AddressInformation.AddressType"
_HL7 = "http://hl7.org/fhir/StructureDefinition"
EXT_PATIENT_RELATED_PERSON = f"{_HL7}/patient-relatedPerson"
EXT_OWN_PREFIX = f"{_HL7}/humanname-own-prefix"
EXT_OWN_NAME = f"{_HL7}/humanname-own-name"
EXT_PARTNER_PREFIX = f"{_HL7}/humanname-partner-prefix"
EXT_PARTNER_NAME = f"{_HL7}/humanname-partner-name"
EXT_ASSEMBLY_ORDER = f"{_HL7}/humanname-assembly-order"
EXT_EN_QUALIFIER = f"{_HL7}/iso21090-EN-qualifier"

# Modifier extensions this application understands; any other modifier extension makes a
# record "not understood" (it must not be shown as a normal value).
UNDERSTOOD_MODIFIER_EXTENSIONS = frozenset({EXT_SPECIFICATION_OTHER})

# Our own naming system for business identifiers of what we write (spec §7 item 19).
BUSINESS_IDENTIFIER_SYSTEM = "urn:ietf:rfc:3986"
# Placeholder identifier system used by the IG examples (read, de-duplicated, never written).
IG_EXAMPLE_IDENTIFIER_SYSTEM = "https://acme.com/fhir/NamingSystem/resource-business-identifier"
