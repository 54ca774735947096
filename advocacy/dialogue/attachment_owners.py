"""Notes and files on contacts with the state, e.g. the minutes of a meeting
(``advocacy.attachments``). Who sees them is the contact rule's ``view``
(``advocacy.dialogue.access``): a partner only on public contacts shared with them."""

from flask_babel import lazy_gettext as _l

from advocacy import attachments
from advocacy.dialogue.models import Contact

attachments.register_owner("contact", Contact, page=("dialogue.detail", "contact_id"),
                           noun=_l("kontakten"))
