"""T23: todo texto libre (notas de conflictos y de duplicados, observaciones, motivos, nombres de oficinas y de
fichas, quien firma) pasa la misma regla de texto (T13) y la misma tabla de límites, en la línea de comandos; lo que
la central guarda es lo que la estatal acepta en su acuse. Con la central en SQLite y en PostgreSQL."""

from __future__ import annotations

import json

import pytest

from empaquetado.confianza import ficha, firmar_documento
from formularios.limites import LIBRES, OBSERVACION
from tests.conftest import FRASE
from tests.empaquetado.test_central import _editar, _ronda
from tests.empaquetado.util import cli, consultar, ejecutar, huella_base, privada_de, red_de_oficinas

WORD = "Texto pegado de Word\x0bcon tabulador vertical"
HOSTILES = [(WORD, "CARACTER_DE_CONTROL"), ("Escape \x1b[31m rojo", "CARACTER_DE_CONTROL"), ("Campana\x07", "CARACTER_DE_CONTROL"),
            ("x" * 120_000, "DEMASIADO_LARGO")]


def _rechaza(carpeta, codigo_esperado: str, *orden: str) -> dict:
    antes = huella_base(carpeta)
    codigo, res = cli(carpeta, *orden)
    assert codigo == 2 and res["error"] == codigo_esperado, res
    assert huella_base(carpeta) == antes
    return res


def test_t23_nota_de_conflicto_se_revisa_y_el_acuse_llega_a_la_estatal(tmp_path, motor_central):
    red = red_de_oficinas(tmp_path, motor_central)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    _ronda(red, tmp_path, "r1")
    id_accion = consultar(red["cen"], "select id from accion order by id limit 1")[0][0]
    ejecutar(red["cen"], f"update accion set revision = 2, hombres = hombres + 100, total = total + 100 where id = '{id_accion}'")
    _editar(red["mun"], id_accion, mujeres=77)
    r = _ronda(red, tmp_path, "r2")
    [pendiente] = cli(red["cen"], "conflictos")[1]["pendientes"]
    orden = ("resolver-conflicto", str(pendiente["id"]), "--conservar", "recibida")
    for texto, codigo in HOSTILES:
        res = _rechaza(red["cen"], codigo, *orden, "--nota", texto)
        assert "nota" in res["mensaje"].lower()
    _rechaza(red["cen"], "CARACTER_DE_CONTROL", *orden, "--nota", "Bien", "--quien", "Ana\x0b")
    # Un byte que no es UTF-8 en la línea de comandos llega como sustituto suelto (surrogateescape): tampoco se guarda.
    _rechaza(red["cen"], "CARACTER_DE_CONTROL", *orden, "--nota", "Nota con un byte roto \udcff")
    # La nota más larga que se admite cabe en la observación que la lleva, y el acuse (JSON y PDF) llega a la estatal.
    nota = ("Revisado con la lista de asistencia firmada.\r\n" + "palabra " * 3_000)[: LIBRES["nota_conflicto"]]
    codigo, res = cli(red["cen"], *orden, "--nota", nota)
    assert codigo == 0, res
    [(guardada,)] = consultar(red["cen"], "select texto from observacion order by id desc limit 1")
    assert "\r" not in guardada and len(guardada) <= OBSERVACION
    codigo, acuse = cli(red["cen"], "acuse", "--paquete", r["paquete"], "--salida", str(tmp_path / "acuse.json"))
    assert codigo == 0, acuse
    assert (tmp_path / "acuse.pdf").stat().st_size > 0
    codigo, res = cli(red["est"], "importar", str(tmp_path / "acuse.json"))
    assert codigo == 0 and res["paquetes"][0]["resultado"] == "acuse_aplicado", res


@pytest.mark.parametrize(("texto", "codigo"), HOSTILES)
def test_t23_observacion_notas_de_duplicados_y_motivo_de_revocacion(tmp_path, texto, codigo):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "2")[0] == 0
    _ronda(red, tmp_path, "r1")
    id_accion = consultar(red["cen"], "select id from accion order by id limit 1")[0][0]
    _rechaza(red["cen"], codigo, "observar", id_accion, "--texto", texto)
    _rechaza(red["cen"], "CARACTER_DE_CONTROL", "observar", id_accion, "--texto", "Bien", "--autor", "Ana\x1b")
    _rechaza(red["cen"], codigo, "duplicados", "--no-es", id_accion, "otra", "--nota", texto)
    _rechaza(red["cen"], codigo, "duplicados", "--observar", id_accion, "otra", "--sobre", id_accion, "--nota", texto)
    [(huella,)] = consultar(red["cen"], "select huella from llave where oficina = 'E07'")
    _rechaza(red["cen"], codigo, "revocar-llave", huella, "--motivo", texto)
    _rechaza(red["cen"], "CARACTER_DE_CONTROL", "acuse", "--paquete", "x", "--salida", str(tmp_path / "a.json"), "--autor", "Ana\x07")


@pytest.mark.parametrize(("campo", "texto", "codigo"), [
    ("--nombre", "Oficina\x0bde Tapachula", "CARACTER_DE_CONTROL"),
    ("--responsable", "Ana\x1b", "CARACTER_DE_CONTROL"),
    ("--nombre", "O" * 201, "DEMASIADO_LARGO"),
    ("--responsable", "A" * 201, "DEMASIADO_LARGO"),
])
def test_t23_inicializar_revisa_nombre_y_responsable(tmp_path, campo, texto, codigo):
    valores = {"--nombre": "Oficina Municipal de Tapachula", "--responsable": "Ana López", campo: texto}
    carpeta = tmp_path / "mun"
    codigo_salida, res = cli(carpeta, "inicializar", "--tipo", "municipal", "--entidad", "07", "--municipio", "07089",
                             *(x for par in valores.items() for x in par))
    assert codigo_salida == 2 and res["error"] == codigo, res
    assert not carpeta.exists()


@pytest.mark.parametrize("nombre", ["Oficina\x0bfantasma", "Oficina " * 40])
def test_t23_ficha_firmada_con_nombre_sucio_o_enorme_se_rechaza(tmp_path, nombre):
    """La municipal firma con su llave REAL una ficha cuyo nombre trae un control o pasa de 200 caracteres."""
    from base_local.apertura import abrir_base
    from tests.empaquetado.util import url_de

    red = red_de_oficinas(tmp_path)
    base = abrir_base(url_de(red["mun"]))
    try:
        with base.transaccion() as s:
            documento = ficha(s, privada_de(red["mun"]))
    finally:
        base.cerrar()
    cuerpo = {k: v for k, v in documento.items() if k != "firma"}
    cuerpo["oficina"] = {**cuerpo["oficina"], "nombre": nombre}
    archivo = tmp_path / "ficha-sucia.json"
    archivo.write_text(json.dumps(firmar_documento(cuerpo, privada_de(red["mun"]))), encoding="utf-8")
    # Una estatal recién creada que aún no la tiene registrada.
    from tests.conftest import crear_oficina

    otra = tmp_path / "est2"
    crear_oficina(otra, "estatal", "07")
    res = _rechaza(otra, "FICHA_INVALIDA", "registrar-oficina", str(archivo))
    assert "nombre" in res["mensaje"]
    assert FRASE  # la frase de las pruebas abre la llave real
