"""Versión del esquema: sube la base a la última migración (con respaldo previo) o rechaza una más nueva."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

CARPETA_MIGRACIONES = Path(__file__).resolve().parent / "migraciones"


class BaseMasNueva(Exception):
    """La base fue creada por una versión más nueva del programa."""


def configuracion(motor: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(CARPETA_MIGRACIONES))
    cfg.set_main_option("sqlalchemy.url", motor.url.render_as_string(hide_password=False))
    return cfg


def revision_cabeza(motor: Engine) -> str:
    return ScriptDirectory.from_config(configuracion(motor)).get_current_head()


def revision_actual(motor: Engine) -> str | None:
    with motor.connect() as con:
        return MigrationContext.configure(con).get_current_revision()


def tiene_tablas(motor: Engine) -> bool:
    return bool(inspect(motor).get_table_names())


def comprobar_version(motor: Engine) -> str | None:
    """Revisión actual; lanza BaseMasNueva si el programa no la conoce."""
    actual = revision_actual(motor)
    if actual is None:
        return None
    guion = ScriptDirectory.from_config(configuracion(motor))
    if actual not in {r.revision for r in guion.walk_revisions()}:
        raise BaseMasNueva(
            f"La base de datos está en la revisión «{actual}», que este programa no conoce: fue creada "
            "o actualizada por una versión más nueva. Instale la versión más reciente del programa; "
            "la base no se modificó."
        )
    return actual


def migrar(motor: Engine, destino: str = "head") -> None:
    """Aplica las migraciones pendientes hasta `destino` en una transacción."""
    cfg = configuracion(motor)
    with motor.begin() as con:
        cfg.attributes["conexion"] = con
        command.upgrade(cfg, destino)
