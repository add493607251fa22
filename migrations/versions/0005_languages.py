"""languages: each person's chosen locale, the language content was written in, and its translations

Revision ID: 0005_languages
Revises: 0004_debate_edited_at
Create Date: 2026-12-04 04:20:00.000000

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '0005_languages'
down_revision = '0004_debate_edited_at'
branch_labels = None
depends_on = None

CONTENT_TABLES = ('proposals', 'debates', 'surveys', 'outcomes')


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=10), nullable=True))
    for table in CONTENT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('language', sa.String(length=10), server_default='en',
                                          nullable=False))
    op.create_table(
        'content_translations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('proposal', 'debate', 'survey', 'survey_question', 'outcome',
                                  name='contentkind', native_enum=False, create_constraint=True,
                                  length=32), nullable=False),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=40), nullable=False),
        sa.Column('locale', sa.String(length=10), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('status', sa.Enum('pending', 'approved', 'rejected', name='translationstatus',
                                    native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column('translated_by_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('length(locale) BETWEEN 2 AND 10',
                           name=op.f('ck_content_translations_locale_length')),
        sa.CheckConstraint("(status = 'pending') = (reviewed_at IS NULL)",
                           name=op.f('ck_content_translations_reviewed_when_decided')),
        sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'],
                                name=op.f('fk_content_translations_reviewed_by_id_users')),
        sa.ForeignKeyConstraint(['translated_by_id'], ['users.id'],
                                name=op.f('fk_content_translations_translated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_translations')),
        sa.UniqueConstraint('kind', 'subject_id', 'field', 'locale',
                            name=op.f('uq_content_translations_kind_subject_id_field_locale')),
    )
    with op.batch_alter_table('content_translations', schema=None) as batch_op:
        batch_op.create_index('ix_content_translations_subject', ['kind', 'subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_translations_translated_by_id'),
                              ['translated_by_id'], unique=False)


def downgrade():
    op.drop_table('content_translations')
    for table in CONTENT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('language')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locale')
