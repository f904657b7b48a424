"""argparse en español por su vía documentada: gettext con el catálogo recursos/locale/es/…/registro-fsur.mo.

El catálogo se escribe en el .po de al lado y se compila con `python -m ordenes.idioma` (tests/test_idioma.py
comprueba que el .mo está al día y que cubre cada texto que argparse marca para traducir)."""

from __future__ import annotations

import ast
import gettext
import os
import struct
from pathlib import Path

import recursos

DOMINIO = "registro-fsur"
CARPETA = Path(recursos.__file__).parent / "locale"
PO = CARPETA / "es" / "LC_MESSAGES" / f"{DOMINIO}.po"


def espanol() -> None:
    """Los textos de argparse salen del catálogo en español, sea cual sea el idioma del sistema."""
    os.environ["LANGUAGE"] = "es"  # el programa habla español; gettext elige el catálogo por esta variable
    gettext.bindtextdomain(DOMINIO, str(CARPETA))
    gettext.textdomain(DOMINIO)


def _cadena(linea: str) -> str:
    return ast.literal_eval(linea[linea.index('"'):])


def leer_po(texto: str) -> dict[str, str]:
    """msgid → msgstr (los plurales como «singular\\0plural» → «forma0\\0forma1», como los guarda un .mo)."""
    entradas: dict[str, str] = {}
    actual: dict[str, list[str]] = {}
    campo = ""

    def cerrar() -> None:
        if "msgid" in actual:
            clave = "".join(actual["msgid"])
            if "msgid_plural" in actual:
                clave += "\0" + "".join(actual["msgid_plural"])
                valor = "\0".join("".join(actual[k]) for k in sorted(k for k in actual if k.startswith("msgstr[")))
            else:
                valor = "".join(actual.get("msgstr", []))
            entradas[clave] = valor
        actual.clear()

    for linea in texto.splitlines():
        linea = linea.strip()
        if not linea or linea.startswith("#"):
            continue
        if linea.startswith('"'):
            actual[campo].append(_cadena(linea))
            continue
        campo = linea.split(" ", 1)[0]
        if campo == "msgid":
            cerrar()
        actual[campo] = [_cadena(linea)]
    cerrar()
    return entradas


def compilar(entradas: dict[str, str]) -> bytes:
    """El formato .mo de GNU gettext (el mismo que escribe msgfmt), con las claves ordenadas."""
    claves = sorted(entradas)
    ids = [k.encode("utf-8") for k in claves]
    strs = [entradas[k].encode("utf-8") for k in claves]
    n = len(claves)
    inicio_ids = 7 * 4
    inicio_strs = inicio_ids + n * 8
    datos = inicio_strs + n * 8
    tabla_ids, tabla_strs, cuerpo = [], [], b""
    for i in ids:
        tabla_ids.append((len(i), datos + len(cuerpo)))
        cuerpo += i + b"\0"
    for s in strs:
        tabla_strs.append((len(s), datos + len(cuerpo)))
        cuerpo += s + b"\0"
    cabecera = struct.pack("<7I", 0x950412DE, 0, n, inicio_ids, inicio_strs, 0, 0)
    return (cabecera + b"".join(struct.pack("<2I", *t) for t in tabla_ids)
            + b"".join(struct.pack("<2I", *t) for t in tabla_strs) + cuerpo)


if __name__ == "__main__":
    destino = PO.with_suffix(".mo")
    destino.write_bytes(compilar(leer_po(PO.read_text(encoding="utf-8"))))
    print(f"Catálogo compilado en {destino}")
