"""Nombres que lee un lector de pantalla: el texto de la etiqueta compañera (buddy) o del botón, nunca la llave
interna del control (`fecha_inicio`, `tablaLlaves`). La ventana y el asistente los ponen al terminar de construirse."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QGroupBox, QLabel, QWidget

# Controles sin etiqueta visible junto a ellos: su nombre va aquí.
NOMBRES = {
    "navegacion": "Secciones", "tablaObservadas": "Observaciones recibidas en acuses", "tablaAcciones": "Lista de acciones",
    "tablaExcluidos": "Registros que no se incluirán en el paquete", "tablaHistorialEnvios": "Paquetes enviados",
    "tablaPaquetes": "Paquetes recibidos", "tablaDetalle": "Vista previa registro por registro",
    "tablaConflictos": "Conflictos y enmiendas pendientes", "tablaDiferencias": "Campos que difieren",
    "tablaLlaves": "Oficinas y llaves registradas", "tablaCompletitud": "Paquetes recibidos por oficina y trimestre",
    "mensajes": "Errores y avisos de la acción", "edades": "Personas por grupo de edad y sexo", "retos": "Retos agregados",
    "evidencias": "Evidencias adjuntas", "reto_texto": "Texto del reto", "reto_categorias": "Categorías del reto",
    "nota_decision": "Nota que explica la decisión", "filtro_texto": "Buscar en título, descripción o municipio",
    "texto_historial": "Historial de la acción", "total": "Total (opcional)",
}
_LLAVE = re.compile(r"[a-z0-9]+(?:[A-Z_.][A-Za-z0-9]*)*")


def limpio(texto: str) -> str:
    """«&Fecha de inicio:» → «Fecha de inicio»."""
    return re.sub(r"&(?!&)", "", texto).replace("&&", "&").strip().rstrip(":").strip().removesuffix("*").strip()


def _es_llave(nombre: str, widget: QWidget) -> bool:
    return not nombre or nombre == widget.objectName() or bool(_LLAVE.fullmatch(nombre))


def nombrar_controles(raiz: QWidget) -> None:
    """Da a cada control de `raiz` un nombre legible si hoy tiene ninguno o su llave interna."""
    for etiqueta in raiz.findChildren(QLabel):
        compa = etiqueta.buddy()
        if compa is not None and _es_llave(compa.accessibleName(), compa) and limpio(etiqueta.text()):
            compa.setAccessibleName(limpio(etiqueta.text()))
    for control in raiz.findChildren(QComboBox) + raiz.findChildren(QAbstractSpinBox):
        editor = control.lineEdit()  # el campo de texto de una lista editable o de una cifra o fecha
        if editor is not None and _es_llave(editor.accessibleName(), editor) and not _es_llave(control.accessibleName(), control):
            editor.setAccessibleName(control.accessibleName())
            editor.setAccessibleDescription(control.accessibleDescription())
    for widget in raiz.findChildren(QWidget):
        if not _es_llave(widget.accessibleName(), widget):
            continue
        if widget.objectName() in NOMBRES:
            widget.setAccessibleName(NOMBRES[widget.objectName()])
        elif isinstance(widget, QAbstractButton) and limpio(widget.text()):
            widget.setAccessibleName(limpio(widget.text()))
        elif isinstance(widget, QGroupBox) and widget.title():
            widget.setAccessibleName(widget.title())
