"""Alta de la oficina en una carpeta de datos: base en la última revisión, oficina, par de llaves e identidad de cifrado."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from base_local.acciones import ahora
from base_local.apertura import abrir_base
from base_local.errores import EntradaRechazada
from base_local.jurisdiccion import (
    ENTIDADES_PROGRAMA,
    TIPOS_OFICINA,
    clave_concuerda,
    clave_oficina,
    superior_de,
)
from base_local.modelos import Llave, Oficina
from base_local.oficinas import marcar_oficina_local
from base_local.rutas import PERMISO_CARPETA, Rutas, proteger, revisar_carpeta
from empaquetado import cifrado, llaves
from formularios import limites
from recursos import leer_catalogo


@dataclass(frozen=True)
class SolicitudAlta:
    tipo: str
    nombre: str
    responsable: str
    entidad: str | None = None
    municipio: str | None = None


@dataclass(frozen=True)
class OficinaCreada:
    clave: str
    huella: str
    carpeta: Path


def revisar(sol: SolicitudAlta, frase: str) -> None:
    """Lanza EntradaRechazada con la primera razón por la que la solicitud no procede."""
    if sol.tipo not in TIPOS_OFICINA:
        raise EntradaRechazada(f"El tipo de oficina «{sol.tipo}» no existe: use municipal, estatal o central.")
    if sol.tipo != "central":
        if not sol.entidad:
            raise EntradaRechazada(f"Una oficina {sol.tipo} necesita su entidad (--entidad 04, 07, 23 o 27).")
        if sol.entidad not in ENTIDADES_PROGRAMA:
            raise EntradaRechazada(f"La entidad «{sol.entidad}» no es de la frontera sur: use 04 (Campeche), 07 (Chiapas), 23 (Quintana Roo) o 27 (Tabasco).")
    if sol.tipo == "municipal":
        if not sol.municipio:
            raise EntradaRechazada("Una oficina municipal necesita su municipio (--municipio con la clave INEGI de 5 dígitos, p. ej. 07089).")
        municipios = {m["cvegeo"]: m for m in leer_catalogo("municipios")}
        m = municipios.get(sol.municipio)
        if m is None:
            raise EntradaRechazada(f"El municipio «{sol.municipio}» no está en el catálogo INEGI de la frontera sur: use la clave de 5 dígitos (p. ej. 07089).")
        if m["cve_ent"] != sol.entidad:
            raise EntradaRechazada(f"{m['municipio']} ({sol.municipio}) pertenece a {m['entidad']} ({m['cve_ent']}), no a la entidad {sol.entidad}: corrija --entidad o --municipio.")
    elif sol.municipio:
        raise EntradaRechazada(f"Una oficina {sol.tipo} no lleva municipio: quite --municipio.")
    clave = clave_oficina(sol.tipo, sol.entidad, sol.municipio)
    if not clave_concuerda(clave, sol.tipo, sol.entidad, sol.municipio):  # la misma gramática que fichas, paquetes y acuses
        raise EntradaRechazada(f"La clave de oficina «{clave}» no es válida: revise --tipo, --entidad y --municipio.", "CLAVE_INVALIDA")
    if not sol.nombre.strip():
        raise EntradaRechazada("Escriba el nombre de la oficina (--nombre).")
    if not sol.responsable.strip():
        raise EntradaRechazada("Escriba el nombre de la persona responsable (--responsable).")
    limites.texto_libre("nombre_oficina", sol.nombre)
    limites.texto_libre("responsable", sol.responsable)
    problema = llaves.validar_frase(frase)
    if problema:
        raise EntradaRechazada(problema)


def carpeta_inicializada(rutas: Rutas) -> bool:
    return rutas.base.exists() or rutas.llave_privada.exists()


def inicializar(carpeta: Path, sol: SolicitudAlta, frase: str, url_base: URL | str | None = None) -> OficinaCreada:
    """Crea la oficina. Ante cualquier rechazo o fallo no deja nada de lo que empezó a escribir."""
    rutas = Rutas(carpeta)
    revisar(sol, frase)
    revisar_carpeta(carpeta)
    if carpeta_inicializada(rutas):
        raise EntradaRechazada(f"La carpeta {carpeta} ya tiene una oficina inicializada: use otra carpeta (--datos) o abra la existente.")
    existia = carpeta.exists()
    creados: list[Path] = []
    try:
        carpeta.mkdir(parents=True, exist_ok=True, mode=PERMISO_CARPETA)
        proteger(carpeta)
        creados += [rutas.base, Path(f"{rutas.base}-wal"), Path(f"{rutas.base}-shm"), rutas.llave_privada,
                    rutas.llave_privada.with_name(rutas.llave_privada.name + ".nueva")]
        nueva = llaves.generar()
        identidad = cifrado.nueva_identidad()
        clave = clave_oficina(sol.tipo, sol.entidad, sol.municipio)
        base = abrir_base(url_base or rutas.url_base)
        try:
            with base.transaccion() as s:
                momento = ahora()
                s.add(Oficina(
                    clave=clave, tipo=sol.tipo, nombre=limites.texto_libre("nombre_oficina", sol.nombre),
                    responsable=limites.texto_libre("responsable", sol.responsable),
                    entidad=sol.entidad, municipio=sol.municipio, superior=superior_de(sol.tipo, sol.entidad),
                    estado="activa", registrada_en=momento,
                ))
                s.flush()
                s.add(Llave(huella=nueva.huella, oficina=clave, publica=nueva.publica, estado="activa", registrada_en=momento,
                            destinatario_age=cifrado.destinatario_de(identidad)))
                marcar_oficina_local(s, clave)
        finally:
            base.cerrar()
        llaves.guardar(rutas.llave_privada, llaves.sellar(nueva.privada, frase, clave, identidad=identidad))
        for sub in (rutas.evidencias, rutas.respaldos, rutas.paquetes):
            sub.mkdir(exist_ok=True)
        return OficinaCreada(clave, nueva.huella, carpeta)
    except BaseException:
        if not existia:
            shutil.rmtree(carpeta, ignore_errors=True)
        else:
            for ruta in creados:
                ruta.unlink(missing_ok=True)
        raise
