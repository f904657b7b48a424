"""Llaves de la oficina: la Ed25519 que firma y la identidad age (X25519) que descifra, ambas selladas en un mismo
archivo con scrypt + AES-256-GCM bajo una frase (la misma clave derivada, un nonce por cada una)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from base_local.errores import EntradaRechazada
from base_local.rutas import PERMISO_LLAVE, proteger_archivo
from empaquetado import cifrado, json_estricto

FRASE_MINIMA = 12
# scrypt N=2^17, r=8, p=1: ~128 MiB y cerca de medio segundo por intento (recomendación OWASP para scrypt).
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1


# Cotas de un archivo de llave, revisadas ANTES de derivar: un archivo alterado no puede pedir gigas de memoria ni
# minutos de cálculo. Memoria de scrypt = 128·N·r bytes (la de este programa: 128 MiB); trabajo ∝ 128·N·r·p.
TAMANO_MAXIMO_LLAVE = 64 * 1024
SCRYPT_N_RANGO = (2**10, 2**18)
SCRYPT_R_RANGO = (1, 16)
SCRYPT_P_RANGO = (1, 4)
SCRYPT_MEMORIA_MAXIMA = 256 * 1024 * 1024
SCRYPT_TRABAJO_MAXIMO = 4 * 128 * SCRYPT_N * SCRYPT_R * SCRYPT_P
SAL_RANGO = (16, 64)
FORMATO = "fsur-llave-privada/1"
AAD_IDENTIDAD = b"fsur-identidad-age/1:"
LARGO_IDENTIDAD = (60, 120)  # «AGE-SECRET-KEY-1…» son 74 caracteres, más 16 de la etiqueta GCM


class FraseIncorrecta(EntradaRechazada):
    """La frase no abre la llave privada."""

    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje, "FRASE_INCORRECTA")


class LlaveDanada(EntradaRechazada):
    """El archivo de llave está truncado, alterado o trae parámetros fuera de cota: no se usa."""

    def __init__(self, archivo: Path, problema: str) -> None:
        super().__init__(
            f"El archivo de llave {archivo} está dañado o fue alterado: {problema}. No se usó ni se modificó. "
            "Recupérelo de una copia de seguridad de la carpeta de datos; si no la tiene, pida a su oficina superior "
            "que revoque esta llave y dé de alta la oficina con una llave nueva.",
            "LLAVE_DANADA",
        )


def validar_frase(frase: str) -> str | None:
    """Mensaje en español si la frase no sirve; None si sirve."""
    if not frase or not frase.strip():
        return "La frase de acceso está vacía: escriba una de al menos 12 caracteres."
    if len(frase) < FRASE_MINIMA:
        return f"La frase de acceso tiene {len(frase)} caracteres: use al menos {FRASE_MINIMA} (una oración corta sirve)."
    return None


def huella(publica: bytes) -> str:
    """SHA-256 de la llave pública cruda, en hexadecimal."""
    return hashlib.sha256(publica).hexdigest()


def huella_legible(hexadecimal: str) -> str:
    """Huella en grupos de cuatro, en mayúsculas, para leerla en voz alta o en papel."""
    h = hexadecimal.upper()
    return " ".join(h[i : i + 4] for i in range(0, len(h), 4))


def publica_cruda(privada: Ed25519PrivateKey) -> bytes:
    return privada.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def publica_pem(publica: bytes) -> bytes:
    return Ed25519PublicKey.from_public_bytes(publica).public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def _kdf(sal: bytes, n: int, r: int, p: int) -> Scrypt:
    return Scrypt(salt=sal, length=32, n=n, r=r, p=p)


@dataclass(frozen=True)
class LlaveNueva:
    privada: Ed25519PrivateKey
    publica: bytes
    huella: str


def generar() -> LlaveNueva:
    privada = Ed25519PrivateKey.generate()
    publica = publica_cruda(privada)
    return LlaveNueva(privada, publica, huella(publica))


def _sellar_identidad(clave: bytes, texto_identidad: str) -> dict[str, str]:
    """Sección «identidad_age» del archivo: el destinatario en claro y la identidad cifrada, atada a él."""
    destinatario = cifrado.destinatario_de(texto_identidad)
    nonce = os.urandom(12)
    datos = AESGCM(clave).encrypt(nonce, texto_identidad.encode("ascii"), AAD_IDENTIDAD + destinatario.encode("ascii"))
    return {"destinatario": destinatario, "nonce": base64.b64encode(nonce).decode(), "datos": base64.b64encode(datos).decode()}


def sellar(privada: Ed25519PrivateKey, frase: str, oficina: str, n: int = SCRYPT_N, identidad: str | None = None) -> bytes:
    """Archivo JSON con la llave privada y la identidad de cifrado (nueva si no se da) cifradas bajo `frase`."""
    sal, nonce = os.urandom(16), os.urandom(12)
    clave = _kdf(sal, n, SCRYPT_R, SCRYPT_P).derive(frase.encode("utf-8"))
    cruda = privada.private_bytes_raw()
    publica = publica_cruda(privada)
    cifrada = AESGCM(clave).encrypt(nonce, cruda, publica)
    contenido = {
        "formato": FORMATO,
        "oficina": oficina,
        "algoritmo": "Ed25519",
        "huella": huella(publica),
        "publica": base64.b64encode(publica).decode(),
        "kdf": {"nombre": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P, "sal": base64.b64encode(sal).decode()},
        "cifrado": {"nombre": "AES-256-GCM", "nonce": base64.b64encode(nonce).decode(), "datos": base64.b64encode(cifrada).decode()},
        "identidad_age": _sellar_identidad(clave, identidad or cifrado.nueva_identidad()),
    }
    return json.dumps(contenido, indent=2).encode("utf-8")


def guardar(archivo: Path, contenido: bytes) -> None:
    """Escribe el archivo de llave de forma atómica y legible solo por su dueño (0600 desde que nace)."""
    temporal = archivo.with_name(archivo.name + ".nueva")
    temporal.unlink(missing_ok=True)
    descriptor = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PERMISO_LLAVE)
    with os.fdopen(descriptor, "wb") as f:
        f.write(contenido)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporal, archivo)


def _leer(archivo: Path) -> dict:
    """El JSON del archivo de llave, acotado en tamaño; LlaveDanada si no se puede leer o está truncado."""
    try:
        with open(archivo, "rb") as f:
            crudo = f.read(TAMANO_MAXIMO_LLAVE + 1)
    except OSError as e:
        raise LlaveDanada(archivo, f"no se puede leer ({e.strerror or e})") from None
    if len(crudo) > TAMANO_MAXIMO_LLAVE:
        raise LlaveDanada(archivo, f"mide más de {TAMANO_MAXIMO_LLAVE // 1024} KiB, mucho más que una llave")
    try:
        datos = json_estricto.cargar(crudo, "su contenido", TAMANO_MAXIMO_LLAVE)
    except json_estricto.JsonInvalido as e:
        raise LlaveDanada(archivo, str(e).rstrip(".")) from None  # truncado, NaN, llaves repetidas, anidado…
    if not isinstance(datos, dict) or datos.get("formato") != FORMATO:
        raise LlaveDanada(archivo, f"no es un archivo de llave de este programa (formato «{FORMATO}»)")
    return datos


def _bytes(archivo: Path, datos: dict, seccion: str | None, campo: str, largos: tuple[int, int]) -> bytes:
    """Un campo en base64 con su largo en bytes dentro de `largos`."""
    contenedor = datos.get(seccion) if seccion else datos
    nombre = f"{seccion}.{campo}" if seccion else campo
    valor = contenedor.get(campo) if isinstance(contenedor, dict) else None
    try:
        crudo = base64.b64decode(valor, validate=True) if isinstance(valor, str) else None
    except (binascii.Error, ValueError):
        crudo = None
    if crudo is None or not largos[0] <= len(crudo) <= largos[1]:
        raise LlaveDanada(archivo, f"el campo «{nombre}» falta o no es base64 de {largos[0]}–{largos[1]} bytes")
    return crudo


def _parametros_kdf(archivo: Path, datos: dict) -> tuple[int, int, int]:
    """N, r y p de scrypt, acotados: lo que pasa de aquí no se deriva."""
    kdf = datos.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("nombre") != "scrypt":
        raise LlaveDanada(archivo, "el campo «kdf» falta o no es scrypt")
    valores = []
    for campo, (minimo, maximo) in (("n", SCRYPT_N_RANGO), ("r", SCRYPT_R_RANGO), ("p", SCRYPT_P_RANGO)):
        valor = kdf.get(campo)
        if type(valor) is not int or not minimo <= valor <= maximo:
            raise LlaveDanada(archivo, f"el parámetro de scrypt «{campo}» = {str(valor)[:40]} está fuera de {minimo}–{maximo}")
        valores.append(valor)
    n, r, p = valores
    if n & (n - 1):
        raise LlaveDanada(archivo, f"el parámetro de scrypt «n» = {n} no es potencia de 2")
    if 128 * n * r > SCRYPT_MEMORIA_MAXIMA or 128 * n * r * p > SCRYPT_TRABAJO_MAXIMO:
        raise LlaveDanada(archivo, f"los parámetros de scrypt (n={n}, r={r}, p={p}) pedirían más memoria o tiempo de lo razonable")
    return n, r, p


@dataclass(frozen=True)
class LlavesAbiertas:
    """Lo que abre la frase: la llave que firma y la identidad age que descifra (con su destinatario)."""

    privada: Ed25519PrivateKey
    identidad: str
    destinatario: str


def _abrir_identidad(archivo: Path, datos: dict, clave: bytes) -> str | None:
    """La identidad age sellada, comprobada contra su destinatario; None si el archivo es de una versión anterior."""
    seccion = datos.get("identidad_age")
    if seccion is None:
        return None
    destinatario = seccion.get("destinatario") if isinstance(seccion, dict) else None
    if not cifrado.es_destinatario(destinatario):
        raise LlaveDanada(archivo, "la sección «identidad_age» no trae un destinatario age válido")
    nonce = _bytes(archivo, datos, "identidad_age", "nonce", (12, 12))
    sellada = _bytes(archivo, datos, "identidad_age", "datos", LARGO_IDENTIDAD)
    try:
        texto = AESGCM(clave).decrypt(nonce, sellada, AAD_IDENTIDAD + destinatario.encode("ascii")).decode("ascii")
        if cifrado.destinatario_de(texto) != destinatario:
            raise ValueError
    except (InvalidTag, UnicodeDecodeError, ValueError):
        raise LlaveDanada(archivo, "la identidad de cifrado no corresponde a su destinatario") from None
    except Exception:  # noqa: BLE001 — pyrage rechaza una identidad mal formada con su propio error
        raise LlaveDanada(archivo, "la identidad de cifrado no es una identidad age") from None
    return texto


def abrir_llaves(archivo: Path, frase: str) -> LlavesAbiertas:
    """Llave privada e identidad de cifrado del archivo sellado (una sola derivación de scrypt).

    FraseIncorrecta si la frase no corresponde, LlaveDanada si el archivo no sirve. Al abrirla corrige los permisos
    de una llave de una versión anterior que otros podían leer y, si el archivo aún no tiene identidad de cifrado
    (versión anterior), le agrega una nueva sellada bajo la misma frase.
    """
    proteger_archivo(archivo, PERMISO_LLAVE)
    datos = _leer(archivo)
    n, r, p = _parametros_kdf(archivo, datos)
    sal = _bytes(archivo, datos, "kdf", "sal", SAL_RANGO)
    nonce = _bytes(archivo, datos, "cifrado", "nonce", (12, 12))
    cifrada = _bytes(archivo, datos, "cifrado", "datos", (48, 48))
    publica = _bytes(archivo, datos, None, "publica", (32, 32))
    if datos.get("huella") != huella(publica):
        raise LlaveDanada(archivo, "la huella no corresponde a la llave pública")
    clave = _kdf(sal, n, r, p).derive(frase.encode("utf-8"))
    try:
        cruda = AESGCM(clave).decrypt(nonce, cifrada, publica)
    except InvalidTag:
        raise FraseIncorrecta("La frase de acceso no abre la llave de esta oficina: revísela (distingue mayúsculas). "
                              "Si la frase es la correcta, el archivo de llave fue alterado: recupérelo de una copia de seguridad.") from None
    privada = Ed25519PrivateKey.from_private_bytes(cruda)
    if publica_cruda(privada) != publica:
        raise LlaveDanada(archivo, "la llave privada no corresponde a su llave pública")
    identidad = _abrir_identidad(archivo, datos, clave)
    if identidad is None:
        identidad = cifrado.nueva_identidad()
        guardar(archivo, json.dumps({**datos, "identidad_age": _sellar_identidad(clave, identidad)}, indent=2).encode("utf-8"))
    return LlavesAbiertas(privada, identidad, cifrado.destinatario_de(identidad))


def abrir(archivo: Path, frase: str) -> Ed25519PrivateKey:
    """Solo la llave privada que firma (vea abrir_llaves)."""
    return abrir_llaves(archivo, frase).privada


def oficina_y_huella(archivo: Path) -> tuple[str, str]:
    """(oficina, huella) de un archivo de llave, sin la frase; la huella se calcula de su llave pública."""
    datos = _leer(archivo)
    publica = _bytes(archivo, datos, None, "publica", (32, 32))
    if datos.get("huella") != huella(publica):
        raise LlaveDanada(archivo, "la huella no corresponde a la llave pública")
    oficina = datos.get("oficina")
    if not isinstance(oficina, str) or not 0 < len(oficina) <= 16 or not oficina.isprintable():
        raise LlaveDanada(archivo, "no dice de qué oficina es")
    return oficina, huella(publica)


def publica_de_archivo(archivo: Path) -> bytes:
    return _bytes(archivo, _leer(archivo), None, "publica", (32, 32))
