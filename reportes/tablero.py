"""Datos del tablero: quién ha reportado, qué falta, cifras por entidad y trimestre, PICI, ejes y objetivos PMM."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base_local.catalogos import comparar, version_local
from base_local.jurisdiccion import CLAVE_CENTRAL
from base_local.modelos import (
    Accion,
    AcuseAplicado,
    Observacion,
    Oficina,
    PaqueteEntrada,
    Periodo,
    TipoAccion,
)
from base_local.oficinas import oficina_local
from base_local.periodos import anterior, periodo_de
from base_local.revision import construir as construir_matriz
from reportes.datos import CIFRAS, VIVAS
from reportes.indicadores import calcular, metas

Huecos = Callable[[Session, str], tuple[list[tuple[int, int]], int]]


@dataclass
class Tablero:
    trimestres: list[str]
    completitud: list[tuple[Any, ...]] = field(default_factory=list)  # oficina, nombre, trimestre, esperados, paquetes, faltantes, primero, puntualidad, periodo
    por_entidad: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    pici: list[tuple[str, int, int]] = field(default_factory=list)  # trimestre, firmados, meta
    pici_anual: tuple[int, int] = (0, 32)
    por_eje: dict[str, dict[str, int]] = field(default_factory=dict)
    por_objetivo: dict[int, dict[str, int]] = field(default_factory=dict)
    pendientes_envio: int = 0
    observadas: list[tuple[str, str, str]] = field(default_factory=list)  # acción, quién observó, observación
    totales: dict[str, int] = field(default_factory=dict)
    version_catalogos: str = ""
    versiones_viejas: list[tuple[str, str, str]] = field(default_factory=list)  # oficina, nombre, versión de su último paquete
    duplicados_pendientes: int = 0
    acuses: dict[str, dict[str, int]] = field(default_factory=dict)  # quién decidió (CAIMFS, E07…) → aceptadas, observadas


def completitud(sesion: Session, trimestres: list[str], hoy: date, huecos: Huecos) -> list[tuple[Any, ...]]:
    """Cada estatal y cada municipal (registradas o esperadas) por trimestre, con lo que dice la matriz de revisión:
    los paquetes que trajeron registros con fecha de ese trimestre y el estado del trimestre que guarda la base;
    `huecos(sesion, oficina)` da los rangos de paquetes que faltan (la regla es de empaquetado/: quien llama la pasa)."""
    matrices = {anio: construir_matriz(sesion, anio, hoy) for anio in sorted({int(t[:4]) for t in trimestres})}
    registradas = {o.clave: o for o in sesion.scalars(select(Oficina))}
    estados = {(p.oficina, p.clave): p.estado for p in sesion.scalars(select(Periodo).where(Periodo.clave.in_(trimestres)))}
    filas = []
    for o in next(iter(matrices.values())).oficinas:
        registrada = registradas.get(o.clave)
        rangos, mas = huecos(sesion, o.clave) if registrada else ([], 0)
        faltan = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in rangos) + (f" y {mas} huecos más" if mas else "")
        desde = periodo_de(registrada.registrada_en.date()) if registrada else None
        for tri in trimestres:
            c = matrices[int(tri[:4])].celda(o.clave, tri)
            antes = desde is not None and tri < desde and not c.registros and not c.paquetes
            filas.append((o.clave, o.nombre, tri, 0 if antes else 1, c.paquetes, faltan,
                          c.primer_envio.strftime("%d/%m/%Y") if c.primer_envio else "",
                          "antes de su registro" if antes else c.puntualidad, estados.get((o.clave, tri), "abierto")))
    return filas


def _versiones_viejas(sesion: Session, oficinas: list[Oficina], vigente: str) -> list[tuple[str, str, str]]:
    """Oficinas cuyo último paquete se armó con catálogos anteriores a los de aquí (o sin decir cuáles)."""
    salida = []
    for o in oficinas:
        version = sesion.scalar(select(PaqueteEntrada.version_catalogos).where(PaqueteEntrada.oficina == o.clave)
                                .order_by(PaqueteEntrada.importado_en.desc()).limit(1))
        if version is None:
            continue
        if not version or comparar(version, vigente) < 0:
            salida.append((o.clave, o.nombre, version or "sin dato (programa anterior)"))
    return salida


def construir(sesion: Session, hoy: date | None = None, *, huecos: Huecos) -> Tablero:
    """El tablero a la fecha `hoy`; `huecos` como en `completitud`."""
    hoy = hoy or date.today()
    # la revisión de duplicados (rapidfuzz) se carga al calcular, no al arrancar la ventana
    from formularios.duplicados import pendientes

    actual = periodo_de(hoy)
    trimestres = [actual]
    for _ in range(3):
        trimestres.insert(0, anterior(trimestres[0]))
    t = Tablero(trimestres)
    local = oficina_local(sesion)
    oficinas = sesion.scalars(select(Oficina).where(Oficina.clave != local.clave, Oficina.estado == "activa",
                                                    Oficina.clave != (local.superior or "")).order_by(Oficina.clave)).all()
    t.version_catalogos = version_local(sesion)
    t.versiones_viejas = _versiones_viejas(sesion, oficinas, t.version_catalogos)
    t.duplicados_pendientes = pendientes(sesion)
    t.completitud = completitud(sesion, trimestres, hoy, huecos)
    # Agregados en SQL: el tablero abre rápido aunque la base tenga cientos de miles de acciones.
    vivas = (Accion.estado.in_(VIVAS), Accion.fecha_inicio.between(date(hoy.year, 1, 1), date(hoy.year, 12, 31)))
    cifras = [func.count(), func.coalesce(func.sum(Accion.eventos), 0), *(func.coalesce(func.sum(getattr(Accion, c)), 0) for c in CIFRAS)]
    nombres = ("acciones", "eventos", *CIFRAS)
    for clave, *valores in sesion.execute(select(Accion.entidad, Accion.periodo, *cifras).where(*vivas).group_by(Accion.entidad, Accion.periodo)):
        t.por_entidad[(clave, valores[0])] = dict(zip(nombres, valores[1:], strict=True))
    for clave, *valores in sesion.execute(select(Accion.eje, *cifras).where(*vivas).group_by(Accion.eje)):
        t.por_eje[clave] = dict(zip(nombres, valores, strict=True))
    t.totales = dict(zip(nombres, sesion.execute(select(*cifras).where(*vivas)).one(), strict=True))
    for (objetivos,) in sesion.execute(select(Accion.objetivos_pmm).where(*vivas)):
        for n in objetivos or []:
            t.por_objetivo.setdefault(n, {"acciones": 0})["acciones"] += 1
    de_convenio = select(TipoAccion.clave).where(TipoAccion.es_convenio)  # el JSON null no es NULL de SQL: se filtra por tipo
    convenios = [{"convenio": c} for (c,) in sesion.execute(select(Accion.convenio).where(*vivas, Accion.tipo_accion.in_(de_convenio)))]
    indicadores = calcular(convenios, metas(sesion, hoy.year), hoy.year)
    t.pici = [(f.periodo, f.logrado, f.meta) for f in indicadores if f.indicador == "PICI"]
    t.pici_anual = (sum(x[1] for x in t.pici), 32)
    t.pendientes_envio = sesion.scalar(select(func.count()).select_from(Accion).where(Accion.pendiente_envio, Accion.estado != "borrador")) or 0
    t.acuses = resultados_de_acuses(sesion, local.clave)
    t.observadas = [(a.titulo, "Coordinación" if o.oficina == CLAVE_CENTRAL else o.oficina, o.texto) for o, a in sesion.execute(
        select(Observacion, Accion).join(Accion, Accion.id == Observacion.accion_id)
        .where(Observacion.oficina != local.clave, Accion.oficina_origen == local.clave).order_by(Observacion.creada_en.desc()).limit(50))]
    return t


def resultados_de_acuses(sesion: Session, oficina: str) -> dict[str, dict[str, int]]:
    """Registros propios aceptados u observados según el último acuse aplicado, por quién decidió el resultado."""
    salida: dict[str, dict[str, int]] = {}
    for origen, estado, n in sesion.execute(
            select(AcuseAplicado.origen, AcuseAplicado.estado, func.count()).join(Accion, Accion.id == AcuseAplicado.accion_id)
            .where(Accion.oficina_origen == oficina, AcuseAplicado.estado.in_(("aceptada", "observada")), Accion.estado != "anulada")
            .group_by(AcuseAplicado.origen, AcuseAplicado.estado)):
        salida.setdefault(origen, {"aceptada": 0, "observada": 0})[estado] = n
    return salida
