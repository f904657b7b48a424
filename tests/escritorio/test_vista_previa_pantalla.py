"""La vista previa de Recepción deja decidir: por registro, fecha, municipio, tipo y cifras por sexo, y en una
actualización cada campo que cambia antes → después; se filtra por resultado y cuenta por oficina y trimestre."""

from pathlib import Path

from PySide6.QtCore import Qt

from escritorio.pagina_recepcion import PaginaRecepcion
from tests.empaquetado.test_central import _editar
from tests.empaquetado.util import cli, consultar, huella_base, red_de_oficinas
from tests.escritorio.conftest import contexto


def test_vista_previa_muestra_antes_y_despues_y_filtra(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    _, p = cli(red["mun"], "exportar", "--salida", str(tmp_path / "r1"))
    assert cli(red["est"], "importar", p["archivo"])[0] == 0
    id_accion, mujeres, titulo = consultar(red["mun"], "select id, mujeres, titulo from accion order by id limit 1")[0]
    _editar(red["mun"], id_accion, mujeres=mujeres + 50)
    assert cli(red["mun"], "demo", "--registros", "1", "--semilla", "5")[0] == 0  # y uno nuevo
    _, p = cli(red["mun"], "exportar", "--salida", str(tmp_path / "r2"))
    antes = huella_base(red["est"])
    ctx = contexto(red["est"])
    recepcion = PaginaRecepcion(ctx)
    qtbot.addWidget(recepcion)
    recepcion.resize(1280, 720)
    recepcion.show()
    recepcion.cargar([p["archivo"]])
    qtbot.waitUntil(lambda: recepcion.pendientes == 0 and recepcion.modelo.rowCount() == 1, timeout=15000)
    rect = recepcion.vista.visualRect(recepcion.modelo.index(0, 0))
    qtbot.mouseClick(recepcion.vista.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    filas = {f[8]: f for f in recepcion.detalle.filas}
    assert len(filas) == 2
    cambiado = filas[titulo]
    assert cambiado[0] == "actualizado" and cambiado[4] == mujeres + 50
    assert f"Mujeres: {mujeres:,} → {mujeres + 50:,}" in cambiado[9]
    assert cambiado[1].count("/") == 2 and cambiado[2].startswith("07089") and cambiado[3]  # fecha local, municipio, tipo
    nuevo = next(f for t, f in filas.items() if t != titulo)
    assert nuevo[0].startswith("nuevo") and nuevo[9] == ""
    assert "M07089" in recepcion.cuentas.text() and "1 actualizado" in recepcion.cuentas.text()
    # filtro «Actualizados» elegido con el teclado: solo queda el registro que cambia
    recepcion.filtro.setFocus()
    indice = recepcion.filtro.findData("actualizados")
    while recepcion.filtro.currentIndex() < indice:
        qtbot.keyClick(recepcion.filtro, Qt.Key.Key_Down)
    assert [f[8] for f in recepcion.detalle.filas] == [titulo]
    assert huella_base(red["est"]) == antes  # la vista previa no escribe nada
    # lo mismo en la línea de órdenes: «importar --simular» con cambios antes → después y conteos por oficina y trimestre
    codigo, salida = cli(red["est"], "importar", "--simular", p["archivo"])
    assert codigo == 0
    [detalle] = [d for d in salida["paquetes"][0]["detalle"] if d["id"] == id_accion]
    assert detalle["cambios"]["mujeres"] == [mujeres, mujeres + 50] and detalle["municipio"] == "07089"
    assert {c["oficina"] for c in salida["paquetes"][0]["por_oficina_y_trimestre"]} == {"M07089"}
    assert sum(c["registros"] for c in salida["paquetes"][0]["por_oficina_y_trimestre"]) == 2
    assert Path(p["archivo"]).exists() and huella_base(red["est"]) == antes
    ctx.base.cerrar()
