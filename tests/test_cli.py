"""Línea de comandos: opciones globales antes o después de la orden, --json, versión y códigos de salida."""

import json
import subprocess
import sys
from pathlib import Path

import main

RAIZ = Path(__file__).resolve().parent.parent


def test_opciones_globales_antes_y_despues(oficina_municipal, capsys):
    assert main.principal(["--datos", str(oficina_municipal), "--json", "estado"]) == 0
    antes = json.loads(capsys.readouterr().out)
    assert main.principal(["estado", "--json", "--datos", str(oficina_municipal)]) == 0
    despues = json.loads(capsys.readouterr().out)
    assert antes == despues and antes["oficina"] == "M07089"


def test_version_y_orden_desconocida_en_espanol():
    version = subprocess.run([sys.executable, "main.py", "--version"], cwd=RAIZ, capture_output=True, text=True)
    assert version.returncode == 0 and "Frontera Sur" in version.stdout
    mala = subprocess.run([sys.executable, "main.py", "volar"], cwd=RAIZ, capture_output=True, text=True)
    assert mala.returncode == 2
    assert "opción no válida" in mala.stderr and "Traceback" not in mala.stderr


def test_carpeta_sin_oficina_da_mensaje_y_codigo_2(tmp_path, capsys):
    assert main.principal(["--datos", str(tmp_path / "vacia"), "estado"]) == 2
    assert "no tiene una oficina" in capsys.readouterr().err
    assert not (tmp_path / "vacia").exists()


def test_error_json_es_legible_por_maquina(tmp_path, capsys):
    assert main.principal(["--json", "--datos", str(tmp_path / "v"), "demo"]) == 2
    salida = json.loads(capsys.readouterr().out)
    assert salida["error"] == "ENTRADA_RECHAZADA" and "inicializar" in salida["mensaje"]


def test_registro_unico_de_ordenes():
    ayuda = main.construir_analizador().format_help()
    assert {"inicializar", "demo", "estado", "exportar", "importar", "reporte", "cargar-excel", "acuse"} <= set(main.ORDENES)
    for nombre in main.ORDENES:
        assert nombre in ayuda


def test_docs_campos_lista_cada_llave_del_contrato():
    from formularios.campos import CAMPOS

    texto = (RAIZ / "docs" / "campos.md").read_text(encoding="utf-8")
    faltan = [c.clave for c in CAMPOS if f"`{c.clave}`" not in texto]
    assert faltan == []
