"""Errores del dominio que se muestran a la persona tal cual: dicen qué pasó y cómo corregirlo."""

from __future__ import annotations

from pathlib import Path


class EntradaRechazada(Exception):
    """Una entrada del usuario no se aceptó; no se modificó nada. La CLI sale con código 2."""

    def __init__(self, mensaje: str, codigo: str = "ENTRADA_RECHAZADA") -> None:
        super().__init__(mensaje)
        self.codigo = codigo


def problema_de_disco(error: BaseException, carpeta_datos: Path | None = None) -> tuple[str, str] | None:
    """Disco lleno o carpeta de solo lectura: un mensaje claro en vez de una falla interna."""
    import errno

    carpeta = f" ({carpeta_datos})" if carpeta_datos else ""
    texto = str(error).lower()
    numero = getattr(error, "errno", None) or getattr(getattr(error, "orig", None), "sqlite_errorcode", None)
    if numero == errno.ENOSPC or "disk is full" in texto or "no space left" in texto:
        return ("DISCO_LLENO", f"El disco donde está la carpeta de datos{carpeta} se llenó. La operación se revirtió "
                               "completa: no se perdió nada. Libere espacio y vuelva a intentarlo.")
    if numero in (errno.EROFS, errno.EACCES) or "readonly" in texto or "read-only" in texto or "permission denied" in texto:
        return ("CARPETA_SOLO_LECTURA", f"No se puede escribir en la carpeta de datos{carpeta}: es de solo lectura o no "
                                        "tiene permiso. Nada cambió. Use una carpeta donde pueda escribir (--datos) o pida el permiso.")
    return None
