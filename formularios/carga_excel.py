"""Carga masiva desde la plantilla de Excel: cada fila pasa por las mismas reglas que el formulario.

Por omisión no se carga nada si alguna fila tiene errores; con `parcial` se cargan las filas válidas. El informe
nombra fila, columna y corrección, y se escribe también como columna «Errores» en una copia del archivo.

Costo acotado (≤ 15 s y ≤ 400 MB para todo archivo dentro del límite): antes de abrirlo se revisan los tamaños
descomprimidos de sus partes; la hoja se lee en modo de solo lectura, fila por fila, y se deja de leer en el límite de
filas; la copia revisada se escribe en modo de solo escritura con los valores leídos.
"""

from __future__ import annotations

import math
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.acciones import PeriodoCerrado, guardar_accion
from base_local.errores import EntradaRechazada
from base_local.modelos import Accion
from base_local.oficinas import DatosOficina
from formularios.campos import CAMPOS_CONVENIO
from formularios.celdas import valor_de_fila
from formularios.duplicados import parejas
from formularios.impresion import para_imprimir
from formularios.json_estable import huella_fila
from formularios.limites import EXCEL_BYTES, EXCEL_DESCOMPRIMIDO, EXCEL_FILAS, limpiar_saltos
from formularios.plantilla import COLUMNAS, SEPARADOR
from formularios.reglas import HUELLA_REGLAS, Contexto, errores, validar

MAX_BYTES = EXCEL_BYTES
MAX_FILAS = EXCEL_FILAS
MAX_COLUMNAS = 120  # la plantilla usa menos de 50; lo que esté más a la derecha no se lee
MAX_PARTE = 60 * 1024 * 1024  # cada parte que openpyxl carga entera (textos compartidos, estilos…), descomprimida
FILAS_VACIAS_DE_MAS = 5_000  # filas vacías (con formato) toleradas después del límite antes de dejar de leer
_COMBINADA = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3}\d{1,7}(?::[A-Z]{1,3}\d{1,7})?)"')
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
    _revisar_partes(archivo)
    try:
        return load_workbook(archivo, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 — openpyxl lanza tipos variados ante archivos dañados
        raise EntradaRechazada(f"{archivo.name} está dañado o no es un libro de Excel válido: ábralo en Excel y guárdelo de nuevo.") from None


def _revisar_partes(archivo: Path) -> None:
    """Tamaños descomprimidos de las partes del xlsx, antes de que openpyxl lea nada (una bomba zip se detiene aquí)."""
    danado = EntradaRechazada(f"{archivo.name} está dañado o no es un libro de Excel válido: ábralo en Excel y guárdelo de nuevo.")
    try:
        with zipfile.ZipFile(archivo) as z:
            partes = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        raise danado from None
    total = sum(i.file_size for i in partes)
    enteras = [i for i in partes if not i.filename.startswith("xl/worksheets/") and i.file_size > MAX_PARTE]
    if total > EXCEL_DESCOMPRIMIDO or enteras or len(partes) > 10_000:
        raise EntradaRechazada(f"{archivo.name} se infla a {total / 1024**2:,.0f} MB al abrirlo (el máximo es {EXCEL_DESCOMPRIMIDO // 1024**2} MB): "
                               f"divídalo en archivos más pequeños (hasta {MAX_FILAS:,} filas cada uno).")


def _columnas(crudas: dict[int, list], nombre: str) -> dict[int, str]:
    llaves = {i: str(v).strip() for i, v in enumerate(crudas.get(2, []), start=1) if v not in (None, "")}
    desconocidas = sorted(set(llaves.values()) - set(COLUMNAS) - {"errores"})
    faltan = sorted(REQUERIDAS - set(llaves.values()))
    if faltan or desconocidas:
        detalle = f" Faltan: {', '.join(faltan)}." if faltan else ""
        detalle += f" No reconocidas: {', '.join(desconocidas[:8])}." if desconocidas else ""
        raise EntradaRechazada(f"La hoja «Acciones» de {nombre} no tiene en la fila 2 las llaves de la plantilla de este programa.{detalle} "
                               "Descargue la plantilla con «plantilla --salida archivo.xlsx» y copie ahí sus datos.")
    return llaves


def _valor(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, str):
        v = limpiar_saltos(v).strip()
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


def _leer_hoja(hoja, nombre: str) -> tuple[dict[int, list], set[tuple[int, int]]]:
    """Filas no vacías ({número: valores}) y celdas con fórmula, leyendo en flujo y deteniéndose en el límite."""
    hoja.reset_dimensions()  # la dimensión declarada puede mentir; no se rellenan filas ni columnas de más
    crudas: dict[int, list] = {}
    formulas: set[tuple[int, int]] = set()
    limite = MAX_FILAS + 2
    for n, fila in enumerate(hoja.iter_rows(min_row=1, max_col=MAX_COLUMNAS), start=1):
        valores = [c.value for c in fila]
        vacia = all(v in (None, "") for v in valores)
        if n > limite and (not vacia or n > limite + FILAS_VACIAS_DE_MAS):
            raise EntradaRechazada(f"{nombre} tiene más de {MAX_FILAS:,} filas de datos; el máximo por archivo es {MAX_FILAS:,}. Divídalo en varios archivos.")
        if vacia:
            continue
        crudas[n] = valores
        formulas.update((n, j) for j, c in enumerate(fila, start=1) if getattr(c, "data_type", None) == "f")
    return crudas, formulas


def _combinadas(libro, hoja, nombre: str) -> None:
    """Celdas combinadas en la zona de datos, buscadas en el XML de la hoja por bloques (el modo de solo lectura no las da)."""
    with libro._archive.open(hoja._worksheet_path) as fuente:
        resto = b""
        for bloque in iter(lambda: fuente.read(1024 * 1024), b""):
            texto = resto + bloque
            for m in _COMBINADA.finditer(texto):
                if max(int(d) for d in re.findall(rb"\d+", m[1])) >= 3:
                    raise EntradaRechazada(f"{nombre} tiene celdas combinadas en {m[1].decode()}: sepárelas (Inicio → Combinar y centrar) y vuelva a cargar.")
            resto = texto[-200:]


def _filas(crudas: dict[int, list], formulas: set[tuple[int, int]], llaves: dict[int, str]) -> Iterator[tuple[int, dict[str, Any], list[Problema]]]:
    for n, fila in crudas.items():
        if n < 3:
            continue
        valores, problemas = {}, []
        for j, v in enumerate(fila, start=1):
            clave = llaves.get(j)
            if clave is None or v in (None, ""):
                continue
            if (n, j) in formulas:
                problemas.append(Problema(n, f"{get_column_letter(j)} ({clave})", "tiene una fórmula: copie la celda y péguela como valor."))
                continue
            valores[clave] = _valor(v)
        if valores:
            yield n, valores, problemas


def _origenes(sesion: Session, ids: list[str]) -> dict[str, str]:
    """Oficina de origen de los ids que ya existen, en pocas consultas (no una por fila)."""
    salida: dict[str, str] = {}
    for inicio in range(0, len(ids), 500):
        consulta = select(Accion.id, Accion.oficina_origen).where(Accion.id.in_(ids[inicio : inicio + 500]))
        salida.update(tuple(fila) for fila in sesion.execute(consulta))
    return salida


def _ubicar(campo: str, columnas: dict[str, int]) -> str:
    base = "reto_texto" if campo == "retos" else campo
    indice = columnas.get(base)
    return f"{get_column_letter(indice)} ({base})" if indice else base


def _duplicados_entre_filas(listas: list[tuple[int, dict[str, Any]]], columnas: dict[str, int], res: ResultadoCarga) -> None:
    """Aviso en ambas filas cuando dos filas del mismo libro parecen la misma acción (cada una nombra a la otra)."""
    columna = _ubicar("titulo", columnas)
    for i, j in parejas([r for _, r in listas]):
        (fi, ri), (fj, rj) = listas[i], listas[j]
        for fila, otra, r in ((fi, fj, ri), (fj, fi, rj)):
            res.problemas.append(Problema(fila, columna, (
                f"parece la misma acción que la fila {otra} de este libro (mismo municipio y tipo, fechas cercanas y "
                f"las mismas cifras o casi el mismo título: {r['total']:,} en total). Si es la misma, borre una de las "
                "dos filas; si son distintas, cámbieles el título para distinguirlas."), "aviso"))


def cargar(sesion: Session, archivo: Path, ctx: Contexto, oficina: DatosOficina, *, quien: str,
           simular: bool = False, parcial: bool = False, carpeta_copia: Path | None = None) -> ResultadoCarga:
    """Valida todo el archivo y, si procede, guarda (en la transacción del llamador)."""
    libro = _abrir(archivo)
    try:
        if "Acciones" not in libro.sheetnames:
            raise EntradaRechazada(f"{archivo.name} no tiene la hoja «Acciones» de la plantilla: use «plantilla --salida archivo.xlsx».")
        hoja = libro["Acciones"]
        try:
            crudas, formulas = _leer_hoja(hoja, archivo.name)
            _combinadas(libro, hoja, archivo.name)
        except EntradaRechazada:
            raise
        except Exception:  # noqa: BLE001 — el XML de la hoja puede estar dañado de muchas formas
            raise EntradaRechazada(f"{archivo.name} está dañado o no es un libro de Excel válido: ábralo en Excel y guárdelo de nuevo.") from None
    finally:
        libro.close()
    llaves = _columnas(crudas, archivo.name)
    columnas = {v: k for k, v in llaves.items()}
    res = ResultadoCarga(str(archivo))
    listas: list[tuple[int, dict[str, Any]]] = []
    filas = list(_filas(crudas, formulas, llaves))
    for n, valores, problemas in filas:
        valores["id"] = str(valores.get("id") or uuid.uuid5(ESPACIO_IDS, f"{oficina.clave}|{huella_fila(valores)}"))
        try:
            uuid.UUID(valores["id"])
        except ValueError:
            problemas.append(Problema(n, _ubicar("id", columnas), f"«{valores['id']}» no es un identificador válido: deje la celda vacía y el programa asignará uno."))
            valores["id"] = str(uuid.uuid5(ESPACIO_IDS, f"{oficina.clave}|{huella_fila(valores)}"))
    origenes = _origenes(sesion, [v["id"] for _, v, _ in filas])
    for n, valores, problemas in filas:
        res.filas += 1
        datos = _registro(valores) | {"id": valores["id"]}
        registro, mensajes = validar(datos, ctx)
        origen = origenes.get(datos["id"])
        if origen is not None and origen != oficina.clave:
            problemas.append(Problema(n, _ubicar("id", columnas), f"el id pertenece a un registro de la oficina {origen}: borre el id de esta fila."))
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
                fila = crudas[n]
                fila.extend([None] * (columnas["id"] - len(fila)))
                fila[columnas["id"] - 1] = registro["id"]
    _duplicados_entre_filas(listas, columnas, res)
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
    res.copia = str(_copia_revisada(crudas, llaves, res, archivo, carpeta_copia)) if res.problemas or res.validas else None
    return res


def _copia_revisada(crudas: dict[int, list], llaves: dict[int, str], res: ResultadoCarga,
                    archivo: Path, carpeta: Path | None) -> Path:
    """Copia de la hoja «Acciones» con los valores leídos (ids asignados incluidos) y la columna «errores»."""
    columna = next((i for i, k in llaves.items() if k == "errores"), max(llaves) + 1)
    por_fila: dict[int, list[str]] = {1: ["Errores y avisos"], 2: ["errores"]}
    for p in res.problemas:
        por_fila.setdefault(p.fila, []).append(f"{'Error' if p.nivel == 'error' else 'Aviso'} en {p.columna}: {p.mensaje}")
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet("Acciones")
    hoja.column_dimensions[get_column_letter(columna)].width = 80
    hoja.freeze_panes = "A3"
    para_imprimir(hoja, horizontal=True)  # antes de la primera fila (modo de solo escritura)
    for n in range(1, max(crudas, default=2) + 1):
        fila = [valor_de_fila(hoja, v) for v in crudas.get(n, [])]  # una fórmula leída vuelve como su texto (T24)
        fila.extend([None] * (columna - len(fila)))
        fila[columna - 1] = valor_de_fila(hoja, "\n".join(por_fila.get(n, [])) or None)
        hoja.append(fila)
    destino = (carpeta or archivo.parent) / f"{archivo.stem}-revisado.xlsx"
    libro.save(destino)
    return destino
