"""Actualizaciones de catálogos en la ventana: fijar la huella de la Coordinación comparándola primero (T8), aplicar la
actualización desde Recepción con el resultado en español, verla en el formulario, y el tablero de la central con
las oficinas que usan catálogos de una versión anterior."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from empaquetado import llaves
from empaquetado.confianza import firmar_documento
from escritorio.pagina_captura import PaginaCaptura
from escritorio.pagina_configuracion import PaginaConfiguracion
from escritorio.pagina_recepcion import PaginaRecepcion
from escritorio.pagina_tablero import PaginaTablero
from tests.conftest import FRASE
from tests.empaquetado.test_actualizacion import INSTITUCIONES, METAS, _carpeta_csv
from tests.empaquetado.util import cli, consultar, ejecutar, huella_base, red_de_oficinas
from tests.escritorio.conftest import contestar, contexto


@pytest.fixture(scope="module")
def red_modelo(tmp_path_factory):
    return red_de_oficinas(tmp_path_factory.mktemp("red"))


@pytest.fixture
def red(red_modelo, tmp_path):
    import shutil

    copia = {}
    for nombre, carpeta in red_modelo.items():
        copia[nombre] = tmp_path / nombre
        shutil.copytree(carpeta, copia[nombre])
        shutil.copy(carpeta.parent / f"ficha-{nombre}.json", tmp_path)
    return copia


def _huella(carpeta) -> str:
    return json.loads((carpeta.parent / f"ficha-{carpeta.name}.json").read_text(encoding="utf-8"))["huella"]


def _en_grupos(huella: str) -> str:
    return " ".join(huella[i:i + 4] for i in range(0, 64, 4)).upper()


def _fijada(carpeta) -> list[tuple]:
    return consultar(carpeta, "select valor from ajuste where clave = 'huella_central'")


def _configuracion(qtbot, carpeta, programa):
    ctx = contexto(carpeta)
    pagina = PaginaConfiguracion(ctx)
    pagina.huella_del_programa = lambda: programa
    qtbot.addWidget(pagina)
    pagina.show()
    return ctx, pagina


def test_t8_fijar_la_central_muestra_primero_la_huella_del_programa_y_no_es_la_opcion_segura(qtbot, red):
    carpeta = red["mun"]
    central = _huella(red["cen"])
    ctx, pagina = _configuracion(qtbot, carpeta, central)
    assert "Huella de la Coordinación: la que trae el programa" in pagina.identidad.text()
    vistos = contestar(Qt.Key.Key_Return, Qt.Key.Key_Escape)  # Intro no fija: elige «No coincide»; luego no escribe otra
    qtbot.mouseClick(pagina.findChild(QPushButton, "fijarCentral"), Qt.MouseButton.LeftButton)
    assert vistos[0]["titulo"] == "Compare la huella de la Coordinación"
    assert "que trae este programa" in vistos[0]["texto"] and "font-size:15pt" in vistos[0]["texto"]
    assert _en_grupos(central)[:19] in vistos[0]["texto"]
    assert vistos[0]["defecto"] == "&No coincide: no fijar"
    assert vistos[1]["titulo"] == "Huella de la Coordinación"  # si no coincide, se escribe la de la ficha
    assert "No se fijó nada" in pagina.mensaje.text() and _fijada(carpeta) == []
    contestar(Qt.Key.Key_C)  # «&Coincide: fijarla»
    pagina.fijar_central()
    assert _fijada(carpeta) == [(central,)]
    assert "Huella de la Coordinación fijada" in pagina.mensaje.text() and "Recepción" in pagina.mensaje.text()
    assert "Huella de la Coordinación fijada: " + _en_grupos(central)[:19] in pagina.identidad.text()
    ctx.base.cerrar()


def test_t8_sin_huella_en_el_programa_se_escribe_la_de_la_ficha_y_se_compara(qtbot, red):
    central = _huella(red["cen"])
    assert _fijada(red["est"]) == [(central,)]  # registrar la ficha de la Coordinación la fijó (issue 25)
    ejecutar(red["est"], "delete from ajuste where clave = 'huella_central'")  # como una estatal de una versión anterior
    ctx, pagina = _configuracion(qtbot, red["est"], None)
    boton = pagina.findChild(QPushButton, "fijarCentral")
    contestar("ABCD 1234")
    qtbot.mouseClick(boton, Qt.MouseButton.LeftButton)
    assert "64 cifras hexadecimales" in pagina.mensaje.text() and _fijada(red["est"]) == []
    vistos = contestar(_en_grupos(central), Qt.Key.Key_Escape)
    qtbot.mouseClick(boton, Qt.MouseButton.LeftButton)
    assert "que usted escribió" in vistos[1]["texto"] and _en_grupos(central)[-19:] in vistos[1]["texto"].replace("<br>", " ")
    assert "DISTINTA" not in vistos[1]["texto"] and _fijada(red["est"]) == []
    contestar(_en_grupos(central), Qt.Key.Key_C)
    qtbot.mouseClick(boton, Qt.MouseButton.LeftButton)
    assert _fijada(red["est"]) == [(central,)]
    # La central rotó (o el programa trae otra): escribir otra pide confirmar el reemplazo y avisa que es distinta.
    otra = "ab" * 32
    pagina.huella_del_programa = lambda: central
    vistos = contestar(Qt.Key.Key_Escape, otra, Qt.Key.Key_Escape)
    qtbot.mouseClick(boton, Qt.MouseButton.LeftButton)
    assert "DISTINTA de la que trae el programa" in vistos[2]["texto"] and "Reemplaza la huella fijada" in vistos[2]["detalle"]
    assert _fijada(red["est"]) == [(central,)]
    ctx.base.cerrar()


def test_la_central_no_fija_la_huella_de_si_misma(qtbot, red):
    ctx = contexto(red["cen"])
    pagina = PaginaConfiguracion(ctx)
    qtbot.addWidget(pagina)
    assert pagina.findChild(QPushButton, "fijarCentral") is None
    ctx.base.cerrar()


def _publicar(red, tmp_path, **archivos):
    salida = tmp_path / "act-2026.2.json"
    codigo, res = cli(red["cen"], "actualizacion", "--catalogos", str(_carpeta_csv(tmp_path, **archivos)), "--salida", str(salida))
    assert codigo == 0, res
    return salida


def test_aplicar_una_actualizacion_desde_recepcion_y_verla_en_el_formulario(qtbot, red, tmp_path):
    act = _publicar(red, tmp_path, instituciones=INSTITUCIONES, metas=METAS)
    for oficina in ("est", "mun"):
        assert cli(red[oficina], "fijar-central", _huella(red["cen"]))[0] == 0
    # La estatal la aplica desde su Recepción y pasa el mismo archivo a su municipio, que también la aplica ahí.
    for oficina in ("est", "mun"):
        ctx = contexto(red[oficina])
        recepcion = PaginaRecepcion(ctx)
        qtbot.addWidget(recepcion)
        with qtbot.waitSignal(recepcion.acuse_aplicado):
            recepcion.cargar([str(act)])
        assert recepcion.modelo.filas[-1][3] == "catálogos actualizados"
        assert recepcion.estado.text().startswith("act-2026.2.json: Catálogos y metas actualizados a la versión 2026.2")
        recepcion.acuses_recibidos.clear()
        antes = huella_base(red[oficina])
        recepcion.cargar([str(act)])  # la segunda vez no cambia nada y lo dice
        assert recepcion.modelo.filas[-1][3] == "actualización ya aplicada"
        assert "ya estaba aplicada: no cambió nada" in recepcion.estado.text()
        assert huella_base(red[oficina]) == antes
        ctx.base.cerrar()
    ctx = contexto(red["mun"])
    captura = PaginaCaptura(ctx)
    qtbot.addWidget(captura)
    ofrecidas = captura.formulario.controles["instituciones"].completer().model().stringList()
    assert "INMUJERES-CH — Instituto de las Mujeres de Chiapas" in ofrecidas
    assert not [x for x in ofrecidas if x.startswith("ANAM")]  # retirada
    ctx.base.cerrar()


def test_actualizacion_firmada_por_la_estatal_se_rechaza_en_recepcion_sin_cambiar_nada(qtbot, red, tmp_path):
    """La estatal firma con su llave real una «actualización» para su municipio."""
    act = json.loads(_publicar(red, tmp_path, metas=METAS).read_text())
    assert cli(red["mun"], "fijar-central", _huella(red["cen"]))[0] == 0
    privada = llaves.abrir(red["est"] / "llave_privada.json", FRASE)
    publica = llaves.publica_cruda(privada)
    cuerpo = {k: v for k, v in act.items() if k != "firma"}
    cuerpo.update(llave_publica=base64.b64encode(publica).decode(), huella=llaves.huella(publica))
    falsa = tmp_path / "act-falsa.json"
    falsa.write_text(json.dumps(firmar_documento(cuerpo, privada)), encoding="utf-8")
    antes = huella_base(red["mun"])
    ctx = contexto(red["mun"])
    recepcion = PaginaRecepcion(ctx)
    qtbot.addWidget(recepcion)
    recepcion.cargar([str(falsa)])
    fila = recepcion.modelo.filas[-1]
    assert fila[3:5] == ("RECHAZADO", "ACTUALIZACION_AJENA")
    assert "no está firmada por la Coordinación" in fila[5] and recepcion.estado.text().startswith("act-falsa.json no se aplicó")
    ctx.base.cerrar()
    assert huella_base(red["mun"]) == antes


def test_tablero_de_la_central_muestra_oficinas_con_catalogos_viejos(qtbot, red, tmp_path):
    _publicar(red, tmp_path, instituciones=INSTITUCIONES)
    assert cli(red["est"], "demo", "--registros", "2")[0] == 0
    codigo, res = cli(red["est"], "exportar", "--salida", str(tmp_path / "paquetes"))
    assert codigo == 0, res
    assert cli(red["cen"], "importar", res["archivo"])[0] == 0
    ctx = contexto(red["cen"])
    tablero = PaginaTablero(ctx, hoy=date.today())
    qtbot.addWidget(tablero)
    tablero.show()
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    assert tablero.versiones.filas == [("E07", "Enlace Estatal de Chiapas", "2026.1")]
    assert tablero.vista_versiones.isVisible()
    assert "1 oficina usa catálogos anteriores" in tablero.aviso_versiones.text() and "2026.2" in tablero.aviso_versiones.text()
    ctx.base.cerrar()


def test_registrar_en_la_ventana_la_ficha_de_la_coordinacion_fija_su_huella(qtbot, tmp_path):
    """Configuración → Registrar ficha…: se compara la huella en grande (como con cualquier ficha) y, al registrarla,
    queda fijada también como la de la Coordinación, sin el paso aparte de «Fijar la huella…»."""
    from tests.empaquetado.test_central_fijada_al_registrar import _red

    carpetas, fichas = _red(tmp_path)
    ctx, pagina = _configuracion(qtbot, carpetas["est"], None)
    pagina.elegir_documento = lambda: str(fichas["cen"])
    vistos = contestar(Qt.Key.Key_C)  # «&Coincide: registrar»
    qtbot.mouseClick(pagina.findChild(QPushButton, "registrarFicha"), Qt.MouseButton.LeftButton)
    assert vistos[0]["titulo"] == "Compare la huella antes de registrar" and "CAIMFS" in vistos[0]["texto"]
    assert "Queda fijada también como la huella de la Coordinación" in pagina.mensaje.text()
    assert _fijada(carpetas["est"]) == [(_huella_de_ficha(fichas["cen"]),)]
    ctx.base.cerrar()


def _huella_de_ficha(ficha) -> str:
    return json.loads(ficha.read_text(encoding="utf-8"))["huella"]
