import rules

from nahbar.tenancy.predicates import has_role, is_member

can_edit_areas = has_role("coordinator", "planner")

rules.add_perm("areas", is_member)
for model in ("area", "areastatistic"):
    rules.add_perm(f"areas.view_{model}", is_member)
    rules.add_perm(f"areas.add_{model}", can_edit_areas)
    rules.add_perm(f"areas.change_{model}", can_edit_areas)
    rules.add_perm(f"areas.delete_{model}", can_edit_areas)
