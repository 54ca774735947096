"""Notes and files on framework conditions (``advocacy.attachments``)."""

from flask_babel import lazy_gettext as _l

from advocacy import attachments
from advocacy.conditions.models import FrameworkCondition

attachments.register_owner("condition", FrameworkCondition,
                           page=("conditions.detail", "condition_id"), noun=_l("rammebetingelsen"))
