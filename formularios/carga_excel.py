"""Carga masiva desde la plantilla de Excel: cada fila pasa por las mismas reglas que el formulario.

Por omisión no se carga nada si alguna fila tiene errores; con `parcial` se cargan las filas válidas. El informe
nombra fila, columna y corrección, y se escribe también como columna «Errores» en una copia del archivo.
"""

from __future__ import annotations

import math
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from base_local.acciones import PeriodoCerrado, guardar_accion
from base_local.errores import EntradaRechazada
from base_local.modelos import Accion
from base_local.oficinas import DatosOficina
from formularios.campos import CAMPOS_CONVENIO
from formularios.json_estable import huella_fila
from formularios.plantilla import COLUMNAS, SEPARADOR
from formularios.reglas import HUELLA_REGLAS, Contexto, errores, validar

MAX_BYTES = 20 * 1024 * 1024
MAX_FILAS = 20_000
REQUERIDAS = {"fecha_inicio", "entidad", "municipio", "tipo_accion", "titulo", "mujeres", "hombres"}
ESPACIO_IDS = uuid.UUID("6f1c9a52-3d0e-4b8f-9a51-0c2b7d4e8a11")


@dataclass
class Problema:
    fila: int
    columna: str
    mensaje: str
    nivel: str = "error"

    def texto(self) -> str:
        return f"Fila {self.fila}, columna {self.columna}: {self.mensaje}"


@dataclass
class ResultadoCarga:
    archivo: str
    filas: int = 0
    validas: int = 0
    con_errores: int = 0
    nuevas: int = 0
    actualizadas: int = 0
    sin_cambios: int = 0
    cargado: bool = False
    problemas: list[Problema] = field(default_factory=list)
    copia: str | None = None

    def a_dict(self) -> dict[str, Any]:
        return {"archivo": self.archivo, "filas": self.filas, "validas": self.validas, "con_errores": self.con_errores,
                "nuevas": self.nuevas, "actualizadas": self.actualizadas, "sin_cambios": self.sin_cambios,
                "cargado": self.cargado, "copia_revisada": self.copia,
                "problemas": [{"fila": p.fila, "columna": p.columna, "nivel": p.nivel, "mensaje": p.mensaje} for p in self.problemas]}


def _abrir(archivo: Path):
    if not archivo.is_file():
        raise EntradaRechazada(f"No existe el archivo {archivo}.")
    tamano = archivo.stat().st_size
    if tamano > MAX_BYTES:
        raise EntradaRechazada(f"{archivo.name} pesa {tamano / 1024**2:,.1f} MB; el máximo es {MAX_BYTES // 1024**2} MB. "
                               f"Divídalo en archivos más pequeños (hasta {MAX_FILAS:,} filas cada uno).")
    if not zipfile.is_zipfile(archivo):
        with archivo.open("rb") as f:
            if f.read(4) == b"PK\x03\x04":
                raise EntradaRechazada(f"{archivo.name} está dañado o incompleto (¿se copió a medias?): ábralo en Excel y guárdelo de nuevo.")
        raise EntradaRechazada(f"{archivo.name} no es un libro de Excel .xlsx (¿es un .xls antiguo, un .csv o un PDF?). "
                               "Ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)».")
    try:
        return load_workbook(archivo, data_only=False)
    except Exception:  # noqa: BLE001 — openpyxl lanza tipos variados ante archivos dañados
        raise EntradaRechazada(f"{archivo.name} está dañado o no es un libro de Excel válido: ábralo en Excel y guárdelo de nuevo.") from None


def _columnas(hoja, nombre: str) -> dict[int, str]:
    llaves = {i: str(c.value).strip() for i, c in enumerate(hoja[2], start=1) if c.value not in (None, "")} if hoja.max_row >= 2 else {}
    desconocidas = sorted(set(llaves.values()) - set(COLUMNAS) - {"errores"})
    faltan = sorted(REQUERIDAS - set(llaves.values()))
    if faltan or desconocidas:
        detalle = f" Faltan: {', '.join(faltan)}." if faltan else ""
        detalle += f" No reconocidas: {', '.join(desconocidas[:8])}." if desconocidas else ""
        raise EntradaRechazada(f"La hoja «Acciones» de {nombre} no tiene en la fila 2 las llaves de la plantilla de este programa.{detalle} "
                               "Descargue la plantilla con «plantilla --salida archivo.xlsx» y copie ahí sus datos.")
    return llaves


def _valor(celda) -> Any:
    v = celda.value
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, str):
        v = v.strip()
        return v.split(SEPARADOR)[0].strip() if SEPARADOR in v else v
    return v


def _registro(valores: dict[str, Any]) -> dict[str, Any]:
    datos = {k: v for k, v in valores.items() if k in COLUMNAS and not k.startswith("convenio.") and k not in ("reto_texto", "reto_categorias")}
    if valores.get("reto_texto") or valores.get("reto_categorias"):
        datos["retos"] = [{"texto": valores.get("reto_texto") or "", "categorias": valores.get("reto_categorias") or ""}]
    convenio = {c: valores.get(f"convenio.{c}") for c in CAMPOS_CONVENIO if valores.get(f"convenio.{c}") not in (None, "")}
    datos["convenio"] = convenio or None
    for c in ("ordenes_gobierno", "instituciones", "objetivos_pmm"):
        valor = datos.get(c)
        if isinstance(valor, int | float):  # una cifra suelta; la regla de la lista dirá si no sirve
            datos[c] = str(int(valor)) if math.isfinite(valor) and valor == int(valor) else str(valor)
    return datos


def _filas(hoja, llaves: dict[int, str], nombre: str) -> list[tuple[int, dict[str, Any], list[Problema]]]:
    for rango in hoja.merged_cells.ranges:
        if rango.max_row >= 3:
            raise EntradaRechazada(f"{nombre} tiene celdas combinadas en {rango.coord}: sepárelas (Inicio → Combinar y centrar) y vuelva a cargar.")
    if hoja.max_row - 2 > MAX_FILAS:
        raise EntradaRechazada(f"{nombre} tiene {hoja.max_row - 2:,} filas; el máximo por archivo es {MAX_FILAS:,}. Divídalo en varios archivos.")
    salida = []
    for n, fila in enumerate(hoja.iter_rows(min_row=3), start=3):
        valores, problemas = {}, []
        for celda in fila:
            clave = llaves.get(celda.column)
            if clave is None or celda.value in (None, ""):
                continue
            if celda.data_type == "f":
                problemas.append(Problema(n, f"{get_column_letter(celda.column)} ({clave})", "tiene una fórmula: copie la celda y péguela como valor."))
                continue
            valores[clave] = _valor(celda)
        if valores:
            salida.append((n, valores, problemas))
    return salida


def _ubicar(campo: str, columnas: dict[str, int]) -> str:
    base = "reto_texto" if campo == "retos" else campo
    indice = columnas.get(base)
    return f"{get_column_letter(indice)} ({base})" if indice else base


def cargar(sesion: Session, archivo: Path, ctx: Contexto, oficina: DatosOficina, *, quien: str,
           simular: bool = False, parcial: bool = False, carpeta_copia: Path | None = None) -> ResultadoCarga:
    """Valida todo el archivo y, si procede, guarda (en la transacción del llamador)."""
    libro = _abrir(archivo)
    if "Acciones" not in libro.sheetnames:
        raise EntradaRechazada(f"{archivo.name} no tiene la hoja «Acciones» de la plantilla: use «plantilla --salida archivo.xlsx».")
    hoja = libro["Acciones"]
    llaves = _columnas(hoja, archivo.name)
    columnas = {v: k for k, v in llaves.items()}
    res = ResultadoCarga(str(archivo))
    listas: list[tuple[int, dict[str, Any]]] = []
    for n, valores, problemas in _filas(hoja, llaves, archivo.name):
        res.filas += 1
        datos = _registro(valores)
        datos["id"] = str(valores.get("id") or uuid.uuid5(ESPACIO_IDS, f"{oficina.clave}|{huella_fila(valores)}"))
        try:
            uuid.UUID(datos["id"])
        except ValueError:
            problemas.append(Problema(n, _ubicar("id", columnas), f"«{datos['id']}» no es un identificador válido: deje la celda vacía y el programa asignará uno."))
            datos["id"] = str(uuid.uuid5(ESPACIO_IDS, f"{oficina.clave}|{huella_fila(valores)}"))
        registro, mensajes = validar(datos, ctx)
        existente = sesion.get(Accion, datos["id"])
        if existente is not None and existente.oficina_origen != oficina.clave:
            problemas.append(Problema(n, _ubicar("id", columnas), f"el id pertenece a un registro de la oficina {existente.oficina_origen}: borre el id de esta fila."))
        con_formula = {p.columna for p in problemas}
        problemas += [Problema(n, _ubicar(m.campo, columnas), m.texto, m.nivel) for m in mensajes
                      if _ubicar(m.campo, columnas) not in con_formula]
        res.problemas += problemas
        if any(p.nivel == "error" for p in problemas) or errores(mensajes):
            res.con_errores += 1
        else:
            registro["avisos_reconocidos"] = sorted({m.codigo for m in mensajes})
            listas.append((n, registro))
            if "id" in columnas:
                hoja.cell(row=n, column=columnas["id"], value=registro["id"])
    res.validas = len(listas)
    if not simular and (res.con_errores == 0 or parcial):
        for n, registro in listas:
            previo = sesion.get(Accion, registro["id"])
            revision = previo.revision if previo else None
            try:
                accion = guardar_accion(sesion, registro, quien=quien, oficina=oficina.clave, estado="lista",
                                        validada_con=HUELLA_REGLAS)
            except PeriodoCerrado as e:
                res.problemas.append(Problema(n, _ubicar("fecha_inicio", columnas), str(e)))
                res.validas -= 1
                res.con_errores += 1
                continue
            if revision is None:
                res.nuevas += 1
            elif accion.revision != revision:
                res.actualizadas += 1
            else:
                res.sin_cambios += 1
        res.cargado = True
    res.copia = str(_copia_revisada(libro, hoja, llaves, res, archivo, carpeta_copia)) if res.problemas or res.validas else None
    return res


def _copia_revisada(libro, hoja, llaves: dict[int, str], res: ResultadoCarga, archivo: Path, carpeta: Path | None) -> Path:
    columna = next((i for i, k in llaves.items() if k == "errores"), max(llaves) + 1)
    hoja.cell(row=1, column=columna, value="Errores y avisos")
    hoja.cell(row=2, column=columna, value="errores")
    por_fila: dict[int, list[str]] = {}
    for p in res.problemas:
        por_fila.setdefault(p.fila, []).append(f"{'Error' if p.nivel == 'error' else 'Aviso'} en {p.columna}: {p.mensaje}")
    for n in range(3, hoja.max_row + 1):
        hoja.cell(row=n, column=columna, value="\n".join(por_fila.get(n, [])) or None)
    hoja.column_dimensions[get_column_letter(columna)].width = 80
    destino = (carpeta or archivo.parent) / f"{archivo.stem}-revisado.xlsx"
    libro.save(destino)
    return destino
