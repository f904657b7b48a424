"""Convierte lo que llega del formulario, del Excel o de un paquete a los tipos del contrato."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from formularios.campos import SEXOS, etiqueta
from formularios.limites import limpiar_saltos

ENTEROS = (*SEXOS, "eventos")
TEXTOS = ("titulo", "descripcion", "resultados", "localidad")
CLAVES = (
    "entidad", "municipio", "eje", "linea_accion", "actividad_programa", "linea_sectorial",
    "tipo_accion", "modalidad", "unidad_conteo", "poblacion",
)
LISTAS = ("ordenes_gobierno", "instituciones", "avisos_reconocidos")
_FECHA_MX = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ENTERO = re.compile(r"^-?\d{1,3}(,\d{3})+$|^-?\d+$")


class ValorInvalido(ValueError):
    """Un valor que no se puede convertir al tipo del campo."""


def a_fecha(valor: Any) -> date | None:
    if type(valor) is str and len(valor) == 10 and valor[4] == "-":  # lo común: AAAA-MM-DD tal cual
        try:
            return date.fromisoformat(valor)
        except ValueError:
            pass
    if valor in (None, ""):
        return None
    if isinstance(valor, datetime):
        return valor.date()
    if isinstance(valor, date):
        return valor
    texto = str(valor).strip()
    try:
        return date.fromisoformat(texto[:10]) if len(texto) >= 10 and texto[4] == "-" else _fecha_mx(texto)
    except ValueError:
        raise ValorInvalido(f"«{texto}» no es una fecha: escríbala como AAAA-MM-DD (por ejemplo 2026-03-15).") from None


def _fecha_mx(texto: str) -> date:
    coincide = _FECHA_MX.match(texto)
    if not coincide:
        raise ValueError(texto)
    return date(int(coincide[3]), int(coincide[2]), int(coincide[1]))


def a_entero(valor: Any) -> int | None:
    if type(valor) is int:  # lo común; un booleano no lo es
        return valor
    if valor in (None, ""):
        return None
    if isinstance(valor, bool):
        raise ValorInvalido(f"«{valor}» no es un número entero.")
    if isinstance(valor, int):
        return valor
    if isinstance(valor, float) and valor.is_integer():
        return int(valor)
    texto = str(valor).strip()
    if _ENTERO.match(texto):
        return int(texto.replace(",", ""))
    raise ValorInvalido(f"«{texto}» no es un número entero: escriba solo la cifra, sin texto ni decimales (por ejemplo 20).")


_CONVERSIONES = (("fecha_inicio", a_fecha), ("fecha_fin", a_fecha), *((c, a_entero) for c in ENTEROS))


def a_lista(valor: Any) -> list[str]:
    if valor in (None, ""):
        return []
    if isinstance(valor, str):
        return [p.strip() for p in valor.split(",") if p.strip()]
    if not isinstance(valor, list | tuple | set):
        valor = [valor]  # una cifra o fecha sola en una celda de lista
    return [t for t in (str(v).strip() for v in valor) if t]


def normalizar(datos: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Registro con tipos del contrato y la lista de (campo, problema) de lo que no se pudo convertir.

    Corre en cada registro que se captura, se carga o se recibe: lo común (una fecha AAAA-MM-DD, un entero, un texto
    sin retornos) va por el atajo, que da lo mismo que la conversión general."""
    r: dict[str, Any] = dict(datos)
    problemas: list[tuple[str, str]] = []
    dato = datos.get
    for campo, funcion in _CONVERSIONES:
        try:
            r[campo] = funcion(dato(campo))
        except ValorInvalido as e:
            problemas.append((campo, f"{etiqueta(campo)}: {e}"))
            r[campo] = None
    if problemas:
        con_problema = {c for c, _ in problemas}
        for campo in SEXOS:
            if r[campo] is None and campo not in con_problema:
                r[campo] = 0
    else:
        for campo in SEXOS:
            if r[campo] is None:
                r[campo] = 0
    try:
        r["total_declarado"] = a_entero(dato("total"))
    except ValorInvalido as e:
        problemas.append(("total", f"Total: {e}"))
        r["total_declarado"] = None
    r["total"] = sum(r[s] or 0 for s in SEXOS)
    for campo in TEXTOS:
        valor = dato(campo)
        if type(valor) is str and "\r" not in valor:
            r[campo] = valor.strip()
        else:
            r[campo] = limpiar_saltos(str(valor or "")).strip()
    for campo in CLAVES:
        valor = dato(campo)
        r[campo] = (valor.strip() if type(valor) is str else str(valor).strip()) if valor not in (None, "") else None
    municipio, entidad = r["municipio"], r["entidad"]
    if municipio and municipio.isdigit():
        r["municipio"] = municipio.zfill(5)
    if entidad and entidad.isdigit():
        r["entidad"] = entidad.zfill(2)
    for campo in LISTAS:
        r[campo] = a_lista(dato(campo))
    r["ordenes_gobierno"] = [o.lower() for o in r["ordenes_gobierno"]]
    objetivos = dato("objetivos_pmm")
    if type(objetivos) is list and all(type(o) is int for o in objetivos):
        r["objetivos_pmm"] = list(objetivos)  # lo mismo que pasarlos a texto y leerlos de nuevo
    else:
        try:
            r["objetivos_pmm"] = [a_entero(o) for o in a_lista(objetivos)]
        except ValorInvalido:
            problemas.append(("objetivos_pmm", "Objetivos del PMM: escriba números del 1 al 23 separados por comas."))
            r["objetivos_pmm"] = []
    r["edades"] = _edades(dato("edades"), problemas)
    r["retos"] = [
        {"texto": limpiar_saltos(str(x.get("texto") or "")).strip(), "categorias": a_lista(x.get("categorias"))}
        for x in (dato("retos") or [])
    ]
    r["convenio"] = _convenio(dato("convenio"), problemas)
    return r, problemas


def _edades(valor: Any, problemas: list[tuple[str, str]]) -> dict[str, dict[str, int]] | None:
    if not valor:
        return None
    salida: dict[str, dict[str, int]] = {}
    for grupo, fila in valor.items():
        try:
            salida[str(grupo)] = {s: a_entero((fila or {}).get(s)) or 0 for s in SEXOS}
        except ValorInvalido as e:
            problemas.append(("edades", f"Edad por sexo ({grupo}): {e}"))
            return None
    return salida if any(any(f.values()) for f in salida.values()) else None


def _convenio(valor: Any, problemas: list[tuple[str, str]]) -> dict[str, Any] | None:
    if not valor:
        return None
    conv = {k: (str(v).strip() if isinstance(v, str) else v) for k, v in dict(valor).items()}
    for campo in ("fecha_firma", "vigencia_hasta"):
        try:
            conv[campo] = a_fecha(conv.get(campo))
        except ValorInvalido as e:
            problemas.append((f"convenio.{campo}", f"Convenio ({campo}): {e}"))
            conv[campo] = None
    return conv

