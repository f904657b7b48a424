"""Carga los catálogos 2026.1 (municipios, ejes, líneas, objetivos PMM, retos, instituciones, metas).

Revisión: 0002
Anterior: 0001
"""

from collections.abc import Sequence

from alembic import op

from base_local.catalogos import sincronizar_catalogos

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sincronizar_catalogos(op.get_bind())


def downgrade() -> None:
    """Los catálogos se quedan: hay registros que los citan."""
