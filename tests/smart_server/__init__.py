"""A SMART authorisation server, a token-checking FHIR gateway and a headless browser
for the launch tests."""
