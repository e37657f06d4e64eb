"""Spreadsheet import and export of organizations, places and offers for municipal staff.

German column headers, CSV (``;``, UTF-8 with BOM, as German Excel writes it) and Excel; an import is
planned first (a preview with a verdict per row), and written only when the user confirms, in one
transaction. See docs/spreadsheets.md.
"""
