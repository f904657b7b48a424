"""Matriz de revisión: por oficina y trimestre, paquetes y registros recibidos, cifras por sexo, estado y puntualidad
frente al plazo que fija quien recibe. Solo lee la base (la aprobación es de empaquetado/revision_periodos.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from base_local import periodos
from base_local.insercion import en_lista
from base_local.jurisdiccion import ENTIDADES_PROGRAMA, leer_clave
from base_local.modelos import (
    Accion,
    Ajuste,
    Conflicto,
    Entidad,
    Municipio,
    Observacion,
    Oficina,
    PaqueteEntrada,
    Periodo,
)
from base_local.oficinas import DatosOficina, oficina_local

AJUSTE_PLAZO = "plazo_revision_dias"
PLAZO_POR_OMISION = 10
PLAZO_MAXIMO = 120
ESTADOS = ("sin envío", "recibido", "con observaciones", "enmienda en espera", "aprobado")
SEXOS = ("mujeres", "hombres", "otra_identidad", "sin_dato")
VIVAS = ("lista", "enviada", "aceptada", "observada")

# Paquetes importados antes de que la importación anotara `conteos.por_trimestre`: se cruzan sus registros
# (`conteos.registros` = [id, revisión, resultado] de cada uno) con las acciones guardadas.
_PAQUETES_ANTERIORES = {
    "sqlite": """select p.id, a.oficina_origen, a.periodo, count(*)
                 from paquete_entrada p, json_each(p.conteos, '$.registros') r
                 join accion a on a.id = json_extract(r.value, '$[0]')
                 where json_type(p.conteos, '$.por_trimestre') is null group by p.id, a.oficina_origen, a.periodo""",
    "postgresql": """select p.id, a.oficina_origen, a.periodo, count(*)
                     from paquete_entrada p cross join lateral json_array_elements(p.conteos -> 'registros') r
                     join accion a on a.id = r.value ->> 0
                     where p.conteos -> 'por_trimestre' is null group by p.id, a.oficina_origen, a.periodo""",
}
_POR_TRIMESTRE = {
    "sqlite": "select id, importado_en, json_extract(conteos, '$.por_trimestre') from paquete_entrada "
              "where json_type(conteos, '$.por_trimestre') is not null",
    "postgresql": "select id, importado_en, (conteos -> 'por_trimestre')::text from paquete_entrada where conteos -> 'por_trimestre' is not null",
}
LOTE_IDS = 5000


def por_trimestre(sesion: Session, ids: list[str]) -> dict[str, int]:
    """Al importar un paquete: cuántos de sus registros hay de cada oficina de origen y trimestre («M07089 2026T3»),
    para que la matriz de revisión cuente paquetes sin volver a cruzar sus registros."""
    cuentas: dict[str, int] = {}
    for i in range(0, len(ids), LOTE_IDS):
        for origen, periodo, n in sesion.execute(select(Accion.oficina_origen, Accion.periodo, func.count())
                                                 .where(en_lista(sesion, Accion.id, ids[i:i + LOTE_IDS]), Accion.periodo.is_not(None))
                                                 .group_by(Accion.oficina_origen, Accion.periodo)):
            cuentas[f"{origen} {periodo}"] = cuentas.get(f"{origen} {periodo}", 0) + n
    return cuentas


@dataclass(frozen=True)
class FilaOficina:
    clave: str
    nombre: str
    tipo: str  # estatal · municipal
    registrada: bool


@dataclass
class Celda:
    oficina: str
    trimestre: str
    paquetes: int = 0
    registros: int = 0
    cifras: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*SEXOS, "total"), 0))
    estado: str = "sin envío"
    puntualidad: str = "sin envío"
    dias_de_retraso: int = 0
    primer_envio: date | None = None
    plazo: date | None = None

    def a_dict(self) -> dict[str, Any]:
        return {"oficina": self.oficina, "trimestre": self.trimestre, "paquetes": self.paquetes, "registros": self.registros,
                "estado": self.estado, "dias_de_retraso": self.dias_de_retraso, "puntualidad": self.puntualidad,
                "plazo": self.plazo.isoformat() if self.plazo else None,
                "primer_envio": self.primer_envio.isoformat() if self.primer_envio else None, **self.cifras}


@dataclass
class Matriz:
    anio: int
    plazo_dias: int
    trimestres: list[str]
    oficinas: list[FilaOficina]
    celdas: dict[tuple[str, str], Celda]

    def celda(self, oficina: str, trimestre: str) -> Celda:
        return self.celdas[(oficina, trimestre)]

    def a_lista(self) -> list[dict[str, Any]]:
        return [self.celdas[(o.clave, t)].a_dict() for o in self.oficinas for t in self.trimestres]


def plazo_dias(sesion: Session) -> int:
    """Días después del cierre de un trimestre que tiene cada oficina para enviarlo (lo fija quien recibe)."""
    ajuste = sesion.get(Ajuste, AJUSTE_PLAZO)
    return int(ajuste.valor) if ajuste is not None and ajuste.valor.isdigit() else PLAZO_POR_OMISION


def oficinas_revisadas(sesion: Session, local: DatosOficina) -> list[FilaOficina]:
    """Cada estatal y, debajo de ella, cada municipal: registradas, esperadas (los 23 municipios fronterizos) o con
    registros guardados. Solo las que caen bajo la jurisdicción de esta oficina; nunca ella misma."""
    if local.tipo == "municipal":
        return []
    registradas = {o.clave: o for o in sesion.scalars(select(Oficina).where(Oficina.tipo.in_(("estatal", "municipal"))))}
    con_datos = set(sesion.scalars(select(Accion.oficina_origen).distinct()))
    fronterizos = {f"M{m}" for m in sesion.scalars(select(Municipio.cvegeo).where(Municipio.fronterizo))}
    municipios = dict(sesion.execute(select(Municipio.cvegeo, Municipio.nombre)).all())
    entidades = dict(sesion.execute(select(Entidad.cve_ent, Entidad.nombre)).all())
    estados = [local.entidad] if local.tipo == "estatal" else list(ENTIDADES_PROGRAMA)
    filas: list[FilaOficina] = []
    for ent in estados:
        clave = f"E{ent}"
        if local.tipo == "central":
            o = registradas.get(clave)
            filas.append(FilaOficina(clave, o.nombre if o else f"Enlace estatal de {entidades.get(ent, ent)}", "estatal", o is not None))
        for m in sorted(c for c in (set(registradas) | con_datos | fronterizos) if c.startswith(f"M{ent}")):
            j = leer_clave(m)
            if j is None or j.tipo != "municipal":
                continue
            o = registradas.get(m)
            filas.append(FilaOficina(m, o.nombre if o else municipios.get(m[1:], m), "municipal", o is not None))
    return filas


def _fecha(valor: Any) -> date | None:
    if isinstance(valor, datetime):
        return valor.date()
    if isinstance(valor, str) and valor:
        return datetime.fromisoformat(valor).date()
    return None


def _paquetes(sesion: Session, trimestres: list[str]) -> dict[tuple[str, str], tuple[int, date | None]]:
    """Por oficina de origen y trimestre: cuántos paquetes trajeron registros suyos y cuándo llegó el primero."""
    dialecto = sesion.get_bind().dialect.name
    quiero = set(trimestres)
    paquetes: dict[tuple[str, str], set[str]] = {}
    primero: dict[tuple[str, str], date] = {}

    def anotar(paquete: str, llave: tuple[str, str], llegada: date | None) -> None:
        if llave[1] not in quiero:
            return
        paquetes.setdefault(llave, set()).add(paquete)
        if llegada is not None and (llave not in primero or llegada < primero[llave]):
            primero[llave] = llegada

    llegadas = {}
    for paquete, importado, texto in sesion.execute(text(_POR_TRIMESTRE[dialecto])):
        llegadas[paquete] = _fecha(importado)
        for llave in json.loads(texto or "{}"):
            origen, _, periodo = llave.partition(" ")
            anotar(paquete, (origen, periodo), llegadas[paquete])
    anteriores = list(sesion.execute(text(_PAQUETES_ANTERIORES[dialecto])))
    if anteriores:
        fechas = dict(sesion.execute(select(PaqueteEntrada.id, PaqueteEntrada.importado_en)).all())
        for paquete, origen, periodo, _ in anteriores:
            anotar(paquete, (origen, periodo), _fecha(fechas.get(paquete)))
    return {llave: (len(ids), primero.get(llave)) for llave, ids in paquetes.items()}


def _enmiendas(sesion: Session) -> set[tuple[str, str]]:
    salida = set()
    for (contenido,) in sesion.execute(select(Conflicto.contenido).where(Conflicto.tipo == "enmienda", Conflicto.estado == "pendiente")):
        inicio = contenido.get("fecha_inicio") if isinstance(contenido, dict) else None
        if isinstance(inicio, str) and len(inicio) >= 10:
            try:
                salida.add((str(contenido.get("oficina_origen")), periodos.periodo_de(date.fromisoformat(inicio[:10]))))
            except ValueError:
                continue
    return salida


def _observadas(sesion: Session, oficina: str, trimestres: list[str]) -> set[tuple[str, str]]:
    """(origen, trimestre) de los registros que esta oficina observó: se parte de las observaciones, que son pocas."""
    ids = list(sesion.scalars(select(Observacion.accion_id).where(Observacion.oficina == oficina).distinct()))
    salida: set[tuple[str, str]] = set()
    for i in range(0, len(ids), LOTE_IDS):
        salida.update(sesion.execute(select(Accion.oficina_origen, Accion.periodo)
                                     .where(Accion.id.in_(ids[i:i + LOTE_IDS]), Accion.periodo.in_(trimestres))).all())
    return salida


def construir(sesion: Session, anio: int, hoy: date | None = None) -> Matriz:
    """La matriz del año: lo que la base tiene ahora (tras aprobar, enmendar, restaurar o importar)."""
    hoy = hoy or date.today()
    local = oficina_local(sesion)
    dias = plazo_dias(sesion)
    trimestres = [f"{anio}T{i}" for i in range(1, 5)]
    filas = oficinas_revisadas(sesion, local) if local else []
    claves = [f.clave for f in filas]
    celdas = {(o, t): Celda(o, t) for o in claves for t in trimestres}
    sumas = [func.count(), *(func.coalesce(func.sum(getattr(Accion, c)), 0) for c in (*SEXOS, "total"))]
    for o, t, n, *cifras in sesion.execute(select(Accion.oficina_origen, Accion.periodo, *sumas)
                                           .where(Accion.periodo.in_(trimestres), Accion.estado.in_(VIVAS))
                                           .group_by(Accion.oficina_origen, Accion.periodo)):
        if (o, t) in celdas:
            celdas[(o, t)].registros = n
            celdas[(o, t)].cifras = dict(zip((*SEXOS, "total"), map(int, cifras), strict=True))
    for (o, t), (n, primero) in _paquetes(sesion, trimestres).items():
        if (o, t) in celdas:
            celdas[(o, t)].paquetes, celdas[(o, t)].primer_envio = n, primero
    aprobados = {(p.oficina, p.clave) for p in sesion.scalars(select(Periodo).where(Periodo.clave.in_(trimestres), Periodo.estado == "aprobado"))}
    observadas = _observadas(sesion, local.clave if local else "", trimestres)
    enmiendas = _enmiendas(sesion)
    for (o, t), c in celdas.items():
        c.estado = ("enmienda en espera" if (o, t) in enmiendas else "aprobado" if (o, t) in aprobados
                    else "con observaciones" if (o, t) in observadas else "recibido" if c.registros or c.paquetes else "sin envío")
        _puntualidad(c, dias, hoy)
    return Matriz(anio, dias, trimestres, filas, celdas)


def _puntualidad(c: Celda, dias: int, hoy: date) -> None:
    """«a tiempo», «3 días tarde» (el primer paquete con registros del trimestre llegó después del plazo) o
    «sin envío» (con los días que lleva vencido, si ya venció)."""
    c.plazo = periodos.limites(c.trimestre)[1] + timedelta(days=dias)
    if c.primer_envio is not None:
        c.dias_de_retraso = max(0, (c.primer_envio - c.plazo).days)
        c.puntualidad = "a tiempo" if not c.dias_de_retraso else f"{c.dias_de_retraso} {'día' if c.dias_de_retraso == 1 else 'días'} tarde"
    elif c.registros:
        c.puntualidad = "sin paquete registrado"  # registros guardados aquí sin paquete en la bitácora (p. ej. anteriores a ella)
    else:
        c.dias_de_retraso = max(0, (hoy - c.plazo).days)
        c.puntualidad = "sin envío" if not c.dias_de_retraso else f"sin envío ({c.dias_de_retraso} {'día' if c.dias_de_retraso == 1 else 'días'} vencido)"
