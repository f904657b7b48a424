"""La línea de comandos habla español por la vía documentada de argparse (gettext) y cada opción dice qué hace."""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ordenes.entrada import ORDENES, construir_analizador
from ordenes.idioma import PO, compilar, leer_po

RAIZ = Path(__file__).resolve().parents[1]
INGLES = ("usage:", "positional arguments", "options:", "show this help", "show program's", "optional arguments",
          "required", "expected", "invalid choice", "unrecognized")


def _marcados_por_argparse() -> set[str]:
    """Cada texto que el argparse de este Python marca para traducir (_() y ngettext())."""
    arbol = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    marcados = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Call) and isinstance(nodo.func, ast.Name) and nodo.func.id in ("_", "ngettext"):
            textos = [a.value for a in nodo.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if textos:
                marcados.add("\0".join(textos[:2]) if nodo.func.id == "ngettext" else textos[0])
    return marcados


def test_el_catalogo_cubre_cada_texto_de_argparse_y_el_mo_esta_al_dia():
    entradas = leer_po(PO.read_text(encoding="utf-8"))
    faltan = sorted(_marcados_por_argparse() - set(entradas))
    assert faltan == [], f"textos de argparse sin traducir en {PO.name}: {faltan}"
    assert all(v for k, v in entradas.items() if k), "hay textos con la traducción vacía"
    assert PO.with_suffix(".mo").read_bytes() == compilar(entradas), "corra «python -m ordenes.idioma»"


def _subanalizadores(analizador: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in analizador._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_cada_opcion_de_cada_orden_tiene_ayuda_en_espanol():
    analizador = construir_analizador()
    sin_ayuda = [f"registro-fsur {a.option_strings or a.dest}" for a in analizador._actions
                 if not isinstance(a, argparse._SubParsersAction) and not a.help]
    for nombre, sub in _subanalizadores(analizador).items():
        sin_ayuda += [f"{nombre} {a.option_strings or a.dest}" for a in sub._actions if not a.help]
        ayuda = sub.format_help()
        assert ayuda.startswith("uso: ") and "opciones:" in ayuda, nombre
        assert not [p for p in INGLES if p in ayuda.lower()], (nombre, ayuda)
    assert sin_ayuda == []
    general = analizador.format_help()
    assert "muestra la versión del programa y termina" in general and "muestra esta ayuda y termina" in general
    assert set(_subanalizadores(analizador)) == set(ORDENES)


@pytest.mark.parametrize("argv, espera", [
    (["exportar"], "faltan estos argumentos: --salida"),
    (["inicializar", "--tipo", "federal", "--nombre", "x", "--responsable", "y"], "opción no válida: 'federal'"),
    (["estado", "--no-existe"], "argumentos no reconocidos: --no-existe"),
    (["orden-que-no-hay"], "opción no válida: 'orden-que-no-hay'"),
])
def test_los_errores_de_argparse_salen_en_espanol_con_el_sistema_en_ingles(tmp_path, argv, espera):
    """Como en una máquina con Windows o Linux en inglés: ni LANG ni LANGUAGE dicen español."""
    entorno = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    entorno.update(LANG="en_US.UTF-8", LANGUAGE="en", PYTHONIOENCODING="utf-8")
    hecho = subprocess.run([sys.executable, "main.py", "--datos", str(tmp_path / "o"), *argv], cwd=RAIZ, env=entorno,
                           capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert hecho.returncode == 2
    assert hecho.stderr.startswith("uso: ") and espera in hecho.stderr, hecho.stderr
    assert not [p for p in ("usage:", "the following", "invalid choice", "unrecognized") if p in hecho.stderr]


def test_ningun_paquete_importa_main():
    """main.py está encima de todas las capas: elige entre la línea de comandos y la ventana; nadie lo importa."""
    importan = []
    for paquete in ("escritorio", "ordenes", "empaquetado", "reportes", "formularios", "base_local", "recursos"):
        for archivo in (RAIZ / paquete).rglob("*.py"):
            for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
                nombres = ([a.name for a in nodo.names] if isinstance(nodo, ast.Import)
                           else [nodo.module or ""] if isinstance(nodo, ast.ImportFrom) else [])
                importan += [str(archivo.relative_to(RAIZ)) for n in nombres if n == "main" or n.startswith("main.")]
    assert importan == []
