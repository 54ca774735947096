"""What the change log shows for plans, goals, themes and measures."""

from __future__ import annotations

from advocacy.audit import labels as audit
from advocacy.plan.consultation import ConsultationQuestion
from advocacy.plan.models import Goal, Measure, MeasureStatus, Plan, Theme

audit.register_names("plan", Plan.id, Plan.name)
audit.register_names("goal", Goal.id, Goal.title)
audit.register_names("theme", Theme.id, Theme.title)
audit.register_names("measure", Measure.id, Measure.title)

audit.register_type("plan", "Plan", fields={
    "name": "Navn",
    "short_name": "Kortnavn",
    "owner": "Eier",
    "description": "Beskrivelse",
})

_PART_OF_PLAN = {
    "plan_id": audit.reference("Plan", "plan"),
    "title": "Tittel",
    "description": "Beskrivelse",
    "position": "Rekkefølge",
}
audit.register_type("goal", "Utviklingsmål", fields=_PART_OF_PLAN)
audit.register_type("theme", "Tema", fields=_PART_OF_PLAN)

audit.register_type("measure", "Tiltak", page=("plan.detail", "measure_id"), fields={
    "goal_id": audit.reference("Utviklingsmål", "goal"),
    "title": "Tittel",
    "description": "Beskrivelse",
    "owner": "Ansvarlig",
    "status": audit.coded("Status", MeasureStatus),
    "themes": "Temaer",
})

# The plan consultation (advocacy/plan/consultation.py).
audit.register_names("consultation_question", ConsultationQuestion.id, ConsultationQuestion.text)
audit.register_type("consultation_round", "Planhøring", fields={
    "plan_id": audit.reference("Plan", "plan"),
    "title": "Tittel",
    "introduction": "Innledning",
    "deadline_at": audit.moment("Svarfrist"),
    "is_open": "Åpen for svar",
})
audit.register_type("consultation_question", "Høringsspørsmål", fields={
    "round_id": audit.hidden(),
    "position": "Rekkefølge",
    "text": "Spørsmål",
})
audit.register_type("consultation_answer", "Svar i planhøringen", fields={
    "question_id": audit.reference("Spørsmål", "consultation_question"),
    "organisation_id": audit.reference("Organisasjon", "organisation"),
    "text": "Svar",
    "author_id": audit.reference("Lagret av", "user"),
})
