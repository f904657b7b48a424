"""Órdenes de paquetes: exportar, verificar, importar y decidir conflictos."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any

from formularios.legible import plural
from ordenes.comun import (
    SALIDA_OK,
    SALIDA_RECHAZO,
    Grupo,
    abrir,
    carpeta,
    en_transaccion,
    identidad,
    llaves_abiertas,
    privada,
)

grupo = Grupo("paquetes")
orden = grupo.orden


def _args_exportar(p: argparse.ArgumentParser) -> None:
    p.add_argument("--salida", type=Path, required=True, help="carpeta donde se escribe el paquete")
    p.add_argument("--periodo", help="solo registros de ese trimestre (AAAAT#)")
    p.add_argument("--reenviar", type=int, metavar="N", help="escribe otra vez, byte a byte, el paquete N ya enviado")


@orden("exportar", "escribe el paquete firmado con lo nuevo o cambiado desde el anterior", _args_exportar)
def _exportar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.periodos import limites
    from base_local.rutas import Rutas
    from empaquetado.exportar import escribir_caratula, exportar_y_publicar

    if args.reenviar is not None:
        return _reenviar(args)
    if args.periodo:
        try:
            limites(args.periodo)
        except ValueError as e:
            raise EntradaRechazada(str(e)) from None
    base = abrir(args, revisar_integridad=False)  # exportar_y_publicar revisa la integridad a la par y no publica de una base dañada
    try:
        prep, hecho = exportar_y_publicar(base, Rutas(carpeta(args)), lambda: privada(args), args.salida, args.periodo)
        excluidos = [{"id": i, "titulo": t, "errores": e} for i, t, e in prep.excluidos]  # también sin evidencias
        aviso = "".join(f"\nNo se incluyó «{t}»: {e[0]}" for _, t, e in prep.excluidos)
        if hecho is None:
            return {"paquete": None, "registros": 0, "excluidos": excluidos,
                    "texto": "No hay nada nuevo que enviar desde el último paquete; no se escribió ningún archivo." + aviso}
        with base.transaccion() as s:
            pdf = escribir_caratula(s, hecho.archivo, hecho.huella, hecho.claro)
    finally:
        base.cerrar()
    para = ", ".join(d["para"] for d in hecho.cifrado_para)
    cifrado = f"\nCifrado para: {para}." if para else f"\nAVISO: {hecho.aviso}"
    return {"paquete": hecho.id, "archivo": str(hecho.archivo), "caratula": str(pdf), "secuencia": hecho.secuencia,
            "huella": hecho.huella, "registros": hecho.registros, "excluidos": excluidos, "enviado": str(hecho.enviado),
            "cifrado_para": hecho.cifrado_para, "aviso_cifrado": hecho.aviso,
            "texto": f"Paquete {hecho.secuencia} escrito en {hecho.archivo} con {plural(hecho.registros, 'registro')}.{cifrado}\n"
                     f"Carátula para imprimir: {pdf}{aviso}"}


def _reenviar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.rutas import Rutas
    from empaquetado.exportar import en_claro, escribir_caratula, huella_de_zip, reenviar

    def trabajo(s) -> dict[str, Any]:
        rutas = Rutas(carpeta(args))
        archivo = reenviar(s, rutas, args.reenviar, args.salida)
        claro = rutas.enviados / en_claro(archivo).name
        huella = huella_de_zip(claro) or ""
        pdf = escribir_caratula(s, archivo, huella, claro)
        return {"secuencia": args.reenviar, "archivo": str(archivo), "caratula": str(pdf), "huella": huella,
                "texto": f"Paquete {args.reenviar} escrito de nuevo, byte a byte, en {archivo}.\nCarátula para imprimir: {pdf}"}

    return en_transaccion(args, trabajo)


@orden("verificar", "verifica uno o varios paquetes sin importarlos",
       lambda p: p.add_argument("archivos", type=Path, nargs="+", metavar="archivo", help="paquetes .zip o .zip.age"))
def _verificar(args: argparse.Namespace) -> dict[str, Any]:
    """Un paquete: {"valido", "codigo", "mensaje"}; varios: {"paquetes": [...]}, cada uno con su "archivo". Salida 2 si alguno se rechaza."""
    from empaquetado.recepcion import verificar_uno

    base = abrir(args)
    llave = identidad(args)
    try:
        resultados = [(a, verificar_uno(base, a, llave, carpeta(args))) for a in args.archivos]
    finally:
        base.cerrar()
    salida = SALIDA_OK if all(v.valido for _, v in resultados) else SALIDA_RECHAZO
    texto = "\n".join(f"{a.name}: {v.codigo}: {v.mensaje}" if len(resultados) > 1 else f"{v.codigo}: {v.mensaje}" for a, v in resultados)
    if len(resultados) == 1:
        return {**resultados[0][1].a_dict(), "texto": texto, "codigo_salida": salida}
    return {"paquetes": [{"archivo": str(a), **v.a_dict()} for a, v in resultados], "texto": texto, "codigo_salida": salida}


def _args_importar(p: argparse.ArgumentParser) -> None:
    p.add_argument("archivos", type=Path, nargs="+", help="paquetes .zip o .zip.age, o acuses .json")
    p.add_argument("--simular", action="store_true", help="solo muestra lo que pasaría, registro por registro")
    p.add_argument("--salida", type=Path, help="carpeta de los acuses para las municipales cuando la estatal aplica el "
                                               "acuse de la central (por omisión, la carpeta del acuse)")


@orden("importar", "verifica e importa paquetes (o aplica acuses de recibo), cada archivo por su cuenta", _args_importar)
def _importar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.respaldos import respaldar
    from base_local.rutas import Rutas
    from empaquetado.recepcion import aplicar_acuse, importar_uno, una_vez
    from empaquetado.vista_previa import por_oficina_y_trimestre

    rutas = Rutas(carpeta(args))
    base = abrir(args)
    resultados, lineas, rechazos = [], [], 0
    abiertas: list = []

    def de_la_oficina():  # la frase se pide una vez, y solo si hace falta: un acuse de la central que reenviar o un .zip.age
        if not abiertas:
            abiertas.append(llaves_abiertas(args))
        return abiertas[0]

    def llave():
        return de_la_oficina().privada

    descifrar = una_vez(lambda: de_la_oficina().identidad)

    try:
        for archivo in args.archivos:
            if archivo.suffix.lower() == ".json":
                hecho = aplicar_acuse(base, archivo, salida=args.salida, llave=llave, autor=getpass.getuser())
                resultados.append(hecho)
                if hecho["resultado"] == "rechazado":
                    rechazos += 1
                    lineas.append(f"{archivo.name}: RECHAZADO ({hecho['codigo']}) {hecho['mensaje']}")
                else:
                    rechazos += "aviso_reenvio" in hecho  # aplicado, pero faltan los acuses de las municipales
                    lineas.append(f"{archivo.name}: {hecho['texto']}")
                continue
            respaldo = None if base.archivo is None else (lambda: respaldar(base.archivo, rutas.respaldos, "antes-de-importar"))
            r = importar_uno(base, archivo, rutas.evidencias, simular=args.simular, antes_de_escribir=respaldo, identidad=descifrar)
            rechazos += r.resultado == "rechazado"
            resultados.append(r.a_dict(con_detalle=args.simular))
            if args.simular and r.resultado == "simulado":
                resultados[-1]["por_oficina_y_trimestre"] = por_oficina_y_trimestre(r.detalle)
            lineas.append(_linea_importacion(r, args.simular))
    finally:
        base.cerrar()
    # Un rechazo (aunque otros paquetes sí entren) sale con código 2 para que un guion lo note.
    return {"paquetes": resultados, "texto": "\n".join(lineas), "codigo_salida": SALIDA_RECHAZO if rechazos else SALIDA_OK}


def _linea_registro(d: dict[str, Any]) -> str:
    """Un registro de la vista previa: resultado, fecha, municipio, tipo, cifras por sexo y cada cambio antes → después."""
    linea = (f"\n  {d['resultado']:<13} {d.get('fecha_inicio') or '':<10} {d.get('municipio') or '':<5} {d.get('tipo_accion') or '':<22} "
             f"M {d.get('mujeres', 0)} H {d.get('hombres', 0)} O {d.get('otra_identidad', 0)} SD {d.get('sin_dato', 0)}  "
             f"{d['titulo'][:50]}" + (" [posible duplicado]" if d.get("posible_duplicado") else ""))
    cambios = d.get("cambios") or {}
    if cambios:
        linea += "".join(f"\n      {c}: {str(a)[:60]} → {str(b)[:60]}" for c, (a, b) in cambios.items())
    elif d["campos"]:
        linea += f" (cambia: {', '.join(d['campos'])})"
    return linea


def _linea_importacion(r, simular: bool) -> str:
    from empaquetado.vista_previa import por_oficina_y_trimestre

    nombre = Path(r.archivo).name
    if r.resultado == "rechazado":
        return f"{nombre}: RECHAZADO ({r.codigo}) {r.mensaje}"
    c = r.conteos
    linea = (f"{nombre}: {r.resultado} — {c['nuevos']} nuevos, {c['actualizados']} actualizados, "
             f"{c['sin_cambios']} sin cambios, {c['obsoletos']} obsoletos, {c['conflictos']} en conflicto, "
             f"{c['enmiendas']} enmiendas en espera de aprobación")
    if r.resultado == "duplicado":
        linea = f"{nombre}: {r.mensaje}"
    if simular:
        linea += "".join(_linea_registro(d) for d in r.detalle)
        linea += "".join(f"\n  {c['oficina']} {c['trimestre']}: {c['registros']} registros ("
                         + ", ".join(f"{n} {k}" for k, n in c.items() if k not in ("oficina", "trimestre", "registros")) + ")"
                         for c in por_oficina_y_trimestre(r.detalle))
    if r.duplicados:
        linea += (f"\n  Aviso: {len(r.duplicados)} posibles duplicados (mismo municipio, tipo, fechas cercanas y cifras o "
                  "título); revíselos con «duplicados» o en la página Posibles duplicados.")
    return linea + "".join(f"\n  Aviso: {x}" for x in r.faltantes)


@orden("conflictos", "lista los conflictos y enmiendas pendientes")
def _conflictos(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.conflictos import pendientes

    filas = en_transaccion(args, lambda s: {"filas": pendientes(s)})["filas"]
    lista = [{"id": f[0], "tipo": f[1], "oficina": f[2], "titulo": f[3], "revision_local": f[4], "revision_recibida": f[5],
              "recibido": f[6], "accion": f[7]} for f in filas]
    texto = "\n".join(f"{f[0]:>5} {f[1]:<10} {f[2]:<8} rev {f[4]} vs {f[5]}  {f[3][:60]}" for f in filas) or "No hay conflictos ni enmiendas pendientes."
    return {"pendientes": lista, "texto": texto}


def _args_resolver(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int, help="número del conflicto (ver «conflictos»)")
    p.add_argument("--conservar", required=True, choices=["recibida", "local"], help="qué versión queda")
    p.add_argument("--nota", required=True, help="por qué se decidió así (vuelve a la oficina en el acuse)")
    p.add_argument("--quien", default=getpass.getuser(), help="quién decide (por omisión, el usuario del sistema)")


@orden("resolver-conflicto", "decide un conflicto o una enmienda (la decisión vuelve a la oficina en el acuse)", _args_resolver)
def _resolver(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.conflictos import resolver

    return en_transaccion(args, lambda s: resolver(s, args.id, args.conservar, args.nota, args.quien))
