"""Entorno de Alembic: usa la conexión que le pasa base_local.esquema o la URL de la configuración."""

from alembic import context
from sqlalchemy import create_engine

from base_local.modelos import Modelo

config = context.config
objetivo = Modelo.metadata


def _migrar(conexion) -> None:
    context.configure(
        connection=conexion,
        target_metadata=objetivo,
        render_as_batch=conexion.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


conexion = config.attributes.get("conexion")
if conexion is not None:
    _migrar(conexion)
else:
    motor = create_engine(config.get_main_option("sqlalchemy.url"))
    with motor.connect() as con:
        _migrar(con)
        con.commit()
