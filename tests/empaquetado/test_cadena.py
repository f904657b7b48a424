"""T6 y T20: la cadena de paquetes se comprueba, la secuencia está acotada y los faltantes se dicen por rangos.
Cada paquete hostil lo firma la llave real de la oficina municipal; cada rechazo deja la base byte a byte igual."""

import tracemalloc
from pathlib import Path

import pytest

from empaquetado.politica import rangos_faltantes, texto_faltantes
from tests.empaquetado.forja import forjar, huella
from tests.empaquetado.util import cli, huella_base, red_de_oficinas


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    """La municipal exporta tres paquetes reales encadenados; la estatal aún no importa ninguno."""
    raiz = tmp_path_factory.mktemp("cadena")
    carpetas = red_de_oficinas(raiz)
    paquetes = []
    for semilla in (1, 2, 3):
        assert cli(carpetas["mun"], "demo", "--registros", "2", "--semilla", str(semilla))[0] == 0
        codigo, salida = cli(carpetas["mun"], "exportar", "--salida", str(raiz / "paquetes"))
        assert codigo == 0, salida
        paquetes.append(Path(salida["archivo"]))
    return {**carpetas, "p": paquetes}


def _importar(carpeta: Path, paquete: Path) -> dict:
    codigo, salida = cli(carpeta, "importar", str(paquete))
    [resultado] = salida["paquetes"]
    assert codigo == 0 and resultado["resultado"] == "importado", resultado
    return resultado


def _rechazo(carpeta: Path, paquete: Path, codigo: str) -> str:
    antes = huella_base(carpeta)
    salida_codigo, salida = cli(carpeta, "importar", str(paquete))
    assert salida_codigo == 2
    [resultado] = salida["paquetes"]
    assert (resultado["resultado"], resultado["codigo"]) == ("rechazado", codigo), resultado["mensaje"]
    assert huella_base(carpeta) == antes  # T20
    v_codigo, v = cli(carpeta, "verificar", str(paquete))
    assert v_codigo == 2 and v == {"valido": False, "codigo": codigo, "mensaje": v["mensaje"]}  # verificar --json documentado
    return resultado["mensaje"]


def test_t6_huella_anterior_que_no_es_la_del_paquete_previo(red, estatal, tmp_path):
    _importar(estatal, red["p"][0])
    for anterior in ("ab" * 32, "", huella(red["p"][1])):  # otra huella, ninguna, la suya propia
        falso = forjar(red["p"][1], red["mun"], tmp_path / "falso.zip", anterior=anterior)
        mensaje = _rechazo(estatal, falso, "CADENA_ROTA")
        assert "M07089" in mensaje and "paquete 2" in mensaje
    assert _importar(estatal, red["p"][1])["nuevos"] == 2  # el verdadero sí encadena


def test_t6_cadena_comprobada_cuando_el_anterior_llega_despues(red, estatal, tmp_path):
    _importar(estatal, red["p"][0])
    assert _importar(estatal, red["p"][2])["faltantes"] == ["falta el paquete 2 de la oficina M07089"]
    # El atacante firma un paquete 2 que sí dice seguir al 1, pero no es el 2 al que el 3 ya encadenó.
    falso = forjar(red["p"][1], red["mun"], tmp_path / "falso.zip", anterior=huella(red["p"][0]),
                   cambio=lambda registros: registros[0].update(hombres=registros[0]["hombres"] + 900,
                                                                total=registros[0]["total"] + 900))
    assert "3" in _rechazo(estatal, falso, "CADENA_ROTA")
    resultado = _importar(estatal, red["p"][1])
    assert resultado["faltantes"] == [] and resultado["nuevos"] == 2


def test_t6_el_paquete_1_no_tiene_anterior(red, estatal, tmp_path):
    falso = forjar(red["p"][0], red["mun"], tmp_path / "falso.zip", anterior=huella(red["p"][2]))
    _rechazo(estatal, falso, "CADENA_ROTA")


@pytest.mark.parametrize("secuencia", [0, -7, 10**11, 2**70, 10**9 + 1, True])
def test_t6_secuencia_fuera_de_rango(red, estatal, tmp_path, secuencia):
    falso = forjar(red["p"][1], red["mun"], tmp_path / "falso.zip", secuencia=secuencia, anterior=huella(red["p"][0]))
    assert "1,000,000,000" in _rechazo(estatal, falso, "SECUENCIA_INVALIDA")


def test_t6_hueco_enorme_se_informa_por_rangos_en_espacio_acotado(red, estatal, tmp_path):
    _importar(estatal, red["p"][0])
    salto = forjar(red["p"][1], red["mun"], tmp_path / "salto.zip", secuencia=10**6, anterior="cd" * 32)
    assert _importar(estatal, salto)["faltantes"] == ["faltan los paquetes 2 a 999,999 de la oficina M07089"]
    maximo = forjar(red["p"][2], red["mun"], tmp_path / "maximo.zip", secuencia=10**9, anterior="ef" * 32)
    tracemalloc.start()
    resultado = _importar(estatal, maximo)
    _, pico = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert pico < 30 * 2**20  # antes: un conjunto de mil millones de números
    assert resultado["faltantes"] == ["faltan los paquetes 2 a 999,999 de la oficina M07089",
                                      "faltan los paquetes 1,000,001 a 999,999,999 de la oficina M07089"]
    _, salida = cli(estatal, "importar", str(red["p"][1]))  # el 2 verdadero llega después y encadena con el 1
    assert salida["paquetes"][0]["faltantes"][0] == "faltan los paquetes 3 a 999,999 de la oficina M07089"


def test_t6_rangos_sin_una_linea_por_hueco():
    rangos, mas = rangos_faltantes(iter(range(2, 2_000_000, 2)))
    assert rangos[:2] == [(1, 1), (3, 3)] and len(rangos) == 10 and mas == 999_999 - 10
    lineas = texto_faltantes("M07089", rangos, mas)
    assert len(lineas) == 11 and lineas[-1] == "y faltan paquetes de la oficina M07089 en 999,989 huecos más"
    assert rangos_faltantes([1, 2, 3]) == ([], 0) and rangos_faltantes([]) == ([], 0)
    assert texto_faltantes("E07", [(5, 9), (11, 12)], 0) == ["faltan los paquetes 5 a 9 de la oficina E07",
                                                             "faltan los paquetes 11 y 12 de la oficina E07"]


def test_t6_cadena_rota_en_la_central_sqlite_y_postgresql(tmp_path, motor_central):
    red = red_de_oficinas(tmp_path, motor_central)
    paquetes = []
    for semilla in (1, 2):
        assert cli(red["mun"], "demo", "--registros", "2", "--semilla", str(semilla))[0] == 0
        _, p = cli(red["mun"], "exportar", "--salida", str(tmp_path / "mun"))
        assert cli(red["est"], "importar", p["archivo"])[0] == 0
        _, e = cli(red["est"], "exportar", "--salida", str(tmp_path / "est"))
        paquetes.append(Path(e["archivo"]))
    _importar(red["cen"], paquetes[0])
    falso = forjar(paquetes[1], red["est"], tmp_path / "falso.zip", anterior="0" * 64)
    assert "E07" in _rechazo(red["cen"], falso, "CADENA_ROTA")
    _rechazo(red["cen"], forjar(paquetes[1], red["est"], tmp_path / "enorme.zip", secuencia=2**70), "SECUENCIA_INVALIDA")
    assert _importar(red["cen"], paquetes[1])["faltantes"] == []
