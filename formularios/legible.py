"""Valores de una acción como los lee una persona: etiquetas de campo, nombres de catálogo, fechas locales
dd/mm/aaaa hh:mm y «(vacío)» en vez de llaves, `null`, JSON, huellas u horas ISO en UTC."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from base_local.consultas_catalogo import Catalogos
from formularios.campos import CAMPOS_CONVENIO, ETIQUETAS_SEXO, POR_CLAVE, SEXOS, etiqueta

VACIO = "(vacío)"
OPERACIONES = {"creacion": "Creación", "edicion": "Edición", "anulacion": "Anulación", "importacion": "Recibida en un paquete",
               "reapertura": "Reapertura", "conflicto_local": "Conflicto: se conservó la versión local",
               "conflicto_recibida": "Conflicto: se aplicó la versión recibida", "enmienda_aprobada": "Enmienda aprobada",
               "enmienda_rechazada": "Enmienda rechazada"}
OTRAS_ETIQUETAS = {"motivo": "Motivo", "avisos_reconocidos": "Avisos reconocidos", "nota": "Nota", "decision": "Decisión",
                   "instrumento": "Instrumento", "contrapartes": "Contrapartes", "fecha_firma": "Fecha de firma",
                   "vigencia_hasta": "Vigente hasta", "estado_instrumento": "Estado del instrumento", "folio": "Folio"}


def plural(n: int, singular: str, plural_: str | None = None) -> str:
    """«1 acción», «2 acciones», «1,234 registros listos»: el número con su palabra bien concordada."""
    return f"{n:,} {singular if n == 1 else (plural_ or singular + 's')}"


def en_lista(valores: list[str]) -> str:
    """«a», «a y b», «a, b y c»."""
    return " y ".join([", ".join(valores[:-1]), valores[-1]] if len(valores) > 2 else valores)


def momento_local(valor: str | datetime | None) -> str:
    """Un momento guardado en UTC (ISO con «Z» o datetime sin zona) en la hora local: dd/mm/aaaa hh:mm."""
    if not valor:
        return ""
    if isinstance(valor, str):
        try:
            valor = datetime.fromisoformat(valor.replace("Z", "+00:00"))
        except ValueError:
            return valor
    if valor.tzinfo is None:
        valor = valor.replace(tzinfo=UTC)
    return valor.astimezone().strftime("%d/%m/%Y %H:%M")


def fecha_local(valor: str | date | None) -> str:
    if not valor:
        return ""
    if isinstance(valor, str):
        try:
            valor = date.fromisoformat(valor[:10])
        except ValueError:
            return valor
    return valor.strftime("%d/%m/%Y")


def nombres_de_catalogo(cat: Catalogos) -> dict[str, dict[Any, str]]:
    """Por campo, {clave: texto visible}."""
    nombres: dict[str, dict[Any, str]] = {
        "entidad": dict(cat.entidades), "municipio": {c: f"{c} {n}" for c, (_, n, _) in cat.municipios.items()},
        "eje": {c: f"Eje {n}. {t}" for c, (n, t) in cat.ejes.items()}, "linea_accion": {c: t for c, (_, t) in cat.lineas_accion.items()},
        "actividad_programa": dict(cat.actividades), "linea_sectorial": dict(cat.lineas_sectoriales),
        "tipo_accion": {c: t[0] for c, t in cat.tipos_accion.items()}, "objetivos_pmm": {n: f"{n}. {t}" for n, t in cat.objetivos_pmm.items()},
        "instituciones": dict(cat.instituciones), "estado_instrumento": cat.valores_de("estado_instrumento"),
    }
    for campo in ("modalidad", "unidad_conteo", "poblacion"):
        nombres[campo] = cat.valores_de(campo)
    nombres["ordenes_gobierno"] = cat.valores_de("orden_gobierno")
    nombres["categorias"] = dict(cat.categorias_reto)
    return nombres


def nombre_de_campo(clave: str) -> str:
    return etiqueta(clave) if clave.split(".")[0] in POR_CLAVE else OTRAS_ETIQUETAS.get(clave, clave.replace("_", " ").capitalize())


def _lista(valores: Iterable[Any], nombres: dict[Any, str]) -> str:
    textos = [nombres.get(v, str(v)) for v in valores]
    return "; ".join(textos) if textos else VACIO


def valor_legible(campo: str, valor: Any, nombres: dict[str, dict[Any, str]] | None = None) -> str:
    """Texto para mostrar el valor de `campo`; nunca JSON crudo."""
    nombres = nombres or {}
    tipo = POR_CLAVE[campo].tipo if campo in POR_CLAVE else ""
    if valor is None or valor == "" or valor == [] or valor == {}:
        return VACIO
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if tipo == "fecha" or campo in ("fecha_firma", "vigencia_hasta"):
        return fecha_local(valor)
    if campo in ("creado_en", "actualizado_en"):
        return momento_local(valor)
    if isinstance(valor, int | float):
        return f"{valor:,}"
    if campo == "edades" and isinstance(valor, dict):
        return "; ".join(f"{grupo}: " + ", ".join(f"{ETIQUETAS_SEXO.get(s, s)} {fila.get(s, 0):,}" for s in SEXOS if fila.get(s))
                         for grupo, fila in valor.items() if isinstance(fila, dict) and any(fila.values())) or VACIO
    if campo == "retos" and isinstance(valor, list):
        return "; ".join(f"{r.get('texto', '')}" + (f" ({_lista(r.get('categorias') or [], nombres.get('categorias', {}))})"
                                                     if r.get("categorias") else "") for r in valor if isinstance(r, dict)) or VACIO
    if campo == "evidencias" and isinstance(valor, list):
        return "; ".join(str(e.get("nombre", "archivo")) for e in valor if isinstance(e, dict)) or VACIO
    if campo == "convenio" and isinstance(valor, dict):
        return "; ".join(f"{OTRAS_ETIQUETAS[k]}: {valor_legible(k, valor.get(k), nombres)}" for k in CAMPOS_CONVENIO if valor.get(k)) or VACIO
    if isinstance(valor, list):
        return _lista(valor, nombres.get(campo, {}))
    if isinstance(valor, dict):
        return "; ".join(f"{nombre_de_campo(k)}: {valor_legible(k, v, nombres)}" for k, v in valor.items())
    return str(nombres.get(campo, {}).get(valor, valor))


def lineas_historial(revisiones: list[dict[str, Any]], nombres: dict[str, dict[Any, str]] | None = None) -> list[str]:
    """El historial de una acción en renglones: quién, cuándo (hora local) y qué cambió, con etiquetas y nombres."""
    lineas = []
    for h in revisiones:
        operacion = OPERACIONES.get(h["operacion"], h["operacion"].replace("_", " ").capitalize())
        lineas.append(f"Revisión {h['revision']} · {operacion} · {h['quien']} ({h['oficina']}) · {momento_local(h['cuando'])}")
        for campo, (antes, despues) in (h.get("cambios") or {}).items():
            if campo == "avisos_reconocidos" and not antes and not despues:
                continue
            nuevo = valor_legible(campo, despues, nombres)
            if antes is None or antes == "" or antes == []:
                if nuevo != VACIO:
                    lineas.append(f"    {nombre_de_campo(campo)}: {nuevo}")
            else:
                lineas.append(f"    {nombre_de_campo(campo)}: {valor_legible(campo, antes, nombres)} → {nuevo}")
        lineas.append("")
    return lineas
