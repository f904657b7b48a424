"""Carpeta de datos de la oficina, los archivos que viven en ella y la URL de su base (siempre objetos URL)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from base_local.errores import EntradaRechazada

NOMBRE_APP = "registro-acciones-fsur"
PERMISO_CARPETA = 0o700
PERMISO_LLAVE = 0o600


def carpeta_predeterminada() -> Path:
    """Carpeta de datos del usuario según el sistema operativo."""
    from platformdirs import user_data_dir  # solo sin --carpeta: no se carga al arrancar con una carpeta dada

    return Path(user_data_dir(NOMBRE_APP, appauthor=False))


def carpeta_bitacoras() -> Path:
    """Carpeta de bitácoras (logs) del usuario según el sistema operativo."""
    from platformdirs import user_log_dir

    return Path(user_log_dir(NOMBRE_APP, appauthor=False))


def url_sqlite(archivo: Path) -> URL:
    """URL de un archivo SQLite: la ruta va tal cual (con ?, #, % o acentos), sin pasar por texto de URL."""
    return URL.create("sqlite", database=str(archivo))


@dataclass(frozen=True)
class Rutas:
    """Archivos de una carpeta de datos."""

    raiz: Path

    @property
    def base(self) -> Path:
        return self.raiz / "registro.sqlite"

    @property
    def url_base(self) -> URL:
        return url_sqlite(self.base)

    @property
    def llave_privada(self) -> Path:
        return self.raiz / "llave_privada.json"

    @property
    def evidencias(self) -> Path:
        return self.raiz / "evidencias"

    @property
    def respaldos(self) -> Path:
        return self.raiz / "respaldos"

    @property
    def enviados(self) -> Path:
        """Cada paquete enviado, byte a byte, para reenviarlo (T16)."""
        return self.raiz / "enviados"

    @property
    def paquetes(self) -> Path:
        return self.raiz / "paquetes"


def archivo_sqlite(url: URL | str) -> Path | None:
    """Archivo SQLite que abre `url` (ruta absoluta, enlaces resueltos); None si la base no es un archivo SQLite."""
    url = make_url(url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser().resolve()


def _sin_contrasena(texto: str) -> str:
    """La URL para mostrarla: lo que va entre «usuario:» y la última «@» se cambia por *** (T15)."""
    esquema, separador, resto = texto.partition("://")
    credenciales, arroba, servidor = resto.rpartition("@")
    if esquema.startswith("sqlite") or not separador or not arroba or ":" not in credenciales:
        return texto
    return f"{esquema}://{credenciales.split(':', 1)[0]}:***@{servidor}"


def _rechazo_base(texto: str, problema: str) -> EntradaRechazada:
    return EntradaRechazada(f"La base indicada con --base ({_sin_contrasena(texto)}) no sirve: {problema}. Nada cambió.",
                            "BASE_INVALIDA")


def url_de_texto(texto: str) -> URL:
    """URL de `--base`: PostgreSQL tal cual; SQLite solo como archivo en disco, con su ruta absoluta.

    Rechaza (BASE_INVALIDA) lo que no es una URL, un motor que no está instalado, una base en memoria (se perdería
    al terminar) y una ruta SQLite con «?» o «#» sin codificar, que SQLAlchemy leería como otra ruta.
    """
    try:
        url = make_url(texto)
        url.get_dialect().import_dbapi()
    except (ArgumentError, NoSuchModuleError, ValueError, ImportError):
        raise _rechazo_base(texto, "no es una URL de base de datos que este programa conozca "
                                   "o cuyo controlador no está instalado (use postgresql+psycopg://usuario@servidor/base o sqlite:////ruta/registro.sqlite)") from None
    if url.get_backend_name() != "sqlite":
        if "@" in (url.host or "") or "/" in (url.host or ""):
            raise _rechazo_base(texto, "el usuario o la contraseña llevan «@», «:» o «/» sin codificar; escríbalos como %40, %3A "
                                       "y %2F (p. ej. postgresql+psycopg://usuario:clave%40123@servidor/base)")
        return url
    if "?" in texto or "#" in texto or url.query:
        raise _rechazo_base(texto, "una ruta SQLite no lleva parámetros; si el nombre de una carpeta lleva «?», «#» o «%», "
                                   "escríbalos como %3F, %23 y %25, o deje la base en la carpeta de datos (--datos) sin --base")
    try:
        archivo = archivo_sqlite(url)
        if archivo is None:
            raise _rechazo_base(texto, "una base en memoria se pierde al terminar la orden; indique un archivo "
                                       "(sqlite:////ruta/registro.sqlite) o quite --base para usar el de la carpeta de datos")
        if archivo.is_dir():
            raise _rechazo_base(texto, f"{archivo} es una carpeta, no un archivo de base")
        if not archivo.parent.is_dir():
            raise _rechazo_base(texto, f"la carpeta {archivo.parent} no existe; créela primero o use otra ruta")
    except OSError as e:
        raise _rechazo_base(texto, f"la ruta no se puede usar ({e.strerror or e})") from None
    return url_sqlite(archivo).set(drivername=url.drivername)


def revisar_carpeta(raiz: Path) -> None:
    """Rechaza (DATOS_NO_ES_CARPETA) una carpeta de datos que es un archivo o cuya ruta pasa por un archivo."""
    try:
        for ruta in (raiz, *raiz.parents):
            if ruta.exists():
                if not ruta.is_dir():
                    donde = "es un archivo" if ruta == raiz else f"pasa por {ruta}, que es un archivo"
                    raise EntradaRechazada(f"La carpeta de datos {raiz} no sirve: {donde}, no una carpeta. Nada cambió. "
                                           "Indique una carpeta con --datos.", "DATOS_NO_ES_CARPETA")
                return
    except OSError as e:
        raise EntradaRechazada(f"La carpeta de datos {raiz} no se puede usar ({e.strerror or e}). Nada cambió. "
                               "Indique otra con --datos (un nombre más corto, en un disco disponible).",
                               "DATOS_NO_ES_CARPETA") from None


def proteger(raiz: Path) -> None:
    """En POSIX: la carpeta de datos 0700 y la llave privada 0600 (también las de versiones anteriores).

    Solo se corrige lo que es de quien ejecuta el programa; en Windows la carpeta del usuario ya es privada.
    """
    if os.name == "nt":  # pragma: no cover - Windows
        return
    for ruta, permiso in ((raiz, PERMISO_CARPETA), (Rutas(raiz).llave_privada, PERMISO_LLAVE)):
        proteger_archivo(ruta, permiso)


def proteger_archivo(ruta: Path, permiso: int) -> None:
    """Quita a grupo y otros todo permiso sobre `ruta` si es de quien ejecuta el programa."""
    if os.name == "nt":  # pragma: no cover - Windows
        return
    try:
        estado = ruta.lstat()
        if stat.S_ISLNK(estado.st_mode) or estado.st_uid != os.geteuid():
            return
        if stat.S_IMODE(estado.st_mode) & 0o077:
            ruta.chmod(permiso)
    except OSError:  # no existe todavía, o un disco de solo lectura: nada que corregir aquí
        return
