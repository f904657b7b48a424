"""Actualizaciones firmadas de catálogos y metas (claves retiradas, bitácora de versiones aplicadas, versión de
catálogos de cada paquete recibido) y posibles duplicados entre oficinas con su revisión.

Revisión: 0006
Anterior: 0005
Creada: 2026-11-22 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'retiro_catalogo',
        sa.Column('tabla', sa.String(length=40), nullable=False),
        sa.Column('clave', sa.String(length=200), nullable=False),
        sa.Column('version', sa.String(length=20), nullable=False),
        sa.Column('retirado_en', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('tabla', 'clave'),
    )
    op.create_table(
        'actualizacion_catalogos',
        sa.Column('version', sa.String(length=20), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('firmante', sa.String(length=64), nullable=False),
        sa.Column('aplicada_en', sa.DateTime(), nullable=False),
        sa.Column('resumen', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('version'),
    )
    op.create_table(
        'posible_duplicado',
        sa.Column('accion_a', sa.String(length=36), nullable=False),
        sa.Column('accion_b', sa.String(length=36), nullable=False),
        sa.Column('detectado_en', sa.DateTime(), nullable=False),
        sa.Column('estado', sa.String(length=20), nullable=False),
        sa.Column('nota', sa.Text(), nullable=False),
        sa.Column('revisado_por', sa.String(length=200), nullable=False),
        sa.Column('revisado_en', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('accion_a', 'accion_b'),
    )
    with op.batch_alter_table('paquete_entrada', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version_catalogos', sa.String(length=20), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('paquete_entrada', schema=None) as batch_op:
        batch_op.drop_column('version_catalogos')
    op.drop_table('posible_duplicado')
    op.drop_table('actualizacion_catalogos')
    op.drop_table('retiro_catalogo')
