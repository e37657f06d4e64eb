"""Reading area files (GeoJSON, KML) and statistics tables (CSV, XLSX) into checked records.

Nothing here writes to the database; :mod:`nahbar.areas.services` does, in one transaction.
"""

from nahbar.areas.importers.addresses import AddressRecord, ParsedAddresses, parse_addresses
from nahbar.areas.importers.areas import AreaRecord, prepare_feature, prepare_features
from nahbar.areas.importers.errors import AreaImportError
from nahbar.areas.importers.features import SourceFeature, read_features
from nahbar.areas.importers.parents import find_parents
from nahbar.areas.importers.stats import ParsedStatistics, StatCell, parse_statistics
from nahbar.areas.importers.tables import Table, read_table

__all__ = [
    "AddressRecord",
    "AreaImportError",
    "AreaRecord",
    "ParsedAddresses",
    "ParsedStatistics",
    "SourceFeature",
    "StatCell",
    "Table",
    "find_parents",
    "parse_addresses",
    "parse_statistics",
    "prepare_feature",
    "prepare_features",
    "read_features",
    "read_table",
]
