"""Las reglas repartidas con el proceso de ayuda dan lo mismo que revisar uno por uno (T10, T11, T20).

Cada paquete lo arma el adversario 2: una municipal comprometida cambia varios registros y firma con su llave real.
Se importa en una copia de la estatal revisando en un proceso y, en otra copia, con las reglas repartidas en trozos de
dos registros (el proceso de ayuda hace unos, este proceso los demás): el mismo código, el mismo mensaje y la base byte
por byte igual. Un paquete válido entra igual por ambos caminos, también si el proceso de ayuda muere a media revisión.
"""

import pytest

from empaquetado import revision_paralela as paralela
from tests.empaquetado.util import (
    consultar,
    fecha_futura,
    firmado,
    huella_base,
    importar_en_copia,
    red_atacable,
)


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    return red_atacable(tmp_path_factory.mktemp("paralela"), 14)


CASOS = {
    "reglas en el registro 11": lambda rs: fecha_futura(rs[11]),
    "reglas en el 3 y forma en el 9": lambda rs: (fecha_futura(rs[3]), rs[9].update(estado="raro")),
    "reglas en el 9 y forma en el 3": lambda rs: (fecha_futura(rs[9]), rs[3].update(estado="raro")),
    "reglas en el 2 y origen ajeno en el 6": lambda rs: (fecha_futura(rs[2]), rs[6].update(oficina_origen="M07001")),
    "origen ajeno en el 2 y reglas en el 6": lambda rs: (fecha_futura(rs[6]), rs[2].update(oficina_origen="M07001")),
    "forma y reglas en el mismo registro 5": lambda rs: (fecha_futura(rs[5]), rs[5].update(eventos="muchas")),
    "id repetido en el 8 y reglas en el 10": lambda rs: (fecha_futura(rs[10]), rs[8].update(id=rs[1]["id"])),
    "control invisible en el 12 y reglas en el 13": lambda rs: (rs[12].update(titulo="Con \x0b de Word"), fecha_futura(rs[13])),
    "reglas en el primero y en el último": lambda rs: (fecha_futura(rs[0]), fecha_futura(rs[13])),
}


@pytest.mark.parametrize("caso", list(CASOS))
def test_repartido_rechaza_igual_que_uno_por_uno(red, tmp_path, monkeypatch, repartir, caso):
    paquete = firmado(red, tmp_path, CASOS[caso])
    monkeypatch.setenv("FSUR_UN_PROCESO", "1")
    uno, antes_uno, esperado = importar_en_copia(red, tmp_path, paquete, "uno")
    monkeypatch.delenv("FSUR_UN_PROCESO")
    dos, antes_dos, obtenido = importar_en_copia(red, tmp_path, paquete, "dos")
    assert esperado[:3] == (2, "rechazado", esperado[2]) and esperado[2] != "ERROR_INTERNO", esperado
    assert obtenido == esperado
    assert huella_base(uno) == antes_uno and huella_base(dos) == antes_dos
    assert repartir, "el paquete no se repartió"


def _lectura_lenta(monkeypatch):
    """Este proceso lee despacio: el de ayuda alcanza a tomar trozos."""
    import time

    from empaquetado.revision_registros import RevisorDeRegistros

    original = RevisorDeRegistros.revisar_sin_reglas

    def lento(self, r):
        time.sleep(0.25)
        original(self, r)
    monkeypatch.setattr(RevisorDeRegistros, "revisar_sin_reglas", lento)


def test_repartido_importa_lo_mismo_y_el_otro_proceso_si_trabaja(red, tmp_path, monkeypatch, repartir):
    monkeypatch.setenv("FSUR_UN_PROCESO", "1")
    uno, _, esperado = importar_en_copia(red, tmp_path, red["valido"], "uno")
    monkeypatch.delenv("FSUR_UN_PROCESO")
    _lectura_lenta(monkeypatch)
    dos, _, obtenido = importar_en_copia(red, tmp_path, red["valido"], "dos")
    assert obtenido == esperado and esperado[1] == "importado"
    consulta = "select id, revision, titulo, mujeres, hombres from accion order by id"
    assert consultar(uno, consulta) == consultar(dos, consulta) and len(consultar(dos, consulta)) == 14
    assert repartir[-1] >= 1, "el proceso de ayuda no revisó ningún trozo"


def test_si_el_proceso_de_ayuda_muere_se_revisa_aqui(red, tmp_path, monkeypatch, repartir):
    """El adversario no controla el proceso de ayuda, pero puede caerse: sus trozos se revisan aquí."""
    paquete = firmado(red, tmp_path, lambda rs: fecha_futura(rs[12]))
    monkeypatch.setenv("FSUR_UN_PROCESO", "1")
    _, _, esperado = importar_en_copia(red, tmp_path, paquete, "uno")
    monkeypatch.delenv("FSUR_UN_PROCESO")
    _lectura_lenta(monkeypatch)
    original = paralela._Ayudante.pedir
    veces = []

    def morir(self, mensaje):
        veces.append(1)
        if len(veces) == 2:
            self.proceso.kill()
            self.proceso.wait()
        return original(self, mensaje)
    monkeypatch.setattr(paralela._Ayudante, "pedir", morir)
    dos, antes, obtenido = importar_en_copia(red, tmp_path, paquete, "dos")
    assert len(veces) >= 2, "el proceso de ayuda no llegó a morir a media revisión"
    assert obtenido == esperado and esperado[:3] == (2, "rechazado", "REGLA_INCUMPLIDA")
    assert huella_base(dos) == antes
    _, _, valido = importar_en_copia(red, tmp_path, red["valido"], "tres")  # y el siguiente paquete arranca otro proceso
    assert valido[1] == "importado"


def test_si_el_proceso_de_ayuda_se_cuelga_se_abandona_y_se_revisa_aqui(red, tmp_path, monkeypatch, repartir):
    """Un proceso de ayuda que no contesta (p. ej. Wine abre su depurador al fallar) no cuelga la importación: pasada
    la espera máxima se termina, sus trozos se revisan aquí y este programa ya no arranca otro."""
    import subprocess
    import sys
    import time

    paquete = firmado(red, tmp_path, lambda rs: fecha_futura(rs[12]))
    monkeypatch.setenv("FSUR_UN_PROCESO", "1")
    _, _, esperado = importar_en_copia(red, tmp_path, paquete, "uno")
    monkeypatch.delenv("FSUR_UN_PROCESO")
    monkeypatch.setattr(paralela, "_ayudante", None)
    monkeypatch.setattr(paralela, "_averiado", False)
    monkeypatch.setattr(paralela, "ESPERA_MAXIMA", 2.0)
    colgados = []

    def colgado(self):
        self.proceso = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.turno = __import__("threading").Lock()
        colgados.append(self.proceso)
    monkeypatch.setattr(paralela._Ayudante, "__init__", colgado)
    _lectura_lenta(monkeypatch)  # el hilo del reparto alcanza a darle un trozo (sin esto, con la máquina ocupada, este
    # proceso podía leer y tomar todos los trozos antes, y el colgado nunca recibía nada que abandonar)
    inicio = time.monotonic()
    dos, antes, obtenido = importar_en_copia(red, tmp_path, paquete, "dos")
    assert time.monotonic() - inicio < 30
    assert obtenido == esperado and huella_base(dos) == antes
    assert len(colgados) == 1 and colgados[0].poll() is not None  # terminado
    assert paralela.preparar(paralela.UMBRAL + 1) is None  # ya no se arranca otro
    _, _, valido = importar_en_copia(red, tmp_path, red["valido"], "tres")
    assert valido[1] == "importado" and len(colgados) == 1
