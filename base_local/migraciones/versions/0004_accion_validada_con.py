"""La acción guarda la huella de las reglas con que se validó sin errores (exportar no repite esa validación).

Revisión: 0004
Anterior: 0003
Creada: 2026-11-21 15:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('accion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('validada_con', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('accion', schema=None) as batch_op:
        batch_op.drop_column('validada_con')
