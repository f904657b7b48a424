"""Verificación de un paquete recibido, en orden y deteniéndose en la primera falla con un código estable.

Contenedor y nombres → firmante en el registro (nunca la llave incluida) → firma → conjunto exacto de archivos
de etiqueta → conjunto exacto de datos → esquema y jurisdicción → bitácora de paquetes recibidos.
"""

from __future__ import annotations

import json
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.jurisdiccion import jurisdiccion_de_clave
from base_local.modelos import Accion, Entidad, Llave, Municipio, PaqueteEntrada
from base_local.oficinas import oficina_local
from empaquetado import formato as f
from formularios.campos import ESTADOS, SEXOS
from formularios.normalizar import normalizar
from formularios.reglas import MAX_CIFRA, MAX_EVENTOS

LIBRES = ("titulo", "descripcion", "resultados", "localidad")
LARGOS = {c.name: c.type.length for c in Accion.__table__.columns
          if getattr(c.type, "length", None) and c.name not in ("id",)} | dict.fromkeys(LIBRES, 20_000)

MENSAJES = {
    "ZIP_INVALIDO": "El archivo no es un paquete zip válido (está dañado, incompleto o cifrado): pida que lo envíen de nuevo.",
    "DEMASIADO_GRANDE": "El paquete excede los límites de tamaño o se infla de forma anómala (posible bomba zip): no se abrió.",
    "RUTA_PELIGROSA": "El paquete contiene rutas peligrosas (../, rutas absolutas o enlaces): se rechaza por seguridad.",
    "ARCHIVO_DUPLICADO": "El paquete repite un nombre de archivo: se rechaza porque no se sabe cuál es el bueno.",
    "FIRMANTE_DESCONOCIDO": "La llave que firmó el paquete no está registrada en esta oficina: registre primero la ficha de la oficina que lo envía.",
    "LLAVE_REVOCADA": "La llave que firmó el paquete fue revocada: pida a la oficina que exporte de nuevo con su llave vigente.",
    "FIRMA_INVALIDA": "La firma no corresponde al contenido: el paquete fue alterado o está dañado. Pida que lo envíen de nuevo.",
    "ARCHIVO_ALTERADO": "Un archivo del paquete no coincide con su huella SHA-256: fue modificado después de firmarse.",
    "ARCHIVO_DE_MAS": "El paquete trae archivos que no están en sus manifiestos firmados: se rechaza.",
    "ARCHIVO_FALTANTE": "Falta un archivo que el manifiesto firmado anuncia: el paquete está incompleto.",
    "ESQUEMA_INVALIDO": "El contenido del paquete no tiene la forma esperada para esta versión del formato.",
    "FUERA_DE_JURISDICCION": "El paquete trae registros de oficinas o lugares fuera de la jurisdicción de quien lo firmó.",
    "REPETIDO_DISTINTO": "Ya se recibió un paquete con ese identificador o número de secuencia pero con otro contenido: posible reenvío alterado.",
}


class Rechazo(Exception):
    def __init__(self, codigo: str, detalle: str = "") -> None:
        super().__init__(f"{MENSAJES[codigo]}{' ' + detalle if detalle else ''}")
        self.codigo = codigo


@dataclass
class Verificacion:
    valido: bool
    codigo: str = "VALIDO"
    mensaje: str = "Paquete íntegro y firmado por una oficina registrada."
    duplicado: bool = False
    envio: dict[str, Any] = field(default_factory=dict)
    registros: list[dict[str, Any]] = field(default_factory=list)
    evidencias: dict[str, bytes] = field(default_factory=dict)
    huella: str = ""
    firmante: str = ""

    def a_dict(self) -> dict[str, Any]:
        return {"valido": self.valido, "codigo": self.codigo, "mensaje": self.mensaje}


def _nombre_seguro(info: zipfile.ZipInfo) -> bool:
    nombre = info.filename
    if "\\" in nombre or "\x00" in nombre or nombre.startswith("/") or (len(nombre) > 1 and nombre[1] == ":"):
        return False
    partes = PurePosixPath(nombre).parts
    if ".." in partes or not nombre.startswith(f.RAIZ):
        return False
    modo = info.external_attr >> 16
    return not stat.S_ISLNK(modo)


def _leer_contenedor(archivo: Path) -> dict[str, bytes]:
    """Miembros del zip (sin el prefijo envio/) leídos con límites, sin extraer nada al disco."""
    if archivo.stat().st_size > f.MAX_ARCHIVO_ZIP:
        raise Rechazo("DEMASIADO_GRANDE")
    try:
        z = zipfile.ZipFile(archivo)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        raise Rechazo("ZIP_INVALIDO") from None
    with z:
        infos = z.infolist()
        if len(infos) > f.MAX_MIEMBROS:
            raise Rechazo("DEMASIADO_GRANDE", f"Trae {len(infos):,} archivos.")
        vistos: set[str] = set()
        total = 0
        for info in infos:
            if not _nombre_seguro(info):
                raise Rechazo("RUTA_PELIGROSA", f"Miembro: {info.filename!r}.")
            if info.filename in vistos:
                raise Rechazo("ARCHIVO_DUPLICADO", f"Miembro: {info.filename!r}.")
            vistos.add(info.filename)
            if info.flag_bits & 0x1:
                raise Rechazo("ZIP_INVALIDO", "Tiene miembros cifrados.")
            total += info.file_size
            proporcion = info.file_size / max(info.compress_size, 1)
            if info.file_size > f.MAX_MIEMBRO or total > f.MAX_TOTAL or (
                info.file_size > f.MIN_TAMANO_PROPORCION and proporcion > f.MAX_PROPORCION
            ):
                raise Rechazo("DEMASIADO_GRANDE", f"Miembro: {info.filename!r}.")
        miembros: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            try:
                with z.open(info) as origen:
                    datos = origen.read(info.file_size + 1)  # nunca más de lo declarado
            except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile, NotImplementedError, zlib.error, ValueError):
                raise Rechazo("ZIP_INVALIDO", f"No se pudo leer {info.filename!r}: los datos comprimidos están dañados.") from None
            if len(datos) != info.file_size:
                raise Rechazo("DEMASIADO_GRANDE", f"{info.filename!r} no mide lo que declara.")
            miembros[info.filename[len(f.RAIZ):]] = datos
    return miembros


def _firmante(sesion: Session, miembros: dict[str, bytes]) -> tuple[dict[str, Any], Llave]:
    try:
        envio = json.loads(miembros["envio.json"])
        huella = str(envio["huella_firmante"])
    except (KeyError, TypeError, ValueError, UnicodeDecodeError):
        raise Rechazo("FIRMANTE_DESCONOCIDO", "El paquete no dice quién lo firmó.") from None
    llave = sesion.get(Llave, huella)
    if llave is None:
        raise Rechazo("FIRMANTE_DESCONOCIDO", f"Huella: {huella[:16]}…")
    if llave.estado == "revocada":
        raise Rechazo("LLAVE_REVOCADA", f"Oficina {llave.oficina}.")
    return envio, llave


def _firma(miembros: dict[str, bytes], llave: Llave) -> None:
    if f.TAGMANIFEST not in miembros or f.FIRMA not in miembros:
        raise Rechazo("FIRMA_INVALIDA", "Falta el manifiesto de etiquetas o su firma.")
    try:
        Ed25519PublicKey.from_public_bytes(llave.publica).verify(miembros[f.FIRMA], miembros[f.TAGMANIFEST])
    except (InvalidSignature, ValueError):
        raise Rechazo("FIRMA_INVALIDA") from None


def _conjunto_exacto(miembros: dict[str, bytes], manifiesto: bytes, esperados: set[str], nombre: str) -> None:
    lista = f.leer_manifiesto(manifiesto)
    if lista is None:
        raise Rechazo("ESQUEMA_INVALIDO", f"{nombre} no tiene la forma de un manifiesto.")
    if set(lista) - set(miembros):
        raise Rechazo("ARCHIVO_FALTANTE", ", ".join(sorted(set(lista) - set(miembros))))
    if set(lista) != esperados:
        raise Rechazo("ARCHIVO_DE_MAS", ", ".join(sorted(esperados ^ set(lista))))
    for ruta, esperado in lista.items():
        if f.sha256(miembros[ruta]) != esperado:
            raise Rechazo("ARCHIVO_ALTERADO", f"Archivo: {ruta}.")


def _etiquetas_y_datos(miembros: dict[str, bytes]) -> None:
    raiz = {n for n in miembros if not n.startswith("data/")}
    permitidos = {*f.ARCHIVOS_ETIQUETA, f.TAGMANIFEST, f.FIRMA, f.PUBLICA}
    if raiz - permitidos:
        raise Rechazo("ARCHIVO_DE_MAS", ", ".join(sorted(raiz - permitidos)))
    _conjunto_exacto(miembros, miembros[f.TAGMANIFEST], set(f.ARCHIVOS_ETIQUETA), f.TAGMANIFEST)
    datos = {n for n in miembros if n.startswith("data/")}
    _conjunto_exacto(miembros, miembros["manifest-sha256.txt"], datos, "manifest-sha256.txt")


def _registros(miembros: dict[str, bytes], envio: dict[str, Any]) -> list[dict[str, Any]]:
    if envio.get("formato") != f.FORMATO:
        raise Rechazo("ESQUEMA_INVALIDO", f"Formato «{envio.get('formato')}»; esta versión lee {f.FORMATO}.")
    for clave, tipo in (("id", str), ("oficina", str), ("secuencia", int), ("sha256_anterior", str), ("periodo", str)):
        if not isinstance(envio.get(clave), tipo):
            raise Rechazo("ESQUEMA_INVALIDO", f"envio.json: falta o está mal «{clave}».")
    if f.ACCIONES not in miembros:
        raise Rechazo("ESQUEMA_INVALIDO", f"Falta {f.ACCIONES}.")
    registros = []
    for n, linea in enumerate(miembros[f.ACCIONES].splitlines(), start=1):
        try:
            r = json.loads(linea)
        except (ValueError, UnicodeDecodeError):
            raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n} de acciones.jsonl no es JSON.") from None
        if not isinstance(r, dict) or not isinstance(r.get("id"), str) or len(r["id"]) > 36 or not isinstance(r.get("revision"), int) or r["revision"] < 1:
            raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: falta id o revisión.")
        if not isinstance(r.get("oficina_origen"), str) or not isinstance(r.get("historial", []), list):
            raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: falta la oficina de origen.")
        if r["revision"] > 1_000_000 or not isinstance(r.get("eventos", 1), int) or not 0 <= r.get("eventos", 1) <= MAX_EVENTOS:
            raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: revisión o sesiones fuera de rango.")
        for s in (*SEXOS, "total"):
            if not isinstance(r.get(s), int) or isinstance(r[s], bool) or not 0 <= r[s] <= 4 * MAX_CIFRA:
                raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: «{s}» no es un entero no negativo.")
        if sum(r[s] for s in SEXOS) != r["total"]:
            raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: el total no es la suma de las columnas de sexo.")
        registros.append(r)
    for nombre, datos in miembros.items():
        if nombre.startswith(f.EVIDENCIAS) and PurePosixPath(nombre).stem != f.sha256(datos):
            raise Rechazo("ESQUEMA_INVALIDO", f"La evidencia {nombre} no se llama como su SHA-256.")
    return registros


def _momento_valido(valor: Any) -> bool:
    if not isinstance(valor, str):
        return False
    try:
        datetime.fromisoformat(valor.rstrip("Z"))
    except ValueError:
        return False
    return True


TEXTOS = ("oficina_origen", "capturado_por", "estado", "fecha_inicio", "fecha_fin", "entidad", "municipio", "localidad", "eje",
          "linea_accion", "actividad_programa", "linea_sectorial", "tipo_accion", "modalidad", "titulo", "descripcion",
          "resultados", "unidad_conteo", "poblacion", "creado_en", "actualizado_en")
LISTAS_TEXTO = ("ordenes_gobierno", "instituciones", "avisos_reconocidos")


def _es_lista(valor: Any, tipo) -> bool:
    return isinstance(valor, list) and all(isinstance(x, tipo) and not isinstance(x, bool) for x in valor)


def _tipo_invalido(r: dict[str, Any]) -> str | None:
    """El campo cuyo tipo JSON no es el del contrato, o None."""
    for campo in TEXTOS:
        if r.get(campo) is not None and not isinstance(r[campo], str):
            return campo
    for campo in LISTAS_TEXTO:
        if r.get(campo) is not None and not _es_lista(r[campo], str):
            return campo
    if r.get("eventos") is not None and (not isinstance(r["eventos"], int) or isinstance(r["eventos"], bool)):
        return "eventos"
    if not _es_lista(r.get("objetivos_pmm") or [], int):
        return "objetivos_pmm"
    retos = r.get("retos") or []
    if not isinstance(retos, list) or not all(isinstance(x, dict) and isinstance(x.get("texto", ""), str)
                                              and _es_lista(x.get("categorias") or [], str) for x in retos):
        return "retos"
    edades = r.get("edades")
    if edades is not None and not (isinstance(edades, dict) and all(
            isinstance(fila, dict) and all(isinstance(v, int) and not isinstance(v, bool) for v in fila.values())
            for fila in edades.values())):
        return "edades"
    convenio = r.get("convenio")
    if convenio is not None and not (isinstance(convenio, dict) and all(v is None or isinstance(v, str) for v in convenio.values())):
        return "convenio"
    if not isinstance(r.get("evidencias") or [], list) or not isinstance(r.get("historial") or [], list):
        return "evidencias"
    return None


def _bien_formados(sesion: Session, registros: list[dict[str, Any]]) -> None:
    """Tipos, longitudes y referencias a catálogos: lo que la base exigiría al escribir, comprobado antes."""
    entidades = set(sesion.scalars(select(Entidad.cve_ent)))
    municipios = set(sesion.scalars(select(Municipio.cvegeo)))
    for r in registros:
        campo = _tipo_invalido(r)
        if campo:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: «{campo}» no tiene el tipo del formato.")
        try:
            _, problemas = normalizar({k: v for k, v in r.items() if k != "total"})
        except (TypeError, ValueError, AttributeError):
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: valores que no se pueden leer.") from None
        if problemas:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: {problemas[0][1]}")
        if r.get("entidad") not in entidades | {None} or r.get("municipio") not in municipios | {None}:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: entidad o municipio que no existen en el catálogo INEGI.")
        for campo, largo in LARGOS.items():
            if isinstance(r.get(campo), str) and len(r[campo]) > largo or (campo not in LIBRES and r.get(campo) is not None and not isinstance(r[campo], str)):
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: «{campo}» no es un texto de hasta {largo} caracteres.")
        if r.get("estado") not in ESTADOS:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: estado «{str(r.get('estado'))[:20]}» desconocido.")
        for clave in ("creado_en", "actualizado_en"):
            if not _momento_valido(r.get(clave)):
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: «{clave}» no es una fecha y hora ISO 8601.")
        for h in r.get("historial") or []:
            if not (isinstance(h, dict) and isinstance(h.get("revision"), int) and isinstance(h.get("operacion"), str)
                    and len(h["operacion"]) <= 20 and isinstance(h.get("quien", ""), str) and len(h.get("quien", "")) <= 200
                    and isinstance(h.get("cambios", {}), dict) and _momento_valido(h.get("cuando"))):
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: historial mal formado.")
        for e in r.get("evidencias") or []:
            if not isinstance(e, dict) or not isinstance(e.get("sha256"), str) or len(e["sha256"]) != 64:
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: evidencia mal descrita.")


def _jurisdiccion(registros: list[dict[str, Any]], llave: Llave, envio: dict[str, Any]) -> None:
    """Cada registro viene de la oficina firmante o de una bajo su jurisdicción, y ocurre en la de su origen."""
    if envio["oficina"] != llave.oficina:
        raise Rechazo("FUERA_DE_JURISDICCION", f"El paquete dice venir de {envio['oficina']} pero lo firmó {llave.oficina}.")
    firmante = jurisdiccion_de_clave(llave.oficina)
    for r in registros:
        origen = jurisdiccion_de_clave(r["oficina_origen"])
        if r["oficina_origen"] != llave.oficina and (
            firmante.tipo == "municipal" or origen.tipo == "central" or not firmante.admite(origen.entidad, origen.municipio)
        ):
            raise Rechazo("FUERA_DE_JURISDICCION", f"{llave.oficina} no puede enviar registros de {r['oficina_origen']}.")
        sin_lugar = r.get("estado") == "anulada" and not r.get("entidad")
        if not sin_lugar and not origen.admite(r.get("entidad"), r.get("municipio")):
            raise Rechazo("FUERA_DE_JURISDICCION", f"Registro {r['id']} de {r['oficina_origen']} en {r.get('municipio')}.")


def _bitacora(sesion: Session, envio: dict[str, Any], huella: str) -> bool:
    """True si el paquete ya se importó idéntico; Rechazo si el id o la secuencia se reusan con otro contenido."""
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
    return False


def _ya_importado_identico(sesion: Session, envio: dict[str, Any], huella: str) -> Verificacion | None:
    previo = sesion.get(PaqueteEntrada, str(envio.get("id")))
    if previo is None or previo.sha256 != huella:
        return None
    return Verificacion(True, "DUPLICADO", "Este paquete ya se había importado; importarlo de nuevo no cambia nada.", True,
                        envio, [], {}, huella, previo.firmante)


def verificar(sesion: Session, archivo: Path) -> Verificacion:
    """Verifica sin escribir nada en la base."""
    try:
        if not archivo.is_file():
            raise Rechazo("ZIP_INVALIDO", f"No existe {archivo}.")
        try:
            miembros = _leer_contenedor(archivo)
        except Rechazo:
            raise
        except Exception:  # noqa: BLE001 — un contenedor hostil nunca produce una falla interna
            raise Rechazo("ZIP_INVALIDO", "El contenedor no se pudo leer.") from None
        envio, llave = _firmante(sesion, miembros)
        _firma(miembros, llave)
        _etiquetas_y_datos(miembros)
        identico = _ya_importado_identico(sesion, envio, f.sha256(miembros[f.TAGMANIFEST]))
        if identico is not None:  # firma y huellas verificadas: es byte a byte el paquete que ya se aceptó completo
            return identico
        registros = _registros(miembros, envio)
        _bien_formados(sesion, registros)
        _jurisdiccion(registros, llave, envio)
        local = oficina_local(sesion)
        if local is not None and envio["oficina"] == local.clave:
            raise Rechazo("FUERA_DE_JURISDICCION", "Es un paquete de esta misma oficina.")
        huella = f.sha256(miembros[f.TAGMANIFEST])
        duplicado = _bitacora(sesion, envio, huella)
    except Rechazo as r:
        return Verificacion(False, r.codigo, str(r))
    evidencias = {n: d for n, d in miembros.items() if n.startswith(f.EVIDENCIAS)}
    mensaje = "Este paquete ya se había importado; importarlo de nuevo no cambia nada." if duplicado else Verificacion.mensaje
    return Verificacion(True, "DUPLICADO" if duplicado else "VALIDO", mensaje, duplicado, envio, registros, evidencias, huella, llave.oficina)
