"""Notes and files on hearings (``advocacy.attachments``)."""

from advocacy import attachments
from advocacy.hearings.models import Hearing

attachments.register_owner("hearing", Hearing, page=("hearings.detail", "hearing_id"),
                           noun="høringen")
