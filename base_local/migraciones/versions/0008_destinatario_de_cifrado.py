"""Destinatario de cifrado age («age1…») de cada llave registrada, tomado de su ficha o aviso de rotación firmado.

Revisión: 0008
Anterior: 0007
Creada: 2026-11-22 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('llave') as tabla:
        tabla.add_column(sa.Column('destinatario_age', sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('llave') as tabla:
        tabla.drop_column('destinatario_age')
