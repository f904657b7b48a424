"""Un solo analizador JSON estricto y acotado para todo lo que llega de fuera: paquetes, acuses, fichas, avisos de
rotación y archivos de llave.

Antes de analizar se comprueban, sobre los bytes y sin construir nada, el tamaño, que sea UTF-8 válido, la longitud
de cada línea, la profundidad de anidamiento y cuántos objetos y listas trae; al analizar se rechazan NaN, Infinity
(también una cifra que desborda a infinito), las llaves repetidas en un objeto y los sustitutos UTF-16 sueltos. Así
la memoria y el tiempo quedan acotados por el tamaño de la entrada, nunca por su forma.

Camino rápido: lo que escriben los programas del proyecto es JSON canónico (llaves ordenadas, sin espacios, UTF-8
sin escapar). Si orjson lo lee y, al escribir de nuevo lo leído, da exactamente los mismos bytes, el texto no puede
traer llaves repetidas (se habrían perdido al leer), NaN, cifras que desbordan, enteros enormes (orjson los lee como
fracción y al escribirlos cambian) ni sustitutos sueltos (orjson no los lee). Cualquier otra cosa, aunque sea JSON
válido, pasa por el analizador lento de siempre, que da el mismo valor o el mismo rechazo con su frase.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import orjson

MAX_PROFUNDIDAD = 32
MAX_LINEA = 4 * 1024 * 1024
MAX_CONTENEDORES = 200_000  # objetos más listas en un solo documento
_CADENAS = re.compile(rb'"[^"]*+"')
_NO_ESTRUCTURA = bytes(b for b in range(256) if b not in b'"[]{}')
_SUSTITUTO = re.compile(r"\\u[dD][89a-fA-F]")


class JsonInvalido(ValueError):
    """El texto no es JSON estricto; el mensaje, en español, dice qué tiene."""


def _revisar_forma(datos: bytes, que: str) -> None:
    for linea in (datos,) if len(datos) <= MAX_LINEA else datos.split(b"\n"):
        if len(linea) > MAX_LINEA:
            raise JsonInvalido(f"{que} tiene una línea de más de {MAX_LINEA // 1024**2} MiB.")
    if datos.count(b"[") + datos.count(b"{") <= MAX_PROFUNDIDAD:
        return
    # solo comillas y corchetes (sin escapes, que en JSON válido viven dentro de cadenas); luego sin cadenas
    esqueleto = datos.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NO_ESTRUCTURA)
    estructura = _CADENAS.sub(b"", esqueleto)
    if estructura.count(b"[") + estructura.count(b"{") > MAX_CONTENEDORES:
        raise JsonInvalido(f"{que} trae demasiados objetos y listas (más de {MAX_CONTENEDORES:,}).")
    for _ in range(MAX_PROFUNDIDAD):  # cada pasada quita los pares más internos: tantas pasadas como niveles
        if not estructura:
            return
        antes, estructura = len(estructura), estructura.replace(b"[]", b"").replace(b"{}", b"")
        if len(estructura) == antes:
            raise JsonInvalido(f"{que} no es JSON válido: sus corchetes y llaves no cierran en orden.")
    if estructura:
        raise JsonInvalido(f"{que} anida listas u objetos a más de {MAX_PROFUNDIDAD} niveles.")


def _objeto(pares: list[tuple[str, Any]]) -> dict[str, Any]:
    objeto = dict(pares)
    if len(objeto) != len(pares):
        vistas: set[str] = set()
        repetida = next(k for k, _ in pares if k in vistas or vistas.add(k))
        raise JsonInvalido(f"repite la llave «{repetida[:40]}» en un mismo objeto")
    return objeto


def _constante(nombre: str) -> Any:
    raise JsonInvalido(f"usa {nombre}, que no es un número JSON")


def _cifra(texto: str) -> float:
    valor = float(texto)
    if not math.isfinite(valor):
        raise JsonInvalido(f"trae la cifra {texto[:40]}, que desborda a infinito")
    return valor


def _sin_sustitutos(valor: Any) -> None:
    """Un \\ud800 suelto no es texto Unicode: no se podría guardar ni volver a escribir en UTF-8."""
    pendientes = [valor]
    while pendientes:
        v = pendientes.pop()
        if isinstance(v, str):
            v.encode("utf-8")
        elif isinstance(v, dict):
            pendientes.extend(v.keys())
            pendientes.extend(v.values())
        elif isinstance(v, list):
            pendientes.extend(v)


def cargar(datos: bytes, que: str, maximo: int) -> Any:
    """El valor de `datos` (bytes UTF-8) o JsonInvalido con una frase que nombra `que` y el problema."""
    if len(datos) > maximo:
        raise JsonInvalido(f"{que} mide {len(datos):,} bytes; el máximo es {maximo:,}.")
    try:
        texto = datos.decode("utf-8")
    except UnicodeDecodeError as e:
        raise JsonInvalido(f"{que} no es texto UTF-8 válido (byte {e.start:,}).") from None
    _revisar_forma(datos, que)
    try:
        valor = orjson.loads(datos)
    except orjson.JSONDecodeError:
        pass  # el analizador lento dice qué tiene
    else:
        if orjson.dumps(valor, option=orjson.OPT_SORT_KEYS) == datos:
            return valor
        del valor  # no dos copias analizadas en memoria
    return cargar_lento(texto, que)


def cargar_lento(texto: str, que: str) -> Any:
    """El analizador estricto de siempre, sobre el texto ya revisado (UTF-8, forma y tamaño)."""
    try:
        valor = json.loads(texto, object_pairs_hook=_objeto, parse_constant=_constante, parse_float=_cifra)
        if "\\u" in texto and _SUSTITUTO.search(texto):
            _sin_sustitutos(valor)
    except JsonInvalido as e:
        raise JsonInvalido(f"{que} no es JSON estricto: {e}.") from None
    except UnicodeEncodeError:
        raise JsonInvalido(f"{que} trae un carácter UTF-16 suelto (\\ud800…\\udfff), que no es texto.") from None
    except (ValueError, RecursionError) as e:  # sintaxis, o un entero de miles de dígitos
        raise JsonInvalido(f"{que} no es JSON válido ({str(e)[:80]}).") from None
    return valor


def leer_archivo(archivo: Path, que: str, maximo: int) -> Any:
    """Lee a lo más `maximo` + 1 bytes del archivo (nunca el archivo entero si es más grande) y lo analiza."""
    with archivo.open("rb") as origen:
        datos = origen.read(maximo + 1)
    if len(datos) > maximo:
        raise JsonInvalido(f"{que} mide más de {maximo:,} bytes: no es el archivo esperado.")
    return cargar(datos, que, maximo)
