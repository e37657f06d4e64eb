"""Who may see HSDS import sources and import HSDS data (coordinators of the municipality)."""

import rules

from nahbar.tenancy.predicates import is_coordinator

rules.add_perm("opendata", is_coordinator)
rules.add_perm("opendata.view_importsource", is_coordinator)
# Sources are created and updated only by an import (which writes the audit row), never edited by hand.
rules.add_perm("opendata.add_importsource", rules.always_deny)
rules.add_perm("opendata.change_importsource", rules.always_deny)
rules.add_perm("opendata.delete_importsource", rules.always_deny)
rules.add_perm("opendata.import_hsds", is_coordinator)
