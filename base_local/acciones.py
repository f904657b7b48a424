"""Guardar, anular y leer acciones con su bitácora de auditoría. No confirma: recibe una sesión."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from base_local.modelos import Accion, Evidencia, Historial, Periodo
from base_local.periodos import ahora, periodo_de

CAMPOS_DATOS: tuple[str, ...] = (
    "fecha_inicio", "fecha_fin", "entidad", "municipio", "localidad", "eje", "linea_accion",
    "actividad_programa", "linea_sectorial", "tipo_accion", "modalidad", "titulo", "descripcion",
    "resultados", "ordenes_gobierno", "instituciones", "objetivos_pmm", "eventos", "unidad_conteo",
    "poblacion", "mujeres", "hombres", "otra_identidad", "sin_dato", "total", "edades", "retos",
    "convenio", "avisos_reconocidos",
)
CAMPOS_JSON = frozenset({"ordenes_gobierno", "instituciones", "objetivos_pmm", "edades", "retos", "convenio", "avisos_reconocidos"})
CAMPOS_SISTEMA: tuple[str, ...] = (
    "id", "revision", "oficina_origen", "capturado_por", "creado_en", "actualizado_en", "estado",
)


class PeriodoCerrado(Exception):
    """El periodo de la acción está cerrado: solo se edita después de reabrirlo con un motivo."""


def a_json(valor: Any) -> Any:
    """Valor listo para JSON: fechas en ISO 8601."""
    if isinstance(valor, datetime):
        return valor.isoformat() + "Z"
    if isinstance(valor, date):
        return valor.isoformat()
    if isinstance(valor, dict):
        return {k: a_json(v) for k, v in valor.items()}
    if isinstance(valor, list):
        return [a_json(v) for v in valor]
    return valor


def accion_a_dict(accion: Accion) -> dict[str, Any]:
    """La acción con las llaves del contrato, en tipos JSON."""
    datos = {c: a_json(getattr(accion, c)) for c in (*CAMPOS_SISTEMA, *CAMPOS_DATOS)}
    datos["evidencias"] = [
        {"sha256": e.sha256, "nombre": e.nombre, "tipo": e.tipo, "tamano": e.tamano} for e in accion.evidencias
    ]
    return datos


def comprobar_periodo_abierto(sesion: Session, oficina: str, fecha: date | None) -> None:
    if fecha is None:
        return
    clave = periodo_de(fecha)
    periodo = sesion.get(Periodo, (oficina, clave))
    if periodo is not None and periodo.estado != "abierto":
        raise PeriodoCerrado(
            f"El periodo {clave} está {periodo.estado}: sus acciones son de solo lectura. "
            "Pida a quien lo cerró que lo reabra indicando el motivo."
        )


def guardar_accion(
    sesion: Session, registro: dict[str, Any], *, quien: str, oficina: str, estado: str, validada_con: str | None = None
) -> Accion:
    """Crea o actualiza la acción `registro['id']` (nueva si no lo trae) y escribe su historial.

    `validada_con`: huella de las reglas con que el llamador acaba de validar el registro sin errores.
    """
    id_accion = registro.get("id") or str(uuid.uuid4())
    accion = sesion.get(Accion, id_accion)
    momento = ahora()
    if accion is None:
        comprobar_periodo_abierto(sesion, oficina, registro.get("fecha_inicio"))
        accion = Accion(
            id=id_accion, revision=1, oficina_origen=oficina, capturado_por=quien,
            creado_en=momento, actualizado_en=momento, estado=estado,
        )
        antes: dict[str, Any] = {}
        operacion = "creacion"
        sesion.add(accion)
    else:
        comprobar_periodo_abierto(sesion, accion.oficina_origen, accion.fecha_inicio)
        comprobar_periodo_abierto(sesion, accion.oficina_origen, registro.get("fecha_inicio"))
        antes = {c: a_json(getattr(accion, c)) for c in (*CAMPOS_DATOS, "estado")}
        operacion = "edicion"
    for campo in CAMPOS_DATOS:
        if campo in registro:
            valor = registro[campo]
            setattr(accion, campo, a_json(valor) if campo in CAMPOS_JSON else valor)
    accion.estado = estado
    accion.validada_con = validada_con
    accion.periodo = periodo_de(accion.fecha_inicio) if accion.fecha_inicio else None
    antes["evidencias"] = sorted(e.sha256 for e in accion.evidencias)
    if "evidencias" in registro:
        accion.evidencias = [Evidencia(sha256=e["sha256"], nombre=e["nombre"], tipo=e.get("tipo", ""), tamano=e["tamano"])
                             for e in {e["sha256"]: e for e in registro["evidencias"]}.values()]
    despues = {c: a_json(getattr(accion, c)) for c in (*CAMPOS_DATOS, "estado")}
    despues["evidencias"] = sorted(e.sha256 for e in accion.evidencias)
    cambios = {c: [antes.get(c), v] for c, v in despues.items() if antes.get(c) != v}
    if operacion == "edicion":
        if not cambios:
            return accion
        accion.revision += 1
        accion.actualizado_en = momento
    accion.pendiente_envio = True
    sesion.add(Historial(
        accion_id=id_accion, revision=accion.revision, quien=quien, oficina=oficina,
        cuando=momento, operacion=operacion, cambios=cambios,
    ))
    sesion.flush()
    return accion


def anular_accion(sesion: Session, id_accion: str, *, motivo: str, quien: str, oficina: str) -> Accion:
    """Marca la acción como anulada (lápida): no se borra, deja historial y sale de los totales."""
    if not motivo.strip():
        raise ValueError("Escriba el motivo de la anulación: queda en el historial.")
    accion = sesion.get(Accion, id_accion)
    if accion is None:
        raise LookupError(f"No existe la acción {id_accion}.")
    comprobar_periodo_abierto(sesion, accion.oficina_origen, accion.fecha_inicio)
    cambios = {"estado": [accion.estado, "anulada"], "motivo": [None, motivo.strip()]}
    accion.estado = "anulada"
    accion.validada_con = None
    accion.revision += 1
    accion.actualizado_en = ahora()
    accion.pendiente_envio = True
    sesion.add(Historial(
        accion_id=id_accion, revision=accion.revision, quien=quien, oficina=oficina,
        cuando=accion.actualizado_en, operacion="anulacion", cambios=cambios,
    ))
    sesion.flush()
    return accion


def _historial_dict(h: Any) -> dict[str, Any]:
    """Una entrada del historial (objeto o fila plana) en tipos JSON."""
    return {"revision": h.revision, "quien": h.quien, "oficina": h.oficina, "cuando": a_json(h.cuando),
            "operacion": h.operacion, "cambios": h.cambios}


def _mismo(valor: Any) -> Any:
    return valor


def historial_de_varias(sesion: Session, ids: list[str], lote: int = 5000) -> dict[str, list[dict[str, Any]]]:
    """Historial de muchas acciones en pocas consultas de filas planas (exportar miles sin una consulta por registro)."""
    salida: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    tabla = Historial.__table__
    crudo = _crudo(sesion)
    cambios = type_coerce(tabla.c.cambios, String).label("cambios") if crudo else tabla.c.cambios
    cuando = type_coerce(tabla.c.cuando, String).label("cuando") if crudo else tabla.c.cuando
    momento = _lector_momentos(sesion, tabla.c.cuando)
    for inicio in range(0, len(ids), lote):
        consulta = select(tabla.c.accion_id, tabla.c.revision, tabla.c.quien, tabla.c.oficina, cuando,
                          tabla.c.operacion, cambios).where(
            tabla.c.accion_id.in_(ids[inicio : inicio + lote])).order_by(tabla.c.accion_id, tabla.c.revision, tabla.c.id)
        leer_cambios = _de_json if crudo else _mismo
        for accion_id, revision, quien, oficina, hecho_en, operacion, cambios_ in sesion.execute(consulta):  # por posición: más barato
            salida[accion_id].append({"revision": revision, "quien": quien, "oficina": oficina, "cuando": momento(hecho_en),
                                      "operacion": operacion, "cambios": leer_cambios(cambios_)})
    return salida


def historial_de(sesion: Session, id_accion: str) -> list[dict[str, Any]]:
    filas = sesion.scalars(
        select(Historial).where(Historial.accion_id == id_accion).order_by(Historial.revision, Historial.id)
    )
    return [_historial_dict(h) for h in filas]


FECHAS = ("fecha_inicio", "fecha_fin")
MOMENTOS = ("creado_en", "actualizado_en")


SIMPLES = {"[]": list, "{}": dict, "null": lambda: None}


_ENTERO_LARGO = re.compile(r"\d{19}")  # orjson lee un entero de más de 64 bits como flotante; json, como entero


def _de_json(valor: str | None) -> Any:
    """El texto JSON guardado como lo lee `json.loads`: orjson (en C) si da lo mismo; si no (NaN, Infinity, un
    sustituto suelto o una cifra que desborda, que orjson rechaza, o un entero largo), json."""
    if valor in SIMPLES:
        return SIMPLES[valor]()
    if valor is None:
        return None
    if not _ENTERO_LARGO.search(valor):
        try:
            return orjson.loads(valor)
        except orjson.JSONDecodeError:
            pass
    return json.loads(valor)


_MOMENTO_SQLITE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")  # como lo guarda SQLAlchemy en SQLite


def _lector_momentos(sesion: Session, columna: Any) -> Callable[[Any], str | None]:
    """Convierte un momento leído (en SQLite, el texto guardado) a su ISO 8601 con «Z», lo mismo que
    `a_json(datetime)`: el texto con la forma que escribe SQLAlchemy se convierte aquí, sin crear el datetime;
    cualquier otro pasa por el convertidor de SQLAlchemy, como siempre."""
    dialecto = sesion.get_bind().dialect
    convertir = columna.type.dialect_impl(dialecto).result_processor(dialecto, None) if _crudo(sesion) else None

    def momento(valor: Any) -> str | None:
        if type(valor) is str and _MOMENTO_SQLITE.fullmatch(valor):
            return f"{valor[:10]}T{valor[11:19]}{'' if valor.endswith('.000000') else valor[19:]}Z"
        valor = convertir(valor) if convertir else valor
        return None if valor is None else valor.isoformat() + "Z"

    return momento


def _crudo(sesion: Session) -> bool:
    """En SQLite, JSON y fechas se piden como el texto guardado y se convierten aquí (a 100,000 filas es la mitad
    del tiempo de lectura); PostgreSQL ya los entrega convertidos por su controlador."""
    return sesion.get_bind().dialect.name == "sqlite"


def acciones_como_dicts(sesion: Session, condiciones: tuple, orden: tuple,
                        extras: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Las mismas llaves que `accion_a_dict` (más las columnas `extras`), leídas en filas planas para miles de registros."""
    tabla = Accion.__table__
    columnas = (*CAMPOS_SISTEMA, *CAMPOS_DATOS, *extras)
    crudo = _crudo(sesion)
    como_texto = CAMPOS_JSON | set(FECHAS) | set(MOMENTOS) if crudo else set()
    consulta = select(*(type_coerce(tabla.c[c], String) if c in como_texto else tabla.c[c] for c in columnas))
    momento = _lector_momentos(sesion, tabla.c.creado_en)
    salida: list[dict[str, Any]] = []
    for fila in sesion.execute(consulta.where(*condiciones).order_by(*orden)):
        d = dict(zip(columnas, fila, strict=True))
        if not crudo:  # en SQLite las fechas ya llegan como su texto ISO
            for c in FECHAS:
                if d[c] is not None and not isinstance(d[c], str):
                    d[c] = d[c].isoformat()
        for c in MOMENTOS:
            d[c] = momento(d[c])
        if crudo:
            for c in CAMPOS_JSON:
                d[c] = _de_json(d[c])
        d["evidencias"] = []
        salida.append(d)
    por_id = {d["id"]: d for d in salida}
    evidencia = Evidencia.__table__
    consulta = select(evidencia).join(tabla, tabla.c.id == evidencia.c.accion_id).where(*condiciones).order_by(evidencia.c.nombre)
    for e in sesion.execute(consulta):
        por_id[e.accion_id]["evidencias"].append({"sha256": e.sha256, "nombre": e.nombre, "tipo": e.tipo, "tamano": e.tamano})
    return salida
