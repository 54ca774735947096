"""Index the condition list's default order (priority, then title)

The list orders by a CASE that ranks high, medium, low; without an index on that
expression both databases read and sort every condition to show 25 (11 ms at 5,000 on
SQLite, growing with the table). The CASE is written exactly as the list writes it
(``advocacy.sorting.in_order_of``), so the databases read the index in order.

Alembic's comparison leaves expression indexes alone (migrations/env.py).

Revision ID: c4e7a9b2d5f1
Revises: c4e7a9d2f618
Create Date: 2026-11-29 19:55:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4e7a9b2d5f1'
down_revision = 'c4e7a9d2f618'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE INDEX ix_framework_conditions_priority_order ON framework_conditions "
               "((CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 "
               "ELSE 3 END), title, id)")


def downgrade():
    op.execute("DROP INDEX ix_framework_conditions_priority_order")
