"""Revisión de cada registro recibido, uno a uno: forma del formato, tipos, longitudes, catálogos; origen y
jurisdicción según empaquetado/politica.py.

Lo que la base exigiría al escribir se comprueba antes, para que un registro firmado pero mal formado se rechace
con un código y no como una falla interna.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.modelos import Accion, Entidad, Llave, Municipio
from empaquetado import json_estricto
from empaquetado.codigos import Rechazo
from empaquetado.politica import Propiedad
from formularios.campos import ESTADOS, SEXOS
from formularios.normalizar import normalizar
from formularios.reglas import MAX_CIFRA, MAX_EVENTOS

LIBRES = ("titulo", "descripcion", "resultados", "localidad")
LARGOS = {c.name: c.type.length for c in Accion.__table__.columns
          if getattr(c.type, "length", None) and c.name not in ("id", "validada_con")} | dict.fromkeys(LIBRES, 20_000)
TEXTOS = ("oficina_origen", "capturado_por", "estado", "fecha_inicio", "fecha_fin", "entidad", "municipio", "localidad", "eje",
          "linea_accion", "actividad_programa", "linea_sectorial", "tipo_accion", "modalidad", "titulo", "descripcion",
          "resultados", "unidad_conteo", "poblacion", "creado_en", "actualizado_en")
LISTAS_TEXTO = ("ordenes_gobierno", "instituciones", "avisos_reconocidos")
MAX_TAMANO_EVIDENCIA = 2**40
ID_REGISTRO = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _momento_valido(valor: Any) -> bool:
    if not isinstance(valor, str):
        return False
    try:
        datetime.fromisoformat(valor.rstrip("Z"))
    except ValueError:
        return False
    return True


def _es_lista(valor: Any, tipo) -> bool:
    return isinstance(valor, list) and all(isinstance(x, tipo) and not isinstance(x, bool) for x in valor)


def leer_linea(n: int, linea: bytes) -> dict[str, Any]:
    """El registro de la línea `n` de acciones.jsonl con la forma mínima del formato (id, revisión, cifras)."""
    try:
        r = json_estricto.cargar(linea, f"La línea {n} de acciones.jsonl", json_estricto.MAX_LINEA)
    except json_estricto.JsonInvalido as e:
        raise Rechazo("ESQUEMA_INVALIDO", str(e)) from None
    if not isinstance(r, dict) or not isinstance(r.get("id"), str) or not isinstance(r.get("revision"), int) or r["revision"] < 1:
        raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: falta id o revisión.")
    if not ID_REGISTRO.fullmatch(r["id"]):
        raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: el id {r['id'][:40]!r} no es un UUID (8-4-4-4-12 dígitos hexadecimales).")
    if not isinstance(r.get("oficina_origen"), str) or not isinstance(r.get("historial", []), list):
        raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: falta la oficina de origen.")
    if r["revision"] > 1_000_000 or not isinstance(r.get("eventos", 1), int) or not 0 <= r.get("eventos", 1) <= MAX_EVENTOS:
        raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: revisión o sesiones fuera de rango.")
    for s in (*SEXOS, "total"):
        if not isinstance(r.get(s), int) or isinstance(r[s], bool) or not 0 <= r[s] <= 4 * MAX_CIFRA:
            raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: «{s}» no es un entero no negativo.")
    if sum(r[s] for s in SEXOS) != r["total"]:
        raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: el total no es la suma de las columnas de sexo.")
    return r


def _tipo_invalido(r: dict[str, Any]) -> str | None:
    """El campo cuyo tipo JSON no es el del contrato, o None."""
    for campo in TEXTOS:
        if r.get(campo) is not None and not isinstance(r[campo], str):
            return campo
    for campo in LISTAS_TEXTO:
        if r.get(campo) is not None and not _es_lista(r[campo], str):
            return campo
    if r.get("eventos") is not None and (not isinstance(r["eventos"], int) or isinstance(r["eventos"], bool)):
        return "eventos"
    if not _es_lista(r.get("objetivos_pmm") or [], int):
        return "objetivos_pmm"
    retos = r.get("retos") or []
    if not isinstance(retos, list) or not all(isinstance(x, dict) and isinstance(x.get("texto", ""), str)
                                              and _es_lista(x.get("categorias") or [], str) for x in retos):
        return "retos"
    edades = r.get("edades")
    if edades is not None and not (isinstance(edades, dict) and all(
            isinstance(fila, dict) and all(isinstance(v, int) and not isinstance(v, bool) for v in fila.values())
            for fila in edades.values())):
        return "edades"
    convenio = r.get("convenio")
    if convenio is not None and not (isinstance(convenio, dict) and all(v is None or isinstance(v, str) for v in convenio.values())):
        return "convenio"
    if not isinstance(r.get("evidencias") or [], list) or not isinstance(r.get("historial") or [], list):
        return "evidencias"
    return None


class RevisorDeRegistros:
    """Revisa los registros de un paquete de `llave` uno por uno, sin guardarlos."""

    def __init__(self, sesion: Session, llave: Llave) -> None:
        self.entidades = set(sesion.scalars(select(Entidad.cve_ent))) | {None}
        self.municipios = set(sesion.scalars(select(Municipio.cvegeo))) | {None}
        self.propiedad = Propiedad(sesion, llave.oficina)

    def revisar(self, r: dict[str, Any]) -> None:
        self._bien_formado(r)
        self.propiedad.revisar(r)  # origen y jurisdicción: los decide la política (T1, T2)

    def _bien_formado(self, r: dict[str, Any]) -> None:
        campo = _tipo_invalido(r)
        if campo:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: «{campo}» no tiene el tipo del formato.")
        try:
            sin_total = dict(r)
            sin_total.pop("total", None)
            _, problemas = normalizar(sin_total)
        except (TypeError, ValueError, AttributeError):
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: valores que no se pueden leer.") from None
        if problemas:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: {problemas[0][1]}")
        if r.get("entidad") not in self.entidades or r.get("municipio") not in self.municipios:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: entidad o municipio que no existen en el catálogo INEGI.")
        for campo, largo in LARGOS.items():
            valor = r.get(campo)
            if valor is not None and (len(valor) > largo if isinstance(valor, str) else campo not in LIBRES):
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: «{campo}» no es un texto de hasta {largo} caracteres.")
        if r.get("estado") not in ESTADOS:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: estado «{str(r.get('estado'))[:20]}» desconocido.")
        for clave in ("creado_en", "actualizado_en"):
            if not _momento_valido(r.get(clave)):
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: «{clave}» no es una fecha y hora ISO 8601.")
        for h in r.get("historial") or []:
            if not (isinstance(h, dict) and isinstance(h.get("revision"), int) and isinstance(h.get("operacion"), str)
                    and len(h["operacion"]) <= 20 and isinstance(h.get("quien", ""), str) and len(h.get("quien", "")) <= 200
                    and isinstance(h.get("cambios", {}), dict) and _momento_valido(h.get("cuando"))):
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: historial mal formado.")
        for e in r.get("evidencias") or []:
            if not (isinstance(e, dict) and isinstance(e.get("sha256"), str) and len(e["sha256"]) == 64
                    and all(isinstance(e.get(k, ""), str) for k in ("nombre", "tipo"))
                    and isinstance(e.get("tamano", 0), int) and not isinstance(e.get("tamano"), bool)
                    and 0 <= e.get("tamano", 0) <= MAX_TAMANO_EVIDENCIA):
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: evidencia mal descrita.")

    def terminar(self) -> None:
        """Después del último registro: lo que la política compara por lotes con la base (el origen guardado)."""
        self.propiedad.terminar()
