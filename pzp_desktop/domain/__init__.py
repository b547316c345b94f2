"""The PZP domain core: the form, its items, their FHIR representation, consolidation.

Pure Python. Nothing in this package imports Qt or an HTTP library; it works on FHIR JSON
(dicts as received) and on the value types defined here.
"""
