"""Punto de entrada: sin argumentos abre la aplicación de escritorio; con una orden, la ejecuta sin ventana."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = "0.1.0"
SALIDA_OK, SALIDA_RECHAZO, SALIDA_FALLA = 0, 2, 1

_TRADUCCIONES = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "opción no válida: %(value)r (elija entre %(choices)s)",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "expected one argument": "falta su valor",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
}
argparse._ = lambda texto: _TRADUCCIONES.get(texto, texto)  # mensajes de argparse en español


@dataclass(frozen=True)
class Orden:
    """Una suborden de la línea de comandos."""

    nombre: str
    ayuda: str
    argumentos: Callable[[argparse.ArgumentParser], None]
    ejecutar: Callable[[argparse.Namespace], dict[str, Any]]


ORDENES: dict[str, Orden] = {}


def orden(nombre: str, ayuda: str, argumentos: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    """Registra una suborden; la función devuelve un diccionario con el resultado (y 'texto' para humanos)."""

    def registrar(funcion: Callable[[argparse.Namespace], dict[str, Any]]):
        ORDENES[nombre] = Orden(nombre, ayuda, argumentos, funcion)
        return funcion

    return registrar


# --- Opciones y utilidades comunes ------------------------------------------------------------


def _opciones_globales(p: argparse.ArgumentParser, por_omision: Any) -> None:
    p.add_argument("--datos", type=Path, default=por_omision, help="carpeta de datos de la oficina")
    p.add_argument("--base", default=por_omision, help="URL SQLAlchemy de la base (por omisión, SQLite en la carpeta)")
    p.add_argument("--json", action="store_true", default=por_omision, help="salida legible por máquina")


def carpeta(args: argparse.Namespace) -> Path:
    from base_local.rutas import carpeta_predeterminada

    return (args.datos or carpeta_predeterminada()).expanduser().resolve()


def url_base(args: argparse.Namespace) -> str:
    from base_local.rutas import Rutas

    return args.base or Rutas(carpeta(args)).url_base


def abrir(args: argparse.Namespace):
    """Base abierta y migrada de la carpeta; rechaza si la carpeta no tiene oficina."""
    from base_local.apertura import abrir_base
    from base_local.errores import EntradaRechazada
    from base_local.rutas import Rutas

    rutas = Rutas(carpeta(args))
    if not args.base and not rutas.base.exists():
        raise EntradaRechazada(
            f"La carpeta {rutas.raiz} no tiene una oficina: inicialícela con «inicializar» o indique otra con --datos."
        )
    return abrir_base(url_base(args), rutas.respaldos)


def pedir_frase(confirmar: bool) -> str:
    """Frase de la variable FSUR_FRASE o, si no está, preguntada en la terminal (dos veces al crearla)."""
    from base_local.errores import EntradaRechazada

    frase = os.environ.get("FSUR_FRASE")
    if frase is not None:
        return frase
    if not sys.stdin.isatty():
        raise EntradaRechazada("Falta la frase de acceso: defínala en la variable FSUR_FRASE o ejecute la orden en una terminal.")
    frase = getpass.getpass("Frase de acceso: ")
    if confirmar and getpass.getpass("Repita la frase de acceso: ") != frase:
        raise EntradaRechazada("Las dos frases no coinciden: vuelva a intentarlo.")
    return frase


# --- Órdenes ---------------------------------------------------------------------------------


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
    creada = inicializar(carpeta(args), sol, pedir_frase(confirmar=True), args.base)
    legible = huella_legible(creada.huella)
    return {
        "oficina": creada.clave, "huella": creada.huella, "carpeta": str(creada.carpeta),
        "texto": f"Oficina {creada.clave} creada en {creada.carpeta}\nHuella de la llave: {legible}\n"
        "Imprima la ficha de registro y llévela a su oficina superior.",
    }


def _args_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registros", type=int, default=200, help="cuántas acciones crear (200 por omisión)")
    p.add_argument("--semilla", type=int, default=2026)


@orden("demo", "llena la oficina con acciones de demostración válidas", _args_demo)
def _demo(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.oficinas import oficina_local
    from formularios.demo import generar
    from formularios.servicio import contexto_para

    if args.registros < 1:
        raise EntradaRechazada("--registros debe ser 1 o más.")
    base = abrir(args)
    try:
        with base.transaccion() as s:
            oficina = oficina_local(s)
            if oficina is None:
                raise EntradaRechazada("La base no tiene oficina local: inicialice la carpeta primero.")
            n = generar(s, contexto_para(s, oficina), oficina, args.registros, semilla=args.semilla)
    finally:
        base.cerrar()
    return {"creadas": n, "oficina": oficina.clave, "texto": f"{n} acciones de demostración creadas en {oficina.clave}."}


@orden("estado", "muestra la oficina de la carpeta, su llave y sus cifras")
def _estado(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.resumen import resumen_oficina

    base = abrir(args)
    try:
        with base.transaccion() as s:
            datos = resumen_oficina(s)
    finally:
        base.cerrar()
    datos["carpeta"] = str(carpeta(args))
    return datos


def privada(args: argparse.Namespace):
    """Llave privada de la oficina, abierta con la frase (FSUR_FRASE o la terminal)."""
    from base_local.errores import EntradaRechazada
    from base_local.rutas import Rutas
    from empaquetado import llaves

    archivo = Rutas(carpeta(args)).llave_privada
    if not archivo.exists():
        raise EntradaRechazada(f"No está la llave privada de la oficina en {archivo}: ¿es la carpeta correcta?")
    try:
        return llaves.abrir(archivo, pedir_frase(confirmar=False))
    except llaves.FraseIncorrecta as e:
        raise EntradaRechazada(str(e), "FRASE_INCORRECTA") from None


def en_transaccion(args: argparse.Namespace, trabajo: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    base = abrir(args)
    try:
        with base.transaccion() as s:
            return trabajo(s)
    finally:
        base.cerrar()


def escribir_json(ruta: Path, documento: dict[str, Any]) -> None:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    temporal = ruta.with_name(ruta.name + ".parcial")
    temporal.write_text(json.dumps(documento, ensure_ascii=False, indent=2), encoding="utf-8")
    temporal.replace(ruta)


@orden("ficha", "escribe la ficha de registro de la oficina (para su oficina superior)",
       lambda p: p.add_argument("--salida", type=Path, required=True, help="archivo JSON de la ficha"))
def _ficha(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.confianza import ficha
    from empaquetado.llaves import huella_legible
    from reportes.hojas import ficha as ficha_pdf

    clave = privada(args)
    documento = en_transaccion(args, lambda s: ficha(s, clave))
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
    from base_local.acciones import ahora
    from base_local.modelos import Llave
    from base_local.oficinas import oficina_local
    from base_local.rutas import Rutas
    from empaquetado import llaves
    from empaquetado.confianza import aviso_rotacion, llave_activa

    anterior = privada(args)
    nueva = llaves.generar()
    rutas = Rutas(carpeta(args))

    def trabajo(s) -> dict[str, Any]:
        aviso = aviso_rotacion(s, anterior, nueva.privada)
        oficina = oficina_local(s).clave
        vieja = llave_activa(s, oficina)
        vieja.estado, vieja.motivo = "retirada", "Rotación de llave"
        s.add(Llave(huella=nueva.huella, oficina=oficina, publica=nueva.publica, estado="activa", registrada_en=ahora()))
        s.flush()
        escribir_json(args.salida, aviso)
        sellada = llaves.sellar(nueva.privada, pedir_frase(confirmar=False), oficina)
        temporal = rutas.llave_privada.with_suffix(".nueva")
        temporal.write_bytes(sellada)
        temporal.replace(rutas.llave_privada)
        return {"huella": nueva.huella, "aviso": str(args.salida),
                "texto": f"Llave rotada. Lleve {args.salida} a su oficina superior.\nNueva huella: {llaves.huella_legible(nueva.huella)}"}

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


@orden("exportar", "escribe el paquete firmado con lo nuevo o cambiado desde el anterior", _args_exportar)
def _exportar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.periodos import limites
    from base_local.rutas import Rutas
    from empaquetado.exportar import exportar, preparar

    if args.periodo:
        try:
            limites(args.periodo)
        except ValueError as e:
            raise EntradaRechazada(str(e)) from None

    def trabajo(s) -> dict[str, Any]:
        prep = preparar(s, args.periodo)
        excluidos = [{"id": i, "titulo": t, "errores": e} for i, t, e in prep.excluidos]
        aviso = "".join(f"\nNo se incluyó «{t}»: {e[0]}" for _, t, e in prep.excluidos)
        if not prep.registros:
            return {"paquete": None, "registros": 0, "excluidos": excluidos,
                    "texto": "No hay nada nuevo que enviar desde el último paquete; no se escribió ningún archivo." + aviso}
        hecho = exportar(s, prep, privada(args), args.salida, Rutas(carpeta(args)).evidencias)
        pdf = escribir_caratula(s, hecho)
        return {"paquete": hecho.id, "archivo": str(hecho.archivo), "caratula": str(pdf), "secuencia": hecho.secuencia,
                "huella": hecho.huella, "registros": hecho.registros, "excluidos": excluidos,
                "texto": f"Paquete {hecho.secuencia} escrito en {hecho.archivo} con {hecho.registros:,} registros.\n"
                         f"Carátula para imprimir: {pdf}{aviso}"}

    return en_transaccion(args, trabajo)


def escribir_caratula(sesion, hecho) -> Path:
    """Carátula PDF junto al paquete, con los datos firmados de su envio.json."""
    import zipfile

    from base_local.oficinas import oficina_local
    from reportes.hojas import caratula

    with zipfile.ZipFile(hecho.archivo) as z:
        envio = json.loads(z.read("envio/envio.json"))
    destino = hecho.archivo.with_name(hecho.archivo.stem + "-caratula.pdf")
    return caratula(destino, envio, hecho.huella, oficina_local(sesion).responsable, str(hecho.archivo))


@orden("verificar", "verifica un paquete sin importarlo",
       lambda p: p.add_argument("archivo", type=Path))
def _verificar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from empaquetado.verificar import verificar

    v = en_transaccion(args, lambda s: verificar(s, args.archivo))
    if not v.valido:
        raise EntradaRechazada(v.mensaje, v.codigo)
    return {**v.a_dict(), "texto": f"{v.codigo}: {v.mensaje}"}


def _args_importar(p: argparse.ArgumentParser) -> None:
    p.add_argument("archivos", type=Path, nargs="+", help="paquetes .zip o acuses .json")
    p.add_argument("--simular", action="store_true", help="solo muestra lo que pasaría, registro por registro")


@orden("importar", "verifica e importa paquetes (o aplica acuses de recibo)", _args_importar)
def _importar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.respaldos import respaldar
    from base_local.rutas import Rutas
    from empaquetado.acuses import aplicar, es_acuse
    from empaquetado.confianza import leer_documento
    from empaquetado.importar import importar_archivo

    rutas = Rutas(carpeta(args))
    base = abrir(args)
    resultados, lineas, rechazos = [], [], 0
    try:
        for archivo in args.archivos:
            if archivo.suffix.lower() == ".json":
                try:
                    documento = leer_documento(archivo)
                    if not es_acuse(documento):
                        raise EntradaRechazada(f"{archivo.name} no es un acuse de recibo.")
                    with base.transaccion() as s:
                        hecho = aplicar(s, documento)
                    resultados.append({"archivo": str(archivo), "resultado": "acuse_aplicado", **hecho})
                    lineas.append(f"{archivo.name}: {hecho['texto']}")
                except EntradaRechazada as e:
                    rechazos += 1
                    resultados.append({"archivo": str(archivo), "resultado": "rechazado", "codigo": e.codigo, "mensaje": str(e)})
                    lineas.append(f"{archivo.name}: RECHAZADO ({e.codigo}) {e}")
                continue
            respaldo = None if base.motor.dialect.name != "sqlite" else (lambda: respaldar(rutas.base, rutas.respaldos, "antes-de-importar"))
            r = importar_archivo(base, archivo, rutas.evidencias, simular=args.simular, antes_de_escribir=respaldo)
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
             f"{c['sin_cambios']} sin cambios, {c['obsoletos']} obsoletos, {c['conflictos']} en conflicto")
    if r.resultado == "duplicado":
        linea = f"{nombre}: {r.mensaje}"
    if simular:
        linea += "".join(f"\n  {d['resultado']:<13} {d['titulo'][:60]}" + (f" (cambia: {', '.join(d['campos'])})" if d["campos"] else "")
                         for d in r.detalle)
    return linea + "".join(f"\n  Aviso: {x}" for x in r.faltantes)


def _args_observar(p: argparse.ArgumentParser) -> None:
    p.add_argument("accion", help="id de la acción")
    p.add_argument("--texto", required=True)
    p.add_argument("--autor", default=getpass.getuser())


@orden("observar", "deja una observación sobre una acción recibida (viaja en el acuse)", _args_observar)
def _observar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.acuses import observar

    return en_transaccion(args, lambda s: observar(s, args.accion, args.texto, args.autor))


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

        documento = emitir(s, args.paquete, clave, args.autor)
        escribir_json(args.salida, documento)
        acuse_pdf(args.salida.with_suffix(".pdf"), documento)
        estados = [r["estado"] for r in documento["registros"]]
        return {"archivo": str(args.salida), "registros": len(estados),
                "texto": f"Acuse escrito en {args.salida}: {estados.count('aceptada')} aceptadas, {estados.count('observada')} observadas, "
                         f"{estados.count('conflicto')} en conflicto, {estados.count('obsoleta')} obsoletas."}

    return en_transaccion(args, trabajo)


def _args_reporte(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tipo", required=True, choices=["consolidado", "trimestral", "compendio"])
    p.add_argument("--formato", choices=["xlsx", "pdf"], help="xlsx para el consolidado, pdf para los demás")
    p.add_argument("--periodo", help="AAAAT# (trimestre) o AAAA (año); sin él, todo")
    p.add_argument("--entidad", help="clave de la entidad (04, 07, 23, 27); sin ella, las cuatro")
    p.add_argument("--salida", type=Path, required=True)


@orden("reporte", "produce el libro consolidado, el reporte trimestral o el compendio por objetivo PMM", _args_reporte)
def _reporte(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from reportes.datos import Seleccion
    from reportes.generar import TIPOS, generar

    formato = args.formato or TIPOS[args.tipo][0]

    def trabajo(s) -> dict[str, Any]:
        try:
            archivo = generar(s, args.tipo, formato, Seleccion(args.periodo, args.entidad), args.salida)
        except ValueError as e:
            raise EntradaRechazada(str(e)) from None
        return {"archivo": str(archivo), "texto": f"Reporte {args.tipo} escrito en {archivo}"}

    return en_transaccion(args, trabajo)


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
    from formularios.reglas import Contexto
    from formularios.servicio import contexto_para

    def trabajo(s) -> dict[str, Any]:
        oficina = oficina_local(s)
        ctx: Contexto = contexto_para(s, oficina)
        ctx.buscar_duplicados = None  # en lote, los duplicados se revisan en la lista de acciones
        r = cargar(s, args.archivo, ctx, oficina, quien=args.quien, simular=args.simular, parcial=args.parcial)
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


# --- Ejecución -------------------------------------------------------------------------------


def construir_analizador() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="registro-fsur", description="Registro de Acciones — Frontera Sur")
    p.add_argument("--version", action="version", version=f"Registro de Acciones — Frontera Sur {VERSION}")
    _opciones_globales(p, None)
    sub = p.add_subparsers(dest="orden", metavar="ORDEN", title="órdenes")
    for o in ORDENES.values():
        sp = sub.add_parser(o.nombre, help=o.ayuda, description=o.ayuda)
        _opciones_globales(sp, argparse.SUPPRESS)
        o.argumentos(sp)
    return p


def _imprimir(args: argparse.Namespace, datos: dict[str, Any]) -> None:
    texto = datos.pop("texto", None)
    if args.json:
        print(json.dumps(datos, ensure_ascii=False, indent=2, default=str))
    else:
        print(texto if texto is not None else "\n".join(f"{k}: {v}" for k, v in datos.items()))


def _falla(args: argparse.Namespace, codigo: str, mensaje: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps({"error": codigo, "mensaje": mensaje}, ensure_ascii=False))
    else:
        print(f"Error: {mensaje}", file=sys.stderr)


def principal(argv: list[str] | None = None) -> int:
    analizador = construir_analizador()
    args = analizador.parse_args(argv)
    if args.orden is None:
        from escritorio.aplicacion import ejecutar

        return ejecutar(carpeta(args), args.base)
    from base_local.errores import EntradaRechazada
    from base_local.esquema import BaseMasNueva

    try:
        datos = ORDENES[args.orden].ejecutar(args)
        codigo = datos.pop("codigo_salida", SALIDA_OK)
        _imprimir(args, datos)
        return codigo
    except EntradaRechazada as e:
        _falla(args, e.codigo, str(e))
        return SALIDA_RECHAZO
    except BaseMasNueva as e:
        _falla(args, "BASE_MAS_NUEVA", str(e))
        return SALIDA_RECHAZO
    except KeyboardInterrupt:
        _falla(args, "INTERRUMPIDO", "Operación interrumpida: no se guardó nada de lo que estaba en curso.")
        return SALIDA_FALLA
    except Exception as e:  # noqa: BLE001 — ningún error interno llega como traza desnuda
        bitacora = Path(tempfile.gettempdir()) / "registro-fsur-error.log"
        bitacora.write_text(traceback.format_exc(), encoding="utf-8")
        _falla(args, "ERROR_INTERNO", f"Falla interna ({type(e).__name__}: {e}). El detalle quedó en {bitacora}.")
        return SALIDA_FALLA


if __name__ == "__main__":
    sys.exit(principal())
