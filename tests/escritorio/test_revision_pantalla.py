"""Mesa de revisión en la ventana, como la usaría la Coordinación con el teclado y el ratón: la matriz de oficinas por
trimestre, aprobar dos celdas a la vez, una oficina tardía con sus días de retraso, una celda que abre Acciones
filtrada, la matriz al día tras importar sin salir de la página, y el rechazo de la política con su código."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from base_local.periodos import limites, periodo_de
from escritorio.ventana_principal import SECCIONES, VentanaPrincipal
from tests.empaquetado.test_central import _editar, _ronda
from tests.empaquetado.util import cli, consultar, huella_base, red_de_oficinas
from tests.escritorio.conftest import contestar, contexto
from tests.escritorio.test_captura import teclas

CTRL = Qt.KeyboardModifier.ControlModifier


def _esperar(qtbot, pagina) -> None:
    pagina.datos = None
    qtbot.waitUntil(lambda: pagina.datos is not None and not pagina.calculando, timeout=15000)


def _indice(pagina, oficina: str, trimestre: str):
    for fila in range(pagina.modelo.rowCount()):
        for columna in range(1, pagina.modelo.columnCount()):
            c = pagina.modelo.celda(fila, columna)
            if (c.oficina, c.trimestre) == (oficina, trimestre):
                return pagina.modelo.index(fila, columna)
    raise AssertionError(f"sin celda {oficina} {trimestre}")


def _clic(qtbot, pagina, oficina: str, trimestre: str, modificador=Qt.KeyboardModifier.NoModifier) -> None:
    indice = _indice(pagina, oficina, trimestre)
    pagina.vista.scrollTo(indice)
    qtbot.mouseClick(pagina.vista.viewport(), Qt.MouseButton.LeftButton, modificador, pagina.vista.visualRect(indice).center())


def _celdas_cli(carpeta, *args) -> dict[tuple[str, str], dict]:
    codigo, salida = cli(carpeta, "revision", *args)
    assert codigo == 0, salida
    return {(c["oficina"], c["trimestre"]): c for c in salida["celdas"]}


def test_revision_aprobar_dos_celdas_retraso_importar_y_abrir_en_acciones(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "4")[0] == 0
    tardia, de_hoy = (f[0] for f in consultar(red["mun"], "select id from accion order by id limit 2"))
    hoy = date.today()
    antiguo = date(hoy.year - 1, 2, 10)
    _editar(red["mun"], tardia, fecha_inicio=antiguo, fecha_fin=antiguo)  # del primer trimestre del año pasado
    _editar(red["mun"], de_hoy, fecha_inicio=hoy, fecha_fin=hoy)
    _ronda(red, tmp_path, "r1")
    trimestre = periodo_de(hoy)
    assert consultar(red["cen"], "select count(*) from accion where periodo = :p0", trimestre)[0][0] >= 1
    ctx = contexto(red["cen"])
    ventana = VentanaPrincipal(ctx, hoy=hoy)
    qtbot.addWidget(ventana)
    ventana.resize(1280, 720)
    with qtbot.waitActive(ventana):
        ventana.show()
    ventana.navegacion.setFocus()
    teclas(qtbot, (Qt.Key.Key_6, CTRL))
    pagina = ventana.revision
    assert ventana.paginas.currentWidget() is pagina and SECCIONES[5] == "Revisión"
    _esperar(qtbot, pagina)
    claves = [o.clave for o in pagina.datos.oficinas]
    # «¿Quién ha reportado?» incluye las municipales: registradas y las 23 fronterizas esperadas, bajo su estatal
    assert claves[:1] == ["E04"] and "M07089" in claves and claves.index("E07") < claves.index("M07089") < claves.index("E23")
    assert {"M07087", "M07102", "M27017"} <= set(claves)  # Suchiate, Frontera Comalapa, Tenosique: esperadas
    celda = pagina.datos.celda("M07089", trimestre)
    registros = consultar(red["cen"], "select count(*) from accion where oficina_origen = 'M07089' and periodo = :p0", trimestre)[0][0]
    assert (celda.registros, celda.paquetes, celda.estado) == (registros, 1, "recibido")  # los paquetes, por la fecha de los registros

    # La matriz refleja una importación sin salir de la página (F5 o Actualizar)
    def recibidos(m):
        return sum(m.celda("M07089", t).registros for t in m.trimestres)

    antes = recibidos(pagina.datos)
    assert cli(red["mun"], "demo", "--registros", "3", "--semilla", "9")[0] == 0
    nueva = consultar(red["mun"], "select id from accion where pendiente_envio = 1 and id != :p0 order by id limit 1", tardia)[0][0]
    _editar(red["mun"], nueva, fecha_inicio=hoy, fecha_fin=hoy)  # al menos una de hoy: llega en un segundo paquete
    _ronda(red, tmp_path, "r2")
    ahora = consultar(red["cen"], "select count(*) from accion where oficina_origen = 'M07089' and periodo like :p0", f"{hoy.year}T%")[0][0]
    assert ahora > antes
    pagina.vista.setFocus()
    pagina.datos = None
    qtbot.keyClick(pagina.vista, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: pagina.datos is not None and not pagina.calculando, timeout=15000)
    assert ventana.paginas.currentWidget() is pagina and recibidos(pagina.datos) == ahora
    assert pagina.datos.celda("M07089", trimestre).paquetes == consultar(
        red["cen"], "select count(*) from paquete_entrada")[0][0]  # los dos paquetes de la estatal traen registros de este trimestre
    registros = pagina.datos.celda("M07089", trimestre).registros

    # Aprobar dos celdas a la vez: la de Tapachula y la de su estatal, en el mismo trimestre
    _clic(qtbot, pagina, "M07089", trimestre)
    _clic(qtbot, pagina, "E07", trimestre, CTRL)
    vistos = contestar(Qt.Key.Key_A)
    qtbot.mouseClick(pagina.aprobar, Qt.MouseButton.LeftButton)
    assert "2 trimestres de 2 oficinas" in vistos[0]["texto"]
    assert "M07089 (" in vistos[0]["detalle"] and f"— {trimestre}: {registros} registro" in vistos[0]["detalle"]
    assert "E07 (" in vistos[0]["detalle"] and "EN CURSO" in vistos[0]["detalle"]
    _esperar(qtbot, pagina)
    assert pagina.datos.celda("M07089", trimestre).estado == pagina.datos.celda("E07", trimestre).estado == "aprobado"
    assert pagina.modelo.data(_indice(pagina, "M07089", trimestre)).endswith("aprobado · a tiempo")
    json_cli = _celdas_cli(red["cen"], "--trimestre", trimestre)
    assert json_cli[("M07089", trimestre)]["estado"] == json_cli[("E07", trimestre)]["estado"] == "aprobado"
    assert set(json_cli[("M07089", trimestre)]) >= {"oficina", "trimestre", "paquetes", "registros", "estado", "dias_de_retraso"}

    # Si la base cambió por otro lado (aprobado desde la línea de órdenes), la política rechaza con su código y palabras
    otro = next(t for t in pagina.datos.trimestres if t < trimestre) if trimestre[-1] != "1" else None
    if otro:
        assert cli(red["cen"], "aprobar-periodo", "M07089", otro)[0] == 0
        antes = huella_base(red["cen"])
        _clic(qtbot, pagina, "M07089", otro)
        _clic(qtbot, pagina, "E04", otro, CTRL)
        contestar(Qt.Key.Key_A)
        qtbot.mouseClick(pagina.aprobar, Qt.MouseButton.LeftButton)
        assert "PERIODO_YA_APROBADO" in pagina.mensaje.text() and "No se aprobó nada" in pagina.mensaje.text()
        assert huella_base(red["cen"]) == antes

    # Una oficina tardía: su registro del año pasado llegó mucho después del plazo (10 días tras el cierre)
    pagina.anio.poner(str(hoy.year - 1))
    _esperar(qtbot, pagina)
    t_antiguo = periodo_de(antiguo)
    dias = (hoy - (limites(t_antiguo)[1] + timedelta(days=10))).days
    tarde = pagina.datos.celda("M07089", t_antiguo)
    assert (tarde.registros, tarde.dias_de_retraso, tarde.puntualidad) == (1, dias, f"{dias} días tarde")
    assert f"{dias} días tarde" in pagina.modelo.data(_indice(pagina, "M07089", t_antiguo))
    assert _celdas_cli(red["cen"], "--anio", str(hoy.year - 1))[("M07089", t_antiguo)]["dias_de_retraso"] == dias
    # el plazo lo fija la central: con 0 días el retraso crece 10
    pagina.plazo.setFocus()
    pagina.plazo.selectAll()
    qtbot.keyClicks(pagina.plazo, "0")
    qtbot.mouseClick(pagina.guardar_plazo, Qt.MouseButton.LeftButton)
    _esperar(qtbot, pagina)
    assert pagina.datos.plazo_dias == 0 and pagina.datos.celda("M07089", t_antiguo).dias_de_retraso == dias + 10

    # Intro en una celda abre Acciones filtrada a esa oficina y ese trimestre
    pagina.anio.poner(str(hoy.year))
    _esperar(qtbot, pagina)
    indice = _indice(pagina, "M07089", trimestre)
    pagina.vista.setFocus()
    pagina.vista.setCurrentIndex(indice)
    qtbot.keyClick(pagina.vista, Qt.Key.Key_Return)
    assert ventana.paginas.currentWidget() is ventana.acciones
    filtro = ventana.acciones.modelo.filtro
    assert (filtro.oficina_origen, filtro.periodo) == ("M07089", trimestre)
    assert ventana.acciones.modelo.total == consultar(
        red["cen"], "select count(*) from accion where oficina_origen = 'M07089' and periodo = :p0", trimestre)[0][0]
    assert "de la oficina M07089" in ventana.acciones.resumen.text()
    ventana.navegacion.setCurrentRow(0)  # llegar a Acciones por la navegación quita la oficina fijada
    ventana.navegacion.setCurrentRow(SECCIONES.index("Acciones"))
    assert ventana.acciones.modelo.filtro.oficina_origen is None
    QApplication.processEvents()
    ctx.base.cerrar()


def test_tablero_aprobar_un_trimestre_anterior_al_registro_muestra_aprobado(qtbot, tmp_path):
    """El error del issue 21: tras «Aprobar el trimestre», «Estado del trimestre» seguía en «—» en los trimestres
    anteriores al registro de la oficina. Ahora dice lo que la base guarda, y la aprobación pasa por la política."""
    from escritorio.pagina_tablero import PaginaTablero
    from tests.conftest import crear_oficina

    crear_oficina(tmp_path / "cen", "central")
    crear_oficina(tmp_path / "est", "estatal", "07")
    assert cli(tmp_path / "est", "ficha", "--salida", str(tmp_path / "ficha.json"))[0] == 0
    assert cli(tmp_path / "cen", "registrar-oficina", str(tmp_path / "ficha.json"))[0] == 0
    ctx = contexto(tmp_path / "cen")
    tablero = PaginaTablero(ctx, hoy=date.today())
    qtbot.addWidget(tablero)
    tablero.show()
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    filas = tablero.completitud.filas
    fila = next(i for i, f in enumerate(filas) if f[0] == "E07" and f[7] == "antes de su registro")
    assert filas[fila][8] == "abierto" and "—" not in {f[8] for f in filas}
    tablero.vista_completitud.selectRow(fila)
    tablero.datos = None
    contestar(Qt.Key.Key_A)
    qtbot.mouseClick(tablero.aprobar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    assert tablero.completitud.filas[fila][8] == "aprobado" and "aprobado" in tablero.mensaje.text()
    tablero.vista_completitud.selectRow(fila)  # otra vez: la política lo rechaza con su código
    contestar(Qt.Key.Key_A)
    qtbot.mouseClick(tablero.aprobar, Qt.MouseButton.LeftButton)
    assert "PERIODO_YA_APROBADO" in tablero.mensaje.text()
    ctx.base.cerrar()


def test_tras_restaurar_la_matriz_dice_lo_que_guarda_la_base(qtbot, tmp_path):
    """Aprobado en Revisión y luego restaurado un respaldo anterior: la matriz vuelve a decir «sin envío», no «aprobado»."""
    from tests.conftest import crear_oficina

    crear_oficina(tmp_path / "cen", "central")
    ctx = contexto(tmp_path / "cen")
    hoy = date.today()
    ventana = VentanaPrincipal(ctx, hoy=hoy)
    qtbot.addWidget(ventana)
    ventana.resize(1280, 720)
    with qtbot.waitActive(ventana):
        ventana.show()
    ventana.configuracion.findChildren(object, "respaldar")[0].click()
    copia = next((tmp_path / "cen" / "respaldos").glob("manual-*.sqlite"))
    ventana.navegacion.setFocus()
    teclas(qtbot, (Qt.Key.Key_6, CTRL))
    pagina = ventana.revision
    _esperar(qtbot, pagina)
    trimestre = periodo_de(hoy)
    _clic(qtbot, pagina, "E27", trimestre)
    contestar(Qt.Key.Key_A)
    qtbot.mouseClick(pagina.aprobar, Qt.MouseButton.LeftButton)
    _esperar(qtbot, pagina)
    assert pagina.datos.celda("E27", trimestre).estado == "aprobado"
    ventana.configuracion.elegir_respaldo = lambda: str(copia)
    pagina.datos = None
    contestar(Qt.Key.Key_R)
    ventana.configuracion.findChildren(object, "restaurar")[0].click()
    qtbot.waitUntil(lambda: pagina.datos is not None and not pagina.calculando, timeout=15000)
    assert pagina.datos.celda("E27", trimestre).estado == "sin envío"
    assert _celdas_cli(tmp_path / "cen")[("E27", trimestre)]["estado"] == "sin envío"
    ctx.base.cerrar()
