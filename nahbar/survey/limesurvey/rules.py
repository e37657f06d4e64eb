"""Who may import LimeSurvey results: coordinators and planners of the municipality."""

import rules

from nahbar.tenancy.predicates import has_role

can_import = has_role("coordinator", "planner")

rules.add_perm("survey.import_limesurvey", can_import)
