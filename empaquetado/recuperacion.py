"""Restaurar un respaldo de esta oficina, y recuperar una oficina en una computadora nueva desde su respaldo (T21).

Restaurar revisa el respaldo en una copia y lo compara con la llave de la carpeta antes de tocar la base. Recuperar es
un paso aparte, en una carpeta vacía: pide el archivo de llave de la oficina y su frase (quien tiene solo la base no
puede hacerse pasar por la oficina).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from base_local.errores import EntradaRechazada
from base_local.restauracion import reemplazar, respaldo_revisado
from base_local.rutas import PERMISO_CARPETA, Rutas, proteger, revisar_carpeta
from empaquetado import llaves, politica


@dataclass(frozen=True)
class OficinaARecuperar:
    """Lo que se muestra antes de pedir la frase: de qué oficina y de qué llave es el respaldo."""

    clave: str
    nombre: str
    huella: str


def restaurar(rutas: Rutas, archivo: Path, copia: Path, antes_de_reemplazar: Callable[[], None] = lambda: None) -> dict[str, Any]:
    """Reemplaza la base `archivo` por el respaldo `copia` si es de esta oficina y de su llave; si no, la deja intacta.

    `antes_de_reemplazar` se llama solo cuando ya pasó toda revisión (la ventana cierra ahí su conexión).
    """
    if not rutas.llave_privada.exists():
        raise EntradaRechazada(
            f"La carpeta {rutas.raiz} no tiene la llave de su oficina ({rutas.llave_privada.name}): no se puede saber de qué "
            "oficina es. No se modificó nada (la base de la carpeta sigue igual). Para traer una oficina a esta computadora use "
            "«recuperar-oficina --copia RESPALDO --llave LLAVE» en una carpeta vacía.", "CARPETA_SIN_LLAVE")
    oficina, huella = llaves.oficina_y_huella(rutas.llave_privada)
    with respaldo_revisado(copia, rutas.raiz) as revisado:
        politica.respaldo_de_la_oficina(revisado.oficina, revisado.huella, oficina, huella)
        antes_de_reemplazar()
        previa = reemplazar(archivo, revisado, rutas.respaldos)
    return {"copia": str(copia), "oficina": oficina, "anterior": str(previa),
            "texto": f"Base restaurada desde {copia}. La base anterior quedó en {previa}."}


def recuperar_oficina(carpeta: Path, copia: Path, llave: Path,
                      frase_para: Callable[[OficinaARecuperar], str | None]) -> dict[str, Any]:
    """Crea en `carpeta` (vacía) la oficina del respaldo `copia` con su archivo de llave `llave`.

    El respaldo debe ser de la oficina y de la llave del archivo; `frase_para` muestra la oficina y la huella y devuelve
    la frase (None: no seguir). La frase debe abrir la llave. Ante cualquier rechazo no queda nada de lo que se escribió.
    """
    rutas = Rutas(carpeta)
    revisar_carpeta(carpeta)
    if rutas.base.exists() or rutas.llave_privada.exists():
        raise EntradaRechazada(f"La carpeta {carpeta} ya tiene una oficina: recupere en una carpeta vacía (--datos) o, si es "
                               "la misma oficina, use «restaurar».", "CARPETA_CON_OFICINA")
    if not llave.is_file():
        raise EntradaRechazada(f"El archivo de llave {llave} no es un archivo (es una carpeta, un dispositivo o no existe). "
                               "No se creó nada.", "LLAVE_DANADA")
    oficina, huella = llaves.oficina_y_huella(llave)
    existia = carpeta.exists()
    sellada = rutas.llave_privada.with_name(rutas.llave_privada.name + ".recuperando")
    try:
        carpeta.mkdir(parents=True, exist_ok=True, mode=PERMISO_CARPETA)
        proteger(carpeta)
        with respaldo_revisado(copia, carpeta) as revisado:
            politica.respaldo_de_la_oficina(revisado.oficina, revisado.huella, oficina, huella, f"la llave {llave.name}")
            frase = frase_para(OficinaARecuperar(oficina, revisado.nombre_oficina or "", huella))
            if frase is None:
                raise EntradaRechazada("No se recuperó nada: la oficina y su huella no se confirmaron.", "RECUPERACION_CANCELADA")
            llaves.guardar(sellada, llave.read_bytes())  # la frase se prueba en la copia: el archivo original no se toca
            llaves.abrir_llaves(sellada, frase)
            sellada.replace(rutas.llave_privada)
            reemplazar(rutas.base, revisado, rutas.respaldos)
        for sub in (rutas.evidencias, rutas.respaldos, rutas.paquetes):
            sub.mkdir(exist_ok=True)
    except BaseException:
        if not existia:
            shutil.rmtree(carpeta, ignore_errors=True)
        else:
            for ruta in (sellada, rutas.llave_privada, rutas.base):
                ruta.unlink(missing_ok=True)
        raise
    return {"oficina": oficina, "nombre": revisado.nombre_oficina, "huella": huella, "carpeta": str(carpeta),
            "texto": f"Oficina {oficina} ({revisado.nombre_oficina}) recuperada en {carpeta} con su llave "
                     f"{llaves.huella_legible(huella)}. Copie también su carpeta evidencias/ si la tiene."}
