"""opinion maps: conversations in debates, statements, one vote per person each, map snapshots

Revision ID: 0006_opinions
Revises: 0005_languages
Create Date: 2026-12-04 14:13:28.000000

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '0006_opinions'
down_revision = '0005_languages'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('conversations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('debate_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.Enum('open', 'closed', name='conversationstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
        sa.Column('residents_may_add', sa.Boolean(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('closed_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('revision >= 0', name=op.f('ck_conversations_revision_not_negative')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_conversations_created_by_id_users')),
        sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_conversations_debate_id_debates'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
        sa.UniqueConstraint('debate_id', name=op.f('uq_conversations_debate_id'))
    )
    op.create_table('map_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('computed_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('vote_count', sa.Integer(), nullable=False),
        sa.Column('marker', sa.Integer(), nullable=False),
        sa.Column('result', sa.JSON(), nullable=False),
        sa.Column('state', sa.JSON(), nullable=False),
        sa.CheckConstraint('vote_count >= 0', name=op.f('ck_map_snapshots_vote_count_not_negative')),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_map_snapshots_conversation_id_conversations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_map_snapshots')),
        sa.UniqueConstraint('conversation_id', 'marker', name=op.f('uq_map_snapshots_conversation_id_marker'))
    )
    op.create_table('statements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.String(length=140), nullable=False),
        sa.Column('seed', sa.Boolean(), nullable=False),
        sa.Column('hidden_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('hidden_reason', sa.String(length=300), nullable=True),
        sa.Column('appeal_text', sa.String(length=1000), nullable=True),
        sa.Column('appealed_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('hidden_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('length(text) BETWEEN 1 AND 140', name=op.f('ck_statements_text_length')),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_statements_author_id_users')),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_statements_conversation_id_conversations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['hidden_by_id'], ['users.id'], name=op.f('fk_statements_hidden_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_statements'))
    )
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statements_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_statements_conversation_id_id', ['conversation_id', 'id'], unique=False)
    op.create_table('statement_votes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('statement_id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('revision >= 1', name=op.f('ck_statement_votes_revision_positive')),
        sa.CheckConstraint('value IN (-1, 0, 1)', name=op.f('ck_statement_votes_value_agree_pass_disagree')),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_statement_votes_conversation_id_conversations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['users.id'], name=op.f('fk_statement_votes_participant_id_users')),
        sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_statement_votes_statement_id_statements'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_votes')),
        sa.UniqueConstraint('statement_id', 'participant_id', name=op.f('uq_statement_votes_statement_id_participant_id'))
    )
    with op.batch_alter_table('statement_votes', schema=None) as batch_op:
        batch_op.create_index('ix_statement_votes_conversation_id', ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_votes_participant_id'), ['participant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('statement_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_votes_participant_id'))
        batch_op.drop_index('ix_statement_votes_conversation_id')
    op.drop_table('statement_votes')
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_index('ix_statements_conversation_id_id')
        batch_op.drop_index(batch_op.f('ix_statements_author_id'))
    op.drop_table('statements')
    op.drop_table('map_snapshots')
    op.drop_table('conversations')
