"""`registro-fsur autoprueba`: el recorrido que soporte pide a una oficina, corrido como ella lo correría."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PASOS = ["inicializar oficina", "guardar un registro con el servicio del formulario", "exportar el paquete firmado",
         "verificar el paquete en la oficina superior", "importar el paquete en la oficina superior",
         "escribir el libro de Excel", "escribir un PDF", "abrir y cerrar la ventana principal"]


def test_autoprueba_json_todos_los_pasos_ok_sin_tocar_los_datos_del_usuario(tmp_path):
    entorno = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "estado"), "XDG_DATA_HOME": str(tmp_path / "datos"),
               "QT_QPA_PLATFORM": "offscreen"}
    entorno.pop("FSUR_FRASE", None)
    hecho = subprocess.run([sys.executable, "-c", "import sys, main; sys.exit(main.principal())", "--json", "autoprueba"],
                           cwd=tmp_path, env=entorno, capture_output=True, text=True, timeout=600)
    assert hecho.returncode == 0, hecho.stdout + hecho.stderr
    salida = json.loads(hecho.stdout)
    assert salida["ok"] is True
    assert [p["paso"] for p in salida["pasos"]] == PASOS
    assert all(p["ok"] for p in salida["pasos"]), salida["pasos"]
    assert salida["bitacora"].startswith(str(tmp_path / "estado"))
    assert not (tmp_path / "datos").exists()  # la carpeta de datos del usuario no se creó ni se tocó


def test_autoprueba_un_renglon_por_paso_con_el_motivo_de_la_falla(tmp_path, monkeypatch):
    """Una carpeta de oficina que no se puede crear: el paso dice por qué, los que dependen de él no corren, y la
    traza queda en la bitácora."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "estado"))
    from ordenes import autoprueba

    raiz = tmp_path / "prueba"
    raiz.mkdir()
    (raiz / "municipal").write_text("un archivo donde iría la carpeta de la oficina")
    pasos = autoprueba.correr(raiz)
    assert [p["paso"] for p in pasos] == PASOS
    assert not pasos[0]["ok"] and pasos[0]["detalle"]
    assert all(p["detalle"] == "no corrió: falló un paso anterior" for p in pasos[1:])
    renglones = autoprueba.texto(pasos, tmp_path / "bitacora.log").splitlines()
    assert len(renglones) == len(PASOS) + 2
    assert renglones[1].startswith("FALLA inicializar oficina: ") and renglones[-1].startswith("Resultado: hay pasos que fallaron")
    bitacora = (tmp_path / "estado" / "registro-acciones-fsur" / "log" / "registro-fsur.log").read_text(encoding="utf-8")
    assert "Autoprueba: falló «inicializar oficina»" in bitacora and "Traceback" in bitacora
