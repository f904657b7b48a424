"""Dos procesos importan paquetes que se traslapan en la misma base PostgreSQL a la vez: ni pérdidas ni duplicados."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from tests.conftest import FRASE, crear_oficina
from tests.empaquetado.util import BASES, cli, consultar, red_de_oficinas

RAIZ = Path(__file__).resolve().parents[2]
CONTEO = ("select count(*), coalesce(sum(total),0), (select count(*) from historial), (select count(*) from paquete_entrada),"
          " (select count(*) from conflicto) from accion")


def _importar_a_la_vez(carpeta: Path, url: str, grupos: list[list[str]]) -> list[subprocess.CompletedProcess]:
    entorno = {**os.environ, "FSUR_FRASE": FRASE, "QT_QPA_PLATFORM": "offscreen"}
    procesos = [subprocess.Popen([sys.executable, "main.py", "--datos", str(carpeta), "--base", url, "--json", "importar", *g],
                                 cwd=RAIZ, env=entorno, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for g in grupos]
    resultados = []
    for p in procesos:  # communicate lee mientras espera: una salida grande (miles de posibles duplicados) no llena el tubo
        salida, error = p.communicate(timeout=300)
        resultados.append(subprocess.CompletedProcess(p.args, p.returncode, salida, error))
    return resultados


def test_dos_importaciones_simultaneas_igual_a_una_secuencial(tmp_path, servidor_pg):
    red = red_de_oficinas(tmp_path, servidor_pg.base_nueva())
    mun, est, cen = red["mun"], red["est"], red["cen"]
    assert cli(cen, "registrar-oficina", str(tmp_path / "ficha-mun.json"))[0] == 0  # la central también recibe directo
    assert cli(mun, "demo", "--registros", "300")[0] == 0
    _, directo = cli(mun, "exportar", "--salida", str(tmp_path / "p"))
    assert cli(est, "importar", directo["archivo"])[0] == 0
    _, via_estatal = cli(est, "exportar", "--salida", str(tmp_path / "p"))
    # El mismo contenido llega por dos caminos (directo y reenviado por la estatal) y a la vez.
    resultados = _importar_a_la_vez(cen, BASES[cen], [[directo["archivo"], via_estatal["archivo"]], [via_estatal["archivo"], directo["archivo"]]])
    for r in resultados:
        assert r.returncode == 0, r.stderr + r.stdout
    concurrente = consultar(cen, CONTEO)[0]

    secuencial_carpeta = tmp_path / "cen-secuencial"
    url = servidor_pg.base_nueva()
    crear_oficina(secuencial_carpeta, "central", url=url)
    BASES[secuencial_carpeta] = url
    assert cli(secuencial_carpeta, "registrar-oficina", str(tmp_path / "ficha-mun.json"))[0] == 0
    assert cli(secuencial_carpeta, "registrar-oficina", str(tmp_path / "ficha-est.json"))[0] == 0
    assert cli(secuencial_carpeta, "importar", directo["archivo"], via_estatal["archivo"])[0] == 0
    secuencial = consultar(secuencial_carpeta, CONTEO)[0]
    assert concurrente == secuencial
    assert concurrente[0] == 300 and concurrente[3] == 2 and concurrente[4] == 0


def test_t6_cadena_con_dos_importaciones_simultaneas(tmp_path, servidor_pg):
    """El paquete 2 verdadero y un 3 firmado por la oficina que no lo sigue llegan a la vez: entra uno solo."""
    from tests.empaquetado.forja import forjar

    red = red_de_oficinas(tmp_path, servidor_pg.base_nueva())
    archivos = []
    for semilla in (1, 2):
        assert cli(red["mun"], "demo", "--registros", "3000", "--lote", "--semilla", str(semilla))[0] == 0
        _, p = cli(red["mun"], "exportar", "--salida", str(tmp_path / "mun"))
        assert cli(red["est"], "importar", p["archivo"])[0] == 0
        _, e = cli(red["est"], "exportar", "--salida", str(tmp_path / "est"))
        archivos.append(e["archivo"])
    assert cli(red["cen"], "importar", archivos[0])[0] == 0
    def otros_registros(registros):  # ningún registro en común con el 2: solo la cadena puede separarlos
        for r in registros:
            r.update(id=str(uuid.uuid4()), historial=[])

    tercero = forjar(Path(archivos[1]), red["est"], tmp_path / "tercero.zip", secuencia=3, anterior="ab" * 32,
                     cambio=otros_registros)
    resultados = _importar_a_la_vez(red["cen"], BASES[red["cen"]], [[archivos[1]], [str(tercero)]])
    salidas = [json.loads(r.stdout)["paquetes"][0] for r in resultados]
    assert sorted((s["resultado"], s["codigo"]) for s in salidas) == [("importado", "VALIDO"), ("rechazado", "CADENA_ROTA")], salidas
    assert consultar(red["cen"], "select count(*) from paquete_entrada")[0][0] == 2


def test_otra_importacion_escribe_entre_verificar_y_fusionar(tmp_path, motor_central):
    """Al verificar ninguno de los registros existía, así que la fusión no los busca ni los bloquea. Si otra
    importación los escribe justo entonces (el mismo contenido, reenviado por la estatal), insertarlos choca con su
    llave y la importación se repite entera: queda igual que importar uno tras otro, en SQLite y en PostgreSQL."""
    from base_local.apertura import abrir_base
    from base_local.rutas import Rutas
    from empaquetado.importar import importar_archivo
    from tests.empaquetado.util import url_de

    red = red_de_oficinas(tmp_path, motor_central)
    mun, est, cen = red["mun"], red["est"], red["cen"]
    assert cli(cen, "registrar-oficina", str(tmp_path / "ficha-mun.json"))[0] == 0
    assert cli(mun, "demo", "--registros", "120")[0] == 0
    _, directo = cli(mun, "exportar", "--salida", str(tmp_path / "p"))
    assert cli(est, "importar", directo["archivo"])[0] == 0
    _, via_estatal = cli(est, "exportar", "--salida", str(tmp_path / "p"))
    otra, base = abrir_base(url_de(cen)), abrir_base(url_de(cen))
    escritas = []

    def la_otra_importa() -> None:
        escritas.append(importar_archivo(otra, Path(via_estatal["archivo"]), Rutas(cen).evidencias))

    try:
        res = importar_archivo(base, Path(directo["archivo"]), Rutas(cen).evidencias, antes_de_escribir=la_otra_importa)
    finally:
        otra.cerrar()
        base.cerrar()
    assert escritas[0].resultado == "importado" and escritas[0].conteos["nuevos"] == 120
    assert res.resultado == "importado" and res.conteos["sin_cambios"] == 120 and res.conteos["nuevos"] == 0
    assert consultar(cen, CONTEO)[0][0] == 120 and consultar(cen, CONTEO)[0][3:] == (2, 0)
