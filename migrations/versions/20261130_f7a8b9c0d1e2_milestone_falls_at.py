"""When each milestone falls, kept in its row (milestones.falls_at)

The deadline timeline and Mitt arbeid count and find milestones by when they fall. For
one counted back from the deadline that is the working day on or before the day so many
days before it, which SQL cannot work out (Oslo's time zone, Norway's holidays): the app
now keeps the moment in the row (advocacy/hearings/falls.py), set here once.

Unlike the other migrations this one imports app code: the Oslo time zone, the Norwegian
public holidays and the stored datetime type, which the working-day rule needs. The rule
itself is copied below as it stood at this revision.

Revision ID: f7a8b9c0d1e2
Revises: d4e5f6a7b8c9
Create Date: 2026-11-30 08:30:00

"""
from datetime import datetime, timedelta

from alembic import op
import sqlalchemy as sa

from advocacy import clock
from advocacy.hearings.holidays import previous_working_day
from advocacy.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'f7a8b9c0d1e2'
down_revision = 'd4e5f6a7b8c9'
branch_labels = None
depends_on = None

milestones = sa.table('milestones', sa.column('id', sa.Integer), sa.column('hearing_id'),
                      sa.column('offset_days', sa.Integer),
                      sa.column('fixed_at', UTCDateTime), sa.column('falls_at', UTCDateTime))
hearings = sa.table('hearings', sa.column('id', sa.Integer),
                    sa.column('deadline_at', UTCDateTime))


def _counted_back(deadline: datetime, days: int) -> datetime:
    """Milestone.due_at for a milestone ``days`` before ``deadline`` (as of this revision)."""
    deadline = deadline.astimezone(clock.OSLO)
    day = previous_working_day(deadline.date() - timedelta(days=days))
    return datetime.combine(day, deadline.timetz().replace(tzinfo=None), clock.OSLO)


def upgrade():
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('falls_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_milestones_falls_at'), ['falls_at'], unique=False)
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(milestones.c.id, milestones.c.offset_days, milestones.c.fixed_at,
                  hearings.c.deadline_at)
        .join(hearings, hearings.c.id == milestones.c.hearing_id)).all()
    values = [{"milestone_id": id_, "moment": fixed if fixed is not None
               else _counted_back(deadline, days)}
              for id_, days, fixed, deadline in rows
              if fixed is not None or (days is not None and deadline is not None)]
    if values:
        connection.execute(
            milestones.update().where(milestones.c.id == sa.bindparam('milestone_id'))
            .values(falls_at=sa.bindparam('moment', type_=UTCDateTime)), values)


def downgrade():
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestones_falls_at'))
        batch_op.drop_column('falls_at')
