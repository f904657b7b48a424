"""Asistente de primer uso y lista de acciones (páginas, filtros, orden, periodos cerrados)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

import main
from base_local.apertura import abrir_base
from base_local.oficinas import oficina_local
from base_local.rutas import Rutas
from escritorio.asistente import AsistenteOficina, fuerza
from escritorio.pagina_acciones import PAGINA, PaginaAcciones
from escritorio.pagina_captura import PaginaCaptura
from tests.conftest import FRASE
from tests.escritorio.conftest import contestar, contexto


def test_asistente_crea_la_oficina(qtbot, tmp_path):
    carpeta = tmp_path / "nueva"
    asistente = AsistenteOficina(carpeta)
    qtbot.addWidget(asistente)
    asistente.show()
    pagina = asistente.oficina
    pagina.entidad.setCurrentIndex(pagina.entidad.findData("27"))
    assert all(pagina.municipio.itemData(i).startswith("27") for i in range(pagina.municipio.count()))
    pagina.municipio.setFocus()
    pagina.municipio.lineEdit().selectAll()
    qtbot.keyClicks(pagina.municipio.lineEdit(), "27017")
    assert pagina.valores() == ("municipal", "27", "27017")
    asistente.next()
    qtbot.keyClicks(asistente.datos.nombre, "Oficina Municipal de Tenosique")
    qtbot.keyClicks(asistente.datos.responsable, "Rosa Martinez")
    asistente.next()
    qtbot.keyClicks(asistente.frase.frase, "corta")
    assert "faltan" in asistente.frase.pista.text()
    qtbot.keyClicks(asistente.frase.repeticion, "otra")
    asistente.next()
    assert "no coinciden" in asistente.frase.error.text() and not carpeta.exists()
    asistente.frase.repeticion.setText("corta")
    asistente.next()
    assert "al menos 12" in asistente.frase.error.text() and not carpeta.exists()
    asistente.frase.frase.setText(FRASE)
    asistente.frase.repeticion.setText(FRASE)
    asistente.next()
    assert asistente.currentPage() is asistente.fin
    assert asistente.creada.clave == "M27017"
    assert asistente.creada.huella[:4].upper() in asistente.fin.texto.text()
    assert not asistente.button(QWizard.WizardButton.BackButton).isVisible() or not asistente.button(QWizard.WizardButton.BackButton).isEnabled()
    base = abrir_base(Rutas(carpeta).url_base)
    with base.transaccion() as s:
        assert oficina_local(s).nombre == "Oficina Municipal de Tenosique"
    base.cerrar()
    assert fuerza("una oración larga con espacios") .startswith("Fuerte")


def test_lista_pagina_filtra_y_ordena(qtbot, oficina_municipal):
    assert main.principal(["--datos", str(oficina_municipal), "demo", "--registros", "1200"]) == 0
    ctx = contexto(oficina_municipal)
    pagina = PaginaAcciones(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    assert pagina.modelo.total == 1200 and pagina.modelo.rowCount() == PAGINA
    assert pagina.modelo.canFetchMore()
    pagina.modelo.fetchMore()
    assert pagina.modelo.rowCount() == 2 * PAGINA
    pagina.f_tipo.poner("convenio_acuerdo")
    assert 0 < pagina.modelo.total < 1200
    assert {f[5] for f in pagina.modelo.filas} == {"convenio_acuerdo"}
    pagina.f_tipo.poner(None)
    pagina.f_texto.setText("(17)")
    pagina.filtrar()
    assert pagina.modelo.total == 1 and "(17)" in pagina.modelo.filas[0][6]
    pagina.f_texto.setText("")
    pagina.modelo.sort(11, Qt.SortOrder.DescendingOrder)  # total
    totales = [f[11] for f in pagina.modelo.filas[:50]]
    assert totales == sorted(totales, reverse=True)
    ctx.base.cerrar()


def test_periodo_cerrado_es_solo_lectura_hasta_reabrir(qtbot, oficina_municipal):
    assert main.principal(["--datos", str(oficina_municipal), "demo", "--registros", "3"]) == 0
    ctx = contexto(oficina_municipal)
    acciones = PaginaAcciones(ctx)
    captura = PaginaCaptura(ctx)
    qtbot.addWidget(acciones)
    qtbot.addWidget(captura)
    acciones.show()
    id_accion, periodo = acciones.modelo.filas[0][-1], acciones.modelo.filas[0][1]
    respuestas = iter([(periodo, True)])
    acciones.pedir_texto = lambda *a: next(respuestas)
    acciones.elegir_periodo = lambda titulo, etiqueta, opciones: (periodo, periodo in opciones)  # de una lista, no tecleado
    vistos = contestar(Qt.Key.Key_C)  # «Cerrar el periodo»
    acciones.findChildren(object, "cerrar_periodo")[0].click()
    assert "solo lectura" in vistos[0]["detalle"] and vistos[0]["defecto"] == "&No, dejarlo abierto"
    assert f"Periodo {periodo} cerrado" in acciones.resumen.text()
    captura.abrir(id_accion)
    assert not captura.formulario.isEnabled() and not captura.botones["guardar_lista"].isEnabled()
    assert "periodo cerrado" in captura.encabezado.text()
    respuestas = iter([("", True)])
    acciones.findChildren(object, "reabrir_periodo")[0].click()
    assert "motivo" in acciones.resumen.text()
    respuestas = iter([("Faltaba una lista de asistencia", True)])
    acciones.findChildren(object, "reabrir_periodo")[0].click()
    assert "reabierto" in acciones.resumen.text()
    captura.abrir(id_accion)
    assert captura.formulario.isEnabled()
    ctx.base.cerrar()
