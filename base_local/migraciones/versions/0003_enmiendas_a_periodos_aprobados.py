"""Enmiendas a periodos aprobados: el conflicto apartado dice si es conflicto o enmienda.

Revisión: 0003
Anterior: 0002
Creada: 2026-11-21 13:48:31.649036
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conflicto', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tipo', sa.String(length=12), server_default='conflicto', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('conflicto', schema=None) as batch_op:
        batch_op.drop_column('tipo')

