"""debates remember when their details were last changed

Revision ID: 0004_debate_edited_at
Revises: 0003_deliberation
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '0004_debate_edited_at'
down_revision = '0003_deliberation'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('debates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edited_at', models.base.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('debates', schema=None) as batch_op:
        batch_op.drop_column('edited_at')
