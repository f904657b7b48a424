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


def a_lista(valor: Any) -> list[str]:
    if valor in (None, ""):
        return []
    if isinstance(valor, str):
        return [p.strip() for p in valor.split(",") if p.strip()]
    if not isinstance(valor, list | tuple | set):
        valor = [valor]  # una cifra o fecha sola en una celda de lista
    return [str(v).strip() for v in valor if str(v).strip()]


def normalizar(datos: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Registro con tipos del contrato y la lista de (campo, problema) de lo que no se pudo convertir."""
    r: dict[str, Any] = dict(datos)
    problemas: list[tuple[str, str]] = []

    def convertir(campo: str, funcion) -> None:
        try:
            r[campo] = funcion(datos.get(campo))
        except ValorInvalido as e:
            problemas.append((campo, f"{etiqueta(campo)}: {e}"))
            r[campo] = None

    for campo in ("fecha_inicio", "fecha_fin"):
        convertir(campo, a_fecha)
    for campo in ENTEROS:
        convertir(campo, a_entero)
    for campo in SEXOS:
        if r.get(campo) is None and campo not in dict(problemas):
            r[campo] = 0
    try:
        r["total_declarado"] = a_entero(datos.get("total"))
    except ValorInvalido as e:
        problemas.append(("total", f"Total: {e}"))
        r["total_declarado"] = None
    r["total"] = sum(r.get(s) or 0 for s in SEXOS)
    for campo in TEXTOS:
        r[campo] = limpiar_saltos(str(datos.get(campo) or "")).strip()
    for campo in CLAVES:
        valor = datos.get(campo)
        r[campo] = str(valor).strip() if valor not in (None, "") else None
    if r.get("municipio") and r["municipio"].isdigit():
        r["municipio"] = r["municipio"].zfill(5)
    if r.get("entidad") and r["entidad"].isdigit():
        r["entidad"] = r["entidad"].zfill(2)
    for campo in LISTAS:
        r[campo] = a_lista(datos.get(campo))
    r["ordenes_gobierno"] = [o.lower() for o in r["ordenes_gobierno"]]
    try:
        r["objetivos_pmm"] = [a_entero(o) for o in a_lista(datos.get("objetivos_pmm"))]
    except ValorInvalido:
        problemas.append(("objetivos_pmm", "Objetivos del PMM: escriba números del 1 al 23 separados por comas."))
        r["objetivos_pmm"] = []
    r["edades"] = _edades(datos.get("edades"), problemas)
    r["retos"] = [
        {"texto": limpiar_saltos(str(x.get("texto") or "")).strip(), "categorias": a_lista(x.get("categorias"))}
        for x in (datos.get("retos") or [])
    ]
    r["convenio"] = _convenio(datos.get("convenio"), problemas)
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

