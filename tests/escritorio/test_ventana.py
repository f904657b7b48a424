"""Ventana principal sin pantalla: navegación, resumen de la oficina y barra de estado."""

from datetime import date

from escritorio.ventana_principal import SECCIONES, VentanaPrincipal


def test_ventana_principal_muestra_la_oficina(qtbot, ctx_municipal):
    ventana = VentanaPrincipal(ctx_municipal, hoy=date(2026, 11, 20))
    qtbot.addWidget(ventana)
    ventana.show()
    qtbot.waitExposed(ventana)
    assert ventana.navegacion.count() == len(SECCIONES) == 7
    assert "M07089" in ventana.estado_oficina.completo
    assert ventana.estado_periodo.completo == "Periodo: 2026T4"
    assert ventana.estado_pendientes.completo == "Pendientes de envío: 0"
    assert "Oficina Municipal de Tapachula" in ventana.inicio.encabezado.text()
    ventana.navegacion.setCurrentRow(4)
    assert ventana.paginas.currentWidget().objectName() == "pagina_reportes"
    ventana.navegacion.setCurrentRow(3)
    assert ventana.paginas.currentWidget().objectName() == "pestanasEnvios"
    assert ventana.width() <= 1280 and ventana.height() <= 720
