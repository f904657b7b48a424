"""El recolector de ciclos se apaga mientras se importa o se exporta y vuelve a quedar como estaba, aun con un
rechazo, con dos trabajos a la vez o si ya estaba apagado."""

import gc
import threading

import pytest

from base_local.recolector import sin_recolector


def test_vuelve_a_quedar_encendido_aun_con_una_excepcion():
    assert gc.isenabled()
    with pytest.raises(ValueError), sin_recolector():
        assert not gc.isenabled()
        raise ValueError("rechazo")
    assert gc.isenabled()


def test_dos_trabajos_a_la_vez_lo_encienden_cuando_termina_el_ultimo():
    dentro, salir = threading.Event(), threading.Event()

    def otro():
        with sin_recolector():
            dentro.set()
            salir.wait(10)
    hilo = threading.Thread(target=otro)
    hilo.start()
    dentro.wait(10)
    with sin_recolector():
        assert not gc.isenabled()
    assert not gc.isenabled()  # el otro sigue
    salir.set()
    hilo.join(10)
    assert gc.isenabled()


def test_si_ya_estaba_apagado_lo_deja_apagado():
    gc.disable()
    try:
        with sin_recolector():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_importar_y_exportar_lo_dejan_encendido(tmp_path):
    from tests.empaquetado.util import cli, red_con_paquete

    carpetas, paquete = red_con_paquete(tmp_path, 3)
    assert gc.isenabled()
    assert cli(carpetas["est"], "importar", str(paquete))[0] == 0
    assert cli(carpetas["est"], "importar", str(tmp_path / "no-existe.zip"))[0] != 0
    assert gc.isenabled()
