"""Stored leverage scores on framework conditions

The ranking read every link on each request; each condition now keeps its score and
its parts, computed here once for the existing links and afterwards by the app in the
transaction that changes a link (advocacy/conditions/scores.py).

Revision ID: 5c0a7e3d9b21
Revises: b796e2ff5552
Create Date: 2026-11-29 16:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c0a7e3d9b21'
down_revision = 'b796e2ff5552'
branch_labels = None
depends_on = None

PARTS = ('score_strength', 'score_measures', 'score_goals', 'score_enabling', 'score_total')

#: Each part as a correlated subquery over the condition's links (the formula in
#: advocacy/conditions/ranking.py; goals count twice).
BACKFILL = """
UPDATE framework_conditions SET
  score_strength = (SELECT COALESCE(SUM(d.strength), 0) FROM dependencies d
                    WHERE d.condition_id = framework_conditions.id
                      AND d.effect IN ('hinders', 'required')),
  score_measures = (SELECT COUNT(DISTINCT d.measure_id) FROM dependencies d
                    WHERE d.condition_id = framework_conditions.id
                      AND d.effect IN ('hinders', 'required')),
  score_goals = (SELECT COUNT(DISTINCT m.goal_id) FROM dependencies d
                 JOIN measures m ON m.id = d.measure_id
                 WHERE d.condition_id = framework_conditions.id
                   AND d.effect IN ('hinders', 'required')),
  score_enabling = (SELECT COUNT(*) FROM dependencies d
                    WHERE d.condition_id = framework_conditions.id
                      AND d.effect NOT IN ('hinders', 'required'))
"""


def upgrade():
    with op.batch_alter_table('framework_conditions', schema=None) as batch_op:
        for name in PARTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default='0',
                                          nullable=False))
        batch_op.create_index(batch_op.f('ix_framework_conditions_score_total'),
                              ['score_total'], unique=False)
    op.execute(BACKFILL)
    op.execute("UPDATE framework_conditions SET "
               "score_total = score_strength + score_measures + 2 * score_goals")


def downgrade():
    with op.batch_alter_table('framework_conditions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_framework_conditions_score_total'))
        for name in reversed(PARTS):
            batch_op.drop_column(name)
