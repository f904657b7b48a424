"""Cadena de acuses: de quién es el resultado aplicado a cada acción (la Coordinación o la estatal) y los acuses
recibidos por paquete enviado.

Revisión: 0007
Anterior: 0006
Creada: 2026-11-22 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('acuse_aplicado', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origen', sa.String(length=20), server_default='', nullable=False))
    op.create_table(
        'acuse_recibido',
        sa.Column('paquete', sa.String(length=36), nullable=False),
        sa.Column('origen', sa.String(length=20), nullable=False),
        sa.Column('emitido_en', sa.DateTime(), nullable=False),
        sa.Column('emisor', sa.String(length=20), nullable=False),
        sa.Column('aplicado_en', sa.DateTime(), nullable=False),
        sa.Column('aceptadas', sa.Integer(), nullable=False),
        sa.Column('observadas', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('paquete', 'origen', 'emitido_en'),
    )


def downgrade() -> None:
    op.drop_table('acuse_recibido')
    with op.batch_alter_table('acuse_aplicado', schema=None) as batch_op:
        batch_op.drop_column('origen')
