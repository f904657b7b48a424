"""El zip de un paquete leído con límites y sin extraer nada: los archivos de etiqueta (pequeños) se leen a memoria,
nunca más de lo que declaran; las acciones se copian por bloques a un archivo temporal propio mientras se calcula su
huella (lo que se verifica y se fusiona es esa copia, no el zip, que podría cambiar en el disco); las evidencias se
recorren por bloques."""

from __future__ import annotations

import hashlib
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from empaquetado import formato as f
from empaquetado.codigos import Rechazo

BLOQUE = 1024 * 1024
EN_MEMORIA = 32 * 1024 * 1024  # una copia de acciones más grande que esto pasa a un archivo temporal


def _nombre_seguro(info: zipfile.ZipInfo) -> bool:
    nombre = info.filename
    if "\\" in nombre or "\x00" in nombre or nombre.startswith("/") or (len(nombre) > 1 and nombre[1] == ":"):
        return False
    partes = PurePosixPath(nombre).parts
    if ".." in partes or not nombre.startswith(f.RAIZ):
        return False
    modo = info.external_attr >> 16
    return not stat.S_ISLNK(modo)


def _etiqueta_pequena(info: zipfile.ZipInfo) -> None:
    """Un archivo de etiqueta (todo lo que no está en data/) mide poco, según el índice y antes de leerlo."""
    nombre = info.filename[len(f.RAIZ):]
    if nombre.startswith("data/"):
        return
    maximo = f.MAX_MANIFIESTO if nombre == "manifest-sha256.txt" else f.MAX_ETIQUETA
    if info.file_size > maximo:
        raise Rechazo("DEMASIADO_GRANDE", f"{info.filename} dice medir {info.file_size:,} bytes; un archivo de etiqueta "
                                          f"mide a lo más {maximo:,}. No se leyó nada.")


def _revisar(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > f.MAX_MIEMBROS:
        raise Rechazo("DEMASIADO_GRANDE", f"Trae {len(infos):,} archivos.")
    vistos: set[str] = set()
    total = 0
    for info in infos:
        if not _nombre_seguro(info):
            raise Rechazo("RUTA_PELIGROSA", f"Miembro: {info.filename!r}.")
        if info.filename in vistos:
            raise Rechazo("ARCHIVO_DUPLICADO", f"Miembro: {info.filename!r}.")
        vistos.add(info.filename)
        if info.flag_bits & 0x1:
            raise Rechazo("ZIP_INVALIDO", "Tiene miembros cifrados.")
        total += info.file_size
        proporcion = info.file_size / max(info.compress_size, 1)
        _etiqueta_pequena(info)
        if info.file_size > f.MAX_MIEMBRO or total > f.MAX_TOTAL or (
            info.file_size > f.MIN_TAMANO_PROPORCION and proporcion > f.MAX_PROPORCION
        ):
            raise Rechazo("DEMASIADO_GRANDE", f"Miembro: {info.filename!r}.")


class Contenedor:
    """Miembros del zip por su nombre sin el prefijo envio/."""

    def __init__(self, archivo: Path) -> None:
        if not archivo.is_file():
            raise Rechazo("ZIP_INVALIDO", f"No existe {archivo}.")
        if archivo.stat().st_size > f.MAX_ARCHIVO_ZIP:
            raise Rechazo("DEMASIADO_GRANDE")
        try:
            self._zip = zipfile.ZipFile(archivo)
        except Exception:  # noqa: BLE001 — ídem
            raise Rechazo("ZIP_INVALIDO") from None
        try:
            infos = self._zip.infolist()
            _revisar(infos)
        except BaseException:
            self._zip.close()
            raise
        self.infos = {i.filename[len(f.RAIZ):]: i for i in infos if not i.is_dir()}
        self._leidos: dict[str, bytes] = {}
        self._copias: dict[str, IO[bytes]] = {}

    def __enter__(self) -> Contenedor:
        return self

    def __exit__(self, *_: object) -> None:
        self._zip.close()

    @property
    def nombres(self) -> set[str]:
        return set(self.infos)

    def bloques(self, nombre: str) -> Iterator[bytes]:
        """El contenido por bloques; nunca más de lo que el miembro declara medir."""
        info = self.infos[nombre]
        leido = 0
        try:
            with self._zip.open(info) as origen:
                while bloque := origen.read(min(BLOQUE, info.file_size + 1 - leido)):
                    leido += len(bloque)
                    yield bloque
                    if leido > info.file_size:
                        break
        except Exception:  # noqa: BLE001 — un contenedor hostil nunca produce una falla interna
            raise Rechazo("ZIP_INVALIDO", f"No se pudo leer {info.filename!r}: los datos comprimidos están dañados.") from None
        if leido != info.file_size:
            raise Rechazo("DEMASIADO_GRANDE", f"{info.filename!r} no mide lo que declara.")

    def leer(self, nombre: str) -> bytes:
        """El contenido entero (etiquetas y acciones), leído una sola vez."""
        if nombre not in self._leidos:
            self._leidos[nombre] = b"".join(self.bloques(nombre))
        return self._leidos[nombre]

    def huella(self, nombre: str) -> str:
        """SHA-256 del miembro; el de acciones.jsonl, calculado sobre la copia que se guarda para verificar y fusionar."""
        if nombre in self._leidos:
            return f.sha256(self._leidos[nombre])
        if nombre == f.ACCIONES:
            copia = tempfile.SpooledTemporaryFile(max_size=EN_MEMORIA)  # noqa: SIM115 — vive con la Verificacion
            huella = self._volcar(nombre, copia)
            copia.seek(0)
            self._copias[nombre] = copia
            return huella
        calculo = hashlib.sha256()
        for bloque in self.bloques(nombre):
            calculo.update(bloque)
        return calculo.hexdigest()

    def copia(self, nombre: str) -> IO[bytes]:
        """La copia del miembro cuya huella ya se comprobó, desde el principio; sobrevive al cierre del zip."""
        copia = self._copias[nombre]
        copia.seek(0)
        return copia

    def _volcar(self, nombre: str, salida: IO[bytes]) -> str:
        calculo = hashlib.sha256()
        for bloque in self.bloques(nombre):
            calculo.update(bloque)
            salida.write(bloque)
        return calculo.hexdigest()

    def copiar(self, nombre: str, destino: Path) -> str:
        """Escribe el miembro en `destino` por bloques y devuelve su SHA-256 (calculado sobre lo escrito)."""
        with destino.open("wb") as salida:
            return self._volcar(nombre, salida)
