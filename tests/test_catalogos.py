"""Catálogos cargados en la base: cifras y claves que el programa exige."""

from collections import Counter

from sqlalchemy import func, select

from base_local import modelos as m


def test_municipios_165_con_23_fronterizos(base_municipal):
    with base_municipal.transaccion() as s:
        municipios = s.scalars(select(m.Municipio)).all()
        entidades = {e.cve_ent: e.nombre for e in s.scalars(select(m.Entidad))}
    assert len(municipios) == 165
    assert len({x.cvegeo for x in municipios}) == 165
    assert Counter(x.cve_ent for x in municipios) == {"07": 124, "27": 17, "04": 13, "23": 11}
    fronterizos = Counter(x.cve_ent for x in municipios if x.fronterizo)
    assert sum(fronterizos.values()) == 23
    assert fronterizos == {"07": 18, "27": 2, "04": 2, "23": 1}
    assert set(entidades) == {"04", "07", "23", "27"}
    for x in municipios:
        assert x.cvegeo == x.cve_ent + x.cve_mun, x.cvegeo
        assert x.cve_ent in entidades


def test_emiliano_zapata_se_distingue_por_clave(base_municipal):
    with base_municipal.transaccion() as s:
        chis = s.get(m.Municipio, "07123")
        tab = s.get(m.Municipio, "27007")
        assert chis.nombre == tab.nombre == "Emiliano Zapata"
        assert (chis.cve_ent, tab.cve_ent) == ("07", "27")
        assert s.get(m.Municipio, "07095") is None  # Chiapas no tiene la 095
        assert s.get(m.Municipio, "23008").nombre == "Playa del Carmen"


def test_objetivos_categorias_y_ejes(base_municipal):
    with base_municipal.transaccion() as s:
        objetivos = s.scalars(select(m.ObjetivoPMM.numero)).all()
        assert sorted(objetivos) == list(range(1, 24))
        assert s.scalar(select(func.count()).select_from(m.CategoriaReto)) == 17
        ejes = {e.clave: e.numero for e in s.scalars(select(m.Eje))}
        assert ejes == {
            "coordinacion": 1, "capacitacion": 2, "convenios": 3,
            "movilidad_vida_digna": 4, "acceso_justicia": 5, "inclusion_no_discriminacion": 6,
        }
        assert {x.clave for x in s.scalars(select(m.LineaSectorial))} == {"5.1.7", "5.1.8", "5.1.9"}
        assert s.scalar(select(func.count()).select_from(m.ActividadPrograma)) == 3
        assert s.scalar(select(func.count()).select_from(m.TipoAccion)) == 15
        siglas = s.scalars(select(m.Institucion.sigla)).all()
        assert len(siglas) == 73 and siglas.count("IFDP") == 2  # dos nombres en las fuentes, ambos se guardan


def test_metas_2026_sembradas_como_datos(base_municipal):
    with base_municipal.transaccion() as s:
        metas = {(x.indicador, x.periodo): (x.valor, x.denominador) for x in s.scalars(select(m.Meta))}
        version = s.get(m.Ajuste, "version_catalogos").valor
    assert metas[("PICI", "anual")] == (32, 32)
    assert [metas[("PICI", f"T{t}")][0] for t in range(1, 5)] == [8, 8, 8, 8]
    assert metas[("E002", "S1")] == (16, 32)
    assert metas[("E002", "S2")] == (32, 32)
    assert metas[("E002", "M05")] == (12, 32)
    programados = sum(v for (ind, _), (v, _) in metas.items() if ind == "PROGRAMACION_MENSUAL")
    assert programados == 32
    assert version == "2026.1"


def test_metas_editadas_no_se_pisan_al_resincronizar(base_municipal):
    from base_local.catalogos import sincronizar_catalogos

    with base_municipal.transaccion() as s:
        s.get(m.Meta, ("PICI", 2026, "T2")).valor = 10
    with base_municipal.motor.begin() as con:
        sincronizar_catalogos(con)
    with base_municipal.transaccion() as s:
        assert s.get(m.Meta, ("PICI", 2026, "T2")).valor == 10
        assert s.scalar(select(func.count()).select_from(m.Municipio)) == 165


def test_inm_una_sola_entrada_y_la_sigla_retirada_sigue_valida(tmp_path):
    """«INM» e «INM/INAMI» eran dos entradas del mismo instituto: la migración 0010 retira la segunda (no la borra),
    un registro que ya la cita no cambia y sigue pasando las reglas, y el formulario ofrece solo «INM»."""
    from datetime import datetime

    from sqlalchemy import create_engine, text

    from base_local.apertura import abrir_base
    from base_local.consultas_catalogo import leer_catalogos
    from base_local.esquema import migrar

    archivo = tmp_path / "b.sqlite"
    motor = create_engine(f"sqlite:///{archivo}")
    migrar(motor, "0008")
    with motor.begin() as con:
        con.execute(text(
            "insert into accion (id,revision,oficina_origen,capturado_por,creado_en,actualizado_en,estado,fecha_inicio,"
            "entidad,municipio,localidad,titulo,descripcion,resultados,ordenes_gobierno,instituciones,objetivos_pmm,"
            "eventos,unidad_conteo,mujeres,hombres,otra_identidad,sin_dato,total,retos,avisos_reconocidos,pendiente_envio) "
            "values ('a1',1,'M07089','Ana',:t,:t,'lista','2026-01-15','07','07089','','Reunión','Desc','','[]',"
            "'[\"INM/INAMI\"]','[7]',1,'personas',1,0,0,0,1,'[]','[]',1)"), {"t": datetime(2026, 2, 1)})
    motor.dispose()
    base = abrir_base(f"sqlite:///{archivo}", tmp_path / "respaldos")
    with base.transaccion() as s:
        cat = leer_catalogos(s)
        assert [x for x in cat.instituciones if x.startswith("INM") and x != "INMUJERES"] == ["INM"]
        assert s.scalar(select(m.Institucion.sigla).where(m.Institucion.sigla == "INM/INAMI")) == "INM/INAMI"  # no se borra
        assert s.get(m.Accion, "a1").instituciones == ["INM/INAMI"]
    base.cerrar()
