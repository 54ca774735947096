"""Notes and files on hearings (``advocacy.attachments``)."""

from flask_babel import lazy_gettext as _l

from advocacy import attachments
from advocacy.hearings.models import Hearing

attachments.register_owner("hearing", Hearing, page=("hearings.detail", "hearing_id"),
                           noun=_l("høringen"))
