"""Confianza entre oficinas: ficha de registro, alta de una oficina conocida, rotación y revocación de llaves.

Qué se admite lo decide empaquetado/politica.py; aquí se leen, firman y guardan los documentos."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base_local.acciones import ahora
from base_local.errores import EntradaRechazada
from base_local.modelos import Ajuste, Llave, Oficina, PaqueteSalida
from base_local.oficinas import oficina_local
from empaquetado import cifrado, json_estricto, llaves, politica
from empaquetado.codigos import Rechazo
from empaquetado.formato import json_canonico
from formularios import limites

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


def ficha(sesion: Session, privada: Ed25519PrivateKey, destinatario: str | None = None) -> dict[str, Any]:
    """Ficha de registro de la oficina local, firmada con su propia llave (prueba que la posee). Lleva el
    destinatario age de su identidad de cifrado: su superior le cifrará los paquetes con él."""
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
    if destinatario is not None:
        cuerpo["destinatario_age"] = destinatario
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


@dataclass(frozen=True)
class FichaLeida:
    """Lo que dice una ficha ya comprobada (firma, gramática, jurisdicción, reuso), antes de registrarla."""

    clave: str
    tipo: str
    nombre: str
    responsable: str
    entidad: str | None
    municipio: str | None
    superior: str | None
    publica: bytes
    huella: str
    nueva: bool  # False: ya estaba registrada con esa misma llave
    destinatario: str | None = None  # «age1…» de su identidad de cifrado (fichas de versiones anteriores no lo traen)

    @property
    def huella_legible(self) -> str:
        return llaves.huella_legible(self.huella)


def _texto(datos: dict[str, Any], campo: str) -> str:
    """Nombre o responsable de una ficha: la misma regla (T23) que al inicializar la oficina."""
    valor = datos.get(campo, "")
    if not isinstance(valor, str):
        raise Rechazo("FICHA_INVALIDA", f"«{campo}» no es un texto.")
    try:
        return limites.texto_libre({"nombre": "nombre_oficina"}.get(campo, campo), valor)
    except EntradaRechazada as e:
        raise Rechazo("FICHA_INVALIDA", f"«{campo}»: {e}") from None


def leer_ficha(sesion: Session, documento: dict[str, Any]) -> FichaLeida:
    """Comprueba la ficha sin registrarla (T8): autofirmada, huella de su llave y lo que decide la política.
    Devuelve sus datos y su huella para que una persona la compare con la impresa."""
    if not isinstance(documento, dict) or documento.get("formato") != FORMATO_FICHA:
        raise Rechazo("FICHA_INVALIDA", "No es una ficha de registro (fsur-ficha/1).")
    datos = documento.get("oficina")
    try:
        publica = base64.b64decode(documento["llave_publica"], validate=True)
    except (KeyError, TypeError, ValueError):
        publica = b""
    if not isinstance(datos, dict) or len(publica) != 32:
        raise Rechazo("FICHA_INVALIDA", "Faltan los datos de la oficina o su llave pública.")
    if llaves.huella(publica) != documento.get("huella") or not firma_valida(documento, publica):
        raise Rechazo("FIRMA_INVALIDA", "La ficha no está firmada por la llave que anuncia: puede estar alterada. No se registró.")
    campos = {c: _texto(datos, c) for c in ("nombre", "responsable")}
    destinatario = documento.get("destinatario_age")
    if destinatario is not None and not cifrado.es_destinatario(destinatario):
        raise Rechazo("FICHA_INVALIDA", "«destinatario_age» no es un destinatario age (age1…).")
    nueva = politica.ficha_registrable(sesion, oficina_local(sesion), datos, llaves.huella(publica))
    return FichaLeida(datos["clave"], datos["tipo"], campos["nombre"], campos["responsable"], datos.get("entidad"),
                      datos.get("municipio"), datos.get("superior"), publica, llaves.huella(publica), nueva, destinatario)


def registrar(sesion: Session, documento: dict[str, Any]) -> dict[str, Any]:
    """Registra una ficha o un aviso de rotación. Rechaza con un código, sin escribir nada, si algo no cuadra."""
    if isinstance(documento, dict) and documento.get("formato") == FORMATO_ROTACION:
        return _registrar_rotacion(sesion, documento)
    leida = leer_ficha(sesion, documento)
    if not leida.nueva:
        return _fijar_central(sesion, leida, _destinatario_de_llave_registrada(sesion, leida))
    momento = ahora()
    oficina = sesion.get(Oficina, leida.clave) or Oficina(clave=leida.clave, registrada_en=momento)
    oficina.tipo, oficina.nombre, oficina.responsable = leida.tipo, leida.nombre, leida.responsable
    oficina.entidad, oficina.municipio, oficina.superior, oficina.estado = leida.entidad, leida.municipio, leida.superior, "activa"
    sesion.add(oficina)
    sesion.flush()
    sesion.add(Llave(huella=leida.huella, oficina=leida.clave, publica=leida.publica, estado="activa", registrada_en=momento,
                     destinatario_age=leida.destinatario))
    sesion.flush()
    return _fijar_central(sesion, leida, {
        "oficina": leida.clave, "huella": leida.huella, "resultado": "registrada", "destinatario_age": leida.destinatario,
        "texto": f"Oficina {leida.clave} registrada. Compare la huella con la ficha impresa: {leida.huella_legible}"})


def _fijar_central(sesion: Session, leida: FichaLeida, hecho: dict[str, Any]) -> dict[str, Any]:
    """La ficha de la Coordinación, comparada al registrarla, deja fijada su huella para sus actualizaciones de catálogos."""
    if not politica.central_a_fijar(sesion, oficina_local(sesion), leida.clave, leida.huella):
        return hecho
    sesion.add(Ajuste(clave=politica.AJUSTE_HUELLA_CENTRAL, valor=leida.huella))
    sesion.flush()
    antes = f"La oficina {leida.clave} ya estaba registrada con esa llave." if hecho["resultado"] == "ya_registrada" else hecho["texto"]
    return {**hecho, "central_fijada": True,
            "texto": f"{antes} Queda fijada también como la huella de la Coordinación: con ella se comprueban sus "
                     "actualizaciones de catálogos."}


def _destinatario_de_llave_registrada(sesion: Session, leida: FichaLeida) -> dict[str, Any]:
    """Ficha de una oficina ya registrada con esa llave: si trae el destinatario de cifrado que faltaba (la oficina
    se actualizó), se guarda; la misma llave firmó ambas fichas. Un destinatario distinto cambia solo al rotar."""
    llave = sesion.get(Llave, leida.huella)
    nada = {"oficina": leida.clave, "huella": leida.huella, "resultado": "ya_registrada",
            "texto": f"La oficina {leida.clave} ya estaba registrada con esa llave; no cambió nada."}
    if leida.destinatario is None or llave.destinatario_age == leida.destinatario:
        return nada
    politica.destinatario_agregable(llave)
    llave.destinatario_age = leida.destinatario
    sesion.flush()
    return {**nada, "resultado": "destinatario_registrado", "destinatario_age": leida.destinatario,
            "texto": f"La oficina {leida.clave} ya estaba registrada; se guardó su llave de cifrado. Sus paquetes "
                     "para ella saldrán cifrados."}


def ultima_secuencia_enviada(sesion: Session, oficina: str) -> int:
    return sesion.scalar(select(func.max(PaqueteSalida.secuencia)).where(PaqueteSalida.oficina == oficina)) or 0


def aviso_rotacion(sesion: Session, anterior: Ed25519PrivateKey, nueva: Ed25519PrivateKey,
                   destinatario: str | None = None) -> dict[str, Any]:
    """Aviso firmado por la llave activa (`firma_anterior`) y por la nueva (`firma`, prueba de que se posee), con
    la última secuencia firmada con la anterior y el destinatario de la identidad de cifrado nueva."""
    oficina = oficina_local(sesion)
    cuerpo = {
        "formato": FORMATO_ROTACION, "oficina": oficina.clave,
        "huella_anterior": llaves.huella(llaves.publica_cruda(anterior)),
        "llave_nueva": base64.b64encode(llaves.publica_cruda(nueva)).decode(),
        "huella_nueva": llaves.huella(llaves.publica_cruda(nueva)),
        "ultima_secuencia": ultima_secuencia_enviada(sesion, oficina.clave),
        "fecha": date.today().isoformat(),
    }
    if destinatario is not None:
        cuerpo["destinatario_age_nuevo"] = destinatario
    firmado = firmar_documento(cuerpo, nueva)
    firmado["firma_anterior"] = base64.b64encode(anterior.sign(json_canonico(cuerpo))).decode()
    return firmado


def _retirar(llave: Llave, ultima: int) -> None:
    llave.estado, llave.cambio_estado_en, llave.motivo, llave.ultima_secuencia = "retirada", ahora(), "Rotación de llave", ultima


def rotar_llave_local(sesion: Session, archivo_llave: Path, anterior: Ed25519PrivateKey, frase: str) -> dict[str, Any]:
    """Llave nueva para esta oficina, con identidad de cifrado nueva: la anterior queda retirada y se devuelve el
    aviso firmado por ambas, que anuncia el destinatario nuevo.

    La llave sellada se reemplaza al final (escritura atómica); si algo falla antes, la transacción del
    llamador revierte el registro y la llave anterior sigue en su lugar.
    """
    oficina = oficina_local(sesion).clave
    vieja = llave_activa(sesion, oficina)
    if vieja is None or vieja.huella != llaves.huella(llaves.publica_cruda(anterior)):
        raise EntradaRechazada("La llave privada de esta carpeta no es la llave activa registrada de la oficina: no se rotó.")
    nueva = llaves.generar()
    identidad = cifrado.nueva_identidad()
    destinatario = cifrado.destinatario_de(identidad)
    aviso = aviso_rotacion(sesion, anterior, nueva.privada, destinatario)
    _retirar(vieja, aviso["ultima_secuencia"])
    sesion.flush()
    sesion.add(Llave(huella=nueva.huella, oficina=oficina, publica=nueva.publica, estado="activa", registrada_en=ahora(),
                     destinatario_age=destinatario))
    sesion.flush()
    llaves.guardar(archivo_llave, llaves.sellar(nueva.privada, frase, oficina, identidad=identidad))
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
    """T5: solo la llave activa anuncia su sucesora; la anterior queda retirada con su última secuencia."""
    if not politica.es_huella(aviso.get("huella_anterior")):
        raise Rechazo("AVISO_INVALIDO", "«huella_anterior» no es una huella de llave.")
    vieja = llave_confiable(sesion, aviso.get("huella_anterior"),
                            "El aviso de rotación viene de una llave que esta oficina no tiene registrada.",
                            "La llave anterior está revocada: un aviso firmado con ella no vale. Registre una ficha nueva.")
    try:
        nueva = base64.b64decode(aviso["llave_nueva"], validate=True)
    except (KeyError, TypeError, ValueError):
        raise Rechazo("AVISO_INVALIDO", "Falta la llave nueva.") from None
    if (
        vieja.oficina != aviso.get("oficina") or len(nueva) != 32 or llaves.huella(nueva) != aviso.get("huella_nueva")
        or not firma_valida(aviso, vieja.publica, "firma_anterior") or not firma_valida(aviso, nueva)
    ):
        raise Rechazo("FIRMA_INVALIDA", "El aviso de rotación no está firmado por la llave anterior y la nueva: no se registró.")
    destinatario = aviso.get("destinatario_age_nuevo")
    if destinatario is not None and not cifrado.es_destinatario(destinatario):
        raise Rechazo("AVISO_INVALIDO", "«destinatario_age_nuevo» no es un destinatario age (age1…).")
    ya = sesion.get(Llave, llaves.huella(nueva))
    if ya is not None:
        if ya.oficina != vieja.oficina:
            raise Rechazo("LLAVE_YA_REGISTRADA", f"Es la llave de {ya.oficina}.")
        return {"oficina": vieja.oficina, "resultado": "ya_registrada", "texto": "Esa rotación ya estaba registrada."}
    politica.rotacion_admisible(sesion, oficina_local(sesion), vieja, aviso.get("ultima_secuencia"))
    _retirar(vieja, aviso["ultima_secuencia"])
    sesion.flush()
    sesion.add(Llave(huella=llaves.huella(nueva), oficina=vieja.oficina, publica=nueva, estado="activa", registrada_en=ahora(),
                     destinatario_age=destinatario))
    sesion.flush()
    return {"oficina": vieja.oficina, "huella": llaves.huella(nueva), "resultado": "rotada", "destinatario_age": destinatario,
            "texto": f"Llave de {vieja.oficina} rotada; la anterior queda retirada (firmó hasta el paquete {aviso['ultima_secuencia']}). "
                     f"Nueva huella: {llaves.huella_legible(llaves.huella(nueva))}"}


def revocar(sesion: Session, huella: str, motivo: str) -> dict[str, Any]:
    """Revoca una llave; si era la activa, la oficina queda revocada (sin llave activa) hasta una ficha nueva."""
    if not motivo.strip():
        raise EntradaRechazada("Escriba el motivo de la revocación (--motivo): queda registrado.")
    motivo = limites.texto_libre("motivo_revocacion", motivo)
    llave = sesion.get(Llave, huella.replace(" ", "").lower())
    if llave is None:
        raise EntradaRechazada(f"No hay ninguna llave registrada con la huella {huella}.")
    if llave.oficina == oficina_local(sesion).clave:
        raise EntradaRechazada("Esa es la llave de esta misma oficina: para cambiarla use «rotar-llave».")
    if llave.estado == "activa":
        sesion.get(Oficina, llave.oficina).estado = "revocada"
    llave.estado, llave.cambio_estado_en, llave.motivo = "revocada", ahora(), motivo
    sesion.flush()
    return {"oficina": llave.oficina, "huella": llave.huella, "resultado": "revocada",
            "texto": f"Llave de {llave.oficina} revocada. Sus paquetes se rechazarán con el código LLAVE_REVOCADA."}
