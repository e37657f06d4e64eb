import rules

from nahbar.tenancy.predicates import is_coordinator

rules.add_perm("pages", is_coordinator)
rules.add_perm("pages.view_barrierfeedback", is_coordinator)
rules.add_perm("pages.change_barrierfeedback", is_coordinator)
rules.add_perm("pages.add_barrierfeedback", rules.always_deny)
rules.add_perm("pages.delete_barrierfeedback", is_coordinator)
rules.add_perm("pages.view_offerfeedback", is_coordinator)
rules.add_perm("pages.change_offerfeedback", is_coordinator)
rules.add_perm("pages.add_offerfeedback", rules.always_deny)
rules.add_perm("pages.delete_offerfeedback", is_coordinator)
