"""Notes and files on framework conditions (``advocacy.attachments``)."""

from advocacy import attachments
from advocacy.conditions.models import FrameworkCondition

attachments.register_owner("condition", FrameworkCondition,
                           page=("conditions.detail", "condition_id"), noun="rammebetingelsen")
