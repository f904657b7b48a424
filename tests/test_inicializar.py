"""Alta de la oficina: crea base, oficina y llave; cada rechazo deja todo como estaba."""

import hashlib
import json

import pytest

import main
from base_local.apertura import abrir_base
from base_local.modelos import Llave, Oficina
from base_local.oficinas import oficina_local
from base_local.rutas import Rutas
from empaquetado import llaves
from tests.conftest import FRASE


def _ini(carpeta, *extra, json_=False):
    args = ["--datos", str(carpeta)] + (["--json"] if json_ else []) + ["inicializar", *extra]
    return main.principal(args)


def test_inicializar_municipal_crea_oficina_y_llave(tmp_path, capsys):
    carpeta = tmp_path / "ofi"
    codigo = _ini(carpeta, "--tipo", "municipal", "--entidad", "07", "--municipio", "07089",
                  "--nombre", "Oficina Municipal de Tapachula", "--responsable", "Ana López", json_=True)
    assert codigo == 0
    salida = json.loads(capsys.readouterr().out)
    assert salida["oficina"] == "M07089"
    rutas = Rutas(carpeta)
    privada = llaves.abrir(rutas.llave_privada, FRASE)
    publica = llaves.publica_cruda(privada)
    assert llaves.huella(publica) == salida["huella"]
    sellada = json.loads(rutas.llave_privada.read_text())
    assert sellada["kdf"]["nombre"] == "scrypt" and sellada["kdf"]["n"] >= 2**17
    assert FRASE not in rutas.llave_privada.read_text()
    with pytest.raises(llaves.FraseIncorrecta):
        llaves.abrir(rutas.llave_privada, "otra frase igual de larga")
    base = abrir_base(rutas.url_base)
    with base.transaccion() as s:
        oficina = oficina_local(s)
        assert (oficina.tipo, oficina.entidad, oficina.municipio, oficina.superior) == ("municipal", "07", "07089", "E07")
        llave = s.get(Llave, salida["huella"])
        assert llave.publica == publica and llave.oficina == "M07089"
    base.cerrar()


def test_inicializar_texto_muestra_huella_en_grupos(tmp_path, capsys):
    assert _ini(tmp_path / "c", "--tipo", "central", "--nombre", "CAIMFS", "--responsable", "Luis") == 0
    texto = capsys.readouterr().out
    assert "Oficina CAIMFS creada" in texto
    grupos = texto.split("Huella de la llave: ")[1].splitlines()[0].split(" ")
    assert len(grupos) == 16 and all(len(g) == 4 for g in grupos)


def test_estatal_y_central(tmp_path):
    assert _ini(tmp_path / "e", "--tipo", "estatal", "--entidad", "27", "--nombre", "Enlace Tabasco", "--responsable", "R") == 0
    base = abrir_base(Rutas(tmp_path / "e").url_base)
    with base.transaccion() as s:
        assert s.get(Oficina, "E27").superior == "CAIMFS"
    base.cerrar()


CASOS_RECHAZO = {
    "municipio_de_otra_entidad": (["--tipo", "municipal", "--entidad", "27", "--municipio", "07123"], "pertenece a Chiapas"),
    "entidad_fuera": (["--tipo", "estatal", "--entidad", "09"], "no es de la frontera sur"),
    "municipio_inexistente": (["--tipo", "municipal", "--entidad", "07", "--municipio", "07095"], "no está en el catálogo"),
    "municipal_sin_municipio": (["--tipo", "municipal", "--entidad", "07"], "necesita su municipio"),
    "estatal_sin_entidad": (["--tipo", "estatal"], "necesita su entidad"),
    "central_con_municipio": (["--tipo", "central", "--municipio", "07089"], "no lleva municipio"),
}


@pytest.mark.parametrize("caso", sorted(CASOS_RECHAZO))
def test_rechazos_no_dejan_nada(tmp_path, capsys, caso):
    extra, texto = CASOS_RECHAZO[caso]
    carpeta = tmp_path / "nueva"
    assert _ini(carpeta, *extra, "--nombre", "N", "--responsable", "R") == 2
    assert texto in capsys.readouterr().err
    assert not carpeta.exists()


@pytest.mark.parametrize("frase, texto", [("", "vacía"), ("   ", "vacía"), ("corta", "al menos 12")])
def test_frase_vacia_o_corta_no_deja_nada(tmp_path, capsys, monkeypatch, frase, texto):
    monkeypatch.setenv("FSUR_FRASE", frase)
    carpeta = tmp_path / "existente"
    carpeta.mkdir()
    assert _ini(carpeta, "--tipo", "central", "--nombre", "N", "--responsable", "R") == 2
    assert texto in capsys.readouterr().err
    assert list(carpeta.iterdir()) == []


def test_segunda_inicializacion_se_rechaza_sin_cambiar_nada(oficina_municipal, capsys):
    antes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in oficina_municipal.iterdir() if p.is_file()}
    assert _ini(oficina_municipal, "--tipo", "central", "--nombre", "Otra", "--responsable", "R") == 2
    assert "ya tiene una oficina" in capsys.readouterr().err
    despues = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in oficina_municipal.iterdir() if p.is_file()}
    assert despues == antes


def test_sin_frase_ni_terminal_se_rechaza(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("FSUR_FRASE")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert _ini(tmp_path / "x", "--tipo", "central", "--nombre", "N", "--responsable", "R") == 2
    assert "FSUR_FRASE" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
