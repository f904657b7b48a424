"""Acuses por la cadena sin línea de órdenes: la estatal suelta en Recepción el acuse de la Coordinación y quedan junto
a él los acuses de sus municipales; la municipal aplica el suyo en Recepción y ve «Observada por la Coordinación» con
la observación en el formulario, en su tablero y en Envíos."""

from PySide6.QtCore import Qt

from tests.empaquetado.test_cadena_acuses import hasta_el_acuse_de_la_central, red_cadena
from tests.empaquetado.util import consultar
from tests.escritorio.conftest import contexto
from tests.escritorio.test_flujo_ventana import _elegir_con, _ventana


def _aplicar_en_recepcion(qtbot, ventana, archivo) -> str:
    ventana.navegacion.setCurrentRow(3)  # Envíos/Recepción
    ventana.paginas.currentWidget().setCurrentWidget(ventana.recepcion)
    _elegir_con(ventana.recepcion, archivo)
    qtbot.keyClick(ventana.recepcion.elegir, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: str(archivo) in ventana.recepcion.acuses_recibidos, timeout=20000)
    return ventana.recepcion.estado.text()


def test_cadena_de_acuses_en_la_ventana(qtbot, tmp_path):
    red = red_cadena(tmp_path)
    hecho = hasta_el_acuse_de_la_central(tmp_path, red, observar=True, aplicar=False)
    ctx = contexto(red["est"])
    try:
        ventana = _ventana(qtbot, ctx)
        # La ventana pregunta dónde escribir los acuses de las municipales; si se cancela, no escribe nada y lo dice.
        ventana.recepcion.elegir_carpeta_reenvio = lambda: ""
        texto = _aplicar_en_recepcion(qtbot, ventana, hecho["acuse"])
        assert "no se eligió la carpeta" in texto and not list(hecho["acuse"].parent.glob("acuse-M*.json"))
        ventana.recepcion.acuses_recibidos.clear()
        carpetas = []  # otra vez (da lo mismo dos veces), eligiendo la carpeta: aquí, junto al de la central
        ventana.recepcion.elegir_carpeta_reenvio = lambda: carpetas.append(1) or str(hecho["acuse"].parent)
        texto = _aplicar_en_recepcion(qtbot, ventana, hecho["acuse"])
        assert carpetas == [1]
        ventana.close()
    finally:
        ctx.base.cerrar()
    archivo = hecho["acuse"].parent / "acuse-M07089-0001.json"
    assert archivo.exists() and (hecho["acuse"].parent / "acuse-M07101-0001.json").exists()
    assert "2 acuses escritos para sus oficinas municipales (M07089, M07101) en" in texto

    ctx = contexto(red["mun"])
    try:
        ventana = _ventana(qtbot, ctx)
        texto = _aplicar_en_recepcion(qtbot, ventana, archivo)
        assert "Acuse de la Coordinación (vía su oficina estatal) aplicado: 2 aceptadas, 1 observadas" in texto
        assert consultar(red["mun"], "select estado from accion where id = :p0", hecho["observado"]) == [("observada",)]
        ventana.paginas.currentWidget().setCurrentWidget(ventana.envios)
        fila = ventana.envios.historial.filas[0]
        assert fila[ventana.envios.historial.columnas.index("Acuse")].startswith("Coordinación vía E07 · ")
        ventana.abrir_accion(hecho["observado"], False)
        etiqueta = ventana.captura.formulario.resultado_acuse
        qtbot.waitUntil(etiqueta.isVisible)
        assert etiqueta.text().startswith("Observada por la Coordinación (acuse del ")
        assert etiqueta.text().endswith(": Adjunte la lista de asistencia firmada del 12 de marzo")
        ventana.navegacion.setCurrentRow(0)
        qtbot.waitUntil(lambda: ventana.inicio.datos is not None and bool(ventana.inicio.datos.acuses), timeout=20000)
        qtbot.waitUntil(lambda: "<b>2 · 1</b>" in ventana.inicio.cifras["cifra_coordinacion"].text(), timeout=20000)
        assert ventana.inicio.observadas.filas[0][1:] == ("Coordinación", "Adjunte la lista de asistencia firmada del 12 de marzo")
        ventana.close()
    finally:
        ctx.base.cerrar()
