"""Órdenes de la línea de comandos de datos de demostración y Excel."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any

from ordenes.comun import SALIDA_OK, SALIDA_RECHAZO, Grupo, abrir, en_transaccion

grupo = Grupo("captura")
orden = grupo.orden


def _args_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registros", type=int, default=200, help="cuántas acciones crear (200 por omisión)")
    p.add_argument("--semilla", type=int, default=2026, help="semilla del azar: la misma semilla da las mismas acciones")
    p.add_argument("--lote", action="store_true", help="inserta por lotes (miles de registros en segundos)")


@orden("demo", "llena la oficina con acciones de demostración válidas", _args_demo)
def _demo(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.oficinas import oficina_local
    from formularios.demo import generar, generar_en_lote
    from formularios.servicio import contexto_para

    if args.registros < 1:
        raise EntradaRechazada("--registros debe ser 1 o más.")
    base = abrir(args)
    try:
        with base.transaccion() as s:
            oficina = oficina_local(s)
            if oficina is None:
                raise EntradaRechazada("La base no tiene oficina local: inicialice la carpeta primero.")
            generador = generar_en_lote if args.lote else generar
            n = generador(s, contexto_para(s, oficina), oficina, args.registros, semilla=args.semilla)
    finally:
        base.cerrar()
    return {"creadas": n, "oficina": oficina.clave, "texto": f"{n} acciones de demostración creadas en {oficina.clave}."}


@orden("plantilla", "escribe la plantilla de Excel para capturar acciones",
       lambda p: p.add_argument("--salida", type=Path, required=True, help="archivo .xlsx"))
def _plantilla(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.consultas_catalogo import leer_catalogos
    from formularios.plantilla import escribir

    archivo = en_transaccion(args, lambda s: {"archivo": escribir(args.salida, leer_catalogos(s))})["archivo"]
    return {"archivo": str(archivo), "texto": f"Plantilla escrita en {archivo}"}


def _args_cargar(p: argparse.ArgumentParser) -> None:
    p.add_argument("archivo", type=Path, help="plantilla .xlsx llena")
    p.add_argument("--simular", action="store_true", help="solo revisa; no guarda nada")
    p.add_argument("--parcial", action="store_true", help="carga las filas válidas aunque otras tengan errores")
    p.add_argument("--quien", default=getpass.getuser(), help="quién captura (queda en el historial)")


@orden("cargar-excel", "carga acciones desde la plantilla de Excel con las reglas del formulario", _args_cargar)
def _cargar_excel(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.oficinas import oficina_local
    from formularios.carga_excel import cargar
    from formularios.limites import texto_libre
    from formularios.reglas import Contexto
    from formularios.servicio import contexto_para

    def trabajo(s) -> dict[str, Any]:
        oficina = oficina_local(s)
        quien = texto_libre("quien", args.quien)  # va al historial que revisa la oficina superior
        ctx: Contexto = contexto_para(s, oficina)
        ctx.buscar_duplicados = None  # en lote, los duplicados se revisan en la lista de acciones
        r = cargar(s, args.archivo, ctx, oficina, quien=quien, simular=args.simular, parcial=args.parcial)
        lineas = [p.texto() if p.nivel == "error" else f"Aviso — {p.texto()}" for p in r.problemas]
        if r.cargado:
            lineas.append(f"Cargadas: {r.nuevas} nuevas, {r.actualizadas} actualizadas, {r.sin_cambios} sin cambios"
                          f" ({r.con_errores} filas con errores no se cargaron).")
        elif args.simular:
            lineas.append(f"Simulación: {r.validas} filas válidas y {r.con_errores} con errores de {r.filas}; no se guardó nada.")
        else:
            lineas.append(f"No se cargó nada: {r.con_errores} de {r.filas} filas tienen errores. Corríjalas o use --parcial.")
        if r.copia:
            lineas.append(f"Copia con la columna de errores y los ids: {r.copia}")
        return {**r.a_dict(), "texto": "\n".join(lineas),
                "codigo_salida": SALIDA_RECHAZO if r.con_errores and not args.simular else SALIDA_OK}

    return en_transaccion(args, trabajo)
