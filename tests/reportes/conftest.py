"""Accesorios de los reportes: una central con acciones conocidas por municipio y un convenio con texto hostil."""

from datetime import date

import pytest

from base_local.apertura import abrir_base
from base_local.modelos import Oficina
from base_local.oficinas import oficina_local
from base_local.rutas import Rutas
from formularios.servicio import contexto_para, guardar
from tests.conftest import crear_oficina
from tests.test_reglas import valido

# Acciones del 2.º trimestre de 2026: 3 en Tapachula (fronterizo), 1 en Centro (Tabasco), 6 en Campeche.
ACCIONES = [("07", "07089")] * 3 + [("27", "27004")] + [("04", "04002")] * 6


@pytest.fixture(scope="package")
def oficina_mapa(tmp_path_factory):
    """Central con acciones conocidas en 2026T2, un borrador y una de otro trimestre (que no cuentan), y un nombre de
    oficina y un convenio con texto hostil."""
    carpeta = tmp_path_factory.mktemp("mapa") / "cen"
    crear_oficina(carpeta, "central")
    base = abrir_base(Rutas(carpeta).url_base)
    with base.transaccion() as s:
        o = oficina_local(s)
        s.get(Oficina, o.clave).nombre = "Coordinación <script>alert(3)</script> & «CAIMFS»"  # hostil: el HTML lo escapa
        ctx = contexto_para(s, o)
        for i, (ent, mun) in enumerate(ACCIONES):
            dia = date(2026, 5, 1 + i)
            r = guardar(s, valido(entidad=ent, municipio=mun, fecha_inicio=dia, fecha_fin=dia, titulo=f"Reunión {i} en {mun}",
                                  mujeres=10 + i, hombres=5, avisos_reconocidos=["POSIBLE_DUPLICADO"]), ctx, o, quien="Prueba", lista=True)
            assert r.guardado, r.mensajes
        r = guardar(s, valido(municipio="07015", fecha_inicio="2026-05-20", fecha_fin="2026-05-20"), ctx, o, quien="Prueba", lista=False)
        assert r.guardado  # borrador en Cacahoatán: no cuenta
        r = guardar(s, valido(municipio="07087", fecha_inicio="2026-08-20", fecha_fin="2026-08-20", titulo="Otro trimestre",
                              avisos_reconocidos=["POSIBLE_DUPLICADO"]), ctx, o, quien="Prueba", lista=True)
        assert r.guardado
        r = guardar(s, valido(tipo_accion="convenio_acuerdo", eje="convenios", linea_accion="convenios_acuerdos", municipio="07089",
                              fecha_inicio="2026-06-10", fecha_fin="2026-06-10", titulo="<script>alert(1)</script>",
                              convenio={"instrumento": "<script>alert(1)</script>", "contrapartes": "<img src=x onerror=alert(2)>",
                                        "estado_instrumento": "firmado", "fecha_firma": "2026-06-10", "folio": "F-<b>1</b>"},
                              avisos_reconocidos=["POSIBLE_DUPLICADO"]), ctx, o, quien="Prueba", lista=True)
        assert r.guardado, r.mensajes
    yield carpeta, base
    base.cerrar()


