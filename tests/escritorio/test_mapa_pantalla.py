"""El mapa del tablero: se abre en su pestaña, colorea el municipio con acciones, deja los demás «sin acciones»,
contornea los fronterizos, trae su leyenda y dice las cifras del municipio bajo el puntero."""

from datetime import date

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from base_local.modelos import Municipio
from base_local.oficinas import oficina_local
from escritorio.pagina_tablero import PaginaTablero
from formularios.servicio import contexto_para, guardar
from tests.test_reglas import valido


def test_mapa_de_la_oficina_con_leyenda_y_ayuda(qtbot, ctx_municipal):
    hoy = date.today()
    with ctx_municipal.base.transaccion() as s:
        oficina = oficina_local(s)
        s.get(Municipio, "07087").nombre = "Suchiate <b>negrita</b>"  # un nombre con marcado se muestra tal cual
        for i in range(2):
            r = guardar(s, valido(fecha_inicio=hoy, fecha_fin=hoy, titulo=f"Mesa {i} con el INM", mujeres=7, hombres=4 + i,
                                  avisos_reconocidos=["POSIBLE_DUPLICADO"]), contexto_para(s, oficina), oficina, quien="Ana", lista=True)
            assert r.guardado, r.mensajes
    tablero = PaginaTablero(ctx_municipal, hoy=hoy)
    qtbot.addWidget(tablero)
    tablero.resize(1060, 660)
    tablero.show()
    barra = tablero.pestanas.tabBar()
    qtbot.mouseClick(barra, Qt.MouseButton.LeftButton, pos=barra.tabRect(1).center())
    panel = tablero.mapa
    mapa = panel.mapa
    qtbot.waitUntil(lambda: mapa.dibujo is not None, timeout=15000)
    assert panel.periodo.valor() == str(hoy.year)
    d = mapa.dibujo
    assert len(d.municipios) == 124 and {m.entidad for m in d.municipios} == {"Chiapas"}  # una municipal ve su estado
    tapachula = next(m for m in d.municipios if m.cvegeo == "07089")
    assert tapachula.cifras["acciones"] == 2 and tapachula.clase > 0
    assert {m.clase for m in d.municipios if m.cvegeo != "07089"} == {0}
    assert sum(m.fronterizo for m in d.municipios) == 18  # los fronterizos de Chiapas
    imagen = mapa.grab().toImage()
    assert mapa.leyenda_visible[0] == "Sin acciones" and mapa.leyenda_visible[-1] == "Municipio fronterizo"
    punto = mapa.punto_de("07089")
    color = imagen.pixelColor(punto.toPoint())
    assert color.name().upper() in {c.color.upper() for c in d.leyenda[1:]} | {"#111111"}
    assert "1 municipio de 124 con acciones" in mapa.accessibleDescription()

    QApplication.sendEvent(mapa, QHelpEvent(QEvent.Type.ToolTip, punto.toPoint(), mapa.mapToGlobal(punto.toPoint())))
    assert QToolTip.text().startswith("<p>Tapachula, Chiapas (fronterizo): 2 acciones; 23 personas atendidas (mujeres 14, hombres 9")
    qtbot.mouseMove(mapa, punto.toPoint())
    qtbot.waitUntil(lambda: mapa.senalado is not None)
    assert d.municipios[mapa.senalado].cvegeo == "07089"
    vacio = mapa.punto_de("07015")
    QApplication.sendEvent(mapa, QHelpEvent(QEvent.Type.ToolTip, vacio.toPoint(), mapa.mapToGlobal(vacio.toPoint())))
    assert QToolTip.text() == "<p>Cacahoatán, Chiapas (fronterizo): sin acciones en el periodo</p>"
    raro = mapa.punto_de("07087")
    QApplication.sendEvent(mapa, QHelpEvent(QEvent.Type.ToolTip, raro.toPoint(), mapa.mapToGlobal(raro.toPoint())))
    assert QToolTip.text().startswith("<p>Suchiate &lt;b&gt;negrita&lt;/b&gt;, Chiapas")
    QApplication.sendEvent(mapa, QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2), mapa.mapToGlobal(QPoint(2, 2))))

    panel.indicador.setFocus()
    qtbot.keyClick(panel.indicador, Qt.Key.Key_Down)  # Acciones → Personas atendidas
    qtbot.waitUntil(lambda: mapa.dibujo is not d and mapa.dibujo.indicador == "total", timeout=15000)
    assert mapa.dibujo.titulo == "Personas atendidas por municipio"
    assert [c.etiqueta for c in mapa.dibujo.leyenda] == ["Sin acciones en el periodo", "1 a 23"]
    with ctx_municipal.base.transaccion() as s:  # llega otra acción: el tablero se recalcula y el mapa con él
        oficina = oficina_local(s)
        assert guardar(s, valido(fecha_inicio=hoy, fecha_fin=hoy, titulo="Taller con el DIF", mujeres=30, hombres=0,
                                 avisos_reconocidos=["POSIBLE_DUPLICADO"]), contexto_para(s, oficina), oficina, quien="Ana", lista=True).guardado
    tablero.actualizar()
    qtbot.waitUntil(lambda: next(m for m in mapa.dibujo.municipios if m.cvegeo == "07089").cifras["total"] == 53, timeout=15000)
    trimestre_pasado = panel.periodo.findData(panel.periodo.itemData(3))
    panel.periodo.setCurrentIndex(trimestre_pasado)
    qtbot.waitUntil(lambda: mapa.dibujo.leyenda == mapa.dibujo.leyenda[:1], timeout=15000)  # sin acciones en ese trimestre


def test_boton_del_reporte_html_en_reportes(qtbot, ctx_municipal, tmp_path):
    from escritorio.pagina_reportes import PaginaReportes

    pagina = PaginaReportes(ctx_municipal)
    qtbot.addWidget(pagina)
    pagina.abrir_al_terminar = False
    pedidos = []
    pagina.elegir_destino = lambda sugerido, filtro: pedidos.append(filtro) or str(tmp_path / sugerido)
    pagina.show()
    assert pagina.boton_html.text() == "Reporte &HTML para enviar por correo…"
    pagina.boton_html.setFocus()
    qtbot.keyClick(pagina.boton_html, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: pagina.ultimo is not None, timeout=20000)
    assert pedidos == ["HTML (*.html)"] and pagina.ultimo.name == f"html-{pagina.periodo.valor() or 'todo'}-07.html"
    texto = pagina.ultimo.read_text(encoding="utf-8")
    assert texto.count("data-cvegeo=") == 2 * 124 and "Oficina Municipal de Tapachula" in texto  # su estado, dos mapas
    assert pagina.boton_html.isEnabled() and pagina.estado.text().startswith("Listo: ")


def test_pestana_del_mapa_cabe_en_1280x720(qtbot, ctx_municipal):
    from escritorio.ventana_principal import VentanaPrincipal
    from tests.escritorio.test_encaje import _fuera_de_la_ventana

    ventana = VentanaPrincipal(ctx_municipal, hoy=date.today())
    qtbot.addWidget(ventana)
    ventana.resize(1280, 720)
    ventana.show()
    qtbot.waitExposed(ventana)
    ventana.inicio.pestanas.setCurrentIndex(1)
    qtbot.waitUntil(lambda: ventana.inicio.mapa.mapa.dibujo is not None, timeout=15000)
    assert (ventana.width(), ventana.height()) == (1280, 720) and ventana.minimumSizeHint().width() <= 1280
    assert _fuera_de_la_ventana(ventana) == []
    mapa = ventana.inicio.mapa.mapa
    assert mapa.width() >= 900 and mapa.height() >= 500  # el mapa aprovecha la pestaña
