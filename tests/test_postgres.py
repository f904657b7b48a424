"""El mismo programa y las mismas migraciones sobre PostgreSQL 15 real."""

from sqlalchemy import text

from base_local.apertura import abrir_base
from base_local.esquema import revision_actual, revision_cabeza


def test_migraciones_y_catalogos_en_postgresql(servidor_pg):
    base = abrir_base(servidor_pg.base_nueva())
    assert base.motor.dialect.name == "postgresql"
    assert revision_actual(base.motor) == revision_cabeza(base.motor)
    with base.motor.connect() as con:
        assert con.execute(text("select count(*) from municipio")).scalar() == 165
        assert con.execute(text("select count(*) from municipio where fronterizo")).scalar() == 23
        assert con.execute(text("select version()")).scalar().startswith("PostgreSQL 15")
    base.cerrar()
