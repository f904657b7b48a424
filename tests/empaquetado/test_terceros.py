"""Un tercero verifica el paquete sin el código del proyecto: openssl, sha256sum y bagit-python."""

import shutil
import subprocess
import zipfile

import bagit
import pytest

from tests.empaquetado.util import red_con_paquete


@pytest.fixture(scope="module")
def paquete(tmp_path_factory):
    raiz = tmp_path_factory.mktemp("terceros")
    _, archivo = red_con_paquete(raiz, 12)
    destino = raiz / "extraido"
    with zipfile.ZipFile(archivo) as z:
        z.extractall(destino)  # solo en la prueba: el programa nunca extrae paquetes ajenos
    return destino / "envio"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl no está instalado")
def test_firma_verificada_con_openssl(paquete):
    ok = subprocess.run(
        ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "firmante.pub.pem", "-rawin",
         "-in", "tagmanifest-sha256.txt", "-sigfile", "tagmanifest-sha256.txt.sig"],
        cwd=paquete, capture_output=True, text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert "Signature Verified Successfully" in ok.stdout
    (paquete / "tagmanifest-sha256.txt").write_bytes((paquete / "tagmanifest-sha256.txt").read_bytes() + b"\n")
    mal = subprocess.run(
        ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "firmante.pub.pem", "-rawin",
         "-in", "tagmanifest-sha256.txt", "-sigfile", "tagmanifest-sha256.txt.sig"],
        cwd=paquete, capture_output=True, text=True,
    )
    assert mal.returncode != 0
    (paquete / "tagmanifest-sha256.txt").write_bytes((paquete / "tagmanifest-sha256.txt").read_bytes()[:-1])


def test_manifiestos_con_sha256sum(paquete):
    for manifiesto in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
        r = subprocess.run(["sha256sum", "-c", "--strict", manifiesto], cwd=paquete, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr


def test_bolsa_valida_para_bagit_python(paquete):
    bolsa = bagit.Bag(str(paquete))
    bolsa.validate()
    assert bolsa.is_valid()
    assert bolsa.info["External-Identifier"].startswith("urn:uuid:")
    (paquete / "data" / "acciones.jsonl").write_bytes(b"alterado\n")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(paquete)).validate()
