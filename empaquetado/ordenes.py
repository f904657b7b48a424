"""Órdenes de la línea de comandos de oficinas, llaves, paquetes y acuses."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any

from base_local.cli import (
    SALIDA_OK,
    SALIDA_RECHAZO,
    abrir,
    carpeta,
    en_transaccion,
    escribir_json,
    orden,
    pedir_frase,
    url_base,
)
from formularios.legible import plural


def _args_inicializar(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tipo", required=True, choices=["municipal", "estatal", "central"])
    p.add_argument("--entidad", help="clave INEGI de la entidad (04, 07, 23, 27)")
    p.add_argument("--municipio", help="clave INEGI de 5 dígitos del municipio")
    p.add_argument("--nombre", required=True, help="nombre de la oficina")
    p.add_argument("--responsable", required=True, help="persona responsable")


@orden("inicializar", "crea la oficina, su base y su par de llaves en la carpeta de datos", _args_inicializar)
def _inicializar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.alta import SolicitudAlta, inicializar, revisar
    from empaquetado.llaves import huella_legible

    sol = SolicitudAlta(args.tipo, args.nombre, args.responsable, args.entidad, args.municipio)
    revisar(sol, "x" * 64)  # primero los datos de la oficina, antes de pedir la frase
    creada = inicializar(carpeta(args), sol, pedir_frase(confirmar=True), url_base(args) if args.base else None)
    legible = huella_legible(creada.huella)
    return {
        "oficina": creada.clave, "huella": creada.huella, "carpeta": str(creada.carpeta),
        "texto": f"Oficina {creada.clave} creada en {creada.carpeta}\nHuella de la llave: {legible}\n"
        "Imprima la ficha de registro y llévela a su oficina superior.",
    }


def llaves_abiertas(args: argparse.Namespace):
    """Llave privada e identidad de cifrado de la oficina, abiertas con la frase (FSUR_FRASE o la terminal)."""
    from base_local.errores import EntradaRechazada
    from base_local.rutas import Rutas
    from empaquetado import llaves

    archivo = Rutas(carpeta(args)).llave_privada
    if not archivo.exists():
        raise EntradaRechazada(f"No está la llave privada de la oficina en {archivo}: ¿es la carpeta correcta?")
    try:
        return llaves.abrir_llaves(archivo, pedir_frase(confirmar=False))
    except llaves.FraseIncorrecta as e:
        raise EntradaRechazada(str(e), "FRASE_INCORRECTA") from None


def privada(args: argparse.Namespace):
    """Llave privada de la oficina, abierta con la frase (FSUR_FRASE o la terminal)."""
    return llaves_abiertas(args).privada


def identidad(args: argparse.Namespace):
    """La identidad de cifrado, pedida (con la frase) una sola vez y solo si algún archivo del lote está cifrado."""
    from empaquetado.recepcion import una_vez

    return una_vez(lambda: llaves_abiertas(args).identidad)


@orden("ficha", "escribe la ficha de registro de la oficina (para su oficina superior)",
       lambda p: p.add_argument("--salida", type=Path, required=True, help="archivo JSON de la ficha"))
def _ficha(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.confianza import ficha
    from empaquetado.llaves import huella_legible
    from reportes.hojas import ficha as ficha_pdf

    abiertas = llaves_abiertas(args)
    documento = en_transaccion(args, lambda s: ficha(s, abiertas.privada, abiertas.destinatario))
    escribir_json(args.salida, documento)
    pdf = ficha_pdf(args.salida.with_suffix(".pdf"), documento)
    return {"archivo": str(args.salida), "pdf": str(pdf), "huella": documento["huella"],
            "texto": f"Ficha escrita en {args.salida} (para imprimir: {pdf})\nHuella: {huella_legible(documento['huella'])}"}


@orden("registrar-oficina", "registra la ficha (o el aviso de rotación) de otra oficina",
       lambda p: p.add_argument("archivo", type=Path, help="ficha .json"))
def _registrar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.confianza import leer_documento, registrar

    documento = leer_documento(args.archivo)
    return en_transaccion(args, lambda s: registrar(s, documento))


@orden("rotar-llave", "genera una llave nueva y el aviso firmado por la anterior",
       lambda p: p.add_argument("--salida", type=Path, required=True, help="archivo del aviso de rotación"))
def _rotar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.rutas import Rutas
    from empaquetado.confianza import rotar_llave_local
    from empaquetado.llaves import huella_legible

    frase = pedir_frase(confirmar=False)
    anterior = privada(args)

    def trabajo(s) -> dict[str, Any]:
        aviso = rotar_llave_local(s, Rutas(carpeta(args)).llave_privada, anterior, frase)
        escribir_json(args.salida, aviso)
        return {"huella": aviso["huella_nueva"], "aviso": str(args.salida),
                "texto": f"Llave rotada. Lleve {args.salida} a su oficina superior.\nNueva huella: {huella_legible(aviso['huella_nueva'])}"}

    return en_transaccion(args, trabajo)


def _args_revocar(p: argparse.ArgumentParser) -> None:
    p.add_argument("huella", help="huella de la llave (con o sin espacios)")
    p.add_argument("--motivo", required=True)


@orden("revocar-llave", "revoca la llave de una oficina registrada", _args_revocar)
def _revocar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.confianza import revocar

    return en_transaccion(args, lambda s: revocar(s, args.huella, args.motivo))


def _args_exportar(p: argparse.ArgumentParser) -> None:
    p.add_argument("--salida", type=Path, required=True, help="carpeta donde se escribe el paquete")
    p.add_argument("--periodo", help="solo registros de ese trimestre (AAAAT#)")
    p.add_argument("--reenviar", type=int, metavar="N", help="escribe otra vez, byte a byte, el paquete N ya enviado")


@orden("exportar", "escribe el paquete firmado con lo nuevo o cambiado desde el anterior", _args_exportar)
def _exportar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.periodos import limites
    from base_local.rutas import Rutas
    from empaquetado.exportar import exportar_y_publicar

    if args.reenviar is not None:
        return _reenviar(args)
    if args.periodo:
        try:
            limites(args.periodo)
        except ValueError as e:
            raise EntradaRechazada(str(e)) from None
    base = abrir(args)
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
    from empaquetado.exportar import en_claro, huella_de_zip, reenviar

    def trabajo(s) -> dict[str, Any]:
        rutas = Rutas(carpeta(args))
        archivo = reenviar(s, rutas, args.reenviar, args.salida)
        claro = rutas.enviados / en_claro(archivo).name
        huella = huella_de_zip(claro) or ""
        pdf = escribir_caratula(s, archivo, huella, claro)
        return {"secuencia": args.reenviar, "archivo": str(archivo), "caratula": str(pdf), "huella": huella,
                "texto": f"Paquete {args.reenviar} escrito de nuevo, byte a byte, en {archivo}.\nCarátula para imprimir: {pdf}"}

    return en_transaccion(args, trabajo)


def escribir_caratula(sesion, archivo: Path, huella: str, claro: Path | None = None) -> Path:
    """Carátula PDF junto al paquete, con los datos firmados de su envio.json (leídos del zip firmado `claro`
    cuando el paquete va cifrado)."""
    import zipfile

    from base_local.oficinas import oficina_local
    from empaquetado import formato as f
    from empaquetado.exportar import en_claro
    from empaquetado.json_estricto import cargar
    from reportes.hojas import caratula

    with zipfile.ZipFile(claro or archivo) as z:
        envio = cargar(z.read("envio/envio.json"), "envio.json", f.MAX_ETIQUETA)
    destino = archivo.with_name(Path(en_claro(archivo).name).stem + "-caratula.pdf")
    return caratula(destino, envio, huella, oficina_local(sesion).responsable, str(archivo))


@orden("verificar", "verifica uno o varios paquetes sin importarlos",
       lambda p: p.add_argument("archivos", type=Path, nargs="+", metavar="archivo"))
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
            lineas.append(_linea_importacion(r, args.simular))
    finally:
        base.cerrar()
    # Un rechazo (aunque otros paquetes sí entren) sale con código 2 para que un guion lo note.
    return {"paquetes": resultados, "texto": "\n".join(lineas), "codigo_salida": SALIDA_RECHAZO if rechazos else SALIDA_OK}


def _linea_importacion(r, simular: bool) -> str:
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
        linea += "".join(f"\n  {d['resultado']:<13} {d['titulo'][:60]}" + (f" (cambia: {', '.join(d['campos'])})" if d["campos"] else "")
                         for d in r.detalle)
    if r.duplicados:
        linea += (f"\n  Aviso: {len(r.duplicados)} posibles duplicados (mismo municipio, tipo, fechas cercanas y cifras o "
                  "título); revíselos con «duplicados» o en la página Posibles duplicados.")
    return linea + "".join(f"\n  Aviso: {x}" for x in r.faltantes)


def _args_observar(p: argparse.ArgumentParser) -> None:
    p.add_argument("accion", nargs="+", help="id de la acción (o varios, separados por espacios: la misma observación a cada una)")
    p.add_argument("--texto", required=True)
    p.add_argument("--autor", default=getpass.getuser())


@orden("observar", "deja una observación sobre una o varias acciones recibidas (viaja en el acuse)", _args_observar)
def _observar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.acuses import observar_varias

    return en_transaccion(args, lambda s: observar_varias(s, args.accion, args.texto, args.autor))


def _args_aceptar(p: argparse.ArgumentParser) -> None:
    p.add_argument("accion", nargs="+", help="id de la acción recibida (o varios, separados por espacios)")
    p.add_argument("--quien", default=getpass.getuser())


@orden("aceptar", "acepta una o varias acciones recibidas en su revisión actual (retira la observación que aún no salía)",
       _args_aceptar)
def _aceptar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.acuses import aceptar

    return en_transaccion(args, lambda s: aceptar(s, args.accion, args.quien))


def _args_acuse(p: argparse.ArgumentParser) -> None:
    p.add_argument("--paquete", required=True, help="id del paquete importado")
    p.add_argument("--salida", type=Path, required=True, help="archivo .json del acuse")
    p.add_argument("--autor", default=getpass.getuser())


@orden("acuse", "emite el acuse de recibo firmado de un paquete importado", _args_acuse)
def _acuse(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.acuses import emitir

    clave = privada(args)

    def trabajo(s) -> dict[str, Any]:
        from reportes.hojas import acuse as acuse_pdf
        from reportes.hojas import resultado_del_acuse, titulos

        documento = emitir(s, args.paquete, clave, args.autor)
        escribir_json(args.salida, documento)
        acuse_pdf(args.salida.with_suffix(".pdf"), documento, titulos(s, [r["id"] for r in documento["registros"]]))
        return {"archivo": str(args.salida), "registros": len(documento["registros"]),
                "texto": f"Acuse escrito en {args.salida}: {resultado_del_acuse(documento['registros'])}."}

    return en_transaccion(args, trabajo)


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
    p.add_argument("--conservar", required=True, choices=["recibida", "local"])
    p.add_argument("--nota", required=True)
    p.add_argument("--quien", default=getpass.getuser())


@orden("resolver-conflicto", "decide un conflicto o una enmienda (la decisión vuelve a la oficina en el acuse)", _args_resolver)
def _resolver(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.conflictos import resolver

    return en_transaccion(args, lambda s: resolver(s, args.id, args.conservar, args.nota, args.quien))
