"""Migraciones: de vacío a la cabeza, conservan filas, respaldan antes y rechazan bases más nuevas."""

import hashlib
import sqlite3
from datetime import date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from base_local.apertura import abrir_base
from base_local.esquema import BaseMasNueva, migrar, revision_actual, revision_cabeza
from base_local.modelos import Modelo


def test_base_vacia_sube_a_la_cabeza(tmp_path):
    base = abrir_base(f"sqlite:///{tmp_path / 'b.sqlite'}")
    assert revision_actual(base.motor) == revision_cabeza(base.motor)
    with base.motor.connect() as con:
        assert con.execute(text("select count(*) from municipio")).scalar() == 165
        assert con.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert con.execute(text("PRAGMA foreign_keys")).scalar() == 1
    base.cerrar()


def test_revisiones_por_archivo_son_las_de_alembic(tmp_path):
    """El atajo de apertura (sin cargar Alembic) conoce las mismas revisiones y la misma cabeza."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from base_local.esquema import al_dia, configuracion, revisiones_por_archivo

    base = abrir_base(f"sqlite:///{tmp_path / 'b.sqlite'}")
    guion = ScriptDirectory.from_config(configuracion(base.motor))
    assert revisiones_por_archivo() == [r.revision for r in guion.walk_revisions()][::-1]  # en el orden de la cadena
    assert revisiones_por_archivo()[-1] == guion.get_current_head()
    assert al_dia(base.motor)
    cfg = configuracion(base.motor)
    with base.motor.begin() as con:
        cfg.attributes["conexion"] = con
        command.downgrade(cfg, "0003")
    assert not al_dia(base.motor)
    base.cerrar()
    abrir_base(f"sqlite:///{tmp_path / 'b.sqlite'}").cerrar()  # la apertura normal la vuelve a subir
    assert al_dia(create_engine(f"sqlite:///{tmp_path / 'b.sqlite'}"))


def test_modelos_y_migraciones_coinciden(tmp_path):
    """Un cambio de esquema sin su migración hace fallar esta prueba."""
    base = abrir_base(f"sqlite:///{tmp_path / 'b.sqlite'}")
    with base.motor.connect() as con:
        diferencias = compare_metadata(MigrationContext.configure(con), Modelo.metadata)
    base.cerrar()
    assert diferencias == []


def test_filas_de_la_primera_migracion_sobreviven_a_todas(tmp_path):
    archivo = tmp_path / "vieja.sqlite"
    motor = create_engine(f"sqlite:///{archivo}")
    migrar(motor, "0001")
    ahora = datetime(2026, 2, 1, 10, 0)
    with motor.begin() as con:
        con.execute(text("insert into entidad values ('07','Chiapas','CHIS')"))
        con.execute(text("insert into municipio values ('07089','07','089','Tapachula',1)"))
        con.execute(
            text("insert into oficina (clave,tipo,nombre,responsable,entidad,municipio,superior,estado,registrada_en) "
                 "values ('M07089','municipal','Oficina','Ana','07','07089','E07','activa',:t)"), {"t": ahora})
        con.execute(text(
            "insert into accion (id,revision,oficina_origen,capturado_por,creado_en,actualizado_en,estado,fecha_inicio,"
            "entidad,municipio,localidad,titulo,descripcion,resultados,ordenes_gobierno,instituciones,objetivos_pmm,"
            "eventos,unidad_conteo,mujeres,hombres,otra_identidad,sin_dato,total,retos,avisos_reconocidos,pendiente_envio) "
            "values ('a1',3,'M07089','Ana',:t,:t,'lista',:f,'07','07089','','Reunión','Desc','','[]','[]','[7]',"
            "1,'personas',12,9,1,0,22,'[]','[]',1)"), {"t": ahora, "f": date(2026, 1, 15)})
        con.execute(text(
            "insert into historial (accion_id,revision,quien,oficina,cuando,operacion,cambios) "
            "values ('a1',3,'Ana','M07089',:t,'edicion','{}')"), {"t": ahora})
        con.execute(text(
            "insert into conflicto (accion_id,revision,paquete,contenido,recibido_en,estado,decision,nota,resuelto_por) "
            "values ('a1',3,'p1','{}',:t,'pendiente','','','')"), {"t": ahora})
    motor.dispose()
    base = abrir_base(f"sqlite:///{archivo}", tmp_path / "respaldos")
    with base.motor.connect() as con:
        fila = con.execute(text("select revision, mujeres, hombres, total, municipio from accion where id='a1'")).one()
        assert tuple(fila) == (3, 12, 9, 22, "07089")
        assert con.execute(text("select count(*) from historial")).scalar() == 1
        assert con.execute(text("select tipo, estado from conflicto")).one() == ("conflicto", "pendiente")
        assert con.execute(text("select nombre from municipio where cvegeo='07089'")).scalar() == "Tapachula"
        assert con.execute(text("select count(*) from municipio")).scalar() == 165
    assert revision_actual(base.motor) == revision_cabeza(base.motor)
    base.cerrar()
    respaldos = list((tmp_path / "respaldos").glob("antes-de-migrar-0001-*.sqlite"))
    assert len(respaldos) == 1
    copia = sqlite3.connect(respaldos[0])
    assert copia.execute("select version_num from alembic_version").fetchone() == ("0001",)
    assert copia.execute("select total from accion").fetchone() == (22,)
    copia.close()


def test_base_mas_nueva_se_rechaza_sin_tocarla(tmp_path):
    archivo = tmp_path / "b.sqlite"
    abrir_base(f"sqlite:///{archivo}").cerrar()
    con = sqlite3.connect(archivo)
    con.execute("update alembic_version set version_num='9999_futura'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    antes = hashlib.sha256(archivo.read_bytes()).hexdigest()
    with pytest.raises(BaseMasNueva, match="versión más nueva"):
        abrir_base(f"sqlite:///{archivo}", tmp_path / "respaldos")
    assert hashlib.sha256(archivo.read_bytes()).hexdigest() == antes
    assert not (tmp_path / "respaldos").exists()


def test_cli_rechaza_base_mas_nueva_con_codigo_2(oficina_municipal, capsys):
    import main

    con = sqlite3.connect(oficina_municipal / "registro.sqlite")
    con.execute("update alembic_version set version_num='9999_futura'")
    con.commit()
    con.close()
    assert main.principal(["--datos", str(oficina_municipal), "estado"]) == 2
    assert "versión más nueva" in capsys.readouterr().err


def test_0011_mesa_lista_las_observaciones_de_esta_oficina_son_su_decision(tmp_path):
    """La última observación que dejó esta oficina en cada acción pasa a ser su decisión «observada» (en la revisión
    que observó); las que llegaron de su superior no son decisión suya."""
    archivo = tmp_path / "vieja.sqlite"
    motor = create_engine(f"sqlite:///{archivo}")
    migrar(motor, "0008")
    ahora = datetime(2026, 2, 1, 10, 0)
    with motor.begin() as con:
        con.execute(text("insert into ajuste values ('oficina_local', 'CAIMFS')"))
        for accion, revision, oficina, texto_ in (("a1", 1, "CAIMFS", "primera"), ("a1", 2, "CAIMFS", "segunda"),
                                                  ("a2", 1, "E07", "del superior")):
            con.execute(text("insert into observacion (accion_id, revision, autor, oficina, texto, creada_en, atendida) "
                             "values (:a, :r, 'Ana', :o, :x, :t, 0)"), {"a": accion, "r": revision, "o": oficina, "x": texto_, "t": ahora})
    motor.dispose()
    base = abrir_base(f"sqlite:///{archivo}", tmp_path / "respaldos")
    with base.motor.connect() as con:
        assert con.execute(text("select accion_id, revision, decision, quien from decision_revision")).all() == [("a1", 2, "observada", "Ana")]
    base.cerrar()
