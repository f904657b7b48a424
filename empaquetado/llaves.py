"""Llaves Ed25519 de la oficina: la privada se guarda cifrada con scrypt + AES-256-GCM bajo una frase."""

from __future__ import annotations

import base64
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

FRASE_MINIMA = 12
# scrypt N=2^17, r=8, p=1: ~128 MiB y cerca de medio segundo por intento (recomendación OWASP para scrypt).
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1


class FraseIncorrecta(Exception):
    """La frase no abre la llave privada."""


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


def sellar(privada: Ed25519PrivateKey, frase: str, oficina: str, n: int = SCRYPT_N) -> bytes:
    """Archivo JSON con la llave privada cifrada bajo `frase`."""
    sal, nonce = os.urandom(16), os.urandom(12)
    clave = _kdf(sal, n, SCRYPT_R, SCRYPT_P).derive(frase.encode("utf-8"))
    cruda = privada.private_bytes_raw()
    publica = publica_cruda(privada)
    cifrada = AESGCM(clave).encrypt(nonce, cruda, publica)
    contenido = {
        "formato": "fsur-llave-privada/1",
        "oficina": oficina,
        "algoritmo": "Ed25519",
        "huella": huella(publica),
        "publica": base64.b64encode(publica).decode(),
        "kdf": {"nombre": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P, "sal": base64.b64encode(sal).decode()},
        "cifrado": {"nombre": "AES-256-GCM", "nonce": base64.b64encode(nonce).decode(), "datos": base64.b64encode(cifrada).decode()},
    }
    return json.dumps(contenido, indent=2).encode("utf-8")


def abrir(archivo: Path, frase: str) -> Ed25519PrivateKey:
    """Llave privada del archivo sellado; FraseIncorrecta si la frase no corresponde."""
    datos = json.loads(archivo.read_text(encoding="utf-8"))
    kdf, cifrado = datos["kdf"], datos["cifrado"]
    clave = _kdf(base64.b64decode(kdf["sal"]), kdf["n"], kdf["r"], kdf["p"]).derive(frase.encode("utf-8"))
    try:
        cruda = AESGCM(clave).decrypt(
            base64.b64decode(cifrado["nonce"]), base64.b64decode(cifrado["datos"]), base64.b64decode(datos["publica"])
        )
    except InvalidTag:
        raise FraseIncorrecta("La frase de acceso no abre la llave de esta oficina: revísela (distingue mayúsculas).") from None
    return Ed25519PrivateKey.from_private_bytes(cruda)


def publica_de_archivo(archivo: Path) -> bytes:
    return base64.b64decode(json.loads(archivo.read_text(encoding="utf-8"))["publica"])
