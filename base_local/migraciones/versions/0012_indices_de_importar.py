"""Menos índices que mantener al importar: `accion` tenía once y cada fila nueva los recorre todos.

- Se quitan los de eje, entidad, tipo y trimestre: ninguna consulta los necesita (el trimestre es la primera columna
  de `ix_accion_revision`; los reportes leen todas las filas vivas; la revisión de duplicados va por municipio y
  fecha).
- Los de estado y «pendiente de envío» (dos o tres valores) se cambian por uno parcial que solo guarda lo pendiente
  de envío: lo cuentan el inicio y el tablero, y exportar lo lee.
- `ix_historial_accion_id` repetía el principio de la restricción única (accion_id, revision, operacion).

Con 100,000 acciones, insertar lo recibido baja de 4.6 s a 3.6 s de CPU (docs/rendimiento.md).

Revisión: 0012
Anterior: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIMPLES = ("eje", "entidad", "estado", "pendiente_envio", "periodo", "tipo_accion")


def upgrade() -> None:
    for columna in SIMPLES:
        op.drop_index(f"ix_accion_{columna}", table_name="accion")
    op.drop_index("ix_historial_accion_id", table_name="historial")
    op.create_index("ix_accion_por_enviar", "accion", ["estado"], sqlite_where=sa.text("pendiente_envio = 1"),
                    postgresql_where=sa.text("pendiente_envio"))


def downgrade() -> None:
    op.drop_index("ix_accion_por_enviar", table_name="accion")
    op.create_index("ix_historial_accion_id", "historial", ["accion_id"])
    for columna in SIMPLES:
        op.create_index(f"ix_accion_{columna}", "accion", [columna])
