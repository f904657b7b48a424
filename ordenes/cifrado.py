"""Órdenes de la línea de comandos del cifrado: exportar la identidad age para un tercero y exigir cifrado."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ordenes.comun import Grupo, en_transaccion, llaves_abiertas

grupo = Grupo("cifrado")
orden = grupo.orden

ADVERTENCIA = (
    "# ESTE ARCHIVO ES LA LLAVE DE CIFRADO PRIVADA DE LA OFICINA {oficina}.\n"
    "# Quien lo tenga puede leer todos los paquetes cifrados para esta oficina (listas de asistencia, fotos,\n"
    "# nombres). Úselo solo para descifrar con la herramienta estándar age (age -d -i ESTE_ARCHIVO paquete.zip.age\n"
    "# > paquete.zip) y bórrelo después. No lo envíe por correo ni lo deje en una memoria USB.\n"
    "# destinatario público: {destinatario}\n"
)


def _args_exportar_identidad(p: argparse.ArgumentParser) -> None:
    p.add_argument("--salida", type=Path, required=True, help="archivo de identidad age (se crea legible solo por su dueño)")


@orden("exportar-identidad", "escribe la identidad age de la oficina para descifrar paquetes con la herramienta age",
       _args_exportar_identidad)
def _exportar_identidad(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.oficinas import oficina_local

    abiertas = llaves_abiertas(args)  # pide la frase
    oficina = en_transaccion(args, lambda s: {"clave": oficina_local(s).clave})["clave"]
    if args.salida.exists():
        raise EntradaRechazada(f"{args.salida} ya existe: elija otro nombre (no se sobrescribe una llave).", "SALIDA_EXISTE")
    args.salida.parent.mkdir(parents=True, exist_ok=True)
    texto = ADVERTENCIA.format(oficina=oficina, destinatario=abiertas.destinatario) + abiertas.identidad + "\n"
    descriptor = os.open(args.salida, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as archivo:
        archivo.write(texto)
    advertencia = ("ATENCIÓN: con ese archivo se pueden leer todos los paquetes cifrados para esta oficina. Descifre con\n"
                   f"  age -d -i {args.salida} envio-….zip.age > envio-….zip\ny borre el archivo después.")
    return {"archivo": str(args.salida), "destinatario": abiertas.destinatario, "advertencia": advertencia,
            "texto": f"Identidad de cifrado escrita en {args.salida} (solo su dueño puede leerla).\n{advertencia}"}


def _args_exigir(p: argparse.ArgumentParser) -> None:
    p.add_argument("estado", choices=["si", "no"], help="si: rechaza paquetes sin cifrar de oficinas con llave de cifrado registrada")


@orden("exigir-cifrado", "exige (o deja de exigir) que los paquetes recibidos lleguen cifrados", _args_exigir)
def _exigir(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.modelos import Ajuste
    from empaquetado.politica import AJUSTE_CIFRADO_OBLIGATORIO

    def trabajo(s) -> dict[str, Any]:
        s.merge(Ajuste(clave=AJUSTE_CIFRADO_OBLIGATORIO, valor="1" if args.estado == "si" else "0"))
        s.flush()
        texto = ("Desde ahora se rechazan (CIFRADO_OBLIGATORIO) los paquetes sin cifrar de oficinas que ya registraron su "
                 "llave de cifrado." if args.estado == "si" else "Se aceptan de nuevo paquetes sin cifrar.")
        return {"cifrado_obligatorio": args.estado == "si", "texto": texto}

    return en_transaccion(args, trabajo)
