"""Órdenes de la oficina: crearla, su estado, su ficha y sus llaves."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from base_local.escritura import escribir_json
from ordenes.comun import (
    Grupo,
    abrir,
    carpeta,
    en_transaccion,
    llaves_abiertas,
    pedir_frase,
    privada,
    url_base,
)

grupo = Grupo("oficina")
orden = grupo.orden


def _args_inicializar(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tipo", required=True, choices=["municipal", "estatal", "central"], help="tipo de oficina")
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
    p.add_argument("--motivo", required=True, help="por qué se revoca (queda en el registro de la llave)")


@orden("revocar-llave", "revoca la llave de una oficina registrada", _args_revocar)
def _revocar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.confianza import revocar

    return en_transaccion(args, lambda s: revocar(s, args.huella, args.motivo))
