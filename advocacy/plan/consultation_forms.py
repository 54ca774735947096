"""Forms of the plan consultation: the answers, the round's settings, a question."""

from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import (DataRequired, InputRequired, Length, NumberRange, Optional,
                                ValidationError)

from advocacy.forms import Form, NorwegianDateField, SingleLineField, TimeOfDayField
from advocacy.plan.consultation import MAX_ANSWER, MAX_QUESTION, ConsultationQuestion, normalise


class AnswersForm(Form):
    """All the round's questions in one form; fields are added per question
    (``answer_<id>`` and its hidden base version ``base_<id>``), see ``answers_form``."""

    def question_fields(self, questions: list[ConsultationQuestion]):
        """(question, its text field, its hidden version field), in the round's order."""
        return [(q, self[f"answer_{q.id}"], self[f"base_{q.id}"]) for q in questions]

    def texts(self, questions) -> dict[int, str]:
        return {q.id: self[f"answer_{q.id}"].data or "" for q in questions}

    def bases(self, questions) -> dict[int, int]:
        """The versions the form was opened on; anything but a small number counts as 0."""
        found = {}
        for q in questions:
            raw = (self[f"base_{q.id}"].data or "").strip()
            found[q.id] = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0
        return found


def _at_most(limit: int, number: int):
    """A length check without WTForms' ``maxlength`` attribute: a browser would cut a
    pasted text at the limit without a word, and the end of the answer would be lost."""

    def check(form, field) -> None:
        length = len(normalise(field.data))
        if length > limit:
            raise ValidationError(_(
                "Svaret på spørsmål %(number)d er for langt. Det kan være på høyst %(limit)d "
                "tegn; det er %(length)d nå. Kort det ned og lagre igjen.",
                number=number, limit=limit, length=length))

    return check


def answers_form(questions: list[ConsultationQuestion], formdata=None, data=None) -> AnswersForm:
    """An ``AnswersForm`` with one text field per question."""

    class Bound(AnswersForm):
        pass

    for number, question in enumerate(questions, start=1):
        setattr(Bound, f"answer_{question.id}", TextAreaField(
            f"{number}. {question.text}",
            validators=[_at_most(MAX_ANSWER, number)],
            description=_("Høyst %(limit)d tegn. La feltet stå tomt om dere ikke vil svare.",
                          limit=MAX_ANSWER),
            render_kw={"rows": 8}))
        setattr(Bound, f"base_{question.id}", HiddenField())
    if formdata is None and data is None:
        return Bound()
    return Bound(formdata=formdata, data=data)


class RoundForm(Form):
    """The consultation's title, introduction, deadline and whether it is open."""

    title = SingleLineField(_l("Tittel"), validators=[DataRequired(_l("Skriv en tittel.")),
                                                      Length(max=200)])
    introduction = TextAreaField(_l("Innledning til partnerne"), validators=[Length(max=5000)],
                                 description=_l("Vises over spørsmålene på partnernes side."))
    deadline_on = NorwegianDateField(_l("Svarfrist"), validators=[
        InputRequired(_l("Skriv svarfristen som dd.mm.åååå."))])
    deadline_time = TimeOfDayField(_l("Klokkeslett for fristen"), validators=[Optional()],
                                   description=_l("Tomt betyr kl. 23:59 norsk tid."))
    is_open = BooleanField(_l("Åpen for svar"))


class QuestionForm(Form):
    """One question's text and its place in the order."""

    text = TextAreaField(_l("Spørsmål"), validators=[DataRequired(_l("Skriv spørsmålet.")),
                                                     Length(max=MAX_QUESTION)],
                         render_kw={"rows": 3})
    position = IntegerField(_l("Nummer i rekkefølgen"), validators=[
        DataRequired(_l("Skriv et nummer fra 1 til 99.")),
        NumberRange(min=1, max=99, message=_l("Skriv et nummer fra 1 til 99."))])
