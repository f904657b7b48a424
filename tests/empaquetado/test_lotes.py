"""T14 y T15: en un lote, cada archivo por su cuenta, en SQLite y en PostgreSQL. Un paquete malo (sin firmar y a
mano, o firmado con la llave real de la oficina) se informa con su código; los buenos del mismo lote entran."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from empaquetado import formato as f
from empaquetado import importar as importar_mod
from empaquetado.recepcion import importar_lote
from tests.empaquetado.util import (
    cambiar_registros,
    cli,
    consultar,
    escribir_zip,
    huella_base,
    miembros,
    red_de_oficinas,
    refirmar,
)


def _lote(tmp_path: Path, motor: str | None) -> dict:
    """La central (en `motor`), un paquete bueno de la estatal y dos malos construidos como el adversario."""
    red = red_de_oficinas(tmp_path, motor)
    assert cli(red["est"], "demo", "--registros", "3")[0] == 0
    codigo, salida = cli(red["est"], "exportar", "--salida", str(tmp_path / "paquetes"))
    assert codigo == 0, salida
    bueno = Path(salida["archivo"])
    lista = miembros(bueno)
    malo1 = escribir_zip(tmp_path / "malo1.zip",  # sin firmar, a mano: envio.json anidado 30,000 veces
                         [(n, b"[" * 30_000 + b"]" * 30_000 if n.endswith("envio.json") else d) for n, d in lista])

    def a_campeche(registros):
        registros[0]["entidad"], registros[0]["municipio"] = "04", "04002"
    malo2 = escribir_zip(tmp_path / "malo2.zip", refirmar(cambiar_registros(lista, a_campeche), red["est"]))  # firmado: llave real
    return {"red": red, "bueno": bueno, "malo1": malo1, "malo2": malo2}


def _sin_acciones(carpeta: Path) -> None:
    assert consultar(carpeta, "select count(*) from accion")[0][0] == 0


def test_t14_importar_malo_bueno_malo(tmp_path, motor_central):
    lote = _lote(tmp_path, motor_central)
    central = lote["red"]["cen"]
    _sin_acciones(central)
    codigo, salida = cli(central, "importar", str(lote["malo1"]), str(lote["bueno"]), str(lote["malo2"]))
    assert codigo == 2  # un rechazo en el lote se nota en la salida, aunque el bueno entró
    resultados = [(Path(p["archivo"]).name, p["resultado"], p["codigo"]) for p in salida["paquetes"]]
    assert resultados == [("malo1.zip", "rechazado", "ESQUEMA_INVALIDO"), (lote["bueno"].name, "importado", "VALIDO"),
                          ("malo2.zip", "rechazado", "ORIGEN_INVALIDO")]
    assert "más de 32 niveles" in salida["paquetes"][0]["mensaje"] and "no corresponde a su lugar" in salida["paquetes"][2]["mensaje"]
    assert salida["paquetes"][1]["nuevos"] == 3
    assert consultar(central, "select count(*) from accion")[0][0] == 3
    assert consultar(central, "select count(*) from paquete_entrada")[0][0] == 1
    antes = huella_base(central)  # los malos, otra vez, no cambian nada; el bueno ya es un duplicado
    codigo, salida = cli(central, "importar", str(lote["malo2"]), str(lote["bueno"]), str(lote["malo1"]))
    assert [p["codigo"] for p in salida["paquetes"]] == ["ORIGEN_INVALIDO", "DUPLICADO", "ESQUEMA_INVALIDO"]
    assert huella_base(central) == antes


def test_t14_falla_inesperada_de_un_archivo_no_detiene_el_lote(tmp_path, monkeypatch):
    """Inyección de una falla del programa (no de la entrada) al fusionar un paquete: ese archivo se informa con
    FALLA_AL_PROCESAR, su transacción se revierte, y los demás del lote siguen."""
    lote = _lote(tmp_path, None)
    central = lote["red"]["cen"]
    envio = json.loads(dict(miembros(lote["bueno"]))[f.RAIZ + "envio.json"])
    original = importar_mod.fusionar

    def fusionar_con_falla(sesion, v, paquete, *args, **kwargs):
        if paquete == envio["id"]:
            raise RecursionError("maximum recursion depth exceeded")
        return original(sesion, v, paquete, *args, **kwargs)

    monkeypatch.setattr(importar_mod, "fusionar", fusionar_con_falla)
    antes = huella_base(central)
    codigo, salida = cli(central, "importar", str(lote["malo1"]), str(lote["bueno"]), str(lote["malo2"]))
    assert codigo == 2
    assert [p["codigo"] for p in salida["paquetes"]] == ["ESQUEMA_INVALIDO", "FALLA_AL_PROCESAR", "ORIGEN_INVALIDO"]
    assert "los demás archivos del lote siguieron" in salida["paquetes"][1]["mensaje"]
    assert huella_base(central) == antes
    monkeypatch.setattr(importar_mod, "fusionar", original)
    assert cli(central, "importar", str(lote["bueno"]))[0] == 0


@pytest.mark.parametrize("simular", [True, False])
def test_t14_lote_de_la_pagina_recepcion(tmp_path, motor_central, simular):
    """El mismo lote por el dominio que usa la página Recepción (vista previa e importación)."""
    from base_local.apertura import abrir_base
    from base_local.rutas import Rutas
    from tests.empaquetado.util import url_de

    lote = _lote(tmp_path, motor_central)
    central = lote["red"]["cen"]
    base = abrir_base(url_de(central))
    try:
        resultados = importar_lote(base, [lote["malo1"], lote["bueno"], lote["malo2"], tmp_path / "no-existe.zip"],
                                   Rutas(central).evidencias, simular=simular)
    finally:
        base.cerrar()
    assert [(r.resultado, r.codigo) for r in resultados] == [
        ("rechazado", "ESQUEMA_INVALIDO"), ("simulado" if simular else "importado", "VALIDO"),
        ("rechazado", "ORIGEN_INVALIDO"), ("rechazado", "ZIP_INVALIDO")]
    assert all(r.mensaje for r in resultados)
    assert consultar(central, "select count(*) from accion")[0][0] == (0 if simular else 3)
