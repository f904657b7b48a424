"""La revisión de duplicados al recibir halla las mismas parejas que la de antes (`vecinos` y `mismo_evento` sobre
cada fila como diccionario), ahora con las filas del grupo ya ordenadas, bisect y lo comparable preparado una vez:
miles de acciones al azar de varias oficinas en pocos municipios y tipos, con fechas repetidas, cifras iguales o
casi, títulos parecidos, anuladas y filas repetidas (más de MAX_VECINOS el mismo día)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select

from base_local.apertura import abrir_base
from base_local.insercion import insertar
from base_local.modelos import Accion
from base_local.rutas import url_sqlite
from empaquetado.revision_duplicados import COLUMNAS, revisar_recibidos
from formularios.duplicados import mismo_evento, vecinos

TITULOS = ("Mesa conjunta de atención a personas migrantes", "Mesa conjunta de atencion a personas migrantes.",
           "Taller de derechos humanos", "Taller de derechos humanos (2)", "Jornada de salud", "Reunión distinta", "")


def _antes(sesion, recibidos: dict) -> set[tuple[str, str]]:
    """La revisión de antes, tal cual: todas las filas vivas, agrupadas por `vecinos`, cada pareja con `mismo_evento`."""
    campos = ("id", "oficina_origen", "municipio", "tipo_accion", "fecha_inicio", "titulo", "total",
              "mujeres", "hombres", "otra_identidad", "sin_dato")
    filas = [dict(zip(campos, f, strict=True)) for f in sesion.execute(
        select(*COLUMNAS).where(Accion.estado != "anulada", Accion.fecha_inicio.is_not(None)).order_by(Accion.fecha_inicio, Accion.id))]
    grupos = {(m, t) for m, t, fecha in recibidos.values() if fecha is not None and m and t}
    ventana = timedelta(days=7)
    rangos = {g: (min(f for m, t, f in recibidos.values() if (m, t) == g and f), max(f for m, t, f in recibidos.values() if (m, t) == g and f)) for g in grupos}
    filas = [f for f in filas if (f["municipio"], f["tipo_accion"]) in rangos
             and rangos[(f["municipio"], f["tipo_accion"])][0] - ventana <= f["fecha_inicio"] <= rangos[(f["municipio"], f["tipo_accion"])][1] + ventana]
    halladas = set()
    for clave in rangos:
        grupo = [f for f in filas if (f["municipio"], f["tipo_accion"]) == clave]
        for i, cercanos in vecinos(grupo):
            a, nombrada = grupo[i], False
            for b in (grupo[j] for j in cercanos):
                misma = a["oficina_origen"] == b["oficina_origen"]
                if misma and (nombrada or a["id"] not in recibidos or b["id"] not in recibidos):
                    continue
                if not misma and a["id"] not in recibidos and b["id"] not in recibidos:
                    continue
                if mismo_evento(a, b):
                    halladas.add((min(a["id"], b["id"]), max(a["id"], b["id"])))
                    nombrada |= misma
    return halladas


def test_las_mismas_parejas_que_la_revision_de_antes(tmp_path):
    azar = random.Random(2026)
    base = abrir_base(url_sqlite(tmp_path / "central.sqlite"))
    filas, recibidos = [], {}
    for i in range(3000):
        mujeres = azar.choice((0, 5, 12, 20, 21, 40))
        hombres = azar.choice((0, 3, 7))
        municipio = azar.choice(("07089", "07087", "27004", "04002", "07001", "23004"))
        tipo = azar.choice(("taller", "reunion"))
        fecha = date(2026, 3, 1) + timedelta(days=0 if azar.random() < 0.25 else azar.randint(0, 60))  # un día lleno
        estado = "anulada" if azar.random() < 0.05 else "enviada"
        oficina = azar.choice(("E07", "M07089", "E27", "M07087"))
        ident = f"{i:08x}-0000-4000-8000-{azar.getrandbits(48):012x}"
        filas.append({"id": ident, "revision": 1, "oficina_origen": oficina, "creado_en": datetime(2026, 3, 1),
                      "actualizado_en": datetime(2026, 3, 1), "estado": estado, "fecha_inicio": fecha, "periodo": "2026T1",
                      "entidad": municipio[:2], "municipio": municipio, "tipo_accion": tipo, "titulo": azar.choice(TITULOS),
                      "mujeres": mujeres, "hombres": hombres, "total": mujeres + hombres + azar.choice((0, 0, 1))})
        if azar.random() < 0.5:
            recibidos[ident] = (municipio, tipo, None if estado == "anulada" else fecha)
    with base.transaccion() as s:
        insertar(s, Accion.__table__, filas)
        esperadas = _antes(s, recibidos)
        halladas = set(revisar_recibidos(s, recibidos))
    base.cerrar()
    assert halladas == esperadas
    assert len(esperadas) > 500  # la prueba sí tiene parejas de ambas clases
    oficina = {f["id"]: f["oficina_origen"] for f in filas}
    assert any(oficina[a] == oficina[b] for a, b in esperadas) and any(oficina[a] != oficina[b] for a, b in esperadas)
