"""Datos de demostración: acciones realistas dentro de la jurisdicción de la oficina, válidas por las reglas."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from base_local.oficinas import DatosOficina
from base_local.periodos import anterior, limites, periodo_de
from formularios.reglas import Contexto
from formularios.servicio import guardar

TEMAS = (
    "atención a personas en contexto de movilidad", "acceso a la identidad y registro civil",
    "prevención de la trata de personas", "salud mental y primeros auxilios psicológicos",
    "derechos laborales de personas trabajadoras fronterizas", "inclusión educativa de niñas, niños y adolescentes",
    "regularización migratoria", "protección consular", "no discriminación en los servicios públicos",
    "asistencia jurídica gratuita", "igualdad de género y violencia contra las mujeres migrantes",
)
INSTITUCIONES = ("INM", "COMAR", "DIF", "CNDH", "ACNUR", "OIM", "IMSS", "STPS", "SRE", "RENAPO", "UNICEF", "IFDP")
RETOS = (
    ("Falta de intérpretes de lenguas indígenas y del creole haitiano.", ["barreras_idioma_culturales"]),
    ("Demoras en la expedición de documentos de identidad.", ["documentos_identidad", "agilizacion_tramites"]),
    ("Rotación de personal capacitado en las oficinas municipales.", ["coordinacion_interinstitucional"]),
)
PLANTILLAS = {
    "reunion_trabajo": "Reunión de trabajo sobre {tema}",
    "mesa_interinstitucional": "Mesa interinstitucional de {tema}",
    "capacitacion_curso": "Curso de {tema} para servidores públicos",
    "taller": "Taller de {tema}",
    "conferencia": "Conferencia sobre {tema}",
    "platica_sensibilizacion": "Plática de sensibilización: {tema}",
    "convenio_acuerdo": "Convenio de colaboración en materia de {tema}",
    "jornada_atencion": "Jornada de atención: {tema}",
    "asesoria_atencion": "Asesorías en {tema}",
    "canalizacion": "Canalización de casos de {tema}",
    "campana_difusion": "Campaña de difusión sobre {tema}",
    "entrega_apoyos": "Entrega de apoyos para {tema}",
    "recorrido_visita": "Recorrido de verificación de {tema}",
    "evento_cultural": "Evento cultural por la {tema}",
    "otro": "Acción de {tema}",
}
ESCALA = {"jornada_atencion": 400, "campana_difusion": 1500, "entrega_apoyos": 600, "conferencia": 250}


def _municipios(ctx: Contexto) -> list[str]:
    return sorted(m for m, (ent, _, _) in ctx.catalogos.municipios.items() if ctx.jurisdiccion.admite(ent, m))


def _fecha(azar: random.Random, hoy: date) -> date:
    actual = periodo_de(hoy)
    inicio, _ = limites(anterior(actual))
    dias = (hoy - inicio).days
    return inicio + timedelta(days=azar.randint(0, max(dias - 1, 0)))


def registro_demo(azar: random.Random, ctx: Contexto, i: int, municipios: list[str]) -> dict[str, Any]:
    """Un registro plausible; `i` recorre tipos y ejes para que todos aparezcan."""
    cat = ctx.catalogos
    tipos, ejes = list(cat.tipos_accion), list(cat.ejes)
    tipo = tipos[i % len(tipos)]
    eje = "convenios" if cat.tipos_accion[tipo][1] and "convenios" in cat.ejes else ejes[i % len(ejes)]
    lineas = [clave for clave, (e, _) in cat.lineas_accion.items() if e == eje]
    mun = azar.choice(municipios)
    inicio = _fecha(azar, ctx.hoy)
    fin = min(inicio + timedelta(days=azar.choice((0, 0, 0, 1, 2))), ctx.hoy)
    escala = ESCALA.get(tipo, 40)
    mujeres, hombres = azar.randint(0, escala), azar.randint(0, escala)
    otra, sin_dato = azar.choice((0, 0, 0, 1, 2)), azar.choice((0, 0, 0, 0, 3, 5))
    if mujeres + hombres + otra + sin_dato == 0:
        mujeres = 1
    tema = azar.choice(TEMAS)
    municipio = cat.municipios[mun][1]
    registro: dict[str, Any] = {
        "fecha_inicio": inicio, "fecha_fin": fin, "entidad": mun[:2], "municipio": mun,
        "localidad": municipio, "eje": eje, "linea_accion": azar.choice(lineas) if lineas else None,
        "tipo_accion": tipo, "modalidad": azar.choice(("presencial", "presencial", "virtual", "mixta")),
        "titulo": f"{PLANTILLAS.get(tipo, 'Acción de {tema}').format(tema=tema)} en {municipio} ({i + 1})",
        "descripcion": f"Se realizó con la participación de autoridades de los tres órdenes de gobierno en {municipio}.",
        "resultados": f"Se atendió a {mujeres + hombres + otra + sin_dato:,} personas y se acordó dar seguimiento.",
        "ordenes_gobierno": azar.sample(["federal", "estatal", "municipal"], azar.randint(1, 3)),
        "instituciones": azar.sample(INSTITUCIONES, azar.randint(1, 3)),
        "objetivos_pmm": sorted(azar.sample(range(1, 24), azar.randint(1, 3))),
        "eventos": azar.randint(1, 4), "unidad_conteo": "personas",
        "poblacion": azar.choice(("servidores_publicos", "personas_movilidad", "poblacion_general")),
        "mujeres": mujeres, "hombres": hombres, "otra_identidad": otra, "sin_dato": sin_dato,
    }
    if cat.tipos_accion[tipo][1]:
        firmado = azar.random() < 0.7
        registro["convenio"] = {
            "instrumento": "Convenio de colaboración", "contrapartes": f"Ayuntamiento de {municipio}; {azar.choice(INSTITUCIONES)}",
            "estado_instrumento": "firmado" if firmado else "en_gestion", "fecha_firma": inicio if firmado else None,
            "vigencia_hasta": inicio + timedelta(days=365) if firmado else None, "folio": f"CONV-{inicio.year}-{i + 1:04d}",
        }
    if azar.random() < 0.15:
        texto, categorias = azar.choice(RETOS)
        registro["retos"] = [{"texto": texto, "categorias": categorias}]
    return registro


def generar(
    sesion: Session, ctx: Contexto, oficina: DatosOficina, n: int, *, semilla: int = 2026,
    quien: str = "Datos de demostración", progreso: Callable[[int, int], None] | None = None,
) -> int:
    """Guarda `n` acciones como «lista» (reconociendo los avisos, como lo haría una persona)."""
    azar = random.Random(semilla)
    municipios = _municipios(ctx)
    guardadas = 0
    for i in range(n):
        registro = registro_demo(azar, ctx, i, municipios)
        resultado = guardar(sesion, registro, ctx, oficina, quien=quien, lista=True)
        if not resultado.guardado and not any(m.es_error for m in resultado.mensajes):
            registro["avisos_reconocidos"] = sorted({m.codigo for m in resultado.mensajes})
            resultado = guardar(sesion, registro, ctx, oficina, quien=quien, lista=True)
        if not resultado.guardado:
            detalle = "; ".join(m.texto for m in resultado.mensajes)
            raise RuntimeError(f"La demostración generó un registro inválido: {detalle}")
        guardadas += 1
        if progreso:
            progreso(i + 1, n)
    return guardadas


def generar_en_lote(sesion: Session, ctx: Contexto, oficina: DatosOficina, n: int, *, semilla: int = 2026,
                    quien: str = "Datos de demostración", lote: int = 5000) -> int:
    """Como `generar`, pero inserta por lotes (para el banco de rendimiento y pruebas con miles de registros).

    Cada registro pasa por las reglas (sin la búsqueda de duplicados) y lleva su entrada de historial.
    """
    import uuid

    from base_local.acciones import CAMPOS_DATOS, CAMPOS_JSON, a_json, ahora
    from base_local.modelos import Accion, Historial
    from formularios.reglas import HUELLA_REGLAS, errores, validar

    azar = random.Random(semilla)
    municipios = _municipios(ctx)
    sin_duplicados = Contexto(ctx.catalogos, ctx.jurisdiccion, ctx.hoy)
    momento = ahora()
    acciones, historial = [], []
    for i in range(n):
        registro, mensajes = validar(registro_demo(azar, ctx, i, municipios), sin_duplicados)
        if errores(mensajes):
            raise RuntimeError(f"La demostración generó un registro inválido: {errores(mensajes)[0].texto}")
        registro["avisos_reconocidos"] = sorted({m.codigo for m in mensajes})
        fila = {c: (a_json(registro.get(c)) if c in CAMPOS_JSON else registro.get(c)) for c in CAMPOS_DATOS}
        for c in ("ordenes_gobierno", "instituciones", "objetivos_pmm", "retos", "avisos_reconocidos"):
            fila[c] = fila[c] or []
        inicio = registro["fecha_inicio"]
        fila |= {"id": str(uuid.uuid4()), "revision": 1, "oficina_origen": oficina.clave,
                 "capturado_por": quien, "creado_en": momento, "actualizado_en": momento, "estado": "lista",
                 "periodo": periodo_de(inicio), "pendiente_envio": True, "validada_con": HUELLA_REGLAS}
        acciones.append(fila)
        historial.append({"accion_id": fila["id"], "revision": 1, "quien": quien, "oficina": oficina.clave, "cuando": momento,
                          "operacion": "creacion", "cambios": {}})
        if len(acciones) >= lote or i == n - 1:
            sesion.execute(Accion.__table__.insert(), acciones)
            sesion.execute(Historial.__table__.insert(), historial)
            acciones, historial = [], []
    return n
