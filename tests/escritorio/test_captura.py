"""Captura con el teclado: guardar, errores en su campo, edades, duplicados, anulación y revisiones."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidgetItem
from sqlalchemy import func, select

from base_local.acciones import historial_de
from base_local.modelos import Accion
from escritorio.pagina_acciones import PaginaAcciones
from escritorio.pagina_captura import PaginaCaptura


def teclas(qtbot, *secuencia) -> None:
    """Envía texto o teclas al control que tiene el foco, como lo haría una persona.

    QTest solo sabe teclear ASCII: los textos de estas pruebas van sin acentos (la aplicación sí los acepta).
    """
    for paso in secuencia:
        foco = QApplication.focusWidget()
        assert foco is not None
        if isinstance(paso, str):
            qtbot.keyClicks(foco, paso)
        elif isinstance(paso, tuple):
            qtbot.keyClick(foco, paso[0], paso[1])
        else:
            qtbot.keyClick(foco, paso)


@pytest.fixture
def captura(qtbot, ctx_municipal):
    pagina = PaginaCaptura(ctx_municipal)
    qtbot.addWidget(pagina)
    pagina.resize(1090, 690)
    pagina.show()
    qtbot.waitExposed(pagina)
    pagina.activateWindow()
    pagina.formulario.controles["fecha_inicio"].setFocus()
    return pagina


def _valida(pagina, **cambios) -> None:
    """Llena el formulario por sus controles (para las pruebas que no tratan del teclado)."""
    c = pagina.formulario.controles
    c["eje"].poner("coordinacion")
    c["tipo_accion"].poner("reunion_trabajo")
    c["poblacion"].poner("servidores_publicos")
    c["titulo"].setText(cambios.get("titulo", "Reunión de coordinación con el INM"))
    c["descripcion"].setPlainText("Se acordó la ruta de atención.")
    c["objetivos_pmm"].poner([7])
    c["mujeres"].setValue(cambios.get("mujeres", 12))
    c["hombres"].setValue(cambios.get("hombres", 9))


def _accion(ctx, id_accion):
    with ctx.base.transaccion() as s:
        return s.get(Accion, id_accion)


def test_llenar_y_guardar_solo_con_teclado(qtbot, captura, ctx_municipal):
    assert QApplication.focusWidget() is captura.formulario.controles["fecha_inicio"]
    T, ABAJO = Qt.Key.Key_Tab, Qt.Key.Key_Down
    teclas(qtbot, T, T, T, T, "Centro", T)                           # fechas de hoy, entidad, municipio, localidad
    teclas(qtbot, ABAJO, T, ABAJO, T, ABAJO, T, ABAJO, T, ABAJO, T)   # eje, línea, actividad, sectorial, tipo
    teclas(qtbot, T, "Reunion con el INM y COMAR", T)                 # modalidad, título
    teclas(qtbot, "Coordinacion de la ruta de atencion.", T, "Se acordo un calendario.", T)
    teclas(qtbot, Qt.Key.Key_Space, T, "INM, COMAR", T)              # orden federal, instituciones
    teclas(qtbot, Qt.Key.Key_Space, ABAJO, Qt.Key.Key_Space, T)      # objetivos 1 y 2
    teclas(qtbot, ABAJO, T, "2", T, T, "12", T, "9", T, "1", T)        # población, sesiones, unidad, sexos
    assert QApplication.focusWidget() is captura.formulario.controles["sin_dato"]
    teclas(qtbot, (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier))
    assert captura.id_actual, captura.estado.text() + " " + str([m.texto for m in captura.mensajes_actuales])
    a = _accion(ctx_municipal, captura.id_actual)
    assert (a.mujeres, a.hombres, a.otra_identidad, a.sin_dato, a.total) == (12, 9, 1, 0, 22)
    assert (a.estado, a.eje, a.linea_accion, a.tipo_accion, a.eventos) == ("lista", "coordinacion", "reuniones_tres_niveles", "reunion_trabajo", 2)
    assert a.objetivos_pmm == [1, 2] and a.ordenes_gobierno == ["federal"] and a.instituciones == ["INM", "COMAR"]
    assert a.localidad == "Centro" and a.fecha_inicio == date.today() and a.municipio == "07089"


def test_total_escrito_que_no_suma_se_rechaza_en_su_campo(qtbot, captura, ctx_municipal):
    _valida(captura)
    total = captura.formulario.controles["total"]
    total.setFocus()
    qtbot.keyClicks(total, "30")
    captura.guardar_lista()
    assert captura.id_actual is None and "No se guardó" in captura.estado.text()
    mensajes = [captura.lista.item(i) for i in range(captura.lista.count())]
    [del_total] = [m for m in mensajes if m.data(Qt.ItemDataRole.UserRole) == "total"]
    assert "30" in del_total.text() and "21" in del_total.text()
    assert total.property("nivel") == "error"
    assert QApplication.focusWidget() is total  # el primer error lleva al campo
    with ctx_municipal.base.transaccion() as s:
        assert s.scalar(select(func.count()).select_from(Accion)) == 0


def test_edades_que_no_suman_se_rechazan(qtbot, captura):
    _valida(captura)
    captura.formulario.con_edades.setChecked(True)
    tabla = captura.formulario.controles["edades"]
    tabla.setItem(2, 0, QTableWidgetItem("10"))  # adultez, mujeres: 10 de 12
    tabla.setItem(2, 1, QTableWidgetItem("9"))
    assert not captura.guardar_lista()
    assert "EDADES_NO_SUMAN" in {m.codigo for m in captura.mensajes_actuales}
    assert tabla.property("nivel") == "error"
    tabla.setItem(3, 0, QTableWidgetItem("2"))
    assert captura.guardar_lista()


def test_posible_duplicado_debe_reconocerse(qtbot, captura, ctx_municipal):
    _valida(captura)
    assert captura.guardar_lista()
    primero = captura.id_actual
    captura.nueva(preguntar=False)
    _valida(captura, titulo="Reunión de coordinación con INM")
    assert not captura.guardar_lista()
    assert "reconozca los avisos" in captura.estado.text().lower()
    [aviso] = [captura.lista.item(i) for i in range(captura.lista.count())
               if captura.lista.item(i).data(Qt.ItemDataRole.UserRole + 1) == "POSIBLE_DUPLICADO"]
    aviso.setCheckState(Qt.CheckState.Checked)
    assert captura.guardar_lista()
    assert captura.id_actual != primero
    assert _accion(ctx_municipal, captura.id_actual).avisos_reconocidos == ["POSIBLE_DUPLICADO"]


def test_editar_sube_revision_y_anular_deja_historial(qtbot, captura, ctx_municipal):
    _valida(captura)
    assert captura.guardar_lista()
    id_accion = captura.id_actual
    captura.abrir(id_accion)
    captura.formulario.controles["hombres"].setValue(15)
    assert captura.guardar_lista()
    assert _accion(ctx_municipal, id_accion).revision == 2
    acciones = PaginaAcciones(ctx_municipal)
    qtbot.addWidget(acciones)
    acciones.show()
    assert acciones.modelo.rowCount() == 1
    acciones.vista.selectRow(0)
    acciones.pedir_texto = lambda titulo, etiqueta: ("Capturada dos veces", True)
    qtbot.mouseClick(_boton(acciones, "anular"), Qt.MouseButton.LeftButton)
    a = _accion(ctx_municipal, id_accion)
    assert (a.estado, a.revision) == ("anulada", 3)
    with ctx_municipal.base.transaccion() as s:
        historial = historial_de(s, id_accion)
        vivas = s.scalar(select(func.coalesce(func.sum(Accion.total), 0)).where(Accion.estado != "anulada"))
    assert [h["operacion"] for h in historial] == ["creacion", "edicion", "anulacion"]
    assert historial[2]["cambios"]["motivo"] == [None, "Capturada dos veces"]
    assert vivas == 0
    acciones.vista.selectRow(0)
    _boton(acciones, "historial").click()
    assert "Anulación" in acciones.dialogo_historial.findChildren(object, "texto_historial")[0].toPlainText()


def _boton(pagina, nombre):
    return pagina.findChildren(object, nombre)[0]


def test_escape_pregunta_antes_de_descartar(qtbot, captura):
    _valida(captura)
    preguntas = []
    captura.confirmar = lambda texto: preguntas.append(texto) or False
    qtbot.keyClick(captura.formulario.controles["titulo"], Qt.Key.Key_Escape)
    assert preguntas and captura.formulario.controles["titulo"].text().startswith("Reunión")
    captura.confirmar = lambda texto: True
    qtbot.keyClick(captura.formulario.controles["titulo"], Qt.Key.Key_Escape)
    assert captura.formulario.controles["titulo"].text() == ""


def test_cada_control_se_llama_como_su_campo(captura):
    from formularios.campos import CAMPOS

    for campo in CAMPOS:
        if campo.tipo == "sistema" and campo.clave != "evidencias":
            continue
        control = captura.formulario.controles.get(campo.clave)
        assert control is not None, campo.clave
        assert control.objectName() == control.accessibleName() == campo.clave


def test_evidencia_se_guarda_por_sha256_y_viaja_en_el_paquete(qtbot, tmp_path):
    import hashlib
    import zipfile

    from tests.empaquetado.util import cli, red_de_oficinas
    from tests.escritorio.conftest import contexto

    red = red_de_oficinas(tmp_path)
    ctx = contexto(red["mun"])
    pagina = PaginaCaptura(ctx)
    qtbot.addWidget(pagina)
    lista = tmp_path / "lista de asistencia.pdf"
    lista.write_bytes(b"%PDF-1.4 lista firmada" * 100)
    sha = hashlib.sha256(lista.read_bytes()).hexdigest()
    pagina.elegir_evidencias = lambda: [str(lista), str(lista)]
    _valida(pagina)
    pagina.adjuntar()
    assert pagina.formulario.lista_evidencias.count() == 1
    assert "lista de asistencia.pdf" in pagina.formulario.lista_evidencias.item(0).text()
    assert "application/pdf" in pagina.formulario.lista_evidencias.item(0).text()
    assert pagina.guardar_lista()
    assert (red["mun"] / "evidencias" / sha).read_bytes() == lista.read_bytes()
    a = _accion(ctx, pagina.id_actual)
    with ctx.base.transaccion() as s:
        from base_local.modelos import Evidencia

        assert [(e.sha256, e.nombre, e.tamano) for e in s.query(Evidencia)] == [(sha, lista.name, lista.stat().st_size)]
    ctx.base.cerrar()
    _, paquete = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    assert f"envio/data/evidencias/{sha}.pdf" in zipfile.ZipFile(paquete["archivo"]).namelist()
    assert cli(red["est"], "importar", paquete["archivo"])[0] == 0
    assert (red["est"] / "evidencias" / sha).read_bytes() == lista.read_bytes()
    assert a.id


def test_nada_se_corta_a_1280x720(qtbot, ctx_municipal):
    from datetime import date

    from escritorio.ventana_principal import VentanaPrincipal

    ventana = VentanaPrincipal(ctx_municipal, hoy=date(2026, 11, 20))
    qtbot.addWidget(ventana)
    ventana.resize(1280, 720)
    ventana.show()
    ventana.navegacion.setCurrentRow(1)
    qtbot.waitExposed(ventana)
    formulario = ventana.captura.formulario
    visible = formulario.parentWidget().width()
    assert formulario.minimumSizeHint().width() <= visible, (formulario.minimumSizeHint().width(), visible)
    assert ventana.minimumSizeHint().width() <= 1280 and ventana.minimumSizeHint().height() <= 720


def test_instituciones_completa_del_catalogo_y_acepta_texto_libre(qtbot, captura):
    campo = captura.formulario.controles["instituciones"]
    completador = campo.completer()
    campo.setText("INM, comar")
    completador.setCompletionPrefix(completador.splitPath(campo.text())[0])
    assert completador.currentCompletion() == "INM, COMAR"
    campo.setText("INM, Colectivo de Mujeres de la Frontera")
    assert captura.formulario.valores()["instituciones"] == "INM, Colectivo de Mujeres de la Frontera"


def test_plantilla_y_carga_de_excel_desde_captura(qtbot, captura, ctx_municipal, tmp_path):
    from tests.reportes.test_carga_excel import FILA, llenar

    captura.elegir_destino_plantilla = lambda: str(tmp_path / "plantilla.xlsx")
    _boton(captura, "plantilla_excel").click()
    assert (tmp_path / "plantilla.xlsx").exists()
    llenar(tmp_path / "plantilla.xlsx", tmp_path / "llena.xlsx", FILA, {**FILA, "titulo": "Otra reunión de seguimiento", "total": 99})
    informes = []
    captura.mostrar_informe = informes.append
    captura.elegir_excel = lambda: str(tmp_path / "llena.xlsx")
    _boton(captura, "cargar_excel").click()
    qtbot.waitUntil(lambda: bool(informes), timeout=15000)
    assert "No se cargó nada" in informes[0] and "Fila 4, columna Z (total)" in informes[0]
    captura.carga_parcial = True
    _boton(captura, "cargar_excel").click()
    qtbot.waitUntil(lambda: len(informes) == 2, timeout=15000)
    assert "Cargadas 1 nuevas" in informes[1]
    with ctx_municipal.base.transaccion() as s:
        assert s.scalar(select(func.count()).select_from(Accion)) == 1


def test_fecha_con_un_clic_y_luego_teclear(qtbot, captura):
    """Con el ratón (no con Tab): el clic en la fecha deja elegido el día y dd/mm/aaaa se teclea de corrido; un
    segundo clic en el año lo deja elegido para reemplazarlo."""
    from PySide6.QtCore import QPoint

    fecha = captura.formulario.controles["fecha_inicio"]
    for x in (8, fecha.lineEdit().width() // 2, fecha.lineEdit().width() - 8):  # en el día, el mes o el año
        captura.formulario.controles["titulo"].setFocus()
        qtbot.mouseClick(fecha.lineEdit(), Qt.MouseButton.LeftButton, pos=QPoint(x, fecha.lineEdit().height() // 2))
        teclas(qtbot, "15032026")
        assert fecha.valor() == date(2026, 3, 15), x
    qtbot.mouseClick(fecha.lineEdit(), Qt.MouseButton.LeftButton, pos=QPoint(fecha.lineEdit().width() - 8, fecha.lineEdit().height() // 2))
    teclas(qtbot, "2025")
    assert fecha.valor() == date(2025, 3, 15)


def test_tras_un_ctrl_s_bloqueado_las_cifras_siguen_a_la_vista(qtbot, captura):
    """El panel de mensajes no cambia de ancho con mensajes largos: el formulario no se angosta y «Sin dato de sexo»
    sigue mostrando su cifra entera."""
    c = captura.formulario.controles
    lateral = captura.lista.parentWidget()
    antes = (lateral.width(), c["sin_dato"].width())
    c["sin_dato"].setFocus()
    qtbot.wait(20)  # el foco elige la cifra entera (lo tecleado la reemplaza)
    teclas(qtbot, "12", (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier))
    qtbot.wait(50)
    assert "No se guardó" in captura.estado.text()
    assert (lateral.width(), c["sin_dato"].width()) == antes
    campo = c["sin_dato"].lineEdit()
    assert campo.text() == "12"
    ancho = campo.fontMetrics().horizontalAdvance("12")
    assert campo.cursorRect().left() >= 0 and campo.width() > ancho + 8


def test_instituciones_ofrece_opciones_solo_al_teclear(qtbot, captura):
    """Llegar al campo, pulsar ↓ o escribir «INM, » no abre la lista entera; teclear «coma» ofrece COMAR."""
    campo = captura.formulario.controles["instituciones"]
    emergente = campo.completer().popup()
    campo.setFocus()
    qtbot.wait(20)
    assert not emergente.isVisible()
    teclas(qtbot, Qt.Key.Key_Down)
    assert not emergente.isVisible()
    teclas(qtbot, "INM, ")
    assert not emergente.isVisible() and campo.text() == "INM, "
    teclas(qtbot, "coma")
    assert emergente.isVisible() and any(c.startswith("COMAR") for c in
                                         (campo.completer().completionModel().index(i, 0).data()
                                          for i in range(campo.completer().completionCount())))
    qtbot.keyClick(emergente, Qt.Key.Key_Down)
    qtbot.keyClick(emergente, Qt.Key.Key_Return)
    assert campo.text() == "INM, COMAR"
