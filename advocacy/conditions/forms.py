"""Forms for framework conditions and their links to measures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import BooleanField, Field, SelectField, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from advocacy import i18n
from advocacy.bodies import services as body_services
from advocacy.conditions import services
from advocacy.conditions.models import (
    STRENGTH_LABELS,
    ConditionKind,
    ConditionStatus,
    Effect,
    FrameworkCondition,
    Priority,
    is_valid_lovdata_id,
)
from advocacy.forms import (Form, LinesField, SingleLineField, bounded_int, optional_int, options,
                            single_line, web_addresses)
from advocacy.inputs import parse_int
from advocacy.plan import services as plan_services
from advocacy.search import ids_equal_ignoring_case

# --- The picker: choose conditions or measures by searching, never from a list of all ---

#: The most matches a picker offers; more words narrow a longer list down.
PICKER_LIMIT = 20
#: The name of the no-script «Søk» button: a form sent with it searches instead of saving.
PICKER_SEARCH = "picker-search"
#: Search text beyond this is cut: no title is this long.
_MAX_QUERY = 200


@dataclass(frozen=True)
class PickerKind:
    """What a picker chooses, and how its rows are searched, loaded and described."""

    #: The search endpoint (JSON for the script, a page without it).
    endpoint: str
    #: ``search(query, limit)``: matching rows, in one query.
    search: Callable[[str, int], list]
    #: ``load(ids)``: the rows with these ids, in one query.
    load: Callable[[list[int]], list]
    #: ``hint(row)``: a second line that tells rows with similar titles apart.
    hint: Callable[[Any], str]
    #: ``detail(row)``: the endpoint and arguments of the row's own page.
    detail: Callable[[Any], tuple[str, dict]]
    #: Words for the UI: "rammebetingelse", "rammebetingelser", "Søk etter rammebetingelser",
    #: "Velg en rammebetingelse".
    noun: str
    plural: str
    #: Legend and list name for what is chosen, whole: nynorsk inflects by gender.
    chosen_one: str
    chosen_many: str
    search_label: str
    choose: str
    #: The field error for an id that is no row (deleted meanwhile, or made up).
    missing: str
    #: How to search, under the search field.
    how: str = _l("Skriv ord fra tittelen og velg blant treffene.")


CONDITION_PICKER = PickerKind(
    endpoint="conditions.search",
    search=services.search_conditions,
    load=services.conditions_by_ids,
    hint=lambda c: c.owner_body,
    detail=lambda c: ("conditions.detail", {"condition_id": c.id}),
    noun=_l("rammebetingelse"),
    chosen_one=_l("Valgt rammebetingelse"),
    chosen_many=_l("Valgte rammebetingelser"),
    plural=_l("rammebetingelser"),
    search_label=_l("Søk etter rammebetingelser"),
    choose=_l("Velg en rammebetingelse"),
    missing=_l("Rammebetingelsen finnes ikke (lenger). Søk etter den og velg den fra treffene."),
)

MEASURE_PICKER = PickerKind(
    endpoint="conditions.search_measures",
    search=plan_services.search_measures,
    load=plan_services.measures_by_ids,
    hint=lambda m: m.goal.title,
    detail=lambda m: ("plan.detail", {"measure_id": m.id}),
    noun=_l("tiltak"),
    chosen_one=_l("Valgt tiltak"),
    chosen_many=_l("Valgte tiltak"),
    plural=_l("tiltak"),
    search_label=_l("Søk etter tiltak"),
    choose=_l("Velg et tiltak"),
    missing=_l("Tiltaket finnes ikke (lenger). Søk etter det og velg det fra treffene."),
)


BODY_PICKER = PickerKind(
    endpoint="bodies.search",
    search=body_services.search_bodies,
    load=body_services.bodies_by_ids,
    hint=lambda b: b.hint,
    detail=lambda b: ("bodies.list", {"q": b.short_name or b.name}),
    noun=_l("etat"),
    chosen_one=_l("Valgt etat"),
    chosen_many=_l("Valgte etater"),
    plural=_l("etater"),
    search_label=_l("Søk etter etater"),
    choose=_l("Velg en etat"),
    missing=_l("Etaten finnes ikke (lenger). Søk etter den og velg den fra treffene."),
    how=_l("Skriv navnet eller kortnavnet (for eksempel KDD) og velg blant treffene."),
)


class PickerField(Field):
    """One row chosen by searching for it; ``data`` is its id or ``None``.

    Only the chosen row is loaded (one query), to check that it exists and to show it.
    The page shows a text field; ``picker.js`` makes it a combobox that searches as one
    types. Without script the form's «Søk» button (``PICKER_SEARCH``) sends the form back
    with what was typed, and the page offers the matches as radio buttons
    (``templates/macros/picker.html``), keeping everything else in the form.
    """

    multiple = False

    def __init__(self, label=None, validators=None, *, kind: PickerKind,
                 none_label: str | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.kind = kind
        #: For an optional single choice: the label of choosing none (e.g. "Alle …").
        self.none_label = none_label
        self.query = ""
        self.is_searching = False
        self._is_malformed = False
        self._rows: list | None = None
        self._results: list | None = None
        #: Whether the search found more than ``PICKER_LIMIT`` matches.
        self.has_more = False

    @property
    def query_name(self) -> str:
        """The name of the search text's input."""
        return f"{self.name}-q"

    @property
    def ids(self) -> list[int]:
        """The chosen ids, as a list whether one or many may be chosen."""
        if self.multiple:
            return list(self.data or [])
        return [self.data] if self.data else []

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.query = single_line(formdata.get(self.query_name) or "").strip()[:_MAX_QUERY]
            self.is_searching = PICKER_SEARCH in formdata and bool(self.query)

    def process_data(self, value) -> None:
        self.data = list(value or []) if self.multiple else (value or None)

    def process_formdata(self, valuelist) -> None:
        ids: list[int] = []
        for value in valuelist:
            if not value.strip():
                continue
            number = parse_int(value, minimum=1)
            if number is None:
                self._is_malformed = True
            elif number not in ids:
                ids.append(number)
        self._rows = None
        self.data = ids if self.multiple else (ids[0] if ids else None)

    def choose(self, rows) -> None:
        """Set the choice to ``rows`` (objects already loaded, so none is loaded again)."""
        rows = list(rows)
        self._rows = rows
        self.data = [r.id for r in rows] if self.multiple else (rows[0].id if rows else None)

    @property
    def chosen(self) -> list:
        """The chosen rows that exist, in the order chosen (one query, once)."""
        if self._rows is None:
            ids = self.ids
            by_id = {row.id: row for row in self.kind.load(ids)} if ids else {}
            self._rows = [by_id[i] for i in ids if i in by_id]
        return self._rows

    @property
    def results(self) -> list:
        """Matches for the no-script search, the chosen rows left out (one query)."""
        if self._results is None:
            self._results = []
            if self.is_searching:
                found = self.kind.search(self.query, PICKER_LIMIT + 1)
                self.has_more = len(found) > PICKER_LIMIT
                chosen = set(self.ids)
                self._results = [r for r in found[:PICKER_LIMIT] if r.id not in chosen]
        return self._results

    def pre_validate(self, form) -> None:
        # One query for the chosen ids, never a list of every row to compare with.
        if self._is_malformed or len(self.chosen) < len(self.ids):
            raise StopValidation(self.kind.missing)


class MultiPickerField(PickerField):
    """Rows chosen by searching for them; ``data`` is a list of ids.

    The chosen rows are shown as check boxes (uncheck one to remove it); matches are added
    by the combobox, or without script offered as unchecked boxes after «Søk».
    """

    multiple = True


def picker_search_requested(form) -> bool:
    """Tell whether the form was sent with «Søk» and words to search for (nothing is saved)."""
    return any(getattr(field, "is_searching", False) for field in form)


class ConditionForm(Form):
    title = SingleLineField(_l("Tittel"),
                            validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200)])
    kind = SelectField(_l("Type"), choices=options(ConditionKind.choices()))
    owner_body_id = PickerField(
        _l("Eier (departement, direktorat eller Stortinget)"), kind=BODY_PICKER,
        validators=[DataRequired(_l("Velg hvem som eier rammebetingelsen."))],
    )
    current_state = TextAreaField(_l("Dagens situasjon"))
    our_position = TextAreaField(_l("Hva vi vil endre (vårt standpunkt)"))
    priority = SelectField(_l("Prioritet"), choices=options(Priority.choices()),
                           default=Priority.MEDIUM)
    status = SelectField(_l("Status"), choices=options(ConditionStatus.choices()),
                         default=ConditionStatus.MONITORING)
    source_urls = LinesField(_l("Kilder (én nettadresse per linje)"), validators=[web_addresses])
    lovdata_id = SingleLineField(
        _l("Lovdata-id (valgfri)"),
        validators=[Optional(), Length(max=40)],
        description=_l("For eksempel LOV-2008-06-27-71 eller FOR-2013-06-21-732."),
        filters=[lambda v: v.strip().upper() if v else None],
    )
    responsible_id = SelectField(_l("Ansvarlig"), coerce=bounded_int)

    def __init__(self, *args, condition_id: int | None = None, responsible_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._condition_id = condition_id
        self.responsible_id.choices = options([(0, _("Ingen")), *responsible_choices])

    def validate_title(self, field) -> None:
        if ids_equal_ignoring_case(FrameworkCondition.title, field.data) - {self._condition_id}:
            raise ValidationError(_("Det finnes allerede en rammebetingelse med denne tittelen."))

    def validate_lovdata_id(self, field) -> None:
        if field.data and not is_valid_lovdata_id(field.data):
            raise ValidationError(_(
                "Lovdata-id må ha formen LOV-ÅÅÅÅ-MM-DD-N eller FOR-ÅÅÅÅ-MM-DD-N med en "
                "gyldig dato, for eksempel LOV-2008-06-27-71."
            ))

    def validate_responsible_id(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_("Velg en ansvarlig fra listen."))


class LinkForm(Form):
    """Edit a link's effect, strength and note."""

    effect = SelectField(_l("Virkning"), choices=options(Effect.choices()), default=Effect.HINDERS)
    strength = SelectField(_l("Styrke"), coerce=bounded_int,
                           choices=options(STRENGTH_LABELS.items()), default=2)
    note = TextAreaField(_l("Merknad"), validators=[Length(max=2000)])


class LinkMeasureForm(LinkForm):
    """Link a condition to a measure, from the condition's page."""

    measure_id = PickerField(_l("Tiltak"), kind=MEASURE_PICKER,
                             validators=[DataRequired(_l("Velg et tiltak."))])


class LinkConditionForm(LinkForm):
    """Link a measure to a condition, from the measure's page."""

    condition_id = PickerField(_l("Rammebetingelse"), kind=CONDITION_PICKER,
                               validators=[DataRequired(_l("Velg en rammebetingelse."))])


class ConditionFilterForm(Form):
    """The list page's filters, read from the query string."""

    class Meta:
        csrf = False
        get_translations = i18n.form_translations

    q = StringField(_l("Søk"))
    kind = SelectField(_l("Type"),
                       choices=options([("", _l("Alle typer")), *ConditionKind.choices()]))
    owner = SelectField(_l("Eier"), choices=options([("", _l("Alle eiere"))]))
    priority = SelectField(_l("Prioritet"),
                           choices=options([("", _l("Alle prioriteter")), *Priority.choices()]))
    status = SelectField(_l("Status"),
                         choices=options([("", _l("Alle statuser")), *ConditionStatus.choices()]))
    goal = SelectField(_l("Utviklingsmål"), coerce=optional_int,
                       choices=options([("", _l("Alle mål"))]))
    theme = SelectField(_l("Tema"), coerce=optional_int,
                        choices=options([("", _l("Alle temaer"))]))
    mine = BooleanField(_l("Bare mine"))
