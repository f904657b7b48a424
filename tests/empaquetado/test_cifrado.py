"""Confidencialidad: firmar y luego cifrar con age para la oficina superior y la custodia; recibir .zip.age; cada
código de rechazo con entradas del adversario (firmadas con la llave privada REAL de la oficina infractora); la
herramienta estándar `age` y openssl, sin el código del proyecto; rotación de la identidad de cifrado."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from empaquetado import cifrado, llaves
from tests.conftest import FRASE
from tests.empaquetado.util import (
    cambiar_registros,
    cli,
    consultar,
    escribir_zip,
    ficha_sin_cifrado,
    huella_base,
    miembros,
    red_de_oficinas,
    refirmar,
)


@pytest.fixture(scope="session")
def age_cli() -> str:
    """La herramienta `age` de Debian; si falta, se instala con apt-get."""
    if shutil.which("age") is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "age"], check=False, capture_output=True, timeout=600)
    if shutil.which("age") is None:
        pytest.skip("no se pudo instalar el paquete Debian «age»")
    return shutil.which("age")


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    """Red con fichas de hoy (con destinatario) y un paquete cifrado de la municipal para la estatal."""
    raiz = tmp_path_factory.mktemp("cifrado")
    carpetas = red_de_oficinas(raiz, cifrado=True)
    assert cli(carpetas["mun"], "demo", "--registros", "12")[0] == 0
    codigo, salida = cli(carpetas["mun"], "exportar", "--salida", str(raiz / "paquetes"))
    assert codigo == 0, salida
    return {"raiz": raiz, **carpetas, "paquete": Path(salida["archivo"]), "salida": salida}


def _copia(red, nombre: str, tmp_path: Path) -> Path:
    destino = tmp_path / nombre
    shutil.copytree(red[nombre], destino)
    return destino


def _identidad(carpeta: Path) -> x25519.Identity:
    return x25519.Identity.from_str(llaves.abrir_llaves(carpeta / "llave_privada.json", FRASE).identidad)


def _destinatario(carpeta: Path) -> str:
    return llaves.abrir_llaves(carpeta / "llave_privada.json", FRASE).destinatario


def _cifrar(zip_: Path, destino: Path, *destinatarios: str) -> Path:
    destino.write_bytes(pyrage.encrypt(zip_.read_bytes(), [x25519.Recipient.from_str(d) for d in destinatarios]))
    return destino


def _en_claro(carpeta: Path, paquete: Path, destino: Path) -> Path:
    destino.write_bytes(pyrage.decrypt(paquete.read_bytes(), [_identidad(carpeta)]))
    return destino


def rechazo(carpeta: Path, paquete: Path, codigo: str) -> dict:
    """importar y verificar lo rechazan con `codigo`, la base queda idéntica byte a byte y no queda ningún temporal."""
    antes = huella_base(carpeta)
    salida_codigo, salida = cli(carpeta, "importar", str(paquete))
    [r] = salida["paquetes"]
    assert (salida_codigo, r["resultado"], r["codigo"]) == (2, "rechazado", codigo), r
    assert huella_base(carpeta) == antes
    v_codigo, v = cli(carpeta, "verificar", str(paquete))
    assert (v_codigo, v["codigo"]) == (2, codigo), v
    assert huella_base(carpeta) == antes
    assert not list(carpeta.glob(".descifrado-*"))
    return r


# --- Identidad y ficha ------------------------------------------------------------------------------------------


def test_identidad_sellada_con_la_misma_frase_y_en_la_ficha(red):
    archivo = red["mun"] / "llave_privada.json"
    datos = json.loads(archivo.read_text())
    assert datos["identidad_age"]["destinatario"].startswith("age1")
    assert "AGE-SECRET-KEY" not in archivo.read_text()  # la identidad viaja cifrada, como la llave de firma
    with pytest.raises(llaves.FraseIncorrecta):
        llaves.abrir_llaves(archivo, "otra frase también bastante larga")
    ficha = json.loads((red["raiz"] / "ficha-est.json").read_text())
    assert ficha["destinatario_age"] == _destinatario(red["est"])
    assert consultar(red["mun"], "select destinatario_age from llave where oficina = 'E07'") == [(ficha["destinatario_age"],)]


def test_t18_llave_de_version_anterior_recibe_identidad_al_primer_desbloqueo(tmp_path):
    from tests.conftest import crear_oficina

    crear_oficina(tmp_path / "mun")
    archivo = tmp_path / "mun" / "llave_privada.json"
    datos = json.loads(archivo.read_text())
    del datos["identidad_age"]
    archivo.write_text(json.dumps(datos))
    primera = llaves.abrir_llaves(archivo, FRASE)
    assert cifrado.es_destinatario(primera.destinatario)
    assert stat.S_IMODE(archivo.stat().st_mode) == 0o600
    segunda = llaves.abrir_llaves(archivo, FRASE)  # la segunda vez es la misma, ya sellada
    assert (segunda.identidad, segunda.destinatario) == (primera.identidad, primera.destinatario)
    assert llaves.publica_cruda(segunda.privada) == llaves.publica_cruda(primera.privada)


def test_t18_identidad_alterada_da_llave_danada(tmp_path):
    from tests.conftest import crear_oficina

    crear_oficina(tmp_path / "mun")
    archivo = tmp_path / "mun" / "llave_privada.json"
    datos = json.loads(archivo.read_text())
    datos["identidad_age"]["destinatario"] = _destinatario_nuevo()  # otro destinatario: la identidad no le corresponde
    archivo.write_text(json.dumps(datos))
    with pytest.raises(llaves.LlaveDanada):
        llaves.abrir_llaves(archivo, FRASE)


def _destinatario_nuevo() -> str:
    return str(x25519.Identity.generate().to_public())


def test_t8_ficha_actualizada_agrega_destinatario_pero_no_lo_cambia(tmp_path):
    red = red_de_oficinas(tmp_path)  # fichas de una versión anterior: sin destinatario
    assert consultar(red["mun"], "select destinatario_age from llave where oficina = 'E07'") == [(None,)]
    assert cli(red["est"], "ficha", "--salida", str(tmp_path / "nueva.json"))[0] == 0
    codigo, r = cli(red["mun"], "registrar-oficina", str(tmp_path / "nueva.json"))
    assert (codigo, r["resultado"]) == (0, "destinatario_registrado"), r
    # La estatal (su llave real) firma otra ficha con otro destinatario: no lo cambia sin rotar.
    from base_local.apertura import abrir_base
    from empaquetado.confianza import ficha

    base = abrir_base(f"sqlite:///{red['est'] / 'registro.sqlite'}")
    with base.transaccion() as s:
        otra = ficha(s, llaves.abrir(red["est"] / "llave_privada.json", FRASE), _destinatario_nuevo())
    base.cerrar()
    (tmp_path / "otra.json").write_text(json.dumps(otra))
    antes = huella_base(red["mun"])
    codigo, r = cli(red["mun"], "registrar-oficina", str(tmp_path / "otra.json"))
    assert (codigo, r["error"]) == (2, "FICHA_INVALIDA"), r
    assert huella_base(red["mun"]) == antes


# --- Exportar cifrado e importar --------------------------------------------------------------------------------


def test_exporta_firmado_y_luego_cifrado_para_el_superior(red):
    paquete, salida = red["paquete"], red["salida"]
    assert paquete.name.endswith(".zip.age") and paquete.read_bytes().startswith(cifrado.MAGIA)
    assert "M07089" in paquete.name and "Tapachula" not in paquete.name  # sin datos personales en el nombre
    assert [d["para"] for d in salida["cifrado_para"]] == ["E07"] and salida["aviso_cifrado"] == ""
    claro = red["mun"] / "enviados" / paquete.name.removesuffix(".age")
    with zipfile.ZipFile(claro) as z:
        envio = json.loads(z.read("envio/envio.json"))
    assert envio["cifrado_para"] == [{"para": "E07", "huella": cifrado.huella(_destinatario(red["est"]))}]
    assert (red["mun"] / "enviados" / paquete.name).read_bytes() == paquete.read_bytes()
    caratula = Path(salida["caratula"])
    assert caratula.name == paquete.name.removesuffix(".zip.age") + "-caratula.pdf"
    from pypdf import PdfReader

    texto = " ".join(p.extract_text() for p in PdfReader(caratula).pages)
    assert "cifrado para: E07" in texto and cifrado.huella(_destinatario(red["est"]))[:4].upper() in texto


def test_la_estatal_verifica_e_importa_el_paquete_cifrado(red, tmp_path):
    est = _copia(red, "est", tmp_path)
    assert cli(est, "verificar", str(red["paquete"]))[1]["codigo"] == "VALIDO"
    codigo, salida = cli(est, "importar", str(red["paquete"]))
    assert codigo == 0 and salida["paquetes"][0]["nuevos"] == 12, salida
    assert salida["paquetes"][0]["archivo"] == str(red["paquete"])
    assert not list(est.glob(".descifrado-*"))
    assert cli(est, "importar", str(red["paquete"]))[1]["paquetes"][0]["resultado"] == "duplicado"


def test_exportar_reenviar_escribe_el_mismo_cifrado(red, tmp_path):
    codigo, salida = cli(red["mun"], "exportar", "--reenviar", "1", "--salida", str(tmp_path / "otra"))
    assert codigo == 0, salida
    assert Path(salida["archivo"]).read_bytes() == red["paquete"].read_bytes()


def test_superior_sin_destinatario_exporta_sin_cifrar_con_aviso(tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    codigo, salida = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    assert codigo == 0 and salida["archivo"].endswith(".zip") and salida["cifrado_para"] == []
    assert "SIN CIFRAR" in salida["aviso_cifrado"] and "E07" in salida["aviso_cifrado"]
    assert zipfile.is_zipfile(salida["archivo"])


def test_tercero_descifra_con_age_de_debian_y_verifica_con_openssl(red, tmp_path, age_cli):
    """Sin el código del proyecto: `age -d` con la identidad exportada, luego openssl y sha256sum."""
    identidad = tmp_path / "identidad.txt"
    codigo, salida = cli(red["est"], "exportar-identidad", "--salida", str(identidad))
    assert codigo == 0, salida
    assert stat.S_IMODE(identidad.stat().st_mode) == 0o600
    assert "LLAVE DE CIFRADO PRIVADA" in identidad.read_text() and "leer todos los paquetes" in salida["advertencia"]
    assert cli(red["est"], "exportar-identidad", "--salida", str(identidad))[1]["error"] == "SALIDA_EXISTE"
    zip_ = tmp_path / "envio.zip"
    with open(zip_, "wb") as destino:
        r = subprocess.run([age_cli, "-d", "-i", str(identidad), str(red["paquete"])], stdout=destino, stderr=subprocess.PIPE)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(zip_) as z:
        z.extractall(tmp_path / "x")
    bolsa = tmp_path / "x" / "envio"
    ok = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "firmante.pub.pem", "-rawin",
                         "-in", "tagmanifest-sha256.txt", "-sigfile", "tagmanifest-sha256.txt.sig"],
                        cwd=bolsa, capture_output=True, text=True)
    assert ok.returncode == 0 and "Signature Verified Successfully" in ok.stdout, ok.stderr
    for manifiesto in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
        assert subprocess.run(["sha256sum", "-c", "--strict", manifiesto], cwd=bolsa, capture_output=True).returncode == 0
    # La central no puede: no se cifró para ella.
    otra = tmp_path / "central.txt"
    assert cli(red["cen"], "exportar-identidad", "--salida", str(otra))[0] == 0
    assert subprocess.run([age_cli, "-d", "-i", str(otra), str(red["paquete"])], capture_output=True).returncode != 0


# --- Rechazos ---------------------------------------------------------------------------------------------------


def test_no_es_para_esta_oficina_si_no_lo_puede_descifrar(red, tmp_path):
    """La central recibe el paquete cifrado para la estatal: ninguna de sus llaves lo abre."""
    cen = _copia(red, "cen", tmp_path)
    r = rechazo(cen, red["paquete"], "NO_ES_PARA_ESTA_OFICINA")
    assert "no se cifró para esta oficina" in r["mensaje"]


def test_no_es_para_esta_oficina_recifrado_por_la_municipal(red, tmp_path):
    """Adversario 2: la municipal (su llave real) firma un paquete cuya lista nombra solo a la central y lo cifra para
    la estatal. Se descifra, la firma vale, pero la lista firmada no nombra a la estatal."""
    est = _copia(red, "est", tmp_path)
    claro = _en_claro(red["est"], red["paquete"], tmp_path / "claro.zip")
    lista = []
    for nombre, datos in miembros(claro):
        if nombre.endswith("envio.json"):
            envio = json.loads(datos)
            envio["cifrado_para"] = [{"para": "CAIMFS", "huella": cifrado.huella(_destinatario(red["cen"]))}]
            datos = json.dumps(envio).encode()
        lista.append((nombre, datos))
    forjado = escribir_zip(tmp_path / "forjado.zip", refirmar(lista, red["mun"]))
    r = rechazo(est, _cifrar(forjado, tmp_path / "forjado.zip.age", _destinatario(red["est"])), "NO_ES_PARA_ESTA_OFICINA")
    assert "lista firmada" in r["mensaje"]


def test_no_es_para_esta_oficina_paquete_sin_lista_recifrado(red, tmp_path):
    """Un paquete firmado sin cifrar (sin lista de destinatarios) que alguien cifró después para la estatal."""
    est = _copia(red, "est", tmp_path)
    claro = _en_claro(red["est"], red["paquete"], tmp_path / "claro.zip")
    sin_lista = []
    for nombre, datos in miembros(claro):
        if nombre.endswith("envio.json"):
            envio = json.loads(datos)
            del envio["cifrado_para"]
            datos = json.dumps(envio).encode()
        sin_lista.append((nombre, datos))
    forjado = escribir_zip(tmp_path / "sin-lista.zip", refirmar(sin_lista, red["mun"]))
    rechazo(est, _cifrar(forjado, tmp_path / "sin-lista.zip.age", _destinatario(red["est"])), "NO_ES_PARA_ESTA_OFICINA")


@pytest.mark.parametrize("dano", ["voltear", "truncar", "encabezado"])
def test_cifrado_danado(red, tmp_path, dano):
    est = _copia(red, "est", tmp_path)
    datos = bytearray(red["paquete"].read_bytes())
    if dano == "voltear":
        datos[len(datos) // 2] ^= 0x01
    elif dano == "truncar":
        datos = datos[: len(datos) - 40]
    else:
        datos = bytearray(cifrado.MAGIA + b"-> X25519 basura\n" + os.urandom(300))
    malo = tmp_path / "malo.zip.age"
    malo.write_bytes(bytes(datos))
    rechazo(est, malo, "CIFRADO_DANADO")


def test_identidad_requerida_y_frase_incorrecta(red, tmp_path, monkeypatch):
    from base_local.apertura import abrir_base
    from empaquetado.recepcion import verificar_uno

    est = _copia(red, "est", tmp_path)
    base = abrir_base(f"sqlite:///{est / 'registro.sqlite'}")
    try:
        assert verificar_uno(base, red["paquete"]).codigo == "IDENTIDAD_REQUERIDA"
    finally:
        base.cerrar()
    monkeypatch.setenv("FSUR_FRASE", "otra frase también bastante larga")
    antes = huella_base(est)
    codigo, salida = cli(est, "importar", str(red["paquete"]), str(red["paquete"]))
    assert codigo == 2 and [p["codigo"] for p in salida["paquetes"]] == ["FRASE_INCORRECTA"] * 2
    assert huella_base(est) == antes


def test_cifrado_obligatorio_rechaza_paquete_sin_cifrar(tmp_path):
    """La estatal exige cifrado y tiene registrada la llave de cifrado de la municipal; la municipal aún tiene la
    ficha vieja de la estatal y exporta sin cifrar: se rechaza. Sin exigirlo, entra."""
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "ficha", "--salida", str(tmp_path / "mun-nueva.json"))[0] == 0
    assert cli(red["est"], "registrar-oficina", str(tmp_path / "mun-nueva.json"))[1]["resultado"] == "destinatario_registrado"
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    _, salida = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    assert salida["archivo"].endswith(".zip")
    assert cli(red["est"], "exigir-cifrado", "si")[0] == 0
    r = rechazo(red["est"], Path(salida["archivo"]), "CIFRADO_OBLIGATORIO")
    assert "M07089" in r["mensaje"]
    assert cli(red["est"], "exigir-cifrado", "no")[0] == 0
    assert cli(red["est"], "importar", salida["archivo"])[0] == 0


# --- Custodia y rotación ----------------------------------------------------------------------------------------


def test_custodia_publicada_por_la_central_descifra(tmp_path, age_cli):
    red = red_de_oficinas(tmp_path, cifrado=True)
    custodia = tmp_path / "custodia.txt"
    subprocess.run(["age-keygen", "-o", str(custodia)], check=True, capture_output=True)
    destinatario = next(x for x in custodia.read_text().splitlines() if x.startswith("# public key:")).split()[-1]
    actualizacion = tmp_path / "custodia.json"
    codigo, salida = cli(red["cen"], "actualizacion", "--custodia", destinatario, "--salida", str(actualizacion))
    assert codigo == 0, salida
    huella_central = json.loads(actualizacion.read_text())["huella"]
    for oficina in ("est", "mun"):
        assert cli(red[oficina], "fijar-central", huella_central)[0] == 0
        codigo, r = cli(red[oficina], "importar", str(actualizacion))
        assert codigo == 0, r
    assert cli(red["mun"], "demo", "--registros", "4")[0] == 0
    _, salida = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    assert [d["para"] for d in salida["cifrado_para"]] == ["E07", "custodia"]
    assert salida["cifrado_para"][1]["huella"] == cifrado.huella(destinatario)
    zip_ = tmp_path / "recuperado.zip"
    with open(zip_, "wb") as destino:
        r = subprocess.run([age_cli, "-d", "-i", str(custodia), salida["archivo"]], stdout=destino, stderr=subprocess.PIPE)
    assert r.returncode == 0, r.stderr
    assert zipfile.is_zipfile(zip_)
    assert cli(red["est"], "importar", salida["archivo"])[0] == 0  # la estatal también lo abre


def test_custodia_invalida_en_actualizacion_firmada_se_rechaza(tmp_path):
    """La central (llave real) firma una actualización con un «destinatario» que no es age: no se aplica."""
    from empaquetado.actualizacion import FORMATO
    from empaquetado.confianza import firmar_documento

    red = red_de_oficinas(tmp_path)
    privada = llaves.abrir(red["cen"] / "llave_privada.json", FRASE)
    import base64

    publica = llaves.publica_cruda(privada)
    documento = firmar_documento({
        "formato": FORMATO, "oficina": "CAIMFS", "version": "2099.1", "version_base": "0.0", "emitida": "2026-11-22",
        "llave_publica": base64.b64encode(publica).decode(), "huella": llaves.huella(publica), "catalogos": {},
        "custodia": ["age1noesunallave"]}, privada)
    (tmp_path / "mala.json").write_text(json.dumps(documento))
    assert cli(red["est"], "fijar-central", llaves.huella(publica))[0] == 0
    antes = huella_base(red["est"])
    codigo, r = cli(red["est"], "importar", str(tmp_path / "mala.json"))
    assert (codigo, r["paquetes"][0]["codigo"]) == (2, "ACTUALIZACION_INVALIDA"), r
    assert huella_base(red["est"]) == antes


def test_t5_rotacion_rota_la_identidad_de_cifrado(tmp_path, age_cli):
    """La estatal rota su llave: el aviso firmado anuncia su destinatario nuevo, la municipal cifra con él, la
    identidad vieja ya no abre los paquetes nuevos y la nueva sí."""
    red = red_de_oficinas(tmp_path, cifrado=True)
    vieja = tmp_path / "vieja.txt"
    assert cli(red["est"], "exportar-identidad", "--salida", str(vieja))[0] == 0
    antes = _destinatario(red["est"])
    assert cli(red["est"], "rotar-llave", "--salida", str(tmp_path / "rot.json"))[0] == 0
    aviso = json.loads((tmp_path / "rot.json").read_text())
    nuevo = _destinatario(red["est"])
    assert nuevo != antes and aviso["destinatario_age_nuevo"] == nuevo
    codigo, r = cli(red["mun"], "registrar-oficina", str(tmp_path / "rot.json"))
    assert (codigo, r["resultado"], r["destinatario_age"]) == (0, "rotada", nuevo), r
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    _, salida = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    assert salida["cifrado_para"][0]["huella"] == cifrado.huella(nuevo)
    assert subprocess.run([age_cli, "-d", "-i", str(vieja), salida["archivo"]], capture_output=True).returncode != 0
    assert cli(red["est"], "importar", salida["archivo"])[0] == 0


def test_t5_aviso_de_rotacion_con_destinatario_alterado_se_rechaza(tmp_path):
    red = red_de_oficinas(tmp_path, cifrado=True)
    assert cli(red["est"], "rotar-llave", "--salida", str(tmp_path / "rot.json"))[0] == 0
    aviso = json.loads((tmp_path / "rot.json").read_text())
    aviso["destinatario_age_nuevo"] = _destinatario_nuevo()  # un tercero cambia el destinatario: las firmas no cuadran
    (tmp_path / "alterado.json").write_text(json.dumps(aviso))
    antes = huella_base(red["mun"])
    codigo, r = cli(red["mun"], "registrar-oficina", str(tmp_path / "alterado.json"))
    assert (codigo, r["error"]) == (2, "FIRMA_INVALIDA"), r
    assert huella_base(red["mun"]) == antes


def test_lote_pide_la_frase_una_vez(red, tmp_path):
    from base_local.apertura import abrir_base
    from empaquetado.recepcion import importar_lote

    est = _copia(red, "est", tmp_path)
    llamadas = []

    def identidad() -> str:
        llamadas.append(1)
        return llaves.abrir_llaves(est / "llave_privada.json", FRASE).identidad

    otro = tmp_path / "otro.zip.age"
    shutil.copy(red["paquete"], otro)
    base = abrir_base(f"sqlite:///{est / 'registro.sqlite'}")
    try:
        resultados = importar_lote(base, [red["paquete"], otro], est / "evidencias", identidad=identidad)
    finally:
        base.cerrar()
    assert [r.resultado for r in resultados] == ["importado", "duplicado"] and len(llamadas) == 1


def test_t11_cifrar_no_salta_las_reglas(red, tmp_path):
    """Cifrar no salta ninguna regla: un registro fuera de las reglas, firmado y cifrado, se rechaza igual."""
    est = _copia(red, "est", tmp_path)
    claro = _en_claro(red["est"], red["paquete"], tmp_path / "claro.zip")

    def romper(registros):
        registros[0]["mujeres"] = -5

    forjado = escribir_zip(tmp_path / "roto.zip", refirmar(cambiar_registros(miembros(claro), romper), red["mun"]))
    rechazo(est, _cifrar(forjado, tmp_path / "roto.zip.age", _destinatario(red["est"])), "ESQUEMA_INVALIDO")


def test_ficha_sin_cifrado_es_la_de_una_version_anterior(tmp_path):
    from tests.conftest import crear_oficina

    crear_oficina(tmp_path / "mun")
    documento = json.loads(ficha_sin_cifrado(tmp_path / "mun", tmp_path / "f.json").read_text())
    assert "destinatario_age" not in documento


# --- Memoria acotada al descifrar (T9) --------------------------------------------------------------------------

MB_GRANDE = 256


def _bloques(semilla: int, mb: int):
    """`mb` MiB pseudoaleatorios (no se comprimen), deterministas: se pueden generar dos veces sin guardarlos."""
    import random

    azar = random.Random(semilla)
    for _ in range(mb):
        yield azar.randbytes(1 << 20)


def test_t9_descifrar_un_paquete_grande_con_memoria_acotada(red, tmp_path):
    """La municipal (llave real) firma un paquete con una evidencia de 256 MiB y lo cifra para la estatal; importarlo
    en un proceso aparte descifra en flujo: su pico de memoria (VmHWM) queda muy por debajo del tamaño del paquete."""
    import hashlib

    from empaquetado import formato as f
    from tests.empaquetado.test_entrada import MEMORIA_MAXIMA_MB, medir

    est = _copia(red, "est", tmp_path)
    claro = _en_claro(red["est"], red["paquete"], tmp_path / "claro.zip")
    d = {n[len(f.RAIZ):]: b for n, b in miembros(claro)}
    suma = hashlib.sha256()
    for bloque in _bloques(7, MB_GRANDE):
        suma.update(bloque)
    evidencia = f"{f.EVIDENCIAS}{suma.hexdigest()}.bin"
    datos = {n: b for n, b in d.items() if n.startswith("data/")}
    d["manifest-sha256.txt"] = f.manifiesto(datos) + f"{suma.hexdigest()}  {evidencia}\n".encode()
    d[f.TAGMANIFEST] = f.manifiesto({n: d[n] for n in f.ARCHIVOS_ETIQUETA})
    d[f.FIRMA] = llaves.abrir(red["mun"] / "llave_privada.json", FRASE).sign(d[f.TAGMANIFEST])
    grande = tmp_path / "grande.zip"
    with zipfile.ZipFile(grande, "w", zipfile.ZIP_STORED) as z:
        for nombre, contenido in d.items():
            z.writestr(f.RAIZ + nombre, contenido)
        with z.open(f.RAIZ + evidencia, "w", force_zip64=True) as miembro:
            for bloque in _bloques(7, MB_GRANDE):
                miembro.write(bloque)
    cifrado_grande = tmp_path / "grande.zip.age"
    cifrado.cifrar_a_archivo(grande, cifrado_grande, [_destinatario(red["est"])])
    grande.unlink()
    pequeno = _copia(red, "est", tmp_path / "otra")
    codigo, _, mb_pequeno, _ = medir(pequeno, "verificar", str(red["paquete"]))
    assert codigo == 0
    codigo, salida, mb, _ = medir(est, "importar", str(cifrado_grande))
    assert codigo == 0 and salida["paquetes"][0]["resultado"] == "importado", salida
    assert (est / "evidencias" / suma.hexdigest()).stat().st_size == MB_GRANDE << 20
    print(f"\nPico de memoria (VmHWM): {mb:.0f} MB al descifrar e importar un paquete cifrado de {MB_GRANDE} MiB; "
          f"{mb_pequeno:.0f} MB con uno de 12 registros (scrypt de la frase: 128 MiB en ambos)")
    assert mb < MEMORIA_MAXIMA_MB and mb - mb_pequeno < 40  # no crece con el paquete


def test_t9_cifrado_mas_grande_que_un_paquete_no_se_descifra(red, tmp_path):
    """Un .age (disperso) mayor que el tamaño máximo de un paquete se rechaza por su tamaño, antes de descifrar."""
    est = _copia(red, "est", tmp_path)
    enorme = tmp_path / "enorme.zip.age"
    with open(enorme, "wb") as archivo:
        archivo.write(cifrado.MAGIA)
        archivo.truncate(cifrado.MAX_ARCHIVO_CIFRADO + 1)
    rechazo(est, enorme, "DEMASIADO_GRANDE")


MB_SIN_FIN = 450


@pytest.mark.parametrize("orden", ["importar", "verificar"])
def test_t9_encabezado_age_sin_fin_se_rechaza_sin_leerlo_entero(red, tmp_path, orden):
    """Un .age de 450 MiB (disperso) cuyo encabezado nunca termina: ni un salto de línea tras la primera línea. Se
    rechaza con CIFRADO_DANADO leyendo a lo más ENCABEZADO_MAXIMO bytes, en un proceso aparte con memoria y tiempo
    medidos (antes: 516 MB, porque pyrage acumulaba el encabezado entero); la base queda idéntica byte a byte."""
    from tests.empaquetado.test_entrada import MEMORIA_MAXIMA_MB, medir

    est = _copia(red, "est", tmp_path)
    hostil = tmp_path / "sin-fin.zip.age"
    with open(hostil, "wb") as archivo:
        archivo.write(cifrado.MAGIA + b"-> X25519 ")
        archivo.truncate(MB_SIN_FIN << 20)
    assert hostil.stat().st_size < cifrado.MAX_ARCHIVO_CIFRADO  # dentro del límite de tamaño: se revisa de verdad
    antes = huella_base(est)
    codigo, salida, mb, segundos = medir(est, orden, str(hostil))
    print(f"\n{orden} de un .age de {MB_SIN_FIN} MiB sin fin de encabezado: {mb:.0f} MB de pico, {segundos:.2f} s")
    r = salida["paquetes"][0] if orden == "importar" else salida
    assert codigo == 2 and r["codigo"] == "CIFRADO_DANADO" and "encabezado no termina" in r["mensaje"], salida
    assert mb < MEMORIA_MAXIMA_MB / 2 and segundos < 20
    assert huella_base(est) == antes


def test_t9_encabezado_age_de_lineas_sin_cierre(red, tmp_path):
    """Líneas de encabezado bien formadas pero sin la línea «--- » que lo cierra: se rechaza en cuanto pasa la cota."""
    est = _copia(red, "est", tmp_path)
    hostil = tmp_path / "lineas.zip.age"
    hostil.write_bytes(cifrado.MAGIA + b"-> X25519 " + b"A" * 43 + b"\n" + b"QUFB\n" * (1 << 18))
    rechazo(est, hostil, "CIFRADO_DANADO")
