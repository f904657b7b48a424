"""Importación: verifica y fusiona por id y revisión en una transacción (nuevo, actualizado, sin cambios,
obsoleto, conflicto). Un conflicto nunca sobrescribe: se aparta para que una persona decida."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from base_local.acciones import CAMPOS_DATOS, CAMPOS_JSON, a_json, ahora
from base_local.insercion import en_lista, insertar, insertar_columnas
from base_local.modelos import Accion, Conflicto, Evidencia, Historial, PaqueteEntrada, Periodo
from base_local.oficinas import oficina_local
from base_local.recolector import sin_recolector
from base_local.revision import por_trimestre
from base_local.sesion import Base
from empaquetado.codigos import Rechazo
from empaquetado.contenedor import Contenedor
from empaquetado.politica import (
    origen_conservado,
    rangos_faltantes,
    requiere_enmienda,
    texto_faltantes,
    trimestres_de,
)
from empaquetado.revision_duplicados import revisar_recibidos
from empaquetado.verificar import Verificacion, verificar

REINTENTOS = 8
RESULTADOS = ("nuevos", "actualizados", "sin_cambios", "obsoletos", "conflictos", "enmiendas")
CAMPOS_COMPARADOS = (*CAMPOS_DATOS, "oficina_origen")
POR_OMISION = {c.name: c.default.arg for c in Accion.__table__.columns
               if not c.nullable and c.default is not None and c.default.is_scalar}


@dataclass
class Resultado:
    archivo: str
    resultado: str  # importado · duplicado · rechazado · simulado
    codigo: str
    mensaje: str
    conteos: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESULTADOS, 0))
    detalle: list[dict[str, Any]] = field(default_factory=list)
    faltantes: list[str] = field(default_factory=list)
    paquete: str = ""
    oficina: str = ""
    secuencia: int = 0
    duplicados: list[tuple[str, str]] = field(default_factory=list)  # posibles duplicados nuevos (pares de ids)

    def a_dict(self, con_detalle: bool = False) -> dict[str, Any]:
        datos = {"archivo": self.archivo, "resultado": self.resultado, "codigo": self.codigo, "mensaje": self.mensaje,
                 **self.conteos, "faltantes": self.faltantes, "paquete": self.paquete,
                 "posibles_duplicados": [list(p) for p in self.duplicados]}
        if con_detalle:
            datos["detalle"] = self.detalle
        return datos


def _fecha(valor: Any) -> date | None:
    return date.fromisoformat(valor) if isinstance(valor, str) and valor else None


def _momento(valor: Any) -> datetime:
    return datetime.fromisoformat(valor.rstrip("Z")) if isinstance(valor, str) and valor else ahora()


def _comparable(datos: dict[str, Any]) -> dict[str, Any]:
    base = {c: a_json(datos.get(c)) for c in CAMPOS_COMPARADOS}
    base["anulada"] = datos.get("estado") == "anulada"
    return base


def _diferencias(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    ca, cb = _comparable(a), _comparable(b)
    return sorted(k for k in ca if ca[k] != cb[k])


_FECHAS = ("fecha_inicio", "fecha_fin")
_JSON_LISTA = tuple(c for c in CAMPOS_DATOS if c in CAMPOS_JSON and c not in ("edades", "convenio"))  # None → []
_CON_OMISION = tuple(c for c in CAMPOS_DATOS if c not in CAMPOS_JSON and c not in _FECHAS and c in POR_OMISION)


def _columnas_accion(registros: list[dict[str, Any]], reenviar: bool) -> dict[str, list[Any]]:
    """Las columnas de `accion` para registros recibidos (ya verificados), columna por columna."""
    col = {campo: [r.get(campo) for r in registros] for campo in CAMPOS_DATOS}
    for campo in _FECHAS:
        col[campo] = list(map(_fecha, col[campo]))
    for campo in _JSON_LISTA:
        col[campo] = [[] if v is None else v for v in col[campo]]
    for campo in _CON_OMISION:  # un texto obligatorio que llega nulo toma su valor por omisión
        omision = POR_OMISION[campo]
        col[campo] = [omision if v is None else v for v in col[campo]]
    col |= {"id": [r["id"] for r in registros], "revision": [r["revision"] for r in registros],
            "oficina_origen": [r["oficina_origen"] for r in registros],
            "capturado_por": [str(r.get("capturado_por") or "") for r in registros],
            "creado_en": [_momento(r.get("creado_en")) for r in registros],
            "actualizado_en": [_momento(r.get("actualizado_en")) for r in registros],
            "estado": [r.get("estado") or "enviada" for r in registros],
            "periodo": [f"{i.year}T{(i.month - 1) // 3 + 1}" if i else None for i in col["fecha_inicio"]],
            "pendiente_envio": [reenviar] * len(registros), "validada_con": [None] * len(registros)}
    return col


def _valores(r: dict[str, Any], reenviar: bool) -> dict[str, Any]:
    """Columnas de `accion` para un registro recibido (ya verificado)."""
    return {campo: valores[0] for campo, valores in _columnas_accion([r], reenviar).items()}


def _evidencias(r: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"accion_id": r["id"], "sha256": e["sha256"], "nombre": str(e.get("nombre", ""))[:255],
             "tipo": str(e.get("tipo", ""))[:100], "tamano": int(e.get("tamano", 0) or 0)}
            for e in {e["sha256"]: e for e in (r.get("evidencias") or []) if isinstance(e, dict) and isinstance(e.get("sha256"), str)}.values()]


def _aplicar(accion: Accion, r: dict[str, Any], reenviar: bool) -> None:
    """Reemplaza los datos de la acción con los recibidos; su id y su origen guardados nunca cambian (T1)."""
    for campo, valor in _valores(r, reenviar).items():
        if campo not in ("id", "oficina_origen"):
            setattr(accion, campo, valor)
    accion.evidencias = [Evidencia(**{k: v for k, v in e.items() if k != "accion_id"}) for e in _evidencias(r)]


def _filas_historial(r: dict[str, Any]) -> list[dict[str, Any]]:
    vistas, filas = set(), []
    for h in r.get("historial") or []:
        llave = (h.get("revision"), h.get("operacion"))
        if isinstance(h, dict) and llave not in vistas:
            vistas.add(llave)
            filas.append({"accion_id": r["id"], "revision": int(h.get("revision", 0)), "quien": str(h.get("quien", "")),
                          "oficina": str(h.get("oficina", r["oficina_origen"]))[:20], "cuando": _momento(h.get("cuando")),
                          "operacion": str(h.get("operacion", "importacion")), "cambios": h.get("cambios") or {}})
    return filas


def _historial(sesion: Session, r: dict[str, Any]) -> None:
    existentes = {
        (h.revision, h.operacion) for h in sesion.scalars(select(Historial).where(Historial.accion_id == r["id"]))
    }
    for h in r.get("historial") or []:
        if not isinstance(h, dict) or (h.get("revision"), h.get("operacion")) in existentes:
            continue
        sesion.add(Historial(
            accion_id=r["id"], revision=int(h.get("revision", 0)), quien=str(h.get("quien", "")),
            oficina=str(h.get("oficina", r["oficina_origen"])), cuando=_momento(h.get("cuando")),
            operacion=str(h.get("operacion", "importacion")), cambios=h.get("cambios") or {},
        ))
        existentes.add((h.get("revision"), h.get("operacion")))


Lugar = tuple[str, str | None, str | None, str | None, date | None]  # origen, periodo, municipio, tipo, fecha


@dataclass
class Fusion:
    """Lo que dejó la fusión: conteos, el detalle registro por registro y, de los nuevos y actualizados, lo que quedó
    guardado de su lugar (origen, trimestre, municipio, tipo y fecha; sin fecha si está anulado), para la revisión de
    duplicados y la matriz de revisión sin volver a leerlo de la base."""

    conteos: dict[str, int]
    detalle: list[dict[str, Any]]
    lugares: dict[str, Lugar] = field(default_factory=dict)


def lote_de(sesion: Session) -> int:
    """Registros por lote de la fusión: en PostgreSQL cada lote cuesta idas y vueltas al servidor (el bloqueo, tres
    COPY), así que se toman más; en SQLite, los de siempre."""
    return 5000 if sesion.get_bind().dialect.name == "postgresql" else 2000


def fusionar(sesion: Session, v: Verificacion, paquete: str, lote: int | None = None) -> Fusion:
    """Aplica los registros del paquete verificado por lotes; devuelve los conteos y el detalle registro por registro."""
    local = oficina_local(sesion)
    reenviar = local is not None and local.tipo == "estatal"
    fusion = Fusion(dict.fromkeys(RESULTADOS, 0), [])
    aprobados: dict[str, set[str]] = {}
    for oficina, clave in sesion.execute(select(Periodo.oficina, Periodo.clave).where(Periodo.estado == "aprobado")):
        aprobados.setdefault(oficina, set()).add(clave)
    for grupo in v.lotes(lote or lote_de(sesion)):
        _fusionar_lote(sesion, grupo, paquete, reenviar, aprobados, fusion, v.existentes)
    return fusion


def _toca_aprobado(actual: Accion | None, r: dict[str, Any], aprobados: dict[str, set[str]]) -> bool:
    """T3: el cambio que trae `r` (nuevo, movido, editado o anulado) toca un trimestre aprobado de su origen."""
    origen = actual.oficina_origen if actual is not None else r["oficina_origen"]
    if not aprobados.get(origen):
        return False  # sin trimestres aprobados de su origen no hay nada que tocar
    antes = trimestres_de(actual.fecha_inicio, actual.convenio) if actual is not None else set()
    return requiere_enmienda(antes, trimestres_de(_fecha(r.get("fecha_inicio")), r.get("convenio")), aprobados[origen])


def _lugar(origen: str, periodo: str | None, municipio: str | None, tipo: str | None, estado: str,
           fecha: date | None) -> Lugar:
    return (origen, periodo, municipio, tipo, None if estado == "anulada" else fecha)


def _fusionar_lote(sesion: Session, grupo: list[dict[str, Any]], paquete: str, reenviar: bool,
                   aprobados: dict[str, set[str]], fusion: Fusion, ya_estaban: set[str] | None) -> None:
    """`ya_estaban`: los ids del paquete que la verificación, en esta misma transacción, halló en la base."""
    conteos, detalle = fusion.conteos, fusion.detalle
    existentes: dict[str, Accion] = {}
    if ya_estaban is None or not ya_estaban.isdisjoint(r["id"] for r in grupo):
        # con bloqueo de fila en PostgreSQL: dos importaciones no se pisan
        consulta = select(Accion).where(en_lista(sesion, Accion.id, [r["id"] for r in grupo])).with_for_update()
        existentes = {a.id: a for a in sesion.scalars(consulta)}
        # la verificación ya lo comprobó; con las filas bloqueadas se comprueba de nuevo por si otra importación ganó
        origen_conservado(sesion, {r["id"]: r["oficina_origen"] for r in grupo}, {a.id: a.oficina_origen for a in existentes.values()})
    # Si ninguno estaba, no hay fila que bloquear: si otra importación escribe alguno entretanto, insertarlo choca con
    # su llave (IntegrityError, o en SQLite la instantánea vencida) y la importación entera se repite y ya lo ve.
    nuevas: list[dict[str, Any]] = []
    for r in grupo:
        actual = existentes.get(r["id"])
        campos: list[str] = []
        if (actual is None or r["revision"] > actual.revision) and _toca_aprobado(actual, r, aprobados):
            resultado = "enmiendas"  # no cambia en silencio cifras aprobadas: espera su aprobación
            campos = _diferencias(_comparable_de(actual) if actual is not None else {}, r)
            sesion.add(Conflicto(accion_id=r["id"], revision=r["revision"], paquete=paquete, contenido=r,
                                 recibido_en=ahora(), tipo="enmienda"))
        elif actual is None:
            resultado = "nuevos"
            nuevas.append(r)
        elif r["revision"] > actual.revision:
            resultado = "actualizados"
            campos = _diferencias(_comparable_de(actual), r)
            _aplicar(actual, r, reenviar)
            _historial(sesion, r)
            fusion.lugares[r["id"]] = (actual.oficina_origen, actual.periodo, actual.municipio, actual.tipo_accion,
                                       None if actual.estado == "anulada" else actual.fecha_inicio)
        elif r["revision"] < actual.revision:
            resultado = "obsoletos"
        else:
            campos = _diferencias(_comparable_de(actual), r)
            resultado = "conflictos" if campos else "sin_cambios"
            if campos:
                sesion.add(Conflicto(accion_id=r["id"], revision=r["revision"], paquete=paquete, contenido=r, recibido_en=ahora()))
        conteos[resultado] += 1
        detalle.append({"id": r["id"], "titulo": str(r.get("titulo", ""))[:200], "revision": r["revision"],
                        "resultado": resultado, "campos": campos})
    sesion.flush()
    if nuevas:  # los nuevos entran en bloque por tabla: executemany del controlador en SQLite, COPY en PostgreSQL
        col = _columnas_accion(nuevas, reenviar)
        insertar_columnas(sesion, Accion.__table__, col)
        fusion.lugares.update(zip(col["id"], map(_lugar, col["oficina_origen"], col["periodo"], col["municipio"],
                                                 col["tipo_accion"], col["estado"], col["fecha_inicio"]), strict=True))
        del col
        insertar(sesion, Historial.__table__, [h for r in nuevas for h in _filas_historial(r)])
        insertar(sesion, Evidencia.__table__, [e for r in nuevas for e in _evidencias(r)])


def _comparable_de(accion: Accion) -> dict[str, Any]:
    datos = {c: getattr(accion, c) for c in CAMPOS_COMPARADOS}
    datos["estado"] = accion.estado
    return datos


def _por_trimestre(sesion: Session, detalle: list[dict[str, Any]], lugares: dict[str, Lugar]) -> dict[str, int]:
    """Registros del paquete por oficina de origen y trimestre, como quedaron guardados: los nuevos y actualizados
    por lo que la fusión guardó, los demás (sin cambios, obsoletos, conflictos, enmiendas) leídos de la base."""
    cuentas = por_trimestre(sesion, [d["id"] for d in detalle if d["id"] not in lugares])
    for origen, periodo, *_ in lugares.values():
        if periodo is not None:
            cuentas[f"{origen} {periodo}"] = cuentas.get(f"{origen} {periodo}", 0) + 1
    return dict(sorted(cuentas.items()))


def huecos(sesion: Session, oficina: str) -> tuple[list[tuple[int, int]], int]:
    """Rangos de secuencias de `oficina` que no han llegado (los primeros) y cuántos rangos más hay."""
    recibidas = sesion.scalars(select(PaqueteEntrada.secuencia).where(PaqueteEntrada.oficina == oficina)
                               .order_by(PaqueteEntrada.secuencia).execution_options(yield_per=1000))
    return rangos_faltantes(recibidas)


def faltantes(sesion: Session, oficina: str) -> list[str]:
    """Frases de los paquetes de `oficina` que no han llegado, por rangos (nunca una línea por número)."""
    return texto_faltantes(oficina, *huecos(sesion, oficina))


def _guardar_evidencias(archivo: Path, v: Verificacion, carpeta: Path) -> None:
    """Copia las evidencias por bloques; cada copia se comprueba contra su huella antes de tomar su nombre."""
    if not v.evidencias:
        return
    carpeta.mkdir(parents=True, exist_ok=True)
    with Contenedor(archivo) as c:
        for miembro, huella in v.evidencias.items():
            destino = carpeta / huella
            if destino.exists():
                continue
            temporal = destino.with_suffix(".parcial")
            try:
                if c.copiar(miembro, temporal) != huella:
                    raise Rechazo("ARCHIVO_ALTERADO", f"Archivo: {miembro} (cambió durante la importación).")
                temporal.replace(destino)
            finally:
                temporal.unlink(missing_ok=True)


@sin_recolector()
def importar_archivo(
    base: Base, archivo: Path, carpeta_evidencias: Path, *, simular: bool = False,
    antes_de_escribir: Callable[[], None] | None = None, para: str | None = None,
) -> Resultado:
    """Verifica e importa un paquete en una transacción; con `simular` solo muestra lo que haría.

    Si otra importación simultánea gana una carrera (la misma acción o el mismo paquete insertados a la vez,
    un bloqueo mutuo), la transacción se revierte entera y se intenta de nuevo: la segunda vez ve lo que la
    otra ya escribió y lo trata como duplicado o sin cambios. Nada se pierde ni se duplica.
    """
    for intento in range(REINTENTOS):
        try:
            return _importar_una_vez(base, archivo, carpeta_evidencias, simular, antes_de_escribir if intento == 0 else None, para)
        except (IntegrityError, OperationalError):
            if intento == REINTENTOS - 1:
                raise
            time.sleep(random.uniform(0.05, 0.25) * (intento + 1))
    raise AssertionError("inalcanzable")


def _importar_una_vez(base: Base, archivo: Path, carpeta_evidencias: Path, simular: bool,
                      antes_de_escribir: Callable[[], None] | None, para: str | None) -> Resultado:
    with base.transaccion() as s:
        v = verificar(s, archivo, para)
        if not v.valido:
            return Resultado(str(archivo), "rechazado", v.codigo, v.mensaje)
        envio = v.envio
        res = Resultado(str(archivo), "duplicado" if v.duplicado else "importado", v.codigo, v.mensaje,
                        paquete=envio["id"], oficina=envio["oficina"], secuencia=envio["secuencia"])
        if v.duplicado:
            res.faltantes = faltantes(s, envio["oficina"])
            return res
        if antes_de_escribir and not simular:
            antes_de_escribir()
        try:
            fusion = fusionar(s, v, envio["id"])
        except Rechazo as r:
            s.rollback()
            return Resultado(str(archivo), "rechazado", r.codigo, str(r))
        res.conteos, res.detalle = fusion.conteos, fusion.detalle
        res.duplicados = revisar_recibidos(s, {i: lugar[2:] for i, lugar in fusion.lugares.items()})
        s.add(PaqueteEntrada(
            id=envio["id"], oficina=envio["oficina"], secuencia=envio["secuencia"], sha256=v.huella,
            sha256_anterior=envio["sha256_anterior"], periodo=envio["periodo"], firmante=v.firmante,
            importado_en=ahora(), version_catalogos=envio.get("version_catalogos", ""),
            conteos={**res.conteos, "registros": [[d["id"], d["revision"], d["resultado"]] for d in res.detalle],
                     "por_trimestre": _por_trimestre(s, res.detalle, fusion.lugares)},  # para la matriz de revisión
        ))
        s.flush()
        res.faltantes = faltantes(s, envio["oficina"])
        if simular:
            s.rollback()  # lo guardado vuelve a ser el «antes» de cada cambio que muestra la vista previa
            from empaquetado.vista_previa import enriquecer

            enriquecer(s, v, res.detalle, res.duplicados)
            res.resultado = "simulado"
            res.mensaje = f"Íntegro y firmado por {envio['oficina']}; vista previa, aún no se escribe nada."
            return res
        try:
            _guardar_evidencias(archivo, v, carpeta_evidencias)
        except Rechazo as r:  # el archivo cambió entre la verificación y la copia: no entra nada
            s.rollback()
            return Resultado(str(archivo), "rechazado", r.codigo, str(r))
        res.mensaje = "Paquete importado."
    return res
