"""Confianza entre oficinas: ficha de registro, alta de una oficina conocida, rotación y revocación de llaves."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.acciones import ahora
from base_local.errores import EntradaRechazada
from base_local.jurisdiccion import jurisdiccion_de_clave
from base_local.modelos import Llave, Oficina
from base_local.oficinas import DatosOficina, oficina_local
from empaquetado import json_estricto, llaves
from empaquetado.formato import json_canonico

FORMATO_FICHA = "fsur-ficha/1"
FORMATO_ROTACION = "fsur-rotacion/1"
MAX_FICHA = 64 * 1024  # fichas y avisos de rotación miden menos de 2 KiB
MAX_ACUSE = 16 * 1024**2  # un acuse de 100,000 registros mide unos 12 MiB


def firmar_documento(cuerpo: dict[str, Any], privada: Ed25519PrivateKey) -> dict[str, Any]:
    """Documento con su firma Ed25519 sobre el JSON canónico del cuerpo."""
    return {**cuerpo, "firma": base64.b64encode(privada.sign(json_canonico(cuerpo))).decode()}


def firma_valida(documento: dict[str, Any], publica: bytes, campo: str = "firma") -> bool:
    cuerpo = {k: v for k, v in documento.items() if k not in {"firma", "firma_anterior"}}
    try:
        Ed25519PublicKey.from_public_bytes(publica).verify(base64.b64decode(documento[campo]), json_canonico(cuerpo))
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True


def llave_activa(sesion: Session, oficina: str) -> Llave | None:
    return sesion.scalar(select(Llave).where(Llave.oficina == oficina, Llave.estado == "activa"))


def ficha(sesion: Session, privada: Ed25519PrivateKey) -> dict[str, Any]:
    """Ficha de registro de la oficina local, firmada con su propia llave (prueba que la posee)."""
    oficina = oficina_local(sesion)
    publica = llaves.publica_cruda(privada)
    cuerpo = {
        "formato": FORMATO_FICHA,
        "oficina": {
            "clave": oficina.clave, "tipo": oficina.tipo, "nombre": oficina.nombre, "responsable": oficina.responsable,
            "entidad": oficina.entidad, "municipio": oficina.municipio, "superior": oficina.superior,
        },
        "llave_publica": base64.b64encode(publica).decode(),
        "huella": llaves.huella(publica),
        "emitida": date.today().isoformat(),
    }
    return firmar_documento(cuerpo, privada)


def leer_documento(archivo: Path, que: str = "una ficha o un aviso de rotación", maximo: int = MAX_FICHA) -> dict[str, Any]:
    """Ficha, aviso o acuse recibido: a lo más `maximo` bytes y JSON estricto (json_estricto), antes de confiar en nada."""
    if not archivo.is_file():
        raise EntradaRechazada(f"No existe el archivo {archivo}.")
    try:
        documento = json_estricto.leer_archivo(archivo, archivo.name, maximo)
    except json_estricto.JsonInvalido as e:
        raise EntradaRechazada(f"{e} El archivo no es {que} legible: pida a la oficina que lo genere de nuevo.", "JSON_INVALIDO") from None
    except OSError as e:
        raise EntradaRechazada(f"No se pudo leer {archivo.name} ({e.strerror}): revise el archivo y sus permisos.", "ARCHIVO_ILEGIBLE") from None
    if not isinstance(documento, dict):
        raise EntradaRechazada(f"{archivo.name} no tiene la forma de {que}: es JSON, pero no un objeto.", "JSON_INVALIDO")
    return documento


def _puede_registrar(local: DatosOficina, otra: dict[str, Any]) -> bool:
    """El superior registra oficinas de su jurisdicción; cualquier oficina registra a su superior directo."""
    if otra.get("clave") == local.superior:
        return True
    if otra.get("clave") == local.clave:
        return False
    jur = local.jurisdiccion
    if local.tipo == "central":
        return jur.admite(otra.get("entidad"), otra.get("municipio"))
    if local.tipo == "estatal":
        return otra.get("tipo") == "municipal" and jur.admite(otra.get("entidad"), otra.get("municipio"))
    return False


def registrar(sesion: Session, documento: dict[str, Any]) -> dict[str, Any]:
    """Registra una ficha o un aviso de rotación. Rechaza sin escribir nada si algo no cuadra."""
    formato = documento.get("formato")
    if formato == FORMATO_ROTACION:
        return _registrar_rotacion(sesion, documento)
    if formato != FORMATO_FICHA:
        raise EntradaRechazada("El archivo no es una ficha de registro ni un aviso de rotación de llave.")
    try:
        datos = documento["oficina"]
        publica = base64.b64decode(documento["llave_publica"], validate=True)
        clave = str(datos["clave"])
    except (KeyError, TypeError, ValueError):
        raise EntradaRechazada("La ficha está incompleta: pida a la oficina que la genere de nuevo.") from None
    if len(publica) != 32 or llaves.huella(publica) != documento.get("huella") or not firma_valida(documento, publica):
        raise EntradaRechazada("La ficha no está firmada por la llave que anuncia: puede estar alterada. No se registró.", "FIRMA_INVALIDA")
    if jurisdiccion_de_clave(clave).tipo != datos.get("tipo"):
        raise EntradaRechazada(f"La clave {clave} no corresponde a una oficina {datos.get('tipo')}.")
    local = oficina_local(sesion)
    if not _puede_registrar(local, datos):
        raise EntradaRechazada(
            f"La oficina {clave} no está bajo la jurisdicción de {local.clave} ni es su superior: no se registró.",
            "FUERA_DE_JURISDICCION",
        )
    huella = llaves.huella(publica)
    existente = sesion.get(Llave, huella)
    if existente is not None:
        if existente.oficina != clave:
            raise EntradaRechazada(f"Esa llave ya está registrada para otra oficina ({existente.oficina}).")
        return {"oficina": clave, "huella": huella, "resultado": "ya_registrada",
                "texto": f"La oficina {clave} ya estaba registrada con esa llave; no cambió nada."}
    if llave_activa(sesion, clave) is not None:
        raise EntradaRechazada(
            f"La oficina {clave} ya tiene otra llave activa. Si cambió de llave, registre su aviso de rotación "
            "(firmado con la llave anterior); si la perdió, revoque primero la anterior.",
        )
    momento = ahora()
    oficina = sesion.get(Oficina, clave) or Oficina(clave=clave, registrada_en=momento)
    oficina.tipo, oficina.nombre = datos["tipo"], datos.get("nombre", "")
    oficina.responsable, oficina.entidad = datos.get("responsable", ""), datos.get("entidad")
    oficina.municipio, oficina.superior, oficina.estado = datos.get("municipio"), datos.get("superior"), "activa"
    sesion.add(oficina)
    sesion.flush()
    sesion.add(Llave(huella=huella, oficina=clave, publica=publica, estado="activa", registrada_en=momento))
    sesion.flush()
    return {"oficina": clave, "huella": huella, "resultado": "registrada",
            "texto": f"Oficina {clave} registrada. Compare la huella con la ficha impresa: {llaves.huella_legible(huella)}"}


def aviso_rotacion(sesion: Session, anterior: Ed25519PrivateKey, nueva: Ed25519PrivateKey) -> dict[str, Any]:
    oficina = oficina_local(sesion)
    cuerpo = {
        "formato": FORMATO_ROTACION, "oficina": oficina.clave,
        "huella_anterior": llaves.huella(llaves.publica_cruda(anterior)),
        "llave_nueva": base64.b64encode(llaves.publica_cruda(nueva)).decode(),
        "huella_nueva": llaves.huella(llaves.publica_cruda(nueva)),
        "fecha": date.today().isoformat(),
    }
    firmado = firmar_documento(cuerpo, nueva)
    firmado["firma_anterior"] = base64.b64encode(anterior.sign(json_canonico(cuerpo))).decode()
    return firmado


def rotar_llave_local(sesion: Session, archivo_llave: Path, anterior: Ed25519PrivateKey, frase: str) -> dict[str, Any]:
    """Llave nueva para esta oficina: la anterior queda retirada y se devuelve el aviso firmado por ambas.

    La llave sellada se reemplaza al final (escritura atómica); si algo falla antes, la transacción del
    llamador revierte el registro y la llave anterior sigue en su lugar.
    """
    nueva = llaves.generar()
    aviso = aviso_rotacion(sesion, anterior, nueva.privada)
    oficina = oficina_local(sesion).clave
    vieja = llave_activa(sesion, oficina)
    vieja.estado, vieja.cambio_estado_en, vieja.motivo = "retirada", ahora(), "Rotación de llave"
    sesion.add(Llave(huella=nueva.huella, oficina=oficina, publica=nueva.publica, estado="activa", registrada_en=ahora()))
    sesion.flush()
    llaves.guardar(archivo_llave, llaves.sellar(nueva.privada, frase, oficina))
    return aviso


def llave_confiable(sesion: Session, huella: Any, desconocida: str, revocada: str) -> Llave:
    """La llave registrada con esa huella; rechaza (FIRMANTE_DESCONOCIDO, LLAVE_REVOCADA) con los mensajes dados."""
    llave = sesion.get(Llave, str(huella))
    if llave is None:
        raise EntradaRechazada(desconocida, "FIRMANTE_DESCONOCIDO")
    if llave.estado == "revocada":
        raise EntradaRechazada(revocada, "LLAVE_REVOCADA")
    return llave


def _registrar_rotacion(sesion: Session, aviso: dict[str, Any]) -> dict[str, Any]:
    vieja = llave_confiable(sesion, aviso.get("huella_anterior"),
                            "El aviso de rotación viene de una llave que esta oficina no tiene registrada.",
                            "La llave anterior está revocada: un aviso firmado con ella no vale. Registre una ficha nueva.")
    try:
        nueva = base64.b64decode(aviso["llave_nueva"], validate=True)
    except (KeyError, TypeError, ValueError):
        raise EntradaRechazada("El aviso de rotación está incompleto.") from None
    if (
        vieja.oficina != aviso.get("oficina") or len(nueva) != 32 or llaves.huella(nueva) != aviso.get("huella_nueva")
        or not firma_valida(aviso, vieja.publica, "firma_anterior") or not firma_valida(aviso, nueva)
    ):
        raise EntradaRechazada("El aviso de rotación no está firmado por ambas llaves: no se registró.", "FIRMA_INVALIDA")
    if sesion.get(Llave, llaves.huella(nueva)) is not None:
        return {"oficina": vieja.oficina, "resultado": "ya_registrada", "texto": "Esa rotación ya estaba registrada."}
    momento = ahora()
    vieja.estado, vieja.cambio_estado_en, vieja.motivo = "retirada", momento, "Rotación de llave"
    sesion.add(Llave(huella=llaves.huella(nueva), oficina=vieja.oficina, publica=nueva, estado="activa", registrada_en=momento))
    sesion.flush()
    return {"oficina": vieja.oficina, "huella": llaves.huella(nueva), "resultado": "rotada",
            "texto": f"Llave de {vieja.oficina} rotada; la anterior queda retirada. Nueva huella: {llaves.huella_legible(llaves.huella(nueva))}"}


def revocar(sesion: Session, huella: str, motivo: str) -> dict[str, Any]:
    if not motivo.strip():
        raise EntradaRechazada("Escriba el motivo de la revocación (--motivo): queda registrado.")
    llave = sesion.get(Llave, huella.replace(" ", "").lower())
    if llave is None:
        raise EntradaRechazada(f"No hay ninguna llave registrada con la huella {huella}.")
    llave.estado, llave.cambio_estado_en, llave.motivo = "revocada", ahora(), motivo.strip()
    sesion.flush()
    return {"oficina": llave.oficina, "huella": llave.huella, "resultado": "revocada",
            "texto": f"Llave de {llave.oficina} revocada. Sus paquetes se rechazarán con el código LLAVE_REVOCADA."}
