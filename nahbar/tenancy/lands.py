"""The 16 German Länder, keyed by their ISO 3166-2:DE code (also the `holidays` subdivision code)."""

from django.utils.translation import gettext_lazy as _

LAND_CHOICES = [
    ("BW", _("Baden-Württemberg")),
    ("BY", _("Bayern")),
    ("BE", _("Berlin")),
    ("BB", _("Brandenburg")),
    ("HB", _("Bremen")),
    ("HH", _("Hamburg")),
    ("HE", _("Hessen")),
    ("MV", _("Mecklenburg-Vorpommern")),
    ("NI", _("Niedersachsen")),
    ("NW", _("Nordrhein-Westfalen")),
    ("RP", _("Rheinland-Pfalz")),
    ("SL", _("Saarland")),
    ("SN", _("Sachsen")),
    ("ST", _("Sachsen-Anhalt")),
    ("SH", _("Schleswig-Holstein")),
    ("TH", _("Thüringen")),
]
LAND_CODES = frozenset(code for code, _label in LAND_CHOICES)
