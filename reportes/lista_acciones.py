"""La lista de acciones tal como está filtrada y ordenada en la página Acciones, en un xlsx de solo valores: ni una
fórmula (el texto que empieza con = + - @ va como texto, T24), fechas como fechas y cifras como números."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from base_local.consulta_acciones import COLUMNAS, Filtro, filas
from formularios.celdas import celda, texto_de_celda, valor_de_fila
from reportes.consolidado import FECHA, MILES

ETIQUETAS = {"periodo": "Trimestre", "entidad": "Entidad", "eje": "Eje", "tipo_accion": "Tipo de acción", "otra_identidad": "Otra identidad",
             "revision": "Revisión (número)", "oficina_origen": "Oficina de origen", "estado_revision": "Estado de revisión",
             "estado": "Estado del registro"}
ANCHOS = {"titulo": 50, "tipo_accion": 26, "municipio": 24, "id": 38, "estado_revision": 20, "entidad": 18}
CIFRAS = ("mujeres", "hombres", "otra_identidad", "sin_dato", "total", "revision")


def _valor(hoja, con_formato: dict[str, Any], clave: str, valor: Any) -> Any:
    """El valor tal cual, salvo las fechas y cifras (su celda con formato, creada una vez por columna y reusada: en modo
    de solo escritura cada fila se escribe al agregarla) y el texto que parece fórmula (su propia celda, como texto)."""
    valor = texto_de_celda(valor)
    if valor is not None and clave in con_formato:
        con_formato[clave].value = valor
        return con_formato[clave]
    return valor_de_fila(hoja, valor)


def exportar_lista(sesion: Session, filtro: Filtro, orden: str, descendente: bool, destino: Path,
                   nombres: dict[str, dict[Any, str]], progreso: Callable[[int, int], None] | None = None) -> int:
    """Escribe las filas de la lista en `destino`; devuelve cuántas. `nombres` da el texto visible de cada clave."""
    todas = filas(sesion, filtro, orden, descendente, 0, None)
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet("Acciones")
    for i, (clave, _) in enumerate(COLUMNAS, start=1):
        hoja.column_dimensions[get_column_letter(i)].width = ANCHOS.get(clave, 13)
    hoja.freeze_panes = "A2"
    hoja.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNAS))}{len(todas) + 1}"
    hoja.append([celda(hoja, ETIQUETAS.get(clave, titulo), negrita=True) for clave, titulo in COLUMNAS])
    con_formato = {clave: celda(hoja, None, MILES if clave in CIFRAS else FECHA) for clave, _ in COLUMNAS if clave in (*CIFRAS, "fecha_inicio")}
    for n, fila in enumerate(todas, start=1):
        hoja.append([_valor(hoja, con_formato, clave, nombres.get(clave, {}).get(valor, valor))
                     for (clave, _), valor in zip(COLUMNAS, fila, strict=True)])
        if progreso and n % 1000 == 0:
            progreso(n, len(todas))
    destino.parent.mkdir(parents=True, exist_ok=True)
    libro.save(destino)
    return len(todas)
