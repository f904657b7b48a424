"""Mesa de revisión: la última decisión de esta oficina (aceptada u observada) sobre cada acción recibida, en la
revisión que vio (y un índice para hallar las parejas de posibles duplicados de una acción). Las observaciones que ya había dejado esta oficina pasan como su decisión «observada».

Revisión: 0011
Anterior: 0010
Creada: 2026-12-07 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'decision_revision',
        sa.Column('accion_id', sa.String(length=36), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('decision', sa.String(length=12), nullable=False),
        sa.Column('quien', sa.String(length=200), nullable=False),
        sa.Column('cuando', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('accion_id'),
    )
    op.create_index('ix_posible_duplicado_accion_b', 'posible_duplicado', ['accion_b'])
    # La observación más reciente de esta oficina sobre cada acción es su decisión.
    op.execute(sa.text(
        "INSERT INTO decision_revision (accion_id, revision, decision, quien, cuando) "
        "SELECT o.accion_id, o.revision, 'observada', o.autor, o.creada_en FROM observacion o "
        "WHERE o.oficina = (SELECT valor FROM ajuste WHERE clave = 'oficina_local') "
        "AND o.id = (SELECT max(o2.id) FROM observacion o2 WHERE o2.accion_id = o.accion_id AND o2.oficina = o.oficina)"))


def downgrade() -> None:
    op.drop_index('ix_posible_duplicado_accion_b', table_name='posible_duplicado')
    op.drop_table('decision_revision')
