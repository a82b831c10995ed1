"""Create the users table; each note records its author.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=150), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    # Batch mode: SQLite cannot add a foreign key to an existing table, so
    # Alembic copies the table there; other databases alter it in place.
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_notes_author_id_users", "users", ["author_id"], ["id"])


def downgrade():
    with op.batch_alter_table("notes") as batch:
        batch.drop_constraint("fk_notes_author_id_users", type_="foreignkey")
        batch.drop_column("author_id")
    op.drop_table("users")
