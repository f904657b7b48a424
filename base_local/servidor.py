"""Una base en servidor (PostgreSQL) que no responde, rechaza la entrada o no existe: un código estable y una frase en
español que nombra el servidor, el puerto y qué revisar; nunca la contraseña (T15)."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from base_local.errores import EntradaRechazada

_ACCESO = ("28000", "28P01")  # autorización inválida, contraseña inválida
_SIN_PERMISO = "42501"
_SIN_BASE = "3D000"


def _donde(url: URL) -> str:
    servidor = url.host or "el socket local"
    return f"{servidor}, puerto {url.port or 5432}"


def _causa(texto: str) -> str:
    """La causa, en español, de los fallos de red más comunes de libpq."""
    if "translate host name" in texto or "name or service not known" in texto or "nodename nor servname" in texto:
        return " (no se encontró ningún equipo con ese nombre)"
    if "connection refused" in texto:
        return " (el equipo rechazó la conexión: nada escucha en ese puerto)"
    if "timeout" in texto or "timed out" in texto:
        return " (no contestó a tiempo)"
    return ""


def _mal_configurada(texto: str) -> str | None:
    """Qué está mal escrito en la URL, según libpq; None si el problema no es de la URL."""
    if "invalid port number" in texto:
        return "el puerto no es un número de 1 a 65535"
    if "invalid connection option" in texto:
        return "lleva una opción (después de «?») que PostgreSQL no conoce"
    if "invalid" in texto and "value" in texto:
        return "una de sus opciones (después de «?») tiene un valor que PostgreSQL no acepta"
    return None


def problema_de_conexion(error: BaseException, url: URL | str, al_abrir: bool = True) -> EntradaRechazada | None:
    """El rechazo que explica `error` si vino del controlador de una base en servidor; None si no es de conexión.

    `al_abrir`: falló la primera conexión (nada cambió); si no, se perdió a media orden (lo ya confirmado queda)."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite" or not isinstance(error, DBAPIError):
        return None
    original = error.orig
    estado = getattr(original, "sqlstate", None)
    texto = str(original).lower()
    donde, usuario, base = _donde(url), url.username or "(sin usuario)", url.database or "(sin nombre)"
    if (mal := _mal_configurada(texto)) is not None:
        codigo, mensaje = "BASE_INVALIDA", (
            f"La base indicada con --base ({donde}) no sirve: {mal}. Revise la URL "
            "(postgresql+psycopg://usuario:contraseña@servidor:puerto/base).")
    elif estado == _SIN_PERMISO or "permission denied" in texto:
        codigo, mensaje = "BASE_SIN_PERMISO", (
            f"El usuario «{usuario}» entró al servidor de base de datos ({donde}) pero no tiene permiso sobre la base «{base}» "
            "(crear o leer sus tablas). Pida a quien administra el servidor que le dé la base (ALTER DATABASE "
            f"{base} OWNER TO {usuario}) o los permisos que faltan (GRANT).")
    elif estado in _ACCESO or any(palabra in texto for palabra in ("password", "authentication", "pg_hba.conf")):
        codigo, mensaje = "BASE_ACCESO_DENEGADO", (
            f"El servidor de base de datos ({donde}) no dejó entrar al usuario «{usuario}» a la base «{base}»: la contraseña "
            "no es la correcta, falta, o el servidor no admite a ese usuario desde este equipo. Revise el usuario y la contraseña en --base "
            "(postgresql+psycopg://usuario:contraseña@servidor:puerto/base) y los permisos del usuario (pg_hba.conf, GRANT) "
            "con quien administra el servidor.")
    elif estado == _SIN_BASE or ("database" in texto and "does not exist" in texto):
        codigo, mensaje = "BASE_NO_EXISTE", (
            f"En el servidor de base de datos ({donde}) no existe la base «{base}». Revise el nombre al final de --base o "
            f"pida a quien administra el servidor que la cree (createdb {base}).")
    elif isinstance(error, OperationalError | InterfaceError):
        codigo, mensaje = "BASE_INACCESIBLE", (
            f"El servidor de base de datos ({donde}) no responde o no acepta la conexión{_causa(texto)}. Revise que PostgreSQL esté encendido "
            "y escuche en ese puerto (listen_addresses), que el servidor y el puerto escritos en --base sean los correctos, "
            "y que la red o el cortafuegos dejen pasar la conexión.")
    else:
        return None  # un error de SQL (no de conexión) sigue su camino
    mensaje += (" No se modificó nada." if al_abrir else
                " Lo que estaba en curso se revirtió en el servidor; lo que la orden ya había confirmado antes sí quedó. "
                "Cuando el servidor responda, repita la orden.")
    if url.password:
        mensaje = mensaje.replace(str(url.password), "***")  # aunque una URL mal escrita la meta en el servidor o la base
    return EntradaRechazada(mensaje, codigo)
