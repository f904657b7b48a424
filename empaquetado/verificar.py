"""Verificación de un paquete recibido, en orden y deteniéndose en la primera falla con un código estable.

Contenedor y nombres → firmante en el registro (nunca la llave incluida) → firma → conjunto exacto de archivos
de etiqueta → conjunto exacto de datos → esquema y jurisdicción, registro por registro → bitácora de paquetes.

Cada línea se analiza una sola vez: los registros ya revisados se conservan para la fusión mientras lo que ocupan
analizados (estimado por `peso`: sus bytes más un objeto por cada texto, lista, objeto o cifra) sume a lo más
CONSERVAR (un paquete de 25,000 registros pesa ≈ 148 MiB y ocupa ≈ 110 MiB). La memoria no crece con el contenido: las
acciones quedan en la copia cuya huella se comprobó (en memoria hasta 32 MiB, si no en un archivo temporal), se leen
línea por línea (a lo más 4 MiB cada una) y, pasado CONSERVAR, `Verificacion.lotes()` las vuelve a leer por lotes
acotados en registros y en bytes; las evidencias no se leen enteras.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.modelos import Evidencia, Llave, Oficina, PaqueteEntrada
from base_local.oficinas import oficina_local
from empaquetado import formato as f
from empaquetado import json_estricto, politica
from empaquetado import revision_paralela as paralela
from empaquetado.codigos import MENSAJES, Rechazo
from empaquetado.contenedor import Contenedor
from empaquetado.politica import es_id_de_paquete, revisar_cadena, secuencia_valida
from empaquetado.revision_registros import RevisorDeRegistros, leer_linea

__all__ = ["MENSAJES", "Rechazo", "Verificacion", "verificar"]
HUELLA = re.compile(r"[0-9a-f]{64}")
BYTES_POR_LOTE = 4 * 1024 * 1024
CONSERVAR = 160 * 1024 * 1024  # peso de los registros que se guardan ya analizados para la fusión
_ESTRUCTURA = b'",:[{\\'
_SOLO_ESTRUCTURA = bytes(b for b in range(256) if b not in _ESTRUCTURA and b < 0xc4)  # queda lo demás y lo ancho


def peso(linea: bytes) -> int:
    """Lo que ocupa, a lo más y más o menos, una línea ya analizada (T9): sus bytes (por 4 si trae un carácter fuera de
    Latin-1, que Python guarda en 2 o 4 bytes), unos 48 por cada texto, 64 por cada lista u objeto y 32 por cada otro
    valor (cifra, null, booleano). Una línea de cifras o de {} vacíos ocupa así lo que pesa, no 8 o 24 veces más."""
    e = linea.translate(None, _SOLO_ESTRUCTURA)
    comillas, comas, dos_puntos, contenedores = e.count(b'"'), e.count(b","), e.count(b":"), e.count(b"[") + e.count(b"{")
    diagonales = e.count(b"\\")
    ancho = len(e) > comillas + comas + dos_puntos + contenedores + diagonales or (diagonales and b"\\u" in linea)
    valores = max(comas + dos_puntos + 1 - comillas // 2, 0)
    return len(linea) * (4 if ancho else 1) + 24 * comillas + 64 * contenedores + 32 * valores

DUPLICADO = "Este paquete ya se había importado; importarlo de nuevo no cambia nada."


@dataclass
class Verificacion:
    valido: bool
    codigo: str = "VALIDO"
    mensaje: str = "Paquete íntegro y firmado por una oficina registrada."
    duplicado: bool = False
    envio: dict[str, Any] = field(default_factory=dict)
    huella: str = ""
    firmante: str = ""
    acciones: IO[bytes] | None = None  # la copia verificada de acciones.jsonl, tal cual
    total: int = 0
    evidencias: dict[str, str] = field(default_factory=dict)  # miembro → SHA-256
    registros: list[dict[str, Any]] | None = None  # los registros ya revisados, si cupieron en CONSERVAR
    existentes: set[str] | None = None  # los ids del paquete que ya estaban en la base al verificar (None: no se sabe)

    def a_dict(self) -> dict[str, Any]:
        return {"valido": self.valido, "codigo": self.codigo, "mensaje": self.mensaje}

    def lotes(self, registros: int = 2000, bytes_por_lote: int = BYTES_POR_LOTE) -> Iterator[list[dict[str, Any]]]:
        """Los registros verificados en lotes de a lo más `registros`: los que se conservaron al revisarlos o, si no
        cupieron, leídos de nuevo de la copia verificada en lotes de a lo más `bytes_por_lote` de JSON."""
        if self.registros is not None:
            for inicio in range(0, len(self.registros), registros):
                yield self.registros[inicio:inicio + registros]
            return
        if self.acciones is None:
            return
        self.acciones.seek(0)
        lote: list[dict[str, Any]] = []
        tamano = 0
        for _, linea in _lineas(self.acciones):
            lote.append(json.loads(linea))  # las mismas líneas que ya pasaron el analizador estricto en leer_linea
            tamano += len(linea)
            if len(lote) >= registros or tamano >= bytes_por_lote:
                yield lote
                lote, tamano = [], 0
        if lote:
            yield lote


def _lineas(archivo: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(número, línea sin el salto) de cada línea no vacía; nunca lee más de MAX_LINEA de una línea."""
    n = 0
    while linea := archivo.readline(json_estricto.MAX_LINEA + 1):
        n += 1
        if len(linea) > json_estricto.MAX_LINEA and not linea.endswith(b"\n"):
            raise Rechazo("ESQUEMA_INVALIDO", f"La línea {n} de acciones.jsonl mide más de {json_estricto.MAX_LINEA:,} bytes.")
        linea = linea.removesuffix(b"\n")
        if linea.strip():
            yield n, linea


def _envio(c: Contenedor) -> dict[str, Any]:
    """envio.json, antes de la firma: a lo más MAX_ETIQUETA bytes (ya lo dijo el índice) y JSON estricto."""
    if "envio.json" not in c.infos:
        raise Rechazo("FIRMANTE_DESCONOCIDO", "El paquete no trae envio.json: no dice quién lo firmó.")
    try:
        envio = json_estricto.cargar(c.leer("envio.json"), "envio.json", f.MAX_ETIQUETA)
    except json_estricto.JsonInvalido as e:
        raise Rechazo("ESQUEMA_INVALIDO", str(e)) from None
    if not isinstance(envio, dict) or not isinstance(envio.get("huella_firmante"), str) or not HUELLA.fullmatch(envio["huella_firmante"]):
        raise Rechazo("FIRMANTE_DESCONOCIDO", "envio.json no dice quién lo firmó (huella_firmante: 64 dígitos hexadecimales).")
    return envio


def _llave(sesion: Session, envio: dict[str, Any]) -> Llave:
    huella = envio["huella_firmante"]
    llave = sesion.get(Llave, huella)
    if llave is None:
        raise Rechazo("FIRMANTE_DESCONOCIDO", f"Huella: {huella[:16]}…")
    politica.llave_puede_firmar_paquete(llave)
    return llave


def _firma(c: Contenedor, llave: Llave) -> None:
    if f.TAGMANIFEST not in c.infos or f.FIRMA not in c.infos:
        raise Rechazo("FIRMA_INVALIDA", "Falta el manifiesto de etiquetas o su firma.")
    try:
        Ed25519PublicKey.from_public_bytes(llave.publica).verify(c.leer(f.FIRMA), c.leer(f.TAGMANIFEST))
    except (InvalidSignature, ValueError):
        raise Rechazo("FIRMA_INVALIDA") from None


def _conjunto_exacto(c: Contenedor, manifiesto: bytes, esperados: set[str], nombre: str) -> dict[str, str]:
    lista = f.leer_manifiesto(manifiesto)
    if lista is None:
        raise Rechazo("ESQUEMA_INVALIDO", f"{nombre} no tiene la forma de un manifiesto.")
    if set(lista) - c.nombres:
        raise Rechazo("ARCHIVO_FALTANTE", ", ".join(sorted(set(lista) - c.nombres)))
    if set(lista) != esperados:
        raise Rechazo("ARCHIVO_DE_MAS", ", ".join(sorted(esperados ^ set(lista))))
    for ruta, esperado in lista.items():
        if c.huella(ruta) != esperado:
            raise Rechazo("ARCHIVO_ALTERADO", f"Archivo: {ruta}.")
    return lista


def _etiquetas_y_datos(c: Contenedor) -> dict[str, str]:
    """Comprueba ambos manifiestos contra el contenido; devuelve {miembro de datos: SHA-256}."""
    raiz = {n for n in c.nombres if not n.startswith("data/")}
    permitidos = {*f.ARCHIVOS_ETIQUETA, f.TAGMANIFEST, f.FIRMA, f.PUBLICA}
    if raiz - permitidos:
        raise Rechazo("ARCHIVO_DE_MAS", ", ".join(sorted(raiz - permitidos)))
    _conjunto_exacto(c, c.leer(f.TAGMANIFEST), set(f.ARCHIVOS_ETIQUETA), f.TAGMANIFEST)
    datos = {n for n in c.nombres if n.startswith("data/")}
    return _conjunto_exacto(c, c.leer("manifest-sha256.txt"), datos, "manifest-sha256.txt")


def _forma_del_envio(c: Contenedor, envio: dict[str, Any], huellas: dict[str, str]) -> None:
    if envio.get("formato") != f.FORMATO:
        raise Rechazo("ESQUEMA_INVALIDO", f"Formato «{envio.get('formato')}»; esta versión lee {f.FORMATO}.")
    for clave, tipo in (("id", str), ("oficina", str), ("secuencia", int), ("sha256_anterior", str), ("periodo", str)):
        if not isinstance(envio.get(clave), tipo):
            raise Rechazo("ESQUEMA_INVALIDO", f"envio.json: falta o está mal «{clave}».")
    if not es_id_de_paquete(envio["id"]):
        raise Rechazo("ESQUEMA_INVALIDO", f"envio.json: el id {envio['id'][:40]!r} no es un id de paquete (letras, dígitos, "
                                          "«-» y «_», a lo más 36).")
    if not secuencia_valida(envio["secuencia"]):
        raise Rechazo("SECUENCIA_INVALIDA", f"Secuencia declarada: {str(envio['secuencia'])[:30]}.")
    if envio.get("version_catalogos", "") != "" and not f.version_valida(envio["version_catalogos"]):
        raise Rechazo("ESQUEMA_INVALIDO", "envio.json: «version_catalogos» no es una versión (AAAA.N).")
    if f.ACCIONES not in c.infos:
        raise Rechazo("ESQUEMA_INVALIDO", f"Falta {f.ACCIONES}.")
    for nombre, huella in huellas.items():
        if nombre.startswith(f.EVIDENCIAS) and PurePosixPath(nombre).stem != huella:
            raise Rechazo("ESQUEMA_INVALIDO", f"La evidencia {nombre} no se llama como su SHA-256.")


def _revisar_registros(sesion: Session, acciones: IO[bytes], llave: Llave, conservar: int = CONSERVAR
                       ) -> tuple[int, dict[str, int], list[dict[str, Any]] | None, set[str]]:
    """Cada línea, una por una; devuelve cuántos registros son, las evidencias citadas, los registros revisados
    (None si sus líneas pasan de `conservar` bytes: la fusión los leerá de nuevo) y los ids que ya estaban en la base.

    En un paquete grande las reglas del formulario se reparten con otro proceso (empaquetado/revision_paralela.py);
    el resultado es el mismo que revisar uno por uno."""
    revisor = RevisorDeRegistros(sesion, llave)
    acciones.seek(0, 2)
    grupo = paralela.preparar(acciones.tell())
    acciones.seek(0)
    reparto = paralela.Reparto(grupo, revisor.reglas) if grupo is not None else None
    try:
        vistos: set[str] = set()
        conservados: list[dict[str, Any]] | None = []
        trozo: list[tuple[int, bytes]] = []  # las líneas que aún no se reparten, desde el registro `inicio`
        leidos: list[dict[str, Any]] = []  # y sus registros ya leídos
        inicio, en_trozo = 0, 0
        fallo: paralela.Fallo | None = None
        lineas = _lineas(acciones)
        while True:
            try:
                n, linea = next(lineas)  # una línea de más de 4 MiB es un Rechazo de su registro, como al leerlo
                r = leer_linea(n, linea)
                if r["id"] in vistos:
                    raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: el registro {r['id']} aparece dos veces en el paquete.")
                if reparto is None:
                    revisor.revisar(r, paralela.con_escapes(linea))
                else:
                    revisor.revisar_sin_reglas(r)
            except StopIteration:
                break
            except Rechazo as e:
                if reparto is None:
                    raise
                fallo = paralela.Fallo(len(vistos), paralela.LEER, e.codigo, e.detalle)
                break
            vistos.add(r["id"])
            if conservados is not None:
                conservar -= peso(linea)
                if conservar >= 0:
                    conservados.append(r)
                else:
                    conservados = None
            if reparto is not None:
                trozo.append((n, linea))
                leidos.append(r)
                en_trozo += len(linea)
                if len(trozo) == paralela.TROZO or en_trozo >= paralela.BYTES_TROZO:
                    reparto.enviar(inicio, trozo, leidos)
                    inicio, trozo, leidos, en_trozo = inicio + len(trozo), [], [], 0
        if reparto is not None:
            if trozo:
                reparto.enviar(inicio, trozo, leidos)
            if fallo is None:
                try:
                    revisor.terminar()
                except Rechazo as e:
                    fallo = paralela.Fallo(len(vistos), paralela.LEER, e.codigo, e.detalle)
            primero = reparto.primer_fallo(fallo.indice if fallo else len(vistos), conservados)
            if primero is not None or fallo is not None:
                primero = min(x for x in (primero, fallo) if x is not None)
                raise Rechazo(primero.codigo, primero.detalle)
            return len(vistos), revisor.citadas, conservados, revisor.propiedad.existentes
        revisor.terminar()
        return len(vistos), revisor.citadas, conservados, revisor.propiedad.existentes
    finally:
        if reparto is not None:  # también si algo falla a media lectura: su hilo no queda esperando trozos
            reparto.cerrar()


def _evidencias_citadas(sesion: Session, c: Contenedor, huellas: dict[str, str], citadas: dict[str, int]) -> None:
    """T12: cada evidencia citada viaja en el paquete con el tamaño que dice, o esta oficina ya la guarda."""
    en_paquete = {h: c.infos[n].file_size for n, h in huellas.items() if n.startswith(f.EVIDENCIAS)}
    for huella, tamano in citadas.items():
        if huella in en_paquete and en_paquete[huella] != tamano:
            raise Rechazo("EVIDENCIA_FALTANTE", f"La evidencia {huella[:12]}… pesa {en_paquete[huella]:,} bytes y el registro dice {tamano:,}.")
    ausentes = sorted(set(citadas) - set(en_paquete))
    for inicio in range(0, len(ausentes), 500):
        lote = ausentes[inicio : inicio + 500]
        guardadas = dict(sesion.execute(select(Evidencia.sha256, Evidencia.tamano).where(Evidencia.sha256.in_(lote))).all())
        for huella in lote:
            if guardadas.get(huella) != citadas[huella]:
                raise Rechazo("EVIDENCIA_FALTANTE", f"La evidencia {huella[:12]}… no viene en el paquete ni está guardada aquí con ese tamaño.")


def _bitacora(sesion: Session, envio: dict[str, Any], huella: str) -> bool:
    """True si el paquete ya se importó idéntico; Rechazo si el id o la secuencia se reusan con otro contenido."""
    # Un paquete a la vez por oficina (PostgreSQL): la cadena se compara con lo que otra importación ya confirmó.
    sesion.execute(select(Oficina.clave).where(Oficina.clave == envio["oficina"]).with_for_update())
    previo = sesion.get(PaqueteEntrada, envio["id"])
    if previo is not None:
        if previo.sha256 == huella:
            return True
        raise Rechazo("REPETIDO_DISTINTO", f"Paquete {envio['id']}.")
    misma_secuencia = sesion.scalar(
        select(PaqueteEntrada).where(PaqueteEntrada.oficina == envio["oficina"], PaqueteEntrada.secuencia == envio["secuencia"])
    )
    if misma_secuencia is not None:
        raise Rechazo("REPETIDO_DISTINTO", f"La secuencia {envio['secuencia']} de {envio['oficina']} ya llegó con otro paquete.")
    vecinos = {p.secuencia: p for p in sesion.scalars(select(PaqueteEntrada).where(
        PaqueteEntrada.oficina == envio["oficina"], PaqueteEntrada.secuencia.in_([envio["secuencia"] - 1, envio["secuencia"] + 1])))}
    previo, siguiente = vecinos.get(envio["secuencia"] - 1), vecinos.get(envio["secuencia"] + 1)
    motivo = revisar_cadena(envio["secuencia"], envio["sha256_anterior"], huella, previo.sha256 if previo else None,
                            siguiente.sha256_anterior if siguiente else None)
    if motivo:
        raise Rechazo("CADENA_ROTA", f"Oficina {envio['oficina']}: {motivo}")
    return False


def _ya_importado_identico(sesion: Session, envio: dict[str, Any], huella: str) -> Verificacion | None:
    previo = sesion.get(PaqueteEntrada, str(envio.get("id")))
    if previo is None or previo.sha256 != huella:
        return None
    return Verificacion(True, "DUPLICADO", DUPLICADO, True, envio, huella, previo.firmante)


def verificar(sesion: Session, archivo: Path, para: str | None = None) -> Verificacion:
    """Verifica sin escribir nada en la base. `para`: huella del destinatario age de esta oficina si el zip llegó
    cifrado (empaquetado/cifrado.py lo descifró); su lista firmada de destinatarios debe nombrarla."""
    try:
        with Contenedor(archivo) as c:
            envio = _envio(c)
            llave = _llave(sesion, envio)
            _firma(c, llave)
            politica.revisar_cifrado(sesion, envio, llave, para)
            huellas = _etiquetas_y_datos(c)
            huella = f.sha256(c.leer(f.TAGMANIFEST))
            identico = _ya_importado_identico(sesion, envio, huella)
            if identico is not None:  # firma y huellas verificadas: es byte a byte el paquete que ya se aceptó completo
                return identico
            _forma_del_envio(c, envio, huellas)
            if envio["oficina"] != llave.oficina:
                raise Rechazo("FUERA_DE_JURISDICCION", f"El paquete dice venir de {envio['oficina']} pero lo firmó {llave.oficina}.")
            politica.llave_puede_firmar_paquete(llave, envio["secuencia"])
            acciones = c.copia(f.ACCIONES)
            total, citadas, registros, existentes = _revisar_registros(sesion, acciones, llave)
            if registros is not None:  # la fusión usa los registros ya analizados: la copia en bytes sobra
                acciones.close()
                acciones = None
            _evidencias_citadas(sesion, c, huellas, citadas)
            local = oficina_local(sesion)
            if local is not None and envio["oficina"] == local.clave:
                raise Rechazo("FUERA_DE_JURISDICCION", "Es un paquete de esta misma oficina.")
            duplicado = _bitacora(sesion, envio, huella)
    except Rechazo as r:
        return Verificacion(False, r.codigo, str(r))
    evidencias = {n: h for n, h in huellas.items() if n.startswith(f.EVIDENCIAS)}
    return Verificacion(True, "DUPLICADO" if duplicado else "VALIDO", DUPLICADO if duplicado else Verificacion.mensaje,
                        duplicado, envio, huella, llave.oficina, acciones, total, evidencias, registros, existentes)
