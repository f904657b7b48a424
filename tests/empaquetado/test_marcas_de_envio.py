"""Al exportar se marcan exactamente las acciones que salieron: lo excluido por errores y los
borradores siguen pendientes; lo exportado queda con el id del paquete y «lista» pasa a «enviada»."""

import json
import zipfile
from pathlib import Path

from base_local.apertura import abrir_base
from empaquetado.exportar import preparar
from tests.empaquetado.util import cli, consultar, ejecutar, url_de


def test_se_marca_solo_lo_que_salio(oficina_municipal, tmp_path):
    assert cli(oficina_municipal, "demo", "--registros", "40")[0] == 0
    ids = [i for (i,) in consultar(oficina_municipal, "select id from accion order by id")]
    ejecutar(oficina_municipal, f"update accion set titulo = '', validada_con = NULL where id in ('{ids[3]}', '{ids[17]}')")
    ejecutar(oficina_municipal, f"update accion set estado = 'borrador' where id = '{ids[25]}'")
    ejecutar(oficina_municipal, f"update accion set estado = 'anulada' where id = '{ids[30]}'")
    base = abrir_base(url_de(oficina_municipal))
    try:
        with base.transaccion() as s:
            salen = [r["id"] for r in preparar(s).registros]
            assert len(salen) == 37
    finally:
        base.cerrar()
    codigo, salida = cli(oficina_municipal, "exportar", "--salida", str(tmp_path / "usb"))
    assert codigo == 0 and salida["registros"] == 37, salida
    with zipfile.ZipFile(Path(salida["archivo"])) as z:
        enviados = {json.loads(x)["id"] for x in z.read("envio/data/acciones.jsonl").splitlines()}
    assert enviados == set(salen)
    filas = {i: (p, paq, e) for i, p, paq, e in consultar(oficina_municipal, "select id, pendiente_envio, paquete_envio, estado from accion")}
    for i, (pendiente, paquete, estado) in filas.items():
        if i in enviados:
            assert (pendiente, paquete) == (0, salida["paquete"]) and estado in ("enviada", "anulada")
        else:
            assert (pendiente, paquete) == (1, None), i
    assert filas[ids[25]][2] == "borrador" and filas[ids[30]][2] == "anulada"
    assert sum(1 for _, _, e in filas.values() if e == "enviada") == 36
