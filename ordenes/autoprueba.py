"""Orden `autoprueba`: el recorrido completo del programa en una carpeta temporal, un renglón por paso.

Es lo que soporte pide correr a una oficina: no toca su carpeta de datos. Inicializa una oficina municipal y su
superior estatal, guarda un registro por el mismo servicio que el formulario, exporta el paquete, lo verifica e
importa en la superior, escribe un libro y un PDF, y abre y cierra la ventana principal.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ordenes.comun import SALIDA_FALLA, SALIDA_OK, Grupo
from recursos import VERSION

grupo = Grupo("autoprueba")
orden = grupo.orden

Paso = tuple[str, Callable[[], str]]


@contextmanager
def _frase_temporal():
    """Las órdenes leen la frase de FSUR_FRASE: una al azar mientras dura la prueba."""
    previa = os.environ.get("FSUR_FRASE")
    os.environ["FSUR_FRASE"] = secrets.token_urlsafe(24)
    try:
        yield
    finally:
        if previa is None:
            os.environ.pop("FSUR_FRASE", None)
        else:
            os.environ["FSUR_FRASE"] = previa


def _orden(carpeta: Path, *argumentos: str) -> dict[str, Any]:
    """Corre una orden como la línea de comandos (mismas validaciones, mismos errores)."""
    from ordenes.entrada import ORDENES, construir_analizador

    args = construir_analizador().parse_args(["--datos", str(carpeta), *argumentos])
    return ORDENES[args.orden].ejecutar(args)


class Recorrido:
    """Los pasos comparten las carpetas temporales y lo que produce cada uno."""

    def __init__(self, raiz: Path, probar_ventana: Callable[[Path], str] | None = None) -> None:
        self.raiz, self.probar_ventana = raiz, probar_ventana
        self.municipal, self.estatal, self.paquetes = raiz / "municipal", raiz / "estatal", raiz / "paquetes"
        self.paquete: Path | None = None

    def pasos(self) -> list[Paso]:
        return [
            ("inicializar oficina", self.inicializar),
            ("guardar un registro con el servicio del formulario", self.guardar),
            ("exportar el paquete firmado", self.exportar),
            ("verificar el paquete en la oficina superior", self.verificar),
            ("importar el paquete en la oficina superior", self.importar),
            ("escribir el libro de Excel", self.libro),
            ("escribir un PDF", self.pdf),
            ("abrir y cerrar la ventana principal", self.ventana),
        ]

    def inicializar(self) -> str:
        _orden(self.municipal, "inicializar", "--tipo", "municipal", "--entidad", "07", "--municipio", "07089",
               "--nombre", "Oficina de autoprueba", "--responsable", "Autoprueba")
        _orden(self.estatal, "inicializar", "--tipo", "estatal", "--entidad", "07",
               "--nombre", "Enlace de autoprueba", "--responsable", "Autoprueba")
        for origen, destino in ((self.municipal, self.estatal), (self.estatal, self.municipal)):
            ficha = self.raiz / f"ficha-{origen.name}.json"
            _orden(origen, "ficha", "--salida", str(ficha))
            _orden(destino, "registrar-oficina", str(ficha))
        return "municipal y estatal con sus fichas registradas"

    def guardar(self) -> str:
        import random

        from base_local.apertura import abrir_base
        from base_local.oficinas import oficina_local
        from base_local.rutas import Rutas
        from formularios.demo import registro_demo
        from formularios.servicio import contexto_para, guardar

        base = abrir_base(Rutas(self.municipal).url_base)
        try:
            with base.transaccion() as s:
                oficina = oficina_local(s)
                ctx = contexto_para(s, oficina)
                datos = registro_demo(random.Random(1), ctx, 0, ["07089"])
                resultado = guardar(s, datos, ctx, oficina, quien="Autoprueba", lista=True)
                if not resultado.guardado and not any(m.es_error for m in resultado.mensajes):
                    datos["avisos_reconocidos"] = sorted({m.codigo for m in resultado.mensajes})
                    resultado = guardar(s, datos, ctx, oficina, quien="Autoprueba", lista=True)
                if not resultado.guardado:
                    raise RuntimeError(f"{resultado.motivo} " + "; ".join(m.texto for m in resultado.mensajes))
        finally:
            base.cerrar()
        return f"registro {resultado.id} guardado como «{resultado.estado}»"

    def exportar(self) -> str:
        salida = _orden(self.municipal, "exportar", "--salida", str(self.paquetes))
        if not salida.get("archivo"):
            raise RuntimeError("no se escribió ningún paquete")
        self.paquete = Path(salida["archivo"])
        return f"{self.paquete.name} con {salida['registros']} registro(s) y su carátula PDF"

    def verificar(self) -> str:
        salida = _orden(self.estatal, "verificar", str(self.paquete))
        return salida.get("texto", "paquete válido")

    def importar(self) -> str:
        salida = _orden(self.estatal, "importar", str(self.paquete))
        nuevos = sum(p.get("nuevos", 0) for p in salida.get("paquetes", []))
        if nuevos != 1:
            raise RuntimeError(f"se esperaba 1 registro nuevo y llegaron {nuevos}")
        return "1 registro nuevo en la oficina superior"

    def libro(self) -> str:
        from openpyxl import load_workbook

        archivo = self.raiz / "consolidado.xlsx"
        _orden(self.estatal, "reporte", "--tipo", "consolidado", "--salida", str(archivo))
        libro = load_workbook(archivo, read_only=True)
        hojas = len(libro.sheetnames)
        libro.close()
        return f"{archivo.name}: {hojas} hoja(s), {archivo.stat().st_size:,} bytes"

    def pdf(self) -> str:
        archivo = self.raiz / "compendio.pdf"
        _orden(self.estatal, "reporte", "--tipo", "compendio", "--salida", str(archivo))
        if not archivo.read_bytes().startswith(b"%PDF"):
            raise RuntimeError(f"{archivo.name} no es un PDF")
        return f"{archivo.name}: {archivo.stat().st_size:,} bytes"

    def ventana(self) -> str:
        if self.probar_ventana is None:
            raise RuntimeError("esta autoprueba corre sin la ventana (llámela con «registro-fsur autoprueba»)")
        return self.probar_ventana(self.municipal)


def correr(raiz: Path, probar_ventana: Callable[[Path], str] | None = None) -> list[dict[str, Any]]:
    """Corre los pasos en orden; tras una falla, los siguientes no corren (dependen de los anteriores)."""
    from base_local.bitacora import registrar_falla

    resultados: list[dict[str, Any]] = []
    fallo = False
    with _frase_temporal():
        for nombre, paso in Recorrido(raiz, probar_ventana).pasos():
            if fallo:
                resultados.append({"paso": nombre, "ok": False, "detalle": "no corrió: falló un paso anterior"})
                continue
            inicio = time.monotonic()
            try:
                detalle = paso()
                ok = True
            except Exception as e:  # noqa: BLE001 — el motivo se informa en el renglón del paso
                registrar_falla(e, f"Autoprueba: falló «{nombre}»")
                detalle, ok, fallo = f"{type(e).__name__}: {e}", False, True
            resultados.append({"paso": nombre, "ok": ok, "detalle": detalle,
                               "segundos": round(time.monotonic() - inicio, 2)})
    return resultados


@orden("autoprueba", "comprueba el programa completo en una carpeta temporal (no toca sus datos)")
def _autoprueba(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.bitacora import configurar

    bitacora = configurar()
    # En Windows un archivo que algún hilo aún tenga abierto no se puede borrar: eso no es una falla de la prueba.
    with tempfile.TemporaryDirectory(prefix="registro-fsur-autoprueba-", ignore_cleanup_errors=True) as tmp:
        pasos = correr(Path(tmp), getattr(args, "probar_ventana", None))
    ok = all(p["ok"] for p in pasos)
    return {"ok": ok, "version": VERSION, "python": platform.python_version(), "sistema": platform.platform(),
            "bitacora": str(bitacora), "pasos": pasos, "codigo_salida": SALIDA_OK if ok else SALIDA_FALLA,
            "texto": texto(pasos, bitacora)}


def texto(pasos: list[dict[str, Any]], bitacora: Path) -> str:
    """Para una persona: la versión y el sistema, un renglón por paso (OK o FALLA con su motivo) y el resultado."""
    renglones = [f"Registro de Acciones — Frontera Sur {VERSION}; Python {platform.python_version()}; "
                 f"{platform.system()} {platform.release()} ({platform.machine()})"]
    renglones += [f"{'OK   ' if p['ok'] else 'FALLA'} {p['paso']}: {p['detalle']}" for p in pasos]
    hay_fallas = not all(p["ok"] for p in pasos)
    renglones.append(f"Resultado: {'hay pasos que fallaron' if hay_fallas else 'todo en orden'}. Bitácora: {bitacora}")
    return "\n".join(renglones)
