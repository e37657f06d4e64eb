"""Who may see and change surveys.

Coordinators set surveys up (questions, waves) in the admin; planners and coordinators type in paper
questionnaires; every member may read the survey definitions (the questionnaire itself is public).
"""

import rules

from nahbar.tenancy.predicates import has_role, is_coordinator, is_member

rules.add_perm("survey", is_member)
for model in ("survey", "question", "wave"):
    rules.add_perm(f"survey.view_{model}", is_member)
    rules.add_perm(f"survey.add_{model}", is_coordinator)
    rules.add_perm(f"survey.change_{model}", is_coordinator)
    rules.add_perm(f"survey.delete_{model}", is_coordinator)

# Typing in paper questionnaires (object: the survey).
rules.add_perm("survey.enter_responses", has_role("coordinator", "planner"))
