"""Un día de captura con el teclado en la ventana real: borradores que no se pierden, cifras fieles, atajos y rejilla."""

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from base_local.acciones import guardar_accion
from base_local.modelos import Accion
from escritorio.ventana_principal import SECCIONES, VentanaPrincipal
from tests.escritorio.conftest import contestar
from tests.escritorio.test_captura import teclas

CTRL, MAYUS = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
T = Qt.Key.Key_Tab


def _ventana(qtbot, ctx) -> VentanaPrincipal:
    ventana = VentanaPrincipal(ctx)
    qtbot.addWidget(ventana)
    with qtbot.waitActive(ventana):
        ventana.show()
        ventana.activateWindow()
    ventana.navegacion.setFocus()
    return ventana


@pytest.fixture
def ventana(qtbot, ctx_municipal):
    return _ventana(qtbot, ctx_municipal)


def _registro(ctx, titulo: str, hombres: int, **extra) -> str:
    datos = {"titulo": titulo, "fecha_inicio": date(2026, 1, 15), "fecha_fin": date(2026, 1, 15), "entidad": "07",
             "municipio": "07089", "eje": "coordinacion", "tipo_accion": "reunion_trabajo", "modalidad": "presencial",
             "unidad_conteo": "personas", "poblacion": "servidores_publicos", "objetivos_pmm": [7], "eventos": 1,
             "mujeres": 3, "hombres": hombres, "otra_identidad": 0, "sin_dato": 0, "total": 3 + hombres, **extra}
    with ctx.base.transaccion() as s:
        return guardar_accion(s, datos, quien="x", oficina="M07089", estado="lista").id


def _fila_de(ventana, titulo: str) -> int:
    return [f[6] for f in ventana.acciones.modelo.filas].index(titulo)


def _abrir_con_intro(qtbot, ventana, titulo: str) -> None:
    """Ctrl+3 (Acciones), flechas hasta la fila y Intro: la acción se abre en Captura."""
    teclas(qtbot, (Qt.Key.Key_3, CTRL))
    assert ventana.paginas.currentWidget() is ventana.acciones
    ventana.acciones.vista.setFocus()
    teclas(qtbot, Qt.Key.Key_Home)
    for _ in range(_fila_de(ventana, titulo)):
        teclas(qtbot, Qt.Key.Key_Down)
    teclas(qtbot, Qt.Key.Key_Return)
    assert ventana.paginas.currentWidget() is ventana.captura


def test_ctrl_n_desde_inicio_abre_una_accion_nueva(qtbot, ventana):
    assert ventana.paginas.currentWidget() is ventana.inicio
    teclas(qtbot, (Qt.Key.Key_N, CTRL))
    assert ventana.paginas.currentWidget() is ventana.captura
    assert QApplication.focusWidget() is ventana.captura.formulario.controles["fecha_inicio"]
    assert ventana.captura.encabezado.text() == "Nueva acción"
    for i, seccion in enumerate(SECCIONES):  # Ctrl+1…6 recorren las secciones desde donde esté el foco
        teclas(qtbot, (getattr(Qt.Key, f"Key_{i + 1}"), CTRL))
        assert ventana.navegacion.currentItem().text() == seccion
    teclas(qtbot, (Qt.Key.Key_N, CTRL))
    assert ventana.paginas.currentWidget() is ventana.captura


def test_borrador_sobrevive_al_cierre_de_la_ventana(qtbot, ctx_municipal):
    ventana = _ventana(qtbot, ctx_municipal)
    teclas(qtbot, (Qt.Key.Key_N, CTRL), *[T] * 11, "Taller con el DIF a medio capturar")
    assert QApplication.focusWidget() is ventana.captura.formulario.controles["titulo"]
    ventana.close()  # sin guardar, sin pregunta: queda un borrador
    assert not ventana.isVisible()
    with ctx_municipal.base.transaccion() as s:
        guardadas = [(a.titulo, a.estado) for a in s.query(Accion)]
    assert guardadas == [("Taller con el DIF a medio capturar", "borrador")]

    otra = _ventana(qtbot, ctx_municipal)  # al volver a abrir, el borrador está en Acciones y se abre con Intro
    _abrir_con_intro(qtbot, otra, "Taller con el DIF a medio capturar")
    assert otra.captura.formulario.controles["titulo"].text() == "Taller con el DIF a medio capturar"
    assert "borrador" in otra.captura.encabezado.text()
    otra.acciones.findChildren(object, "filtro_estado")[0].poner("borrador")
    assert otra.acciones.modelo.total == 1


def test_cambiar_de_pagina_guarda_el_borrador_y_envios_lo_lista(qtbot, ventana, ctx_municipal):
    teclas(qtbot, (Qt.Key.Key_N, CTRL), *[T] * 11, "Jornada sin terminar")
    teclas(qtbot, (Qt.Key.Key_4, CTRL))
    assert "borrador" in ventana.captura.estado.text()
    envios = ventana.envios
    envios.actualizar()
    assert ("Jornada sin terminar", "Es un borrador: ábralo en Captura y guárdelo como lista (Ctrl+S).") in envios.excluidos.filas
    teclas(qtbot, (Qt.Key.Key_2, CTRL), (Qt.Key.Key_1, CTRL))  # volver sin cambios no crea otra revisión
    with ctx_municipal.base.transaccion() as s:
        assert [(a.titulo, a.revision) for a in s.query(Accion)] == [("Jornada sin terminar", 1)]


def test_hombres_tras_editar_un_registro_y_abrir_otro_muestra_lo_guardado(qtbot, ventana, ctx_municipal):
    primero = _registro(ctx_municipal, "Primera reunion", 9)
    _registro(ctx_municipal, "Segunda reunion", 18)
    _abrir_con_intro(qtbot, ventana, "Primera reunion")
    hombres = ventana.captura.formulario.controles["hombres"]
    hombres.setFocus(Qt.FocusReason.TabFocusReason)
    teclas(qtbot, Qt.Key.Key_Delete)  # la persona borra la cifra y se va a otra acción sin terminar
    _abrir_con_intro(qtbot, ventana, "Segunda reunion")
    assert hombres.text() == "18" and hombres.value() == 18
    qtbot.mouseClick(hombres.lineEdit(), Qt.MouseButton.LeftButton, pos=QPoint(2, 5))  # clic en la caja, como una persona
    qtbot.wait(10)
    teclas(qtbot, "18")
    assert hombres.text() == "18" and hombres.value() == 18  # no «1,818»: lo tecleado reemplaza la cifra
    teclas(qtbot, (Qt.Key.Key_S, CTRL))
    with ctx_municipal.base.transaccion() as s:
        assert {a.titulo: a.hombres for a in s.query(Accion)} == {"Primera reunion": 9, "Segunda reunion": 18}
        assert s.get(Accion, primero).estado == "lista"  # la primera no tenía cambios reales: sigue igual


def test_guardar_y_nueva_vuelve_arriba_con_el_foco_en_la_fecha(qtbot, ventana):
    from tests.escritorio.test_captura import _valida

    teclas(qtbot, (Qt.Key.Key_N, CTRL))
    captura = ventana.captura
    _valida(captura)
    captura.formulario.controles["sin_dato"].setFocus()
    captura.desplazable.ensureWidgetVisible(captura.formulario.lista_evidencias)
    assert captura.desplazable.verticalScrollBar().value() > 0
    teclas(qtbot, (Qt.Key.Key_S, CTRL))
    assert captura.estado.text().startswith("Guardada")
    teclas(qtbot, (Qt.Key.Key_Return, CTRL))
    assert captura.desplazable.verticalScrollBar().value() == 0
    assert QApplication.focusWidget() is captura.formulario.controles["fecha_inicio"]
    assert captura.estado.text() == "" and captura.formulario.controles["titulo"].text() == ""


def test_tab_sale_de_la_tabla_de_edades_y_las_flechas_recorren_la_rejilla(qtbot, ventana):
    teclas(qtbot, (Qt.Key.Key_N, CTRL))
    forma = ventana.captura.formulario
    forma.con_edades.setFocus()
    teclas(qtbot, Qt.Key.Key_Space, T)
    tabla = forma.controles["edades"]
    assert QApplication.focusWidget() is tabla
    ultima = tabla.rowCount() - 1
    qtbot.wait(20)  # la ventana acomoda la tabla recién mostrada
    assert tabla.rowViewportPosition(ultima) + tabla.rowHeight(ultima) <= tabla.viewport().height()  # todas las filas a la vista
    teclas(qtbot, "4", Qt.Key.Key_Right, "5", Qt.Key.Key_Down, "6", Qt.Key.Key_Return)
    assert [tabla.item(0, 0).text(), tabla.item(0, 1).text(), tabla.item(1, 1).text()] == ["4", "5", "6"]
    assert (tabla.currentRow(), tabla.currentColumn()) == (2, 1)
    teclas(qtbot, "7", T)  # Tab con la celda en edición: guarda la cifra y sale de la tabla
    assert tabla.item(2, 1).text() == "7"
    assert QApplication.focusWidget() is forma.reto_texto
    teclas(qtbot, (T, MAYUS))
    assert QApplication.focusWidget() is tabla
    teclas(qtbot, T)
    assert QApplication.focusWidget() is forma.reto_texto


def test_fechas_se_teclean_de_corrido_aun_con_mayus_tab(qtbot, ventana):
    teclas(qtbot, (Qt.Key.Key_N, CTRL), T)
    forma = ventana.captura.formulario.controles
    assert QApplication.focusWidget() is forma["fecha_fin"]
    teclas(qtbot, (T, MAYUS))  # de regreso a la fecha de inicio: queda elegido el día, no el año
    assert QApplication.focusWidget() is forma["fecha_inicio"]
    teclas(qtbot, "03022025", T, "04022025")
    assert forma["fecha_inicio"].valor() == date(2025, 2, 3) and forma["fecha_fin"].valor() == date(2025, 2, 4)
    firma = forma["convenio.fecha_firma"]
    assert firma.valor() is None and firma.text() == "sin fecha"
    firma.setFocus(Qt.FocusReason.TabFocusReason)
    teclas(qtbot, "05062025")  # un dígito en «sin fecha» empieza la fecha
    assert firma.valor() == date(2025, 6, 5)
    firma.selectAll()
    teclas(qtbot, Qt.Key.Key_Delete)
    assert firma.valor() is None


def test_municipio_de_otra_entidad_se_explica_no_se_da_por_inexistente(qtbot, ventana):
    teclas(qtbot, (Qt.Key.Key_N, CTRL), T, T, T)
    captura = ventana.captura
    assert QApplication.focusWidget() is captura.formulario.controles["municipio"]
    captura.formulario.controles["municipio"].lineEdit().selectAll()
    teclas(qtbot, "27004 Centro")
    mensajes = [m.texto for m in captura.validar() if m.campo == "municipio"]
    assert mensajes and "no existe" not in mensajes[0] and "Tabasco" in mensajes[0]


def test_busqueda_en_acciones_ignora_acentos_y_mayusculas(qtbot, ventana, ctx_municipal):
    _registro(ctx_municipal, "Reunión de coordinación", 4)
    _registro(ctx_municipal, "Taller de derechos", 4)
    teclas(qtbot, (Qt.Key.Key_3, CTRL))
    acciones = ventana.acciones
    acciones.f_texto.setFocus()
    for buscado in ("reunion", "COORDINACION", "ReUnIoN"):
        acciones.f_texto.clear()
        teclas(qtbot, buscado)
        qtbot.waitUntil(lambda: acciones.modelo.total == 1 and not acciones.espera.isActive(), timeout=3000)
        assert [f[6] for f in acciones.modelo.filas] == ["Reunión de coordinación"]


def test_alt_letra_no_se_repite_en_ninguna_pagina(ventana):
    for fila in range(ventana.navegacion.count()):
        ventana.navegacion.setCurrentRow(fila)  # cada página (y pestaña) se construye la primera vez que se muestra
    paginas = [ventana.paginas.widget(i) for i in range(ventana.paginas.count())]
    pestanas = [p for p in paginas if p.objectName() == "pestanasEnvios"][0]
    for j in range(pestanas.count()):
        pestanas.setCurrentIndex(j)
    paginas = [p for p in paginas if p is not pestanas] + [pestanas.widget(j) for j in range(pestanas.count())]
    assert QKeySequence.mnemonic(ventana.envios.boton.text()).toString() == "Alt+E"
    for pagina in paginas:
        letras = []
        for w in pagina.findChildren(QLabel) + pagina.findChildren(QAbstractButton):
            if isinstance(w, QLabel) and w.buddy() is None:
                continue
            letra = QKeySequence.mnemonic(w.text()).toString()
            if letra:
                letras.append(letra)
        repetidas = {x for x in letras if letras.count(x) > 1}
        assert not repetidas, (pagina.objectName(), repetidas)


def test_periodos_se_eligen_de_una_lista(qtbot, ventana, ctx_municipal):
    from base_local.periodos import anterior, periodo_de

    teclas(qtbot, (Qt.Key.Key_3, CTRL))
    acciones = ventana.acciones
    vistos = []
    acciones.elegir_periodo = lambda titulo, etiqueta, opciones: vistos.append(opciones) or (opciones[1], True)
    confirmados = contestar(Qt.Key.Key_C)  # elegido de la lista, el cierre aún pide confirmación («Cerrar el periodo»)
    acciones.findChildren(object, "cerrar_periodo")[0].click()
    actual = periodo_de(date.today())
    assert vistos[0][:2] == [actual, anterior(actual)] and len(vistos[0]) == 8
    assert confirmados[0]["texto"].startswith(f"Se cerrará el periodo {anterior(actual)}")
    assert f"Periodo {anterior(actual)} cerrado" in acciones.resumen.text()
    contestar(Qt.Key.Key_C)
    acciones.findChildren(object, "cerrar_periodo")[0].click()
    assert anterior(actual) not in vistos[1]  # ya cerrado: no se ofrece otra vez
    acciones.pedir_texto = lambda *a: ("Faltaba una lista", True)
    acciones.findChildren(object, "reabrir_periodo")[0].click()
    assert vistos[2] == [anterior(actual), anterior(anterior(actual))]  # solo los cerrados, el más reciente primero
    assert "reabierto" in acciones.resumen.text()
