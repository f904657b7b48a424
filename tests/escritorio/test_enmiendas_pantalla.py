"""T3 en la ventana: un registro nuevo fechado en un trimestre aprobado aparece como enmienda en la vista previa de
Recepción y en Conflictos, donde se ve completo y se decide con una nota."""

import uuid
from pathlib import Path

from PySide6.QtCore import Qt

from escritorio.pagina_conflictos import PaginaConflictos
from escritorio.pagina_recepcion import COLUMNAS, PaginaRecepcion
from tests.empaquetado.forja import forjar, huella
from tests.empaquetado.util import cli, consultar, red_de_oficinas
from tests.escritorio.conftest import contexto


def test_t3_registro_nuevo_en_trimestre_aprobado_en_recepcion_y_conflictos(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    _, p = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    assert cli(red["est"], "importar", p["archivo"])[0] == 0
    _, periodo = consultar(red["est"], "select id, periodo from accion order by id limit 1")[0]
    assert cli(red["est"], "aprobar-periodo", "M07089", periodo)[0] == 0
    antes = consultar(red["est"], "select count(*), sum(total) from accion")[0]

    def nuevo(registros):
        molde = next(r for r in registros if r["fecha_inicio"][:4] + "T" + str((int(r["fecha_inicio"][5:7]) - 1) // 3 + 1) == periodo)
        registros[:] = [{**molde, "id": str(uuid.uuid4()), "titulo": "Jornada que nadie aprobó", "historial": [],
                         "hombres": molde["hombres"] + 1_600_000, "total": molde["total"] + 1_600_000}]

    paquete_1 = Path(p["archivo"])
    ataque = forjar(paquete_1, red["mun"], tmp_path / "ataque.zip", secuencia=2, anterior=huella(paquete_1), cambio=nuevo)
    ctx = contexto(red["est"])
    recepcion = PaginaRecepcion(ctx)
    qtbot.addWidget(recepcion)
    recepcion.cargar([str(ataque)])
    qtbot.waitUntil(lambda: recepcion.pendientes == 0 and recepcion.modelo.rowCount() == 1, timeout=15000)
    assert recepcion.modelo.filas[0][COLUMNAS.index("Enmiendas")] == 1
    recepcion._detalle(0)
    assert (recepcion.detalle.filas[0][8], recepcion.detalle.filas[0][0]) == ("Jornada que nadie aprobó", "enmienda")
    recepcion.importar_aceptados()
    qtbot.waitUntil(lambda: "importado" in recepcion.estado.text(), timeout=15000)
    assert consultar(red["est"], "select count(*), sum(total) from accion")[0] == antes

    conflictos = PaginaConflictos(ctx)
    qtbot.addWidget(conflictos)
    [fila] = conflictos.modelo.filas
    assert (fila[1], fila[2], fila[3], fila[4]) == ("enmienda", "M07089", "Jornada que nadie aprobó", None)
    conflictos.vista.selectRow(0)
    assert any(d[1:] == ("(vacío)", "Jornada que nadie aprobó") for d in conflictos.diferencias.filas)
    conflictos.nota.setText("La oficina no presentó la lista de asistencia")
    qtbot.mouseClick(conflictos.botones["local"], Qt.MouseButton.LeftButton)
    assert "sin este registro nuevo" in conflictos.mensaje.text()
    assert consultar(red["est"], "select count(*), sum(total) from accion")[0] == antes
    ctx.base.cerrar()
