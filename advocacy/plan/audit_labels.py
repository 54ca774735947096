"""What the change log shows for plans, goals, themes and measures."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from advocacy.audit import labels as audit
from advocacy.plan.consultation import ConsultationQuestion
from advocacy.plan.models import Goal, Measure, MeasureStatus, Plan, Theme

audit.register_names("plan", Plan.id, Plan.name)
audit.register_names("goal", Goal.id, Goal.title)
audit.register_names("theme", Theme.id, Theme.title)
audit.register_names("measure", Measure.id, Measure.title)

audit.register_type("plan", _l("Plan"), fields={
    "name": _l("Navn"),
    "short_name": _l("Kortnavn"),
    "owner": _l("Eier"),
    "description": _l("Beskrivelse"),
})

_PART_OF_PLAN = {
    "plan_id": audit.reference(_l("Plan"), "plan"),
    "title": _l("Tittel"),
    "description": _l("Beskrivelse"),
    "position": _l("Rekkefølge"),
}
audit.register_type("goal", _l("Utviklingsmål"), fields=_PART_OF_PLAN)
audit.register_type("theme", _l("Tema"), fields=_PART_OF_PLAN)

audit.register_type("measure", _l("Tiltak"), page=("plan.detail", "measure_id"), fields={
    "goal_id": audit.reference(_l("Utviklingsmål"), "goal"),
    "title": _l("Tittel"),
    "description": _l("Beskrivelse"),
    "owner": _l("Ansvarlig"),
    "status": audit.coded(_l("Status"), MeasureStatus),
    "themes": _l("Temaer"),
})

# The plan consultation (advocacy/plan/consultation.py).
audit.register_names("consultation_question", ConsultationQuestion.id, ConsultationQuestion.text)
audit.register_type("consultation_round", _l("Planhøring"), fields={
    "plan_id": audit.reference(_l("Plan"), "plan"),
    "title": _l("Tittel"),
    "introduction": _l("Innledning"),
    "deadline_at": audit.moment(_l("Svarfrist")),
    "is_open": _l("Åpen for svar"),
})
audit.register_type("consultation_question", _l("Høringsspørsmål"), fields={
    "round_id": audit.hidden(),
    "position": _l("Rekkefølge"),
    "text": _l("Spørsmål"),
})
audit.register_type("consultation_answer", _l("Svar i planhøringen"), fields={
    "question_id": audit.reference(_l("Spørsmål"), "consultation_question"),
    "organisation_id": audit.reference(_l("Organisasjon"), "organisation"),
    "text": _l("Svar"),
    "author_id": audit.reference(_l("Lagret av"), "user"),
})
