"""State bodies: ministries, directorates, agencies and Stortinget's committees.

The lowest domain: conditions name a body as their owner and hearings as their issuer.
It imports no other domain; those that point at a body register the reference here
(``models.register_reference``), so that renaming or merging a body reaches them.
"""

from advocacy.bodies import audit_labels  # noqa: F401  (registers with the change log)
