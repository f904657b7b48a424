"""Llaves y acuses: última secuencia firmada por una llave retirada, a lo más una llave activa por oficina y el
acuse más reciente aplicado a cada acción.

Una base con dos llaves activas para la misma oficina (el defecto que esto corrige) las deja revocadas: no se sabe
cuál es la legítima, así que esa oficina registra de nuevo su ficha.

Revisión: 0005
Anterior: 0004
Creada: 2026-11-22 17:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('llave', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ultima_secuencia', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE llave SET ultima_secuencia = COALESCE("
        "(SELECT MAX(p.secuencia) FROM paquete_entrada p WHERE p.oficina = llave.oficina AND p.importado_en <= llave.cambio_estado_en), "
        "(SELECT MAX(s.secuencia) FROM paquete_salida s WHERE s.oficina = llave.oficina AND s.creado_en <= llave.cambio_estado_en), 0) "
        "WHERE estado = 'retirada'"
    )
    op.execute(
        "UPDATE llave SET estado = 'revocada', motivo = 'Dos llaves activas al actualizar: registre de nuevo la ficha de la oficina' "
        "WHERE estado = 'activa' AND oficina IN (SELECT oficina FROM llave WHERE estado = 'activa' GROUP BY oficina HAVING COUNT(*) > 1)"
    )
    op.create_index('uq_llave_activa', 'llave', ['oficina'], unique=True,
                    sqlite_where=sa.text("estado = 'activa'"), postgresql_where=sa.text("estado = 'activa'"))
    op.create_table(
        'acuse_aplicado',
        sa.Column('accion_id', sa.String(length=36), nullable=False),
        sa.Column('emitido_en', sa.DateTime(), nullable=False),
        sa.Column('paquete', sa.String(length=36), nullable=False),
        sa.Column('estado', sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint('accion_id'),
    )


def downgrade() -> None:
    op.drop_table('acuse_aplicado')
    op.drop_index('uq_llave_activa', table_name='llave')
    with op.batch_alter_table('llave', schema=None) as batch_op:
        batch_op.drop_column('ultima_secuencia')
