"""Versión del esquema: sube la base a la última migración (con respaldo previo) o rechaza una más nueva.

Alembic se carga solo si hace falta: abrir una base que ya está al día lo resuelve una consulta.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

CARPETA_MIGRACIONES = Path(str(files("base_local.migraciones")))  # Alembic necesita una carpeta real


class BaseMasNueva(Exception):
    """La base fue creada por una versión más nueva del programa."""


_REVISION = re.compile(r"^revision: str = ['\"]([^'\"]+)['\"]", re.MULTILINE)


def revisiones_por_archivo() -> list[str]:
    """Revisiones conocidas por la línea `revision: str = '…'` de cada archivo (`0004_descripcion.py` declara «0004»;
    las de ramas paralelas, «0009_rama»), en orden."""
    archivos = (CARPETA_MIGRACIONES / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    return sorted(m[1] for p in archivos if (m := _REVISION.search(p.read_text(encoding="utf-8"))))


def al_dia(motor: Engine) -> bool:
    """¿La base está en la última revisión? Sin cargar Alembic."""
    with motor.connect() as con:
        if not inspect(con).has_table("alembic_version"):
            return False
        return con.execute(text("select version_num from alembic_version")).scalar() == revisiones_por_archivo()[-1]


def configuracion(motor: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(CARPETA_MIGRACIONES))
    # ConfigParser interpola «%»: una ruta con %, ?, # o acentos (ya codificados en la URL) se escapa
    cfg.set_main_option("sqlalchemy.url", motor.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def revision_cabeza(motor: Engine) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(configuracion(motor)).get_current_head()


def revision_actual(motor: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with motor.connect() as con:
        return MigrationContext.configure(con).get_current_revision()


def tiene_tablas(motor: Engine) -> bool:
    return bool(inspect(motor).get_table_names())


def comprobar_version(motor: Engine) -> str | None:
    """Revisión actual; lanza BaseMasNueva si el programa no la conoce."""
    from alembic.script import ScriptDirectory

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
    from alembic import command

    cfg = configuracion(motor)
    with motor.begin() as con:
        cfg.attributes["conexion"] = con
        command.upgrade(cfg, destino)
