"""Acciones como mesa de revisión, con widgets reales manejados con teclas y clics como lo haría quien revisa en la
central: filtra por una oficina municipal, observa dos registros a la vez y la observación llega a la municipal por
el acuse que reenvía la estatal; acepta otro; la ficha muestra paquete, observaciones y acuses con fechas locales;
la lista filtrada sale en un xlsx de solo valores."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from base_local.estado_revision import estado_de_revision
from escritorio.pagina_acciones import COLUMNA
from escritorio.ventana_principal import SECCIONES, VentanaPrincipal
from tests.empaquetado.test_cadena_acuses import red_cadena
from tests.empaquetado.util import cli, consultar, ejecutar
from tests.escritorio.conftest import contestar, contexto

OBSERVACION = "Adjunte la lista de asistencia firmada del 12 de marzo"


def _importar(carpeta, archivo, *args) -> dict:
    codigo, salida = cli(carpeta, "importar", str(archivo), *args)
    assert codigo == 0, salida
    return salida["paquetes"][0]


@pytest.fixture
def red(tmp_path):
    """Tapachula (3 registros) y Tuxtla (2) envían a la estatal de Chiapas, que suma 1 propio y envía a la central."""
    red = red_cadena(tmp_path)
    usb = str(tmp_path / "usb")
    assert cli(red["mun"], "demo", "--registros", "3", "--semilla", "1")[0] == 0
    assert cli(red["mun2"], "demo", "--registros", "2", "--semilla", "2")[0] == 0
    for municipal in ("mun", "mun2"):
        _importar(red["est"], cli(red[municipal], "exportar", "--salida", usb)[1]["archivo"])
    assert cli(red["est"], "demo", "--registros", "1", "--semilla", "3")[0] == 0
    red["paquete_estatal"] = _importar(red["cen"], cli(red["est"], "exportar", "--salida", usb)[1]["archivo"])["paquete"]
    return red


def _ventana(qtbot, carpeta):
    ctx = contexto(carpeta)
    ventana = VentanaPrincipal(ctx, hoy=date.today())
    qtbot.addWidget(ventana)
    ventana.resize(1280, 720)
    with qtbot.waitActive(ventana):
        ventana.show()
        ventana.activateWindow()
    return ctx, ventana


def _a_acciones(qtbot, ventana):
    qtbot.keyClick(ventana, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Ctrl+3: Acciones
    assert ventana.navegacion.currentRow() == SECCIONES.index("Acciones")
    return ventana.acciones


def _columna(pagina, clave: str) -> list:
    return [f[COLUMNA[clave]] for f in pagina.modelo.filas]


def _clic(qtbot, pagina, fila: int, tecla=Qt.KeyboardModifier.NoModifier) -> None:
    celda = pagina.vista.visualRect(pagina.modelo.index(fila, COLUMNA["titulo"]))
    qtbot.mouseClick(pagina.vista.viewport(), Qt.MouseButton.LeftButton, tecla, celda.center())


def _filtrar_oficina(qtbot, pagina, clave: str) -> None:
    """Alt+I lleva al filtro «Oficina:» y se teclea la clave, como en cualquier lista desplegable."""
    qtbot.keyClick(pagina, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert pagina.f_oficina.hasFocus()
    qtbot.keyClicks(pagina.f_oficina, clave)
    qtbot.waitUntil(lambda: pagina.f_oficina.valor() == clave)


def test_observar_dos_a_la_vez_llega_a_la_municipal_por_la_estatal(qtbot, tmp_path, red):
    ctx, ventana = _ventana(qtbot, red["cen"])
    try:
        pagina = _a_acciones(qtbot, ventana)
        assert pagina.modelo.total == 6 and set(_columna(pagina, "estado_revision")) == {"recibida"}
        _filtrar_oficina(qtbot, pagina, "M07089")
        assert pagina.modelo.total == 3 and set(_columna(pagina, "oficina_origen")) == {"M07089"}
        assert pagina.resumen.text() == "3 acciones de la oficina M07089"
        # Las dos primeras filas: Inicio y luego Mayús+Abajo, como en cualquier lista.
        pagina.vista.setFocus()
        qtbot.keyClick(pagina.vista, Qt.Key.Key_Home)
        qtbot.keyClick(pagina.vista, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
        assert pagina.elegidas() == [0, 1]
        observadas = [pagina.modelo.filas[f][COLUMNA["id"]] for f in (0, 1)]
        tercera = pagina.modelo.filas[2][COLUMNA["id"]]

        vistos = contestar("   ")  # una nota en blanco no observa nada
        qtbot.mouseClick(pagina.findChild(object, "observar"), Qt.MouseButton.LeftButton)
        assert vistos[0]["titulo"] == "Observar" and "2 acciones de M07089" in vistos[0]["texto"]
        assert "obligatorio" in pagina.resumen.text()
        assert consultar(red["cen"], "select count(*) from observacion") == [(0,)]

        _clic(qtbot, pagina, 0)
        _clic(qtbot, pagina, 1, Qt.KeyboardModifier.ControlModifier)  # Ctrl+clic: otra fila más
        assert pagina.elegidas() == [0, 1]
        contestar(OBSERVACION)
        qtbot.mouseClick(pagina.findChild(object, "observar"), Qt.MouseButton.LeftButton)
        assert pagina.resumen.text().startswith("Observación registrada en 2 acciones"), pagina.resumen.text()
        revision = dict(zip(_columna(pagina, "id"), _columna(pagina, "estado_revision"), strict=True))
        assert revision == {observadas[0]: "observada", observadas[1]: "observada", tercera: "recibida"}

        # Filtro por estado de revisión: Alt+V y la primera letra.
        qtbot.keyClick(pagina, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClicks(pagina.f_revision, "obs")
        qtbot.waitUntil(lambda: pagina.modelo.total == 2)
        assert sorted(_columna(pagina, "id")) == sorted(observadas)

        # Aceptar la tercera (una sola: sin confirmación).
        pagina.filtrar(oficina="M07089")
        fila = _columna(pagina, "id").index(tercera)
        pagina.vista.selectRow(fila)
        qtbot.mouseClick(pagina.findChild(object, "aceptar"), Qt.MouseButton.LeftButton)
        assert pagina.resumen.text().startswith("Aceptada en su revisión actual")
        with ctx.base.transaccion() as s:
            assert estado_de_revision(s, tercera) == "aceptada"
            assert estado_de_revision(s, observadas[0]) == "observada"

        # La ficha de una observada: paquete en que llegó, la observación (aún por salir) y fechas dd/mm/aaaa.
        fila = _columna(pagina, "id").index(observadas[0])
        pagina.vista.setCurrentIndex(pagina.modelo.index(fila, COLUMNA["titulo"]))
        qtbot.keyClick(pagina.vista, Qt.Key.Key_Return)  # Intro en lo recibido abre su ficha, no el formulario
        qtbot.waitUntil(lambda: getattr(pagina, "dialogo_ficha", None) is not None and pagina.dialogo_ficha.isVisible())
        ficha = pagina.dialogo_ficha.findChild(object, "texto_ficha").toPlainText()
        assert "Oficina de origen: M07089" in ficha and "Estado de revisión en esta oficina: observada" in ficha
        assert f"Paquete 1 de E07 (id {red['paquete_estatal']})" in ficha
        assert OBSERVACION in ficha and "saldrá en el próximo acuse" in ficha
        assert "Esta oficina la observó el " in ficha and "Revisión 1 · Creación" in ficha  # el historial con etiquetas
        assert re.search(r"importado el \d\d/\d\d/\d{4} \d\d:\d\d", ficha) and "T" not in re.findall(r"\d{4}-\d\d-\d\dT", ficha)
        qtbot.mouseClick(pagina.dialogo_ficha.findChild(object, "cerrar_ficha"), Qt.MouseButton.LeftButton)
    finally:
        ventana.close()
        ctx.base.cerrar()

    # El acuse de la central → la estatal lo aplica y escribe el de Tapachula → Tapachula lo aplica.
    acuse = tmp_path / "de-la-central" / "acuse.json"
    assert cli(red["cen"], "acuse", "--paquete", red["paquete_estatal"], "--salida", str(acuse))[0] == 0
    registros = {r["id"]: r for r in json.loads(acuse.read_text(encoding="utf-8"))["registros"]}
    assert {i for i, r in registros.items() if r["estado"] == "observada"} == set(observadas)
    salida = tmp_path / "para-municipales"
    _importar(red["est"], acuse, "--salida", str(salida))
    [para_tapachula] = salida.glob("acuse-M07089-*.json")
    aplicado = _importar(red["mun"], para_tapachula)
    assert aplicado["origen"] == "CAIMFS" and aplicado["observada"] == 2 and aplicado["aceptada"] == 1, aplicado
    assert sorted(consultar(red["mun"], "select accion_id, oficina, texto from observacion")) == sorted(
        (i, "CAIMFS", OBSERVACION) for i in observadas)
    assert dict(consultar(red["mun"], "select id, estado from accion")) == {observadas[0]: "observada", observadas[1]: "observada",
                                                                             tercera: "aceptada"}
    assert consultar(red["mun2"], "select count(*) from observacion") == [(0,)]
    # En la central la ficha ya dice en qué acuse salió.
    ctx = contexto(red["cen"])
    try:
        from empaquetado.mesa import ficha

        with ctx.base.transaccion() as s:
            texto = "\n".join(ficha(s, observadas[1], {}))
        assert f"salió en el acuse del paquete {red['paquete_estatal']}" in texto
    finally:
        ctx.base.cerrar()


def test_filtrar_desde_la_matriz_aprobada_y_exportar_sin_formulas(qtbot, tmp_path, red):
    """`filtrar(oficina, trimestre, estado)` deja solo esos filtros (así abre la matriz una celda); aprobar el trimestre
    de una oficina lo muestra como «aprobada»; el xlsx exportado es la lista filtrada, con solo valores."""
    trimestre, = consultar(red["cen"], "select periodo from accion where oficina_origen = 'M07101' order by fecha_inicio limit 1")[0]
    assert cli(red["cen"], "aprobar-periodo", "M07101", trimestre)[0] == 0
    hostil = consultar(red["cen"], "select id from accion where oficina_origen = 'M07101' and periodo = :p0 limit 1", trimestre)[0][0]
    ejecutar(red["cen"], f"update accion set titulo = '=HYPERLINK(\"http://x\",\"clic\")', municipio = '07101' where id = '{hostil}'")
    ctx, ventana = _ventana(qtbot, red["cen"])
    try:
        pagina = _a_acciones(qtbot, ventana)
        pagina.f_texto.setText("algo")
        pagina.filtrar(oficina="M07101", trimestre=trimestre, estado="aprobado")  # como lo nombra la matriz
        assert pagina.f_texto.text() == "" and pagina.f_revision.valor() == "aprobada" and pagina.f_periodo.valor() == trimestre
        total = consultar(red["cen"], "select count(*) from accion where oficina_origen = 'M07101' and periodo = :p0", trimestre)[0][0]
        assert pagina.modelo.total == total >= 1 and set(_columna(pagina, "estado_revision")) == {"aprobada"}
        pagina.filtrar(oficina="M07089", trimestre="2020T1")  # un trimestre sin acciones también se puede pedir
        assert pagina.f_periodo.valor() == "2020T1" and pagina.modelo.total == 0 and pagina.f_revision.valor() is None
        pagina.filtrar(oficina="M07089", estado="recibida")
        assert pagina.resumen.text() == "3 acciones de la oficina M07089"
        pagina.filtrar(oficina="")  # solo quita la oficina (así llega la navegación)
        assert (pagina.f_oficina.valor(), pagina.f_revision.valor(), pagina.modelo.total) == (None, "recibida", 5)
        pagina.filtrar(oficina="M07101")
        with pytest.raises(ValueError, match="no es un estado de revisión"):
            pagina.filtrar(estado="perdida")

        destino = tmp_path / "lista.xlsx"
        pagina.elegir_destino = lambda sugerido: str(destino)
        qtbot.mouseClick(pagina.findChild(object, "exportar"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: getattr(pagina, "exportado", None) is not None, timeout=20000)
        assert pagina.resumen.text().startswith("Lista exportada: 2 acciones en ")
    finally:
        ventana.close()
        ctx.base.cerrar()
    hoja = load_workbook(destino)["Acciones"]
    filas = list(hoja.iter_rows(values_only=True))
    encabezado = filas[0]
    assert {"Oficina de origen", "Estado de revisión", "Trimestre", "Entidad", "Municipio", "Tipo de acción", "Título"} <= set(encabezado)
    assert len(filas) == 3 and {f[encabezado.index("Oficina de origen")] for f in filas[1:]} == {"M07101"}
    assert {f[encabezado.index("Entidad")] for f in filas[1:]} == {"Chiapas"}
    celdas = {c.value: c for c in next(hoja.iter_cols(min_col=encabezado.index("Título") + 1, max_col=encabezado.index("Título") + 1))}
    formula = celdas['=HYPERLINK("http://x","clic")']
    assert formula.data_type == "s"  # texto, nunca fórmula (T24)
    assert all(c.data_type != "f" for fila in hoja.iter_rows() for c in fila)
    fila = next(f for f in filas[1:] if f[encabezado.index("Id")] == hostil)
    assert fila[encabezado.index("Estado de revisión")] == "aprobada" and isinstance(fila[encabezado.index("Fecha")], datetime)


def test_la_estatal_revisa_lo_de_sus_municipales(qtbot, red):
    """En la estatal la misma mesa: lo de sus municipales llega «recibida», lo propio no tiene estado de revisión («—»)
    y se abre en el formulario; observar algo propio no se registra y lo dice."""
    ctx, ventana = _ventana(qtbot, red["est"])
    try:
        pagina = _a_acciones(qtbot, ventana)
        assert pagina.f_oficina.isVisible() and pagina.f_revision.isVisible()
        revision = dict(zip(_columna(pagina, "oficina_origen"), _columna(pagina, "estado_revision"), strict=False))
        assert revision == {"M07089": "recibida", "M07101": "recibida", "E07": ""}
        propia = _columna(pagina, "oficina_origen").index("E07")
        assert pagina.modelo.data(pagina.modelo.index(propia, COLUMNA["estado_revision"])) == "—"
        _clic(qtbot, pagina, propia)
        antes = consultar(red["est"], "select count(*) from observacion")
        contestar("Revise")
        qtbot.mouseClick(pagina.findChild(object, "observar"), Qt.MouseButton.LeftButton)
        assert "es de esta misma oficina (E07)" in pagina.resumen.text() and "No se registró" in pagina.resumen.text()
        assert consultar(red["est"], "select count(*) from observacion") == antes
        with qtbot.waitSignal(pagina.abrir) as senal:
            qtbot.keyClick(pagina.vista, Qt.Key.Key_Return)  # lo propio: al formulario
        assert senal.args[0] == pagina.modelo.filas[propia][COLUMNA["id"]]
    finally:
        ventana.close()
        ctx.base.cerrar()


def test_la_municipal_no_ve_la_mesa(qtbot, red):
    ctx, ventana = _ventana(qtbot, red["mun"])
    try:
        pagina = _a_acciones(qtbot, ventana)
        assert not pagina.f_oficina.isVisible() and pagina.findChild(object, "observar") is None
        assert pagina.findChild(object, "exportar").isVisible() and pagina.findChild(object, "abrir").text() == "&Abrir"
    finally:
        ventana.close()
        ctx.base.cerrar()
