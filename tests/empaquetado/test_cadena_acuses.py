"""Acuses por la cadena, extremo a extremo en SQLite y en PostgreSQL (las cuatro oficinas en el mismo motor):
municipal → estatal → central → acuse (con una observación, o todo aceptado) → estatal → municipal; la municipal ve
«observada por la Coordinación» con la observación en su formulario (widget real) y en su tablero, y Envíos dice de
quién volvió el acuse. Cada municipal recibe solo lo suyo."""

import json
from pathlib import Path

import pytest

from tests.conftest import crear_oficina
from tests.empaquetado.util import BASES, cli, consultar

MUNICIPIOS = {"mun": "07089", "mun2": "07101"}  # Tapachula y Tuxtla Gutiérrez


def _huella(ficha: Path) -> str:
    return json.loads(ficha.read_text(encoding="utf-8"))["huella"]


def red_cadena(raiz: Path, urls=None) -> dict[str, Path]:
    """Dos municipales de Chiapas, su estatal y la central, registradas entre sí; las municipales y la estatal fijaron
    la huella de la central copiada de su ficha impresa. `urls` da una base PostgreSQL a cada oficina."""
    carpetas = {n: raiz / n for n in ("mun", "mun2", "est", "cen")}
    for nombre, carpeta in carpetas.items():
        url = urls() if urls else None
        tipo = "municipal" if nombre.startswith("mun") else {"est": "estatal", "cen": "central"}[nombre]
        crear_oficina(carpeta, tipo, "07", MUNICIPIOS.get(nombre), url)
        if url:
            BASES[carpeta] = url
    fichas = {}
    for nombre, carpeta in carpetas.items():
        fichas[nombre] = raiz / f"ficha-{nombre}.json"
        assert cli(carpeta, "ficha", "--salida", str(fichas[nombre]))[0] == 0
    for receptor, ficha in (("est", "mun"), ("est", "mun2"), ("cen", "est"), ("mun", "est"), ("mun2", "est"), ("est", "cen")):
        assert cli(carpetas[receptor], "registrar-oficina", str(fichas[ficha]))[0] == 0, (receptor, ficha)
    for nombre in ("mun", "mun2", "est"):
        assert cli(carpetas[nombre], "fijar-central", _huella(fichas["cen"]))[0] == 0
    return carpetas


def _importar(carpeta: Path, *args: str) -> dict:
    codigo, salida = cli(carpeta, "importar", *args)
    assert codigo == 0, salida
    return salida["paquetes"][0]


def hasta_el_acuse_de_la_central(raiz: Path, red: dict[str, Path], observar: bool, aplicar: bool = True) -> dict:
    """Las municipales envían, la estatal importa y envía con registros propios, la central importa, quizá observa un
    registro de Tapachula y emite su acuse; la estatal lo aplica y escribe los acuses de sus municipales."""
    usb = str(raiz / "usb")
    assert cli(red["mun"], "demo", "--registros", "3", "--semilla", "1")[0] == 0
    assert cli(red["mun2"], "demo", "--registros", "2", "--semilla", "2")[0] == 0
    p_mun = cli(red["mun"], "exportar", "--salida", usb)[1]
    p_mun2 = cli(red["mun2"], "exportar", "--salida", usb)[1]
    i_mun = _importar(red["est"], p_mun["archivo"])
    i_mun2 = _importar(red["est"], p_mun2["archivo"])
    assert cli(red["est"], "demo", "--registros", "1", "--semilla", "3")[0] == 0
    p_est = cli(red["est"], "exportar", "--salida", usb)[1]
    i_est = _importar(red["cen"], p_est["archivo"])
    assert i_est["nuevos"] == 6
    observado = consultar(red["cen"], "select id from accion where oficina_origen = 'M07089' order by id limit 1")[0][0]
    if observar:
        assert cli(red["cen"], "observar", observado, "--texto", "Adjunte la lista de asistencia firmada del 12 de marzo")[0] == 0
    acuse = raiz / "de-la-central" / "acuse.json"
    assert cli(red["cen"], "acuse", "--paquete", i_est["paquete"], "--salida", str(acuse))[0] == 0
    if not aplicar:
        return {"acuse": acuse, "observado": observado, "paquetes": {"mun": i_mun["paquete"], "mun2": i_mun2["paquete"]}}
    salida = raiz / "para-municipales"
    aplicado = _importar(red["est"], str(acuse), "--salida", str(salida))
    assert aplicado["resultado"] == "acuse_aplicado" and aplicado["aceptada"] + aplicado["observada"] == 6, aplicado
    return {"acuse": acuse, "salida": salida, "aplicado": aplicado, "observado": observado,
            "paquetes": {"mun": i_mun["paquete"], "mun2": i_mun2["paquete"]}}


def _ids(carpeta: Path) -> set[str]:
    return {i for (i,) in consultar(carpeta, "select id from accion")}


def recorrer_la_cadena(raiz: Path, red: dict[str, Path], observar: bool) -> dict:
    hecho = hasta_el_acuse_de_la_central(raiz, red, observar)
    archivos = {n: hecho["salida"] / f"acuse-{red_clave}-0001.json"
                for n, red_clave in (("mun", "M07089"), ("mun2", "M07101"))}
    assert sorted(p.name for p in hecho["salida"].iterdir()) == sorted(a.name for a in archivos.values())
    assert sorted(hecho["aplicado"]["reenviados"]) == sorted(map(str, archivos.values()))
    for nombre, archivo in archivos.items():
        documento = json.loads(archivo.read_text(encoding="utf-8"))
        # Solo lo suyo: ni registros ni sellos de otra oficina.
        assert {r["id"] for r in documento["registros"]} == _ids(red[nombre])
        assert {r["id"] for r in documento["coordinacion"]["registros"]} == _ids(red[nombre])
        assert "sellos" not in documento and documento["emisor"] == "E07" and documento["coordinacion"]["emisor"] == "CAIMFS"
        aplicado = _importar(red[nombre], str(archivo))
        assert aplicado["resultado"] == "acuse_aplicado" and aplicado["origen"] == "CAIMFS", aplicado
        assert "de la Coordinación" in aplicado["texto"]
    return hecho


def _estados(carpeta: Path) -> dict[str, str]:
    return dict(consultar(carpeta, "select id, estado from accion"))


@pytest.fixture(params=["sqlite", "postgresql"])
def motor(request):
    if request.param == "sqlite":
        return None
    servidor = request.getfixturevalue("servidor_pg")
    return servidor.base_nueva


def test_cadena_observada_por_la_coordinacion_llega_a_la_municipal(tmp_path, motor, qtbot):
    red = red_cadena(tmp_path, motor)
    hecho = recorrer_la_cadena(tmp_path, red, observar=True)
    estados = _estados(red["mun"])
    assert estados.pop(hecho["observado"]) == "observada"
    assert set(estados.values()) == {"aceptada"}
    assert set(_estados(red["mun2"]).values()) == {"aceptada"}
    assert consultar(red["mun"], "select oficina, texto, acuse from observacion") == [
        ("CAIMFS", "Adjunte la lista de asistencia firmada del 12 de marzo", hecho["paquetes"]["mun"])]
    assert consultar(red["mun2"], "select count(*) from observacion") == [(0,)]
    assert {o for (o,) in consultar(red["mun"], "select distinct origen from acuse_aplicado")} == {"CAIMFS"}
    # Aplicarlo otra vez no cambia nada (ni duplica la observación).
    archivo = hecho["salida"] / "acuse-M07089-0001.json"
    otra = _importar(red["mun"], str(archivo))
    assert otra["sin_efecto"] == 3
    assert consultar(red["mun"], "select count(*) from observacion") == [(1,)]
    pantallas(qtbot, red["mun"], hecho["observado"], "Observada por la Coordinación",
              "Adjunte la lista de asistencia firmada del 12 de marzo", aceptadas=2, observadas=1)


def test_cadena_aceptada_por_la_coordinacion_llega_a_la_municipal(tmp_path, motor, qtbot):
    red = red_cadena(tmp_path, motor)
    hecho = recorrer_la_cadena(tmp_path, red, observar=False)
    assert set(_estados(red["mun"]).values()) == set(_estados(red["mun2"]).values()) == {"aceptada"}
    assert consultar(red["mun"], "select count(*) from observacion") == [(0,)]
    pantallas(qtbot, red["mun"], hecho["observado"], "Aceptada por la Coordinación", None, aceptadas=3, observadas=0)


def pantallas(qtbot, carpeta: Path, id_accion: str, resultado: str, observacion: str | None, aceptadas: int, observadas: int) -> None:
    """El formulario real de la acción, el tablero y Envíos de la municipal."""
    from base_local.apertura import abrir_base
    from base_local.rutas import Rutas
    from escritorio.contexto import ContextoApp
    from escritorio.pagina_captura import PaginaCaptura
    from escritorio.pagina_envios import PaginaEnvios
    from escritorio.pagina_tablero import PaginaTablero
    from tests.conftest import FRASE

    rutas = Rutas(carpeta)
    ctx = ContextoApp(rutas, abrir_base(BASES.get(carpeta) or rutas.url_base), pedir_frase=lambda padre, motivo: FRASE)
    try:
        captura = PaginaCaptura(ctx)
        qtbot.addWidget(captura)
        captura.abrir(id_accion)
        etiqueta = captura.formulario.resultado_acuse
        assert resultado in etiqueta.text() and not etiqueta.isHidden()
        if observacion:
            assert observacion in etiqueta.text()
            assert f"Observación de la Coordinación: {observacion}" in captura.observaciones.text()
        tablero = PaginaTablero(ctx)
        qtbot.addWidget(tablero)
        tablero.actualizar()
        qtbot.waitUntil(lambda: tablero.datos is not None, timeout=20000)
        texto = tablero.cifras["cifra_coordinacion"].text()
        assert f"<b>{aceptadas} · {observadas}</b>" in texto and "Aceptadas · observadas por la Coordinación" in texto
        envios = PaginaEnvios(ctx)
        qtbot.addWidget(envios)
        envios.actualizar()
        acuse = envios.historial.filas[0][envios.historial.columnas.index("Acuse")]
        assert acuse.startswith("Coordinación vía E07 · ") and acuse.endswith(f"{aceptadas} aceptadas, {observadas} observada" + "s" * (observadas != 1))
    finally:
        ctx.base.cerrar()
