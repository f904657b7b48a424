"""Libro consolidado y PDF abiertos de vuelta: cifras iguales a la base, PICI, texto seguro y carátulas."""

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import main
from base_local.apertura import abrir_base
from base_local.oficinas import oficina_local
from base_local.rutas import Rutas
from formularios.servicio import contexto_para, guardar
from tests.conftest import crear_oficina
from tests.empaquetado.util import cli, red_de_oficinas
from tests.test_reglas import valido


def texto_pdf(ruta) -> str:
    return "\n".join(pagina.extract_text() for pagina in PdfReader(str(ruta)).pages)


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    """Oficina central con acciones en las cuatro entidades, 6 convenios firmados en 2026T2 y un título peligroso."""
    carpeta = tmp_path_factory.mktemp("central") / "cen"
    crear_oficina(carpeta, "central")
    assert main.principal(["--datos", str(carpeta), "demo", "--registros", "150"]) == 0
    base = abrir_base(Rutas(carpeta).url_base)
    with base.transaccion() as s:
        oficina = oficina_local(s)
        ctx = contexto_para(s, oficina)
        for i in range(6):
            dia = date(2026, 4 + i % 3, 10 + i)
            r = guardar(s, valido(tipo_accion="convenio_acuerdo", eje="convenios", linea_accion="convenios_acuerdos",
                                  fecha_inicio=dia, fecha_fin=dia, titulo=f"Convenio de colaboración número {i + 1}",
                                  municipio=["04010", "07089", "23004", "27017", "07015", "27001"][i],
                                  entidad=["04", "07", "23", "27", "07", "27"][i], mujeres=3 + i, hombres=2,
                                  convenio={"instrumento": "Convenio", "contrapartes": "DIF", "estado_instrumento": "firmado",
                                            "fecha_firma": dia, "folio": f"F-{i}"}, avisos_reconocidos=["POSIBLE_DUPLICADO"]),
                        ctx, oficina, quien="Prueba", lista=True)
            assert r.guardado, r.mensajes
        r = guardar(s, valido(titulo="=1+1 taller de formulas", descripcion="@SUMA(A1)", fecha_inicio="2026-10-08",
                              fecha_fin="2026-10-08", avisos_reconocidos=["POSIBLE_DUPLICADO"]), ctx, oficina, quien="Prueba", lista=True)
        assert r.guardado
    base.cerrar()
    return carpeta


def _totales_bd(carpeta: Path, donde: str = "") -> dict:
    con = sqlite3.connect(carpeta / "registro.sqlite")
    filas = con.execute(f"select entidad, sum(mujeres), sum(hombres), sum(otra_identidad), sum(sin_dato), sum(total), count(*) "
                        f"from accion where estado in ('lista','enviada','aceptada','observada') {donde} group by entidad").fetchall()
    con.close()
    return {f[0]: list(f[1:]) for f in filas}


def test_consolidado_cuadra_con_la_base(central, tmp_path):
    destino = tmp_path / "consolidado.xlsx"
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "consolidado", "--salida", str(destino)]) == 0
    libro = load_workbook(destino)
    hoja = libro["Por entidad"]
    assert [c.value for c in hoja[1]][:9] == ["Clave", "Entidad", "Acciones", "Sesiones", "Mujeres", "Hombres", "Otra identidad", "Sin dato de sexo", "Total"]
    del_libro = {f[0]: [f[4], f[5], f[6], f[7], f[8], f[2]] for f in hoja.iter_rows(min_row=2, values_only=True) if f[0] != "Total"}
    assert del_libro == _totales_bd(central)
    assert set(del_libro) == {"04", "07", "23", "27"}
    acciones = libro["Acciones"]
    assert acciones.freeze_panes == "A3" and acciones.auto_filter.ref.startswith("A2:")
    llaves = [c.value for c in acciones[2]]
    assert {"id", "revision", "mujeres", "total", "objetivos_pmm", "convenio.fecha_firma"} <= set(llaves)
    titulos = {f[llaves.index("titulo")]: f for f in acciones.iter_rows(min_row=3, values_only=True)}
    assert sum(1 for _ in acciones.iter_rows(min_row=3)) == sum(v[5] for v in _totales_bd(central).values())
    assert "=1+1 taller de formulas" in titulos
    fila = next(r for r in acciones.iter_rows(min_row=3) if r[llaves.index("titulo")].value == "=1+1 taller de formulas")
    assert fila[llaves.index("titulo")].data_type == "s" and fila[llaves.index("descripcion")].data_type == "s"
    assert fila[llaves.index("mujeres")].number_format == "#,##0"
    municipios = {f[0]: f[1] for f in libro["Por municipio"].iter_rows(min_row=2, values_only=True)}
    assert municipios.get("07089") == "sí" and all(v in ("sí", "no", None) for v in municipios.values())


def test_pici_trimestre_con_seis_firmados(central, tmp_path):
    destino = tmp_path / "consolidado-2026.xlsx"
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "consolidado", "--periodo", "2026", "--salida", str(destino)]) == 0
    filas = {(f[0], f[1]): f for f in load_workbook(destino)["Indicadores"].iter_rows(min_row=2, values_only=True) if f[0]}
    pici_t2 = filas[("PICI", "2.º trimestre de 2026")]  # el periodo, como se dice
    firmados_demo = pici_t2[2] - 6
    assert firmados_demo == 0  # la demostración firma en los dos últimos trimestres, no en el T2
    assert pici_t2[2:5] == (6, 8, 32)
    assert pici_t2[5] == pytest.approx(0.1875) and pici_t2[6] == pytest.approx(0.75)
    pdf = tmp_path / "t2.pdf"
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "trimestral", "--periodo", "2026T2", "--salida", str(pdf)]) == 0
    texto = texto_pdf(pdf)
    assert "18.75 %" in texto and "75.00 %" in texto
    assert "Campeche" in texto and "Quintana Roo" in texto


def test_trimestral_y_compendio_traen_las_cifras(central, tmp_path):
    pdf = tmp_path / "t4.pdf"
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "trimestral", "--periodo", "2026T4", "--entidad", "07", "--salida", str(pdf)]) == 0
    texto = texto_pdf(pdf)
    bd = _totales_bd(central, "and periodo = '2026T4' and entidad = '07'")["07"]
    assert f"{bd[4]:,}" in texto and f"{bd[0]:,}" in texto  # total y mujeres de Chiapas en el trimestre
    assert "Retos por categoría" in texto and "Municipios" in texto
    comp = tmp_path / "compendio.pdf"
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "compendio", "--periodo", "2026", "--salida", str(comp)]) == 0
    texto = texto_pdf(comp)
    assert "Objetivo 7." in texto and "RESULTADOS" in texto
    assert "CONVENIO DE COLABORACIÓN NÚMERO 1 – CAMPECHE" in texto


def test_reporte_rechaza_selecciones_invalidas(central, capsys):
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "trimestral", "--periodo", "2026T5", "--salida", "x.pdf"]) == 2
    assert "AAAAT#" in capsys.readouterr().err
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "consolidado", "--formato", "pdf", "--salida", "x.pdf"]) == 2
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "consolidado", "--entidad", "09", "--salida", "x.xlsx"]) == 2


def test_caratula_acuse_y_ficha_en_pdf(tmp_path):
    red = red_de_oficinas(tmp_path, cifrado=True)  # las fichas de hoy, con su PDF; el paquete sale cifrado
    ficha = texto_pdf(tmp_path / "ficha-mun.pdf")
    import json

    huella = json.loads((tmp_path / "ficha-mun.json").read_text())["huella"].upper()
    assert huella[:4] in ficha and "Ficha de registro" in ficha and "M07089" in ficha
    assert cli(red["mun"], "demo", "--registros", "4")[0] == 0
    _, paquete = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    caratula = texto_pdf(paquete["caratula"])
    assert paquete["huella"][:4].upper() in caratula and "Carátula de paquete" in caratula and "Número de paquete" in caratula
    _, importado = cli(red["est"], "importar", paquete["archivo"])
    _, acuse = cli(red["est"], "acuse", "--paquete", importado["paquetes"][0]["paquete"], "--salida", str(tmp_path / "acuse.json"))
    texto = texto_pdf(tmp_path / "acuse.pdf")
    assert "Acuse de recibo" in texto and "4 aceptadas" in texto
    from tests.empaquetado.util import consultar

    for id_accion, titulo, fecha in consultar(red["est"], "select id, titulo, fecha_inicio from accion"):
        assert id_accion[:8] not in texto  # la oficina reconoce sus acciones por título y fecha, no por id interno
        assert " ".join(titulo.split()[:3]) in " ".join(texto.split())
        assert f"{fecha[8:10]}/{fecha[5:7]}/{fecha[:4]}" in texto
    assert "UTC" not in texto
