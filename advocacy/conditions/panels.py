"""What conditions add to the pages of measures and their list (see ``advocacy.panels``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from advocacy import panels
from advocacy.conditions.forms import LinkConditionForm
from advocacy.conditions.models import Dependency
from advocacy.conditions.services import condition_counts_for_measures, measure_dependencies


@dataclass
class MeasureConditions:
    """A measure's links to conditions, and the form that adds one."""

    measure: object
    dependencies: list[Dependency]
    link_form: LinkConditionForm


@panels.register("measure", "conditions/_measure_panel.html")
def measure_conditions(measure) -> MeasureConditions:
    """The conditions the measure depends on, strongest first (one query)."""
    return MeasureConditions(measure, measure_dependencies(measure.id), LinkConditionForm())


@panels.register_column("measures", _l("Rammebetingelser"), css_class="num")
def condition_counts(measure_ids: list[int]) -> dict[int, int]:
    """How many conditions each measure on the page is linked to (one query)."""
    return condition_counts_for_measures(measure_ids)
