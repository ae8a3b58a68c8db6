"""transparency log: log_entries (the durable sequencer), log_checkpoints, log_anchors

Revision ID: 0200
Revises: 0100
Create Date: 2026-11-28 13:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0200"
down_revision = "0100"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "log_entries",
        sa.Column("index", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entry", sa.LargeBinary(), nullable=False),
        sa.Column("leaf_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("credential_id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("index"),
    )
    op.create_index("ix_log_entries_credential", "log_entries", ["credential_id", "index"])
    op.create_index("ix_log_entries_org_id", "log_entries", ["org_id"])
    op.create_table(
        "log_checkpoints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("root_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_log_checkpoints_size", "log_checkpoints", ["size"])
    op.create_table(
        "log_anchors",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("checkpoint_id", sa.Integer(), nullable=False),
        sa.Column("checkpoint_size", sa.BigInteger(), nullable=False),
        sa.Column("chain", sa.String(length=64), nullable=False),
        sa.Column("tx_hash", sa.String(length=130), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=True),
        sa.Column("block_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_log_anchors_size", "log_anchors", ["checkpoint_size"])
    op.create_index("ix_log_anchors_checkpoint_id", "log_anchors", ["checkpoint_id"])


def downgrade() -> None:
    op.drop_index("ix_log_anchors_checkpoint_id", table_name="log_anchors")
    op.drop_index("ix_log_anchors_size", table_name="log_anchors")
    op.drop_table("log_anchors")
    op.drop_index("ix_log_checkpoints_size", table_name="log_checkpoints")
    op.drop_table("log_checkpoints")
    op.drop_index("ix_log_entries_org_id", table_name="log_entries")
    op.drop_index("ix_log_entries_credential", table_name="log_entries")
    op.drop_table("log_entries")
