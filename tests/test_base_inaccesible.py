"""T15 para la URL de la base: un PostgreSQL que no responde, que rechaza la contraseña o que no tiene la base da un
código estable y una frase en español con el servidor, el puerto y qué revisar, en la línea de órdenes (salida 2) y
en la ventana; la contraseña nunca aparece. Contra el servidor desechable de verdad (tests/servidor_pg.py)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

import main
from tests.servidor_pg import _puerto_libre

CONTRASENA = "Zr7-contrasena-que-no-debe-verse"


def _url(puerto: int, base: str = "registro", usuario: str = "fsur", contrasena: str = CONTRASENA) -> str:
    return f"postgresql+psycopg://{usuario}:{contrasena}@127.0.0.1:{puerto}/{base}"


def _orden(capsys, carpeta: Path, url: str, *args: str, como_json: bool = True) -> tuple[int, str, dict | None]:
    codigo = main.principal([*(["--json"] if como_json else []), "--datos", str(carpeta), "--base", url, *args])
    salida = capsys.readouterr()
    texto = salida.out + salida.err
    assert CONTRASENA not in texto, texto
    assert "Traceback" not in texto and "ERROR_INTERNO" not in texto, texto
    return codigo, texto, json.loads(salida.out) if como_json else None


@pytest.fixture(scope="module")
def usuario_con_contrasena(servidor_pg):
    """Un usuario que entra solo con contraseña (scram) a una base nueva; el resto del servidor sigue en «trust»."""
    import psycopg

    usuario, url = f"fsur_{uuid.uuid4().hex[:8]}", servidor_pg.base_nueva()
    base = url.rsplit("/", 1)[1]
    with psycopg.connect(f"host=127.0.0.1 port={servidor_pg.puerto} user=postgres dbname=postgres", autocommit=True) as con:
        con.execute(f"CREATE ROLE {usuario} LOGIN PASSWORD 'la-buena-contrasena-123'")
        con.execute(f'ALTER DATABASE "{base}" OWNER TO {usuario}')
        hba = servidor_pg.datos / "pg_hba.conf"
        hba.write_text(f"host all {usuario} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        con.execute("SELECT pg_reload_conf()")
    return usuario, base


def test_t15_usuario_sin_permiso_sobre_la_base(servidor_pg, tmp_path, capsys):
    """Entra (el servidor confía en él) pero la base no es suya: no puede crear las tablas. Nada queda a medias."""
    import psycopg

    usuario, url = f"fsur_{uuid.uuid4().hex[:8]}", servidor_pg.base_nueva()
    base = url.rsplit("/", 1)[1]
    with psycopg.connect(f"host=127.0.0.1 port={servidor_pg.puerto} user=postgres dbname=postgres", autocommit=True) as con:
        con.execute(f"CREATE ROLE {usuario} LOGIN")
    codigo, _, salida = _orden(capsys, tmp_path / "d", _url(servidor_pg.puerto, base, usuario), "inicializar", "--tipo",
                               "central", "--nombre", "Coordinación", "--responsable", "Ana")
    assert (codigo, salida["error"]) == (2, "BASE_SIN_PERMISO"), salida
    assert f"OWNER TO {usuario}" in salida["mensaje"]
    with psycopg.connect(f"host=127.0.0.1 port={servidor_pg.puerto} user=postgres dbname={base}") as con:
        assert con.execute("select count(*) from pg_tables where schemaname = 'public'").fetchone()[0] == 0


@pytest.mark.parametrize("orden", [("estado",), ("inicializar", "--tipo", "central", "--nombre", "C", "--responsable", "R")])
def test_t15_servidor_que_no_responde(tmp_path, capsys, orden):
    puerto = _puerto_libre()  # nadie escucha ahí
    carpeta = tmp_path / "datos"
    codigo, texto, salida = _orden(capsys, carpeta, _url(puerto), *orden)
    assert (codigo, salida["error"]) == (2, "BASE_INACCESIBLE"), salida
    assert f"127.0.0.1, puerto {puerto}" in salida["mensaje"] and "no responde" in salida["mensaje"]
    assert "Revise que PostgreSQL esté encendido" in salida["mensaje"] and "No se modificó nada" in salida["mensaje"]
    assert not (carpeta / "registro.sqlite").exists() and not (carpeta / "llave_privada.json").exists()
    codigo, texto, _ = _orden(capsys, carpeta, _url(puerto), *orden, como_json=False)  # también para una persona
    assert codigo == 2 and texto.startswith("Error: El servidor de base de datos")


@pytest.mark.parametrize(("url", "fragmento"), [
    (f"postgresql+psycopg://fsur:{CONTRASENA}@127.0.0.1:99999/registro", "el puerto no es un número"),
    (f"postgresql+psycopg://fsur:{CONTRASENA}@127.0.0.1:5432x/registro", "no es una URL de base de datos"),
    (f"postgresql+psycopg://fsur:{CONTRASENA}@127.0.0.1:1/registro?opcion_rara=1", "opción (después de «?»)"),
    (f"postgresql+psycopg://fsur:{CONTRASENA}@127.0.0.1:1/registro?sslmode=quizas", "un valor que PostgreSQL no acepta"),
    (f"postgresql+psycopg://fsur:{CONTRASENA[:9]}@{CONTRASENA[9:]}@127.0.0.1:1/registro", "%40"),
    (f"postgresql+nodriver://fsur:{CONTRASENA}@127.0.0.1/registro", "controlador no está instalado"),
])
def test_t15_url_mal_escrita(tmp_path, capsys, url, fragmento):
    """Una URL mal escrita (puerto, opciones, «@» sin codificar en la contraseña, controlador): BASE_INVALIDA, sin la
    contraseña ni un pedazo de ella (una «@» sin codificar la partiría en usuario y servidor)."""
    codigo, texto, salida = _orden(capsys, tmp_path / "d", url, "estado")
    assert (codigo, salida["error"]) == (2, "BASE_INVALIDA"), salida
    assert fragmento in salida["mensaje"], salida
    assert CONTRASENA[:9] not in texto and CONTRASENA[9:] not in texto, texto


def test_t15_contrasena_equivocada(servidor_pg, usuario_con_contrasena, tmp_path, capsys):
    usuario, base = usuario_con_contrasena
    codigo, _, salida = _orden(capsys, tmp_path, _url(servidor_pg.puerto, base, usuario), "estado")
    assert (codigo, salida["error"]) == (2, "BASE_ACCESO_DENEGADO"), salida
    assert f"puerto {servidor_pg.puerto}" in salida["mensaje"] and f"«{usuario}»" in salida["mensaje"]
    assert "contraseña" in salida["mensaje"]
    url_buena = _url(servidor_pg.puerto, base, usuario, "la-buena-contrasena-123")
    codigo, _, salida = _orden(capsys, tmp_path, url_buena, "inicializar", "--tipo", "central", "--nombre", "Coordinación",
                               "--responsable", "Ana")
    assert codigo == 0, salida  # con la contraseña correcta, el mismo usuario sí entra


def test_t15_base_que_no_existe(servidor_pg, tmp_path, capsys):
    codigo, _, salida = _orden(capsys, tmp_path, _url(servidor_pg.puerto, "no_existe_esta_base", "postgres"), "estado")
    assert (codigo, salida["error"]) == (2, "BASE_NO_EXISTE"), salida
    assert "«no_existe_esta_base»" in salida["mensaje"] and "createdb" in salida["mensaje"]


def test_t15_la_ventana_dice_que_el_servidor_no_responde(qtbot, tmp_path):
    """Arrancar la ventana con --base de un servidor apagado: un aviso en español, sin la contraseña, y salida 2."""
    from PySide6.QtCore import Qt

    from escritorio.aplicacion import ejecutar
    from ordenes.comun import url_base
    from tests.escritorio.conftest import contestar

    puerto = _puerto_libre()
    args = main.construir_analizador().parse_args(["--datos", str(tmp_path), "--base", _url(puerto)])
    vistos = contestar(Qt.Key.Key_Return)
    assert ejecutar(tmp_path, url_base(args)) == 2
    [aviso] = vistos
    assert aviso["titulo"] == "No se puede abrir la base de datos"
    assert f"127.0.0.1, puerto {puerto}" in aviso["texto"] and "no responde" in aviso["texto"], aviso
    assert CONTRASENA not in json.dumps(aviso, ensure_ascii=False)


def test_t15_conexion_perdida_a_media_orden(servidor_pg):
    """El servidor corta la conexión a media orden (pg_terminate_backend): BASE_INACCESIBLE, y el mensaje no promete
    que nada cambió (lo ya confirmado queda), sino que lo que estaba en curso se revirtió."""
    import psycopg
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError

    from base_local.servidor import problema_de_conexion

    url = servidor_pg.base_nueva()
    motor = create_engine(url)
    try:
        with motor.connect() as con:
            pid = con.exec_driver_sql("select pg_backend_pid()").scalar()
            with psycopg.connect(f"host=127.0.0.1 port={servidor_pg.puerto} user=postgres dbname=postgres", autocommit=True) as otra:
                otra.execute("select pg_terminate_backend(%s)", (pid,))
            with pytest.raises(DBAPIError) as error:
                con.exec_driver_sql("select 1")
    finally:
        motor.dispose()
    rechazo = problema_de_conexion(error.value, url, al_abrir=False)
    assert rechazo is not None and rechazo.codigo == "BASE_INACCESIBLE", error.value
    assert "se revirtió" in str(rechazo) and "No se modificó nada" not in str(rechazo)
