"""Notes and files on conditions, hearings, papers and meetings.

A generic package, like ``advocacy.audit``: it imports no domain. Each domain registers
the objects notes and files may belong to with ``register_owner`` (see ``registry``).
"""

from advocacy.attachments import audit_labels  # noqa: F401  (registers with the change log)
from advocacy.attachments.registry import register_owner

__all__ = ["register_owner"]
