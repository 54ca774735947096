"""Forms of the platform pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from advocacy.conditions.forms import CONDITION_PICKER, PickerField
from advocacy.forms import Form, SingleLineField, options
from advocacy.platform.models import PlatformKind
from advocacy.platform.services import FIRST_YEAR, LAST_YEAR


class PlatformTextForm(Form):
    """What a draft says of itself: kind, title and introduction."""

    kind = SelectField(_l("Type"), choices=options(PlatformKind.choices()),
                       default=PlatformKind.PLATFORM)
    title = SingleLineField(_l("Tittel"), validators=[Length(max=200)],
                            description=_l("Tom: «Interessepolitisk plattform» eller «Innspill "
                                           "til statsbudsjettet» og året."))
    introduction = TextAreaField(
        _l("Innledning"), validators=[Length(max=20000)],
        description=_l("Avsnitt skilles med en tom linje. **fet**, *kursiv* og lister med - "
                       "virker som i uttalelser."))


class NewPlatformForm(PlatformTextForm):
    """A new year's draft."""

    year = IntegerField(_l("År"), validators=[
        InputRequired(_l("Skriv året plattformen gjelder.")),
        NumberRange(FIRST_YEAR, LAST_YEAR, _l("Året må være mellom %(first)s og %(last)s.",
                                              first=FIRST_YEAR, last=LAST_YEAR))])


class AddItemForm(Form):
    """Put a framework condition on the draft."""

    condition_id = PickerField(_l("Rammebetingelse"), kind=CONDITION_PICKER,
                               validators=[DataRequired(_l("Velg en rammebetingelse."))])


class ItemTextForm(Form):
    """The platform's own wording of what we want changed."""

    own_text = TextAreaField(
        _l("Dette ber vi om (plattformens egen tekst)"), validators=[Length(max=5000)],
        description=_l("Tom: rammebetingelsens egen tekst om hva vi vil endre."))
