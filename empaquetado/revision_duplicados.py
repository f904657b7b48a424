"""Posibles duplicados al recibir: entre los registros de un paquete (aun de una misma oficina) y entre oficinas.

La regla es la misma del formulario (`formularios.duplicados.mismo_evento`, aquí por partes: `mismo_evento_cercano`).
Aquí solo se hallan y se guardan las parejas, y una persona las revisa: «no es duplicado» (con nota, se conserva
aunque se importe de nuevo) u «observado» (la observación viaja a la oficina de origen en el siguiente acuse). Quien
recibe nunca anula el registro de otra oficina (CONFIANZA.md, T1).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.acciones import ahora
from base_local.errores import EntradaRechazada
from base_local.insercion import en_lista, insertar
from base_local.modelos import Accion, PosibleDuplicado
from empaquetado.acuses import observar
from formularios import limites
from formularios.campos import SEXOS
from formularios.duplicados import (
    MAX_VECINOS,
    VENTANA_DIAS,
    cifras_de,
    mismo_evento_cercano,
    titulo_normalizado,
)

COLUMNAS = (Accion.id, Accion.oficina_origen, Accion.municipio, Accion.tipo_accion, Accion.fecha_inicio,
            Accion.titulo, Accion.total, *(getattr(Accion, s) for s in SEXOS))
LOTE = 500
LOTE_CONSULTA = 5000  # ids por consulta al buscar parejas ya guardadas (en PostgreSQL, un solo parámetro)


def _plano(fila: Any) -> dict[str, Any]:
    return dict(zip(("id", "oficina_origen", "municipio", "tipo_accion", "fecha_inicio", "titulo", "total", *SEXOS),
                    fila, strict=True))


def _lotes(valores: list[str], tamano: int = LOTE) -> Iterable[list[str]]:
    it = iter(valores)
    while lote := list(islice(it, tamano)):
        yield lote


def _cercanos(sesion: Session, grupos: dict[tuple[str, str], tuple[date, date]]) -> dict[tuple[str, str], list[Any]]:
    """Lo guardado a una semana o menos de los recibidos, por (municipio, tipo), en orden de fecha e id: filas de
    COLUMNAS, con fecha.

    Una sola consulta para todo el paquete (una por grupo eran mil consultas por paquete de la central); cada fila se
    queda solo si cae en la ventana de su propio grupo."""
    ventana = timedelta(days=VENTANA_DIAS)
    grupos = {clave: rango for clave, rango in grupos.items() if clave[0] and clave[1]}  # sin municipio no hay pareja
    if not grupos:
        return {}
    desde = min(d for d, _ in grupos.values()) - ventana
    hasta = max(h for _, h in grupos.values()) + ventana
    por_grupo: dict[tuple[str, str], list[Any]] = {}
    consulta = select(*COLUMNAS).where(
        Accion.municipio.in_(sorted({m for m, _ in grupos})), Accion.tipo_accion.in_(sorted({t for _, t in grupos})),
        Accion.estado != "anulada", Accion.fecha_inicio.between(desde, hasta)).order_by(Accion.fecha_inicio, Accion.id)
    for fila in sesion.execute(consulta):
        clave = (fila[2], fila[3])
        rango = grupos.get(clave)
        if rango is not None and rango[0] - ventana <= fila[4] <= rango[1] + ventana:
            por_grupo.setdefault(clave, []).append(fila)
    return por_grupo


def revisar_recibidos(sesion: Session, recibidos: dict[str, tuple[str | None, str | None, date | None]]) -> list[tuple[str, str]]:
    """Parejas nuevas de posibles duplicados en las que entra alguno de los `recibidos`, ya guardadas. `recibidos`
    son los registros recién guardados de un paquete: id → (municipio, tipo, fecha de inicio) tal como quedaron en
    la base (fecha None si están anulados: un anulado no forma pareja).

    Cuenta dos clases de parejas: entre los registros recibidos en este mismo paquete, sean de la misma oficina o
    no (la regla «entre los registros de un paquete»: el formulario solo avisa y la persona pudo guardarlo igual), y
    entre un recibido y lo ya guardado de OTRA oficina (la estatal y su municipio reportan la misma reunión). Un
    recibido no se compara contra lo guardado de su propia oficina: eso se hizo al capturar. Como `vecinos`, a cada
    registro se le compara con a lo más MAX_VECINOS de los que le siguen en fecha (aunque el paquete traiga miles de
    filas iguales), y de su misma oficina a cada registro se le nombra solo el primero que se le parece (miles de filas
    repetidas no son millones de parejas).
    """
    if not recibidos:
        return []
    grupos: dict[tuple[str, str], tuple[date, date]] = {}
    for muni, tipo, fecha in recibidos.values():
        if fecha is None:
            continue
        desde, hasta = grupos.get((muni, tipo), (fecha, fecha))
        grupos[(muni, tipo)] = (min(desde, fecha), max(hasta, fecha))
    halladas: set[tuple[str, str]] = set()
    ventana = timedelta(days=VENTANA_DIAS)
    for filas in _cercanos(sesion, grupos).values():
        # un grupo ya viene de un municipio y tipo, en orden de fecha e id: los vecinos de cada fila son las que le
        # siguen hasta una semana después (bisect, en C), a lo más MAX_VECINOS; lo que compara la regla se prepara una vez
        ids = [f[0] for f in filas]
        oficinas = [f[1] for f in filas]
        fechas = [f[4] for f in filas]
        del_paquete = [i in recibidos for i in ids]
        comparables = [(f[6] or 0, cifras_de(f[7:]), titulo_normalizado(f[5] or "")) for f in filas]
        n = len(filas)
        for i in range(n):
            fin = bisect_right(fechas, fechas[i] + ventana, i + 1, min(n, i + 1 + MAX_VECINOS))
            nombrada = False  # de su misma oficina basta nombrar la primera (como la carga de Excel): a lo más n parejas
            for j in range(i + 1, fin):
                misma = oficinas[i] == oficinas[j]
                if misma and (nombrada or not del_paquete[i] or not del_paquete[j]):
                    continue
                if not misma and not del_paquete[i] and not del_paquete[j]:
                    continue
                if mismo_evento_cercano(comparables[i], comparables[j]):
                    halladas.add((min(ids[i], ids[j]), max(ids[i], ids[j])))
                    nombrada |= misma
    if not halladas:
        return []
    existentes: set[tuple[str, str]] = set()
    for lote in _lotes(sorted({a for a, _ in halladas}), LOTE_CONSULTA):
        existentes |= {(a, b) for a, b in sesion.execute(select(PosibleDuplicado.accion_a, PosibleDuplicado.accion_b)
                                                         .where(en_lista(sesion, PosibleDuplicado.accion_a, lote)))}
    nuevas = sorted(halladas - existentes)
    momento = ahora()
    # en bloque (executemany en SQLite, COPY en PostgreSQL): un paquete de miles de filas repetidas trae miles de parejas
    insertar(sesion, PosibleDuplicado.__table__,
             [{"accion_a": a, "accion_b": b, "detectado_en": momento, "estado": "pendiente"} for a, b in nuevas])
    return nuevas


def listar(sesion: Session, estado: str | None = "pendiente", *, revisadas: bool = False,
           limite: int | None = None) -> list[dict[str, Any]]:
    """Cada pareja con sus dos registros lado a lado (filas planas); `revisadas` son las que ya no están pendientes.
    La ventana pasa un `limite`: en la central puede haber decenas de miles de parejas."""
    consulta = select(PosibleDuplicado).order_by(PosibleDuplicado.detectado_en, PosibleDuplicado.accion_a)
    if revisadas:
        consulta = consulta.where(PosibleDuplicado.estado != "pendiente")
    elif estado:
        consulta = consulta.where(PosibleDuplicado.estado == estado)
    if limite is not None:
        consulta = consulta.limit(limite)
    parejas = sesion.scalars(consulta).all()
    ids = {x for p in parejas for x in (p.accion_a, p.accion_b)}
    planos: dict[str, dict[str, Any]] = {}
    for lote in _lotes(sorted(ids)):
        for fila in sesion.execute(select(*COLUMNAS, Accion.estado).where(Accion.id.in_(lote))):
            planos[fila[0]] = {**_plano(fila[:-1]), "estado": fila[-1]}
    return [{"a": planos.get(p.accion_a, {"id": p.accion_a}), "b": planos.get(p.accion_b, {"id": p.accion_b}),
             "estado": p.estado, "nota": p.nota, "revisado_por": p.revisado_por,
             "detectado_en": p.detectado_en.isoformat()} for p in parejas]


def _pareja(sesion: Session, uno: str, otro: str) -> PosibleDuplicado:
    a, b = min(uno, otro), max(uno, otro)
    pareja = sesion.get(PosibleDuplicado, (a, b))
    if pareja is None:
        raise EntradaRechazada(f"No hay un posible duplicado registrado entre {uno} y {otro}: revise los ids con «duplicados».")
    return pareja


def marcar_no_duplicado(sesion: Session, uno: str, otro: str, nota: str, quien: str) -> dict[str, Any]:
    if not nota:
        raise EntradaRechazada("Escriba por qué no es duplicado (--nota): queda registrado con la pareja.")
    nota, quien = limites.texto_libre("nota_duplicado", nota), limites.texto_libre("quien", quien)
    pareja = _pareja(sesion, uno, otro)
    pareja.estado, pareja.nota, pareja.revisado_por, pareja.revisado_en = "no_es_duplicado", nota, quien, ahora()
    sesion.flush()
    return {"estado": pareja.estado, "texto": "Marcado «no es duplicado»; se conserva aunque los paquetes se importen de nuevo."}


def observar_duplicado(sesion: Session, uno: str, otro: str, observada: str, nota: str, quien: str) -> dict[str, Any]:
    """Observación a la oficina de origen de `observada` (uno de los dos), que viaja en su siguiente acuse."""
    if not nota:
        raise EntradaRechazada("Escriba la observación para la oficina de origen (--nota).")
    nota, quien = limites.texto_libre("nota_duplicado", nota), limites.texto_libre("quien", quien)
    if observada not in (uno, otro):
        raise EntradaRechazada("La acción observada debe ser una de las dos de la pareja.")
    pareja = _pareja(sesion, uno, otro)
    otra = otro if observada == uno else uno
    titulo = sesion.scalar(select(Accion.titulo).where(Accion.id == otra)) or otra
    hecho = observar(sesion, observada, f"Posible duplicado de «{titulo}»: {nota}", quien)
    pareja.estado, pareja.nota, pareja.revisado_por, pareja.revisado_en = "observado", nota, quien, ahora()
    sesion.flush()
    return {**hecho, "estado": pareja.estado}

