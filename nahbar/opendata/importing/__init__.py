"""Importing HSDS 3.0 (JSON documents, the tabular CSV package, or an HSDS API) into a municipality.

See docs/hsds-profile.md, section "Import".
"""
