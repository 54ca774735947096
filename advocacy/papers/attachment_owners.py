"""Notes and files on position papers (``advocacy.attachments``).

Partners invited to a paper may add notes and files to it as well (the paper rule in
``advocacy.papers.access`` decides who sees it); their notes are seen by their own
organisation and the county.
"""

from flask_babel import lazy_gettext as _l

from advocacy import attachments
from advocacy.papers.models import PositionPaper

attachments.register_owner("paper", PositionPaper, page=("papers.detail", "paper_id"),
                           noun=_l("uttalelsen"), partners_contribute=True)
