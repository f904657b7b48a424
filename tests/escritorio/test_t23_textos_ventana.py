"""T23 en la ventana: la nota de un conflicto pegada de Word (con «\\x0b») o demasiado larga se rechaza en la página,
con el mensaje que dice qué corregir, y la base de la central no cambia; la nota limpia se acepta."""

from PySide6.QtCore import Qt

from escritorio.pagina_conflictos import PaginaConflictos
from tests.empaquetado.test_central import red_con_un_conflicto
from tests.empaquetado.util import huella_base
from tests.escritorio.conftest import contexto


def test_t23_nota_de_conflicto_pegada_de_word_se_rechaza_en_la_pagina(qtbot, tmp_path):
    red, id_accion = red_con_un_conflicto(tmp_path)
    ctx = contexto(red["cen"])
    pagina = PaginaConflictos(ctx)
    qtbot.addWidget(pagina)
    pagina.vista.selectRow(0)
    for pegado, mensaje in (("Confirmado por teléfono\x0bcon la oficina", "carácter de control invisible (U+000B)"),
                            ("x" * 25_000, "el máximo es 19,000")):
        antes = huella_base(red["cen"])
        pagina.nota.clear()
        pagina.nota.insert(pegado)  # como al pegar con Ctrl+V
        qtbot.mouseClick(pagina.botones["recibida"], Qt.MouseButton.LeftButton)
        assert mensaje in pagina.mensaje.text()
        assert pagina.modelo.rowCount() == 1
        assert huella_base(red["cen"]) == antes
    pagina.nota.clear()
    qtbot.keyClicks(pagina.nota, "Confirmado por telefono con la oficina")
    qtbot.mouseClick(pagina.botones["recibida"], Qt.MouseButton.LeftButton)
    assert "se conservó la versión enviada" in pagina.mensaje.text()
    ctx.base.cerrar()


def test_t23_asistente_rechaza_el_nombre_pegado_de_word_sin_crear_nada(qtbot, tmp_path):
    from escritorio.asistente import AsistenteOficina
    from tests.conftest import FRASE

    carpeta = tmp_path / "nueva"
    asistente = AsistenteOficina(carpeta)
    qtbot.addWidget(asistente)
    asistente.show()
    pagina = asistente.oficina
    pagina.entidad.setCurrentIndex(pagina.entidad.findData("27"))
    pagina.municipio.setFocus()
    pagina.municipio.lineEdit().selectAll()
    qtbot.keyClicks(pagina.municipio.lineEdit(), "27017")
    asistente.next()
    asistente.datos.nombre.insert("Oficina Municipal\x0bde Tenosique")  # pegado de Word
    qtbot.keyClicks(asistente.datos.responsable, "Rosa Martinez")
    asistente.next()
    asistente.frase.frase.setText(FRASE)
    asistente.frase.repeticion.setText(FRASE)
    asistente.next()
    assert "carácter de control invisible (U+000B)" in asistente.frase.error.text()
    assert asistente.creada is None and not carpeta.exists()
