"""Páginas de Envíos, Recepción y Configuración manejadas con qtbot sobre oficinas reales."""

import json
from pathlib import Path

from PySide6.QtCore import Qt

from base_local.acciones import guardar_accion
from empaquetado.llaves import huella_legible
from escritorio.pagina_configuracion import PaginaConfiguracion
from escritorio.pagina_envios import PaginaEnvios
from escritorio.pagina_recepcion import PaginaRecepcion
from tests.empaquetado.util import cli, escribir_zip, miembros, red_de_oficinas
from tests.escritorio.conftest import contestar, contexto


def test_envios_excluye_con_errores_y_exporta(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "5")[0] == 0
    ctx = contexto(red["mun"])
    with ctx.base.transaccion() as s:  # un registro «lista» que ya no cumple las reglas (p. ej. de una versión vieja)
        guardar_accion(s, {"titulo": "", "fecha_inicio": None}, quien="x", oficina="M07089", estado="lista")
    pagina = PaginaEnvios(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    assert "5 registros listos" in pagina.resumen.text()
    assert pagina.excluidos.rowCount() == 1
    assert "fecha de inicio" in pagina.excluidos.filas[0][1]
    pagina.elegir_carpeta = lambda: str(tmp_path / "salida")
    qtbot.mouseClick(pagina.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Paquete 1 escrito" in pagina.resumen.text(), timeout=15000)
    assert len(list((tmp_path / "salida").glob("envio-M07089-0001-*.zip"))) == 1
    assert pagina.historial.rowCount() == 1 and pagina.historial.filas[0][3] == 5
    assert not pagina.boton.isEnabled()
    ctx.base.cerrar()


def test_recepcion_tres_paquetes_uno_alterado(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    archivos = []
    for semilla in (1, 2, 3):
        assert cli(red["mun"], "demo", "--registros", "3", "--semilla", str(semilla))[0] == 0
        archivos.append(cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))[1]["archivo"])
    alterado = [(n, d.replace(b'"mujeres":', b'"mujeres":9', 1) if n.endswith("acciones.jsonl") else d)
                for n, d in miembros(Path(archivos[1]))]
    archivos[1] = str(escribir_zip(tmp_path / "alterado.zip", alterado))
    ctx = contexto(red["est"])
    pagina = PaginaRecepcion(ctx)
    qtbot.addWidget(pagina)
    pagina.cargar(archivos)
    qtbot.waitUntil(lambda: pagina.pendientes == 0 and pagina.modelo.rowCount() == 3, timeout=15000)
    por_archivo = {fila[0]: fila for fila in pagina.modelo.filas}
    assert por_archivo["alterado.zip"][3] == "RECHAZADO" and por_archivo["alterado.zip"][4] == "ARCHIVO_ALTERADO"
    assert "Faltan los paquetes 1 y 2 de la oficina M07089" in por_archivo[Path(archivos[2]).name][5]
    pagina.vista.selectRow([f[0] for f in pagina.modelo.filas].index(Path(archivos[0]).name))
    assert pagina.detalle.rowCount() == 3 and {f[0] for f in pagina.detalle.filas} == {"nuevo"}
    assert pagina.importar.isEnabled()
    qtbot.mouseClick(pagina.importar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "2 paquetes importados" in pagina.estado.text(), timeout=15000)
    assert sorted(f[3] for f in pagina.modelo.filas) == ["RECHAZADO", "importado", "importado"]
    assert sorted(a.name for a in pagina.acuses) == sorted(Path(a).stem + "-acuse.json" for a in (archivos[0], archivos[2]))
    acuse = json.loads(pagina.acuses[0].read_text())
    assert acuse["formato"] == "fsur-acuse/1" and acuse["oficina_destino"] == "M07089"
    assert pagina.acuses[0].with_suffix(".pdf").exists()
    assert cli(red["mun"], "importar", str(pagina.acuses[0]))[0] == 0  # la oficina lo aplica
    con = ctx.base.motor.raw_connection()
    assert con.execute("select count(*) from accion").fetchone()[0] == 6
    con.close()
    ctx.base.cerrar()


def test_configuracion_registra_y_revoca(qtbot, tmp_path):
    from tests.conftest import crear_oficina

    crear_oficina(tmp_path / "est", "estatal", "07")
    crear_oficina(tmp_path / "mun", "municipal", "07", "07089")
    assert cli(tmp_path / "mun", "ficha", "--salida", str(tmp_path / "ficha.json"))[0] == 0
    ctx = contexto(tmp_path / "est")
    pagina = PaginaConfiguracion(ctx)
    qtbot.addWidget(pagina)
    huella = json.loads((tmp_path / "ficha.json").read_text())["huella"]
    assert huella[:4].upper() not in pagina.identidad.text().split("Huella")[0]
    pagina.elegir_documento = lambda: str(tmp_path / "ficha.json")
    vistos = contestar(Qt.Key.Key_C)  # «Coincide: registrar»
    qtbot.mouseClick(pagina.findChildren(object, "registrarFicha")[0], Qt.MouseButton.LeftButton)
    assert huella_legible(huella)[:19] in vistos[0]["texto"].replace("<br>", " ")
    assert "Oficina M07089 registrada" in pagina.mensaje.text()
    assert [f[0] for f in pagina.modelo.filas] == ["E07", "M07089"]
    pagina.vista.selectRow(1)
    pagina.pedir_motivo = lambda: "Equipo extraviado"
    vistos = contestar(Qt.Key.Key_R)  # «Revocar la llave»
    qtbot.mouseClick(pagina.findChildren(object, "revocarLlave")[0], Qt.MouseButton.LeftButton)
    assert "M07089" in vistos[0]["texto"] and "rechazan" in vistos[0]["detalle"]
    assert "revocada" in pagina.mensaje.text()
    assert pagina.modelo.filas[1][7] == "revocada" and pagina.modelo.filas[1][8] == "Equipo extraviado"
    pagina.elegir_destino_aviso = lambda: str(tmp_path / "rotacion.json")
    qtbot.mouseClick(pagina.findChildren(object, "rotarLlave")[0], Qt.MouseButton.LeftButton)
    assert "Llave rotada" in pagina.mensaje.text()
    assert [f[7] for f in pagina.modelo.filas if f[0] == "E07"] == ["retirada", "activa"]
    assert json.loads((tmp_path / "rotacion.json").read_text())["formato"] == "fsur-rotacion/1"
    pagina.elegir_destino = lambda: str(tmp_path / "mi-ficha.json")
    qtbot.mouseClick(pagina.findChildren(object, "guardarFicha")[0], Qt.MouseButton.LeftButton)
    assert json.loads((tmp_path / "mi-ficha.json").read_text())["oficina"]["clave"] == "E07"
    ctx.base.cerrar()


def test_reportes_genera_en_segundo_plano(qtbot, tmp_path):
    from openpyxl import load_workbook

    from escritorio.pagina_reportes import PaginaReportes
    from tests.conftest import crear_oficina

    crear_oficina(tmp_path / "cen", "central")
    assert cli(tmp_path / "cen", "demo", "--registros", "20")[0] == 0
    ctx = contexto(tmp_path / "cen")
    pagina = PaginaReportes(ctx)
    qtbot.addWidget(pagina)
    pagina.abrir_al_terminar = False
    pagina.elegir_destino = lambda sugerido, filtro: str(tmp_path / sugerido)
    pagina.tipo.poner("consolidado")
    qtbot.mouseClick(pagina.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pagina.ultimo is not None, timeout=20000)
    assert pagina.ultimo.name == "consolidado-todo.xlsx"
    assert load_workbook(pagina.ultimo)["Acciones"].max_row == 22
    pagina.tipo.poner("trimestral")
    pagina.entidad.poner("27")
    qtbot.mouseClick(pagina.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pagina.ultimo.suffix == ".pdf", timeout=20000)
    assert pagina.ultimo.name == "trimestral-todo-27.pdf" and pagina.ultimo.stat().st_size > 2000
    ctx.base.cerrar()


def test_respaldar_y_restaurar_desde_configuracion(qtbot, oficina_municipal):
    from escritorio.pagina_configuracion import PaginaConfiguracion

    ctx = contexto(oficina_municipal)
    pagina = PaginaConfiguracion(ctx)
    qtbot.addWidget(pagina)
    pagina.findChildren(object, "respaldar")[0].click()
    assert "Copia de seguridad guardada" in pagina.mensaje.text()
    copia = next((oficina_municipal / "respaldos").glob("manual-*.sqlite"))
    assert cli(oficina_municipal, "demo", "--registros", "3")[0] == 0
    pagina.elegir_respaldo = lambda: str(copia)
    contestar(Qt.Key.Key_R)  # «Restaurar y reemplazar»
    pagina.findChildren(object, "restaurar")[0].click()
    assert "Base restaurada" in pagina.mensaje.text()
    with ctx.base.motor.connect() as con:
        assert con.exec_driver_sql("select count(*) from accion").scalar() == 0
    ctx.base.cerrar()
