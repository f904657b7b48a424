"""Forma del paquete de envío: nombres, versión del formato y límites contra archivos hostiles."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import orjson

FORMATO = "fsur-envio/1"
RAIZ = "envio/"
BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
ARCHIVOS_ETIQUETA = ("bagit.txt", "bag-info.txt", "envio.json", "manifest-sha256.txt")
TAGMANIFEST = "tagmanifest-sha256.txt"
FIRMA = "tagmanifest-sha256.txt.sig"
PUBLICA = "firmante.pub.pem"
ACCIONES = "data/acciones.jsonl"
EVIDENCIAS = "data/evidencias/"

# Límites: un paquete trimestral real pesa pocos MB; estos márgenes dejan pasar años de evidencias.
MAX_ARCHIVO_ZIP = 2 * 1024**3
MAX_MIEMBROS = 50_000
MAX_MIEMBRO = 512 * 1024**2
MAX_TOTAL = 4 * 1024**3
MAX_PROPORCION = 200  # inflado / comprimido: más que esto es una bomba zip
MIN_TAMANO_PROPORCION = 1024 * 1024  # miembros pequeños no se juzgan por su proporción
# Antes de la firma solo se leen envio.json, el manifiesto de etiquetas y la firma: cada archivo de la raíz mide a
# lo más MAX_ETIQUETA (lo dice el índice del zip, antes de leer nada); manifest-sha256.txt, que lista cada archivo
# de data/ y solo se lee después de comprobar la firma, a lo más MAX_MANIFIESTO.
MAX_ETIQUETA = 64 * 1024
MAX_MANIFIESTO = 16 * 1024**2


_VERSION = re.compile(r"\d{1,6}(\.\d{1,6}){1,3}")


def version_valida(version: Any) -> bool:
    """Versión de catálogos con la forma AAAA.N (hasta cuatro partes numéricas)."""
    return isinstance(version, str) and bool(_VERSION.fullmatch(version))


def sha256(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()


_SIMPLES = frozenset({str, int, bool, type(None)})
_CONTENEDORES = frozenset({dict, list})
_ORJSON = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def _solo_simples(valor: dict | list) -> bool:
    """True si el contenedor solo trae textos, enteros, booleanos, nulos, listas y diccionarios (sin flotantes)."""
    hijos = valor.values() if type(valor) is dict else valor
    tipos = set(map(type, hijos))
    if tipos <= _SIMPLES:
        return True
    return tipos <= _SIMPLES | _CONTENEDORES and all(_solo_simples(h) for h in hijos if type(h) in _CONTENEDORES)


def json_canonico(valor: Any) -> bytes:
    """JSON con llaves ordenadas y sin espacios: los mismos datos dan los mismos bytes.

    Son siempre los bytes de `json.dumps(valor, ensure_ascii=False, sort_keys=True, separators=(",", ":"))`. Con
    solo textos, enteros, booleanos, nulos, listas y diccionarios los escribe orjson (en C, igual byte a byte); un
    flotante (orjson escribe 1e-05 como 0.00001 y NaN como null), otro tipo, una llave que no es texto o un entero de
    más de 64 bits van por json, como siempre.
    """
    if type(valor) in _CONTENEDORES and _solo_simples(valor):
        try:
            return orjson.dumps(valor, option=_ORJSON)
        except orjson.JSONEncodeError:
            pass
    return json.dumps(valor, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def manifiesto(archivos: dict[str, bytes]) -> bytes:
    """Líneas «sha256  ruta» (formato de sha256sum -c), ordenadas por ruta."""
    return "".join(f"{sha256(d)}  {ruta}\n" for ruta, d in sorted(archivos.items())).encode("utf-8")


def leer_manifiesto(texto: bytes) -> dict[str, str] | None:
    """{ruta: sha256} o None si el texto no tiene la forma de un manifiesto."""
    salida: dict[str, str] = {}
    try:
        lineas = texto.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return None
    for linea in lineas:
        if not linea.strip():
            continue
        partes = linea.split(maxsplit=1)
        if len(partes) != 2 or len(partes[0]) != 64 or partes[1] in salida:
            return None
        salida[partes[1].strip()] = partes[0].lower()
    return salida
