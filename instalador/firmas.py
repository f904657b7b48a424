"""Comprueba las firmas Authenticode del CPython embebido con signify (en Linux, sin Windows).

Cada .exe, .dll y .pyd debe llevar una firma válida hasta una raíz de confianza de Microsoft y el certificado del
firmante debe ser de una organización esperada (config.FIRMANTES); el catálogo python.cat también debe verificar.
Uso: python -m instalador.firmas CARPETA   (la carpeta con python.exe).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from instalador.config import FIRMANTES

EJECUTABLES = {".exe", ".dll", ".pyd"}


def corregir_oscrypto() -> None:
    """oscrypto 1.3.0 (la última en PyPI, de la que depende signify) no reconoce «OpenSSL 3.0.19»: su expresión
    exige una sola cifra de parche. Se corrige en el entorno de construcción antes de importarlo."""
    spec = importlib.util.find_spec("oscrypto")
    archivo = Path(spec.origin).parent / "_openssl" / "_libcrypto_ctypes.py"
    texto = archivo.read_text(encoding="utf-8")
    viejo, nuevo = "\\\\d\\\\.\\\\d\\\\.\\\\d[a-z]*", "\\\\d\\\\.\\\\d\\\\.\\\\d+[a-z]*"
    if viejo in texto:
        archivo.write_text(texto.replace(viejo, nuevo), encoding="utf-8")


def comprobar(carpeta: Path) -> list[str]:
    """Una línea por archivo firmado; lanza ValueError con todos los problemas si alguno no verifica."""
    corregir_oscrypto()
    from signify.authenticode import AuthenticodeFile, CertificateTrustList

    catalogo = CertificateTrustList.from_envelope((carpeta / "python.cat").read_bytes())
    catalogo.verify()
    lineas, problemas = ["python.cat: catálogo verificado"], []
    ejecutables = sorted(p for p in carpeta.iterdir() if p.suffix.lower() in EJECUTABLES)
    if not any(p.name.lower() == "python.exe" for p in ejecutables):
        raise ValueError(f"{carpeta} no tiene python.exe")
    for ruta in ejecutables:
        with ruta.open("rb") as f:
            try:
                archivo = AuthenticodeFile.from_stream(f)
                archivo.add_catalog(catalogo)
                _, _, cadenas = archivo.verify()[0]
                firmante = list(cadenas)[0][-1]
                organizacion = next(iter(firmante.subject.get_components("O")), "")
            except Exception as e:  # noqa: BLE001 — cualquier falla de signify es una firma que no verifica
                problemas.append(f"{ruta.name}: {type(e).__name__}: {e}")
                continue
        if organizacion not in FIRMANTES:
            problemas.append(f"{ruta.name}: firmado por «{organizacion}», que no es un firmante esperado")
        else:
            lineas.append(f"{ruta.name}: firma válida de {organizacion}")
    if problemas:
        raise ValueError("Firmas que no verifican:\n  " + "\n  ".join(problemas))
    return lineas


if __name__ == "__main__":
    try:
        print("\n".join(comprobar(Path(sys.argv[1]))))
    except ValueError as e:
        print(e, file=sys.stderr)
        sys.exit(1)
