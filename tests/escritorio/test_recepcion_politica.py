"""La bandeja de Recepción consulta la misma política que `importar`: paquetes firmados con la llave real de la
municipal que reescriben un registro de la estatal o inventan un origen salen RECHAZADOS con su código (T1, T2)."""

from pathlib import Path

from PySide6.QtCore import Qt

from escritorio.pagina_recepcion import PaginaRecepcion
from tests.empaquetado.util import (
    cambiar_registros,
    cli,
    consultar,
    escribir_zip,
    miembros,
    red_de_oficinas,
    refirmar,
)
from tests.escritorio.conftest import contexto


def test_t1_t2_recepcion_rechaza_con_el_codigo_de_la_politica(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    mun, est = red["mun"], red["est"]
    assert cli(est, "demo", "--registros", "2", "--semilla", "2")[0] == 0
    assert cli(mun, "demo", "--registros", "3", "--semilla", "1")[0] == 0
    valido = Path(cli(mun, "exportar", "--salida", str(tmp_path / "p"))[1]["archivo"])
    [(propio,)] = consultar(est, "select id from accion where oficina_origen = 'E07' order by id limit 1")

    def forjar(nombre, cambio):
        return str(escribir_zip(tmp_path / nombre, refirmar(cambiar_registros(miembros(valido), cambio), mun)))
    ajeno = forjar("ajeno.zip", lambda registros: registros[0].update(id=propio, revision=9))
    fantasma = forjar("fantasma.zip", lambda registros: registros[0].update(oficina_origen="M07089-fantasma"))
    ctx = contexto(est)
    pagina = PaginaRecepcion(ctx)
    qtbot.addWidget(pagina)
    pagina.cargar([ajeno, fantasma, str(valido)])
    qtbot.waitUntil(lambda: pagina.pendientes == 0 and pagina.modelo.rowCount() == 3, timeout=15000)
    filas = {f[0]: f for f in pagina.modelo.filas}
    assert (filas["ajeno.zip"][3], filas["ajeno.zip"][4]) == ("RECHAZADO", "ORIGEN_AJENO") and propio in filas["ajeno.zip"][5]
    assert (filas["fantasma.zip"][3], filas["fantasma.zip"][4]) == ("RECHAZADO", "ORIGEN_INVALIDO")
    pagina.vista.selectRow(pagina.modelo.filas.index(filas["ajeno.zip"]))  # el mensaje entero, bajo la tabla
    assert pagina.mensaje_fila.text() == f"ajeno.zip · RECHAZADO · ORIGEN_AJENO: {filas['ajeno.zip'][5]}"
    assert filas[valido.name][3] == "listo para importar"
    qtbot.mouseClick(pagina.importar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1 paquete importado" in pagina.estado.text(), timeout=15000)
    ctx.base.cerrar()
    assert consultar(est, "select oficina_origen, revision from accion where id = :p0", propio) == [("E07", 1)]
