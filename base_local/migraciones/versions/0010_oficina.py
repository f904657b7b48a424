"""Una sola entrada para el Instituto Nacional de Migración: «INM/INAMI» se retira (no se borra: registros que ya la
citan siguen válidos y legibles) y el formulario ofrece solo «INM — Instituto Nacional de Migración». Cada paquete
enviado guarda todos los trimestres de sus registros (`paquete_salida.trimestres`).

Revisión: 0010
Anterior: 0009
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RETIRADA = ("INM/INAMI", "Instituto Nacional de Migración")


def upgrade() -> None:
    with op.batch_alter_table("paquete_salida") as tabla:
        tabla.add_column(sa.Column("trimestres", sa.Text(), server_default="", nullable=False))
    conexion = op.get_bind()
    meta = sa.MetaData()
    institucion = sa.Table("institucion", meta, autoload_with=conexion)
    retiro = sa.Table("retiro_catalogo", meta, autoload_with=conexion)
    clave = "|".join(RETIRADA)
    existe = conexion.execute(sa.select(institucion.c.sigla).where(institucion.c.sigla == RETIRADA[0],
                                                                   institucion.c.nombre == RETIRADA[1])).first()
    ya = conexion.execute(sa.select(retiro.c.clave).where(retiro.c.tabla == "institucion", retiro.c.clave == clave)).first()
    if existe and not ya:
        version = conexion.execute(sa.text("select valor from ajuste where clave = 'version_catalogos'")).scalar() or ""
        conexion.execute(retiro.insert().values(tabla="institucion", clave=clave, version=version,
                                                retirado_en=datetime.now(UTC).replace(tzinfo=None)))


def downgrade() -> None:
    op.get_bind().execute(sa.text("delete from retiro_catalogo where tabla = 'institucion' and clave = :c"),
                          {"c": "|".join(RETIRADA)})
    with op.batch_alter_table("paquete_salida") as tabla:
        tabla.drop_column("trimestres")
