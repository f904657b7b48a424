"""T21: un respaldo trae de vuelta esta oficina y nada más. Cada respaldo hostil se construye como lo haría el
adversario (la base REAL de otra oficina, un disparador, una vista o una tabla agregados con sqlite3, una revisión más
nueva, un archivo dañado) y se rechaza con su código; la base viva queda idéntica byte a byte. Recuperar una oficina
en una carpeta nueva pide su archivo de llave y su frase."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from base_local.errores import EntradaRechazada
from base_local.rutas import Rutas
from tests.conftest import FRASE, crear_oficina
from tests.empaquetado.util import cli, consultar, huella_base


@pytest.fixture(scope="module")
def oficinas(tmp_path_factory):
    """Dos oficinas reales (Chiapas y Tabasco) creadas con inicializar, con registros y un respaldo cada una."""
    raiz = tmp_path_factory.mktemp("t21")
    chis, tab = raiz / "chis", raiz / "tab"
    crear_oficina(chis, "estatal", "07")
    crear_oficina(tab, "estatal", "27")
    respaldos = {}
    for carpeta in (chis, tab):
        assert cli(carpeta, "demo", "--registros", "4")[0] == 0
        codigo, salida = cli(carpeta, "respaldo")
        assert codigo == 0, salida
        respaldos[carpeta.name] = Path(salida["copia"])
    return {"chis": chis, "tab": tab, "respaldos": respaldos}


@pytest.fixture
def chis(oficinas, tmp_path):
    """Una copia de la carpeta de Chiapas con un registro más que su respaldo (la base viva que se protege)."""
    destino = tmp_path / "chis"
    shutil.copytree(oficinas["chis"], destino)
    assert cli(destino, "demo", "--registros", "1", "--semilla", "11")[0] == 0
    return destino


def _respaldo_de(oficinas, nombre: str, tmp_path: Path) -> Path:
    copia = tmp_path / f"respaldo-{nombre}.sqlite"
    shutil.copyfile(oficinas["respaldos"][nombre], copia)
    return copia


def _rechazado(carpeta: Path, copia: Path, codigo: str, *fragmentos: str) -> str:
    """restaurar lo rechaza con `codigo`, un mensaje que lo dice (y dice que nada cambió) y la base idéntica."""
    antes = huella_base(carpeta)
    respaldos_antes = sorted(p.name for p in (carpeta / "respaldos").iterdir())
    salida_codigo, salida = cli(carpeta, "restaurar", "--copia", str(copia))
    assert (salida_codigo, salida.get("error")) == (2, codigo), salida
    mensaje = salida["mensaje"]
    assert "no se modificó nada" in mensaje.lower() and "sigue igual" in mensaje, mensaje
    for fragmento in fragmentos:
        assert fragmento in mensaje, mensaje
    assert huella_base(carpeta) == antes  # la base viva, byte a byte
    assert sorted(p.name for p in (carpeta / "respaldos").iterdir()) == respaldos_antes  # ni un «antes-de-restaurar»
    assert not list(carpeta.glob(".restaurando-*")) and not list(carpeta.glob("*.restaurando"))
    assert cli(carpeta, "estado")[0] == 0  # la oficina sigue trabajando
    return mensaje


def _alterar(copia: Path, *sentencias: str) -> Path:
    con = sqlite3.connect(copia)
    for sql in sentencias:
        con.execute(sql)
    con.commit()
    con.close()
    return copia


def test_t21_la_base_real_de_otra_oficina_no_se_restaura(oficinas, chis, tmp_path):
    """Un «respaldo» en una memoria USB que es la base de Tabasco no convierte a Chiapas en Tabasco."""
    mensaje = _rechazado(chis, _respaldo_de(oficinas, "tab", tmp_path), "RESPALDO_DE_OTRA_OFICINA", "E27", "E07")
    assert "recuperar-oficina" in mensaje
    assert consultar(chis, "select valor from ajuste where clave = 'oficina_local'") == [("E07",)]


def test_t21_la_base_de_otra_oficina_que_dice_ser_esta_no_basta(oficinas, chis, tmp_path):
    """La base de Tabasco con su ajuste cambiado a E07 (y la oficina E07 que ya conoce): la llave activa no es la de la
    carpeta."""
    copia = _alterar(_respaldo_de(oficinas, "tab", tmp_path),
                     "insert into oficina (clave, tipo, nombre, responsable, entidad, superior, estado, registrada_en) "
                     "values ('E07', 'estatal', 'Impostora', 'X', '07', 'CAIMFS', 'activa', '2026-01-01T00:00:00Z')",
                     "update ajuste set valor = 'E07' where clave = 'oficina_local'")
    _rechazado(chis, copia, "RESPALDO_DE_OTRA_LLAVE", "no tiene llave activa")


DISPARADOR = ("create trigger reescribe after insert on accion begin "
              "update accion set oficina_origen = 'E07', titulo = 'cambiado' where id = new.id; end")


@pytest.mark.parametrize(("sql", "fragmento"), [
    (DISPARADOR, "disparador (trigger) «reescribe»"),
    ("create view todas as select * from accion", "vista «todas»"),
    ("create table secreta (x text)", "tabla «secreta»"),
    ("create index ix_extra on accion (titulo)", "índice «ix_extra»"),
    ("alter table accion add column oculta text default 'x'", "tabla «accion» cambiada"),
    ("analyze", "sqlite_stat1"),
])
def test_t21_respaldo_con_objetos_ajenos_se_rechaza(oficinas, chis, tmp_path, sql, fragmento):
    """El respaldo propio de Chiapas con un objeto que las migraciones no crean: RESPALDO_ALTERADO, nombrándolo."""
    copia = _alterar(_respaldo_de(oficinas, "chis", tmp_path), sql)
    _rechazado(chis, copia, "RESPALDO_ALTERADO", fragmento)
    assert consultar(chis, "select count(*) from sqlite_master where type in ('trigger', 'view')") == [(0,)]


def test_t21_esquema_reescrito_a_mano_con_writable_schema(oficinas, chis, tmp_path):
    """Un atacante que reescribe sqlite_master (writable_schema) para que la columna «valor» de ajuste pase a ser una
    columna entre comillas con otro significado: el texto ya no es el de la migración, aunque sin comillas lo fuera."""
    copia = _alterar(_respaldo_de(oficinas, "chis", tmp_path), "PRAGMA writable_schema = ON",
                     "update sqlite_master set sql = replace(sql, 'valor', '\"valor\"') where name = 'ajuste'")
    _rechazado(chis, copia, "RESPALDO_ALTERADO", "tabla «ajuste» cambiada")


@pytest.mark.parametrize("cambio", [
    "update llave set huella = 12345 where oficina = 'E07'",  # SQLite guarda un entero en una columna de texto
    "update ajuste set valor = x'00ff' where clave = 'oficina_local'",
])
def test_t21_valores_de_otro_tipo_no_son_falla_interna(oficinas, chis, tmp_path, cambio):
    codigo = "RESPALDO_DE_OTRA_LLAVE" if "llave" in cambio else "RESPALDO_DE_OTRA_OFICINA"
    _rechazado(chis, _alterar(_respaldo_de(oficinas, "chis", tmp_path), cambio), codigo)


def test_t21_respaldo_de_una_revision_mas_nueva_deja_la_base_viva(oficinas, chis, tmp_path):
    """Antes, BASE_MAS_NUEVA decía «la base no se modificó» cuando ya la había reemplazado: la oficina quedaba fuera."""
    copia = _alterar(_respaldo_de(oficinas, "chis", tmp_path), "update alembic_version set version_num = '0099'")
    _rechazado(chis, copia, "BASE_MAS_NUEVA", "«0099»", "versión más reciente")
    assert cli(chis, "demo", "--registros", "1", "--semilla", "12")[0] == 0


@pytest.mark.parametrize("forma", ["basura", "truncado", "paginas_danadas", "sin_revision"])
def test_t21_archivo_danado_o_ajeno_se_rechaza(oficinas, chis, tmp_path, forma):
    copia = _respaldo_de(oficinas, "chis", tmp_path)
    datos = copia.read_bytes()
    if forma == "basura":
        copia.write_bytes(b"esto no es una base de datos\n" * 1000)
    elif forma == "truncado":
        copia.write_bytes(datos[: len(datos) // 3])
    elif forma == "paginas_danadas":
        danado = bytearray(datos)
        danado[4096 * 3 : 4096 * 6] = b"\xa5" * (4096 * 3)
        copia.write_bytes(bytes(danado))
    else:
        _alterar(copia, "drop table alembic_version")
    codigo = "RESPALDO_ALTERADO" if forma == "sin_revision" else "COPIA_DANADA"
    _rechazado(chis, copia, codigo)


def test_t21_una_fifo_o_un_dispositivo_no_bloquean(oficinas, chis, tmp_path, monkeypatch):
    """La ventana no revisa lo que se elige en el diálogo: una FIFO (que bloquearía al leerla) o /dev/zero se rechazan
    antes de abrirlos, también como archivo de llave al recuperar."""
    import os

    from empaquetado.recuperacion import recuperar_oficina, restaurar

    fifo = tmp_path / "respaldo.sqlite"
    os.mkfifo(fifo)
    antes = huella_base(chis)
    for hostil in (fifo, Path("/dev/zero")):
        with pytest.raises(EntradaRechazada) as e:
            restaurar(Rutas(chis), Rutas(chis).base, hostil)
        assert e.value.codigo == "COPIA_DANADA" and "no es un archivo" in str(e.value)
        with pytest.raises(EntradaRechazada) as e:
            recuperar_oficina(tmp_path / "nueva", _respaldo_de(oficinas, "chis", tmp_path), hostil, lambda o: FRASE)
        assert e.value.codigo == "LLAVE_DANADA" and not (tmp_path / "nueva").exists()
    assert huella_base(chis) == antes


def test_t21_respaldo_de_antes_de_rotar_la_llave_se_rechaza(oficinas, chis, tmp_path):
    assert cli(chis, "rotar-llave", "--salida", str(tmp_path / "aviso.json"))[0] == 0
    _rechazado(chis, _respaldo_de(oficinas, "chis", tmp_path), "RESPALDO_DE_OTRA_LLAVE", "rotación")


def test_t21_carpeta_sin_llave_no_restaura(oficinas, chis, tmp_path):
    (chis / "llave_privada.json").unlink()
    _rechazado(chis, _respaldo_de(oficinas, "chis", tmp_path), "CARPETA_SIN_LLAVE", "recuperar-oficina")


def test_t21_el_respaldo_propio_se_restaura(oficinas, chis, tmp_path):
    assert consultar(chis, "select count(*) from accion") == [(5,)]
    codigo, salida = cli(chis, "restaurar", "--copia", str(_respaldo_de(oficinas, "chis", tmp_path)))
    assert codigo == 0, salida
    assert consultar(chis, "select count(*) from accion") == [(4,)]
    assert [p.name[:19] for p in (chis / "respaldos").glob("antes-de-restaurar-*")] == ["antes-de-restaurar-"]
    assert cli(chis, "estado")[1]["oficina"] == "E07"


def _recuperar(destino: Path, copia: Path, llave: Path, frase: str, monkeypatch) -> tuple[int, dict]:
    monkeypatch.setenv("FSUR_FRASE", frase)
    return cli(destino, "recuperar-oficina", "--copia", str(copia), "--llave", str(llave))


def test_t21_en_postgresql_restaurar_y_recuperar_se_rechazan_sin_tocar_la_base(servidor_pg, oficinas, tmp_path):
    """Con la base de la central en un PostgreSQL real, un respaldo SQLite no la reemplaza: código y volcado idéntico."""
    from tests.empaquetado.util import BASES

    url = servidor_pg.base_nueva()
    cen = tmp_path / "cen"
    crear_oficina(cen, "central", url=url)
    BASES[cen] = url
    try:
        antes = huella_base(cen)
        codigo, salida = cli(cen, "restaurar", "--copia", str(_respaldo_de(oficinas, "chis", tmp_path)))
        assert (codigo, salida["error"]) == (2, "RESTAURAR_SOLO_SQLITE"), salida
        codigo, salida = cli(tmp_path / "vacia", "recuperar-oficina", "--base", url, "--copia",
                             str(_respaldo_de(oficinas, "chis", tmp_path)), "--llave", str(oficinas["chis"] / "llave_privada.json"))
        assert (codigo, salida["error"]) == (2, "RECUPERAR_SOLO_SQLITE"), salida
        assert huella_base(cen) == antes and not (tmp_path / "vacia").exists()
    finally:
        BASES.pop(cen)


# --- Recuperar una oficina en una computadora nueva -------------------------------------------------------------




def test_t21_recuperar_oficina_pide_su_llave_y_su_frase(oficinas, tmp_path, monkeypatch, capsys):
    copia, llave = _respaldo_de(oficinas, "chis", tmp_path), tmp_path / "llave-guardada.json"
    shutil.copyfile(oficinas["chis"] / "llave_privada.json", llave)
    llave_antes = llave.read_bytes()
    nueva = tmp_path / "pc-nueva" / "datos"

    codigo, salida = _recuperar(nueva, copia, llave, "otra frase equivocada de prueba", monkeypatch)
    assert (codigo, salida["error"]) == (2, "FRASE_INCORRECTA"), salida
    assert not nueva.exists()  # nada a medias
    assert "E07" in capsys.readouterr().err  # se mostró la oficina y la huella antes de pedir la frase

    codigo, salida = _recuperar(nueva, copia, oficinas["tab"] / "llave_privada.json", FRASE, monkeypatch)
    assert (codigo, salida["error"]) == (2, "RESPALDO_DE_OTRA_OFICINA"), salida  # solo la base no hace a nadie oficina
    assert not nueva.exists()

    codigo, salida = _recuperar(nueva, copia, llave, FRASE, monkeypatch)
    assert codigo == 0, salida
    assert salida["oficina"] == "E07" and len(salida["huella"]) == 64
    assert llave.read_bytes() == llave_antes
    assert (nueva / "llave_privada.json").stat().st_mode & 0o077 == 0
    codigo, estado = cli(nueva, "estado")
    assert codigo == 0 and estado["oficina"] == "E07", estado
    assert consultar(nueva, "select count(*) from accion") == [(4,)]
    assert cli(nueva, "exportar", "--salida", str(tmp_path / "paquetes"))[0] == 0  # firma con su llave recuperada

    codigo, salida = _recuperar(nueva, copia, llave, FRASE, monkeypatch)
    assert (codigo, salida["error"]) == (2, "CARPETA_CON_OFICINA"), salida


def test_t21_recuperar_con_un_respaldo_alterado_no_crea_nada(oficinas, tmp_path, monkeypatch):
    copia = _alterar(_respaldo_de(oficinas, "chis", tmp_path), DISPARADOR)
    nueva = tmp_path / "nueva"
    codigo, salida = _recuperar(nueva, copia, oficinas["chis"] / "llave_privada.json", FRASE, monkeypatch)
    assert (codigo, salida["error"]) == (2, "RESPALDO_ALTERADO"), salida
    assert not nueva.exists()


# --- La ventana ----------------------------------------------------------------------------------------------------


def test_t21_configuracion_rechaza_el_respaldo_con_disparador(qtbot, oficinas, chis, tmp_path):
    from PySide6.QtCore import Qt

    from escritorio.pagina_configuracion import PaginaConfiguracion
    from tests.escritorio.conftest import contestar, contexto

    copia = _alterar(_respaldo_de(oficinas, "chis", tmp_path), DISPARADOR)
    ctx = contexto(chis)
    pagina = PaginaConfiguracion(ctx)
    qtbot.addWidget(pagina)
    pagina.elegir_respaldo = lambda: str(copia)
    antes = huella_base(chis)
    restauradas = []
    pagina.restaurada.connect(lambda: restauradas.append(True))
    contestar(Qt.Key.Key_R)  # «Restaurar y reemplazar»
    qtbot.mouseClick(pagina.findChildren(object, "restaurar")[0], Qt.MouseButton.LeftButton)
    mensaje = pagina.mensaje.text()
    assert "fue alterado" in mensaje and "disparador (trigger) «reescribe»" in mensaje and "No se modificó nada" in mensaje, mensaje
    assert restauradas == []
    with ctx.base.motor.connect() as con:  # la ventana sigue con su base abierta
        assert con.exec_driver_sql("select count(*) from accion").scalar() == 5
    ctx.base.cerrar()
    assert huella_base(chis) == antes


def test_t21_configuracion_rechaza_la_base_de_otra_oficina(qtbot, oficinas, chis, tmp_path):
    from PySide6.QtCore import Qt

    from escritorio.pagina_configuracion import PaginaConfiguracion
    from tests.escritorio.conftest import contestar, contexto

    ctx = contexto(chis)
    pagina = PaginaConfiguracion(ctx)
    qtbot.addWidget(pagina)
    pagina.elegir_respaldo = lambda: str(_respaldo_de(oficinas, "tab", tmp_path))
    antes = huella_base(chis)
    contestar(Qt.Key.Key_R)
    qtbot.mouseClick(pagina.findChildren(object, "restaurar")[0], Qt.MouseButton.LeftButton)
    assert "no es de esta oficina" in pagina.mensaje.text() and "E27" in pagina.mensaje.text()
    ctx.base.cerrar()
    assert huella_base(chis) == antes



def _asistente(qtbot, carpeta: Path, copia: Path, llave: Path):
    from PySide6.QtWidgets import QWizard

    from escritorio.asistente import AsistenteOficina

    asistente = AsistenteOficina(carpeta)
    qtbot.addWidget(asistente)
    asistente.elegir_respaldo = lambda: str(copia)
    asistente.elegir_llave = lambda: str(llave)
    asistente.show()
    boton = asistente.button(QWizard.WizardButton.CustomButton1)
    assert boton.isVisible() and boton.text() == "&Recuperar desde un respaldo…"
    return asistente, boton


def test_t21_el_asistente_recupera_la_oficina_con_su_frase(qtbot, oficinas, tmp_path):
    """Computadora nueva: el asistente de primer uso muestra oficina y huella, y sin la frase correcta no crea nada."""
    from PySide6.QtCore import Qt

    from empaquetado import llaves
    from tests.escritorio.conftest import contestar

    copia, llave = _respaldo_de(oficinas, "chis", tmp_path), oficinas["chis"] / "llave_privada.json"
    carpeta = tmp_path / "pc-nueva"
    asistente, boton = _asistente(qtbot, carpeta, copia, llave)
    vistos = contestar(Qt.Key.Key_S, "una frase que no es la de la oficina", Qt.Key.Key_Return)
    qtbot.mouseClick(boton, Qt.MouseButton.LeftButton)
    confirmacion, frase, aviso = vistos
    huella = llaves.oficina_y_huella(llave)[1]
    assert "E07" in confirmacion["texto"] and "Enlace Estatal de Chiapas" in confirmacion["texto"]
    assert llaves.huella_legible(huella)[:19] in confirmacion["texto"] and confirmacion["defecto"] == "&No, cancelar"
    assert frase["tipo"] == "QInputDialog" and "E07" in frase["texto"]
    assert aviso["titulo"] == "No se recuperó la oficina" and "frase de acceso no abre" in aviso["texto"], aviso
    assert not carpeta.exists() and asistente.creada is None

    vistos = contestar(Qt.Key.Key_Escape)  # no es su oficina: nada
    qtbot.mouseClick(boton, Qt.MouseButton.LeftButton)
    assert not carpeta.exists() and asistente.creada is None

    vistos = contestar(Qt.Key.Key_S, FRASE, Qt.Key.Key_Return)
    qtbot.mouseClick(boton, Qt.MouseButton.LeftButton)
    assert vistos[-1]["titulo"] == "Oficina recuperada", vistos
    assert asistente.creada is not None and asistente.creada.clave == "E07" and asistente.creada.huella == huella
    assert consultar(carpeta, "select count(*) from accion") == [(4,)]


def test_t21_el_asistente_no_recupera_con_la_base_de_otra_oficina(qtbot, oficinas, tmp_path):
    from PySide6.QtCore import Qt

    from tests.escritorio.conftest import contestar

    carpeta = tmp_path / "pc-nueva"
    _, boton = _asistente(qtbot, carpeta, _respaldo_de(oficinas, "tab", tmp_path), oficinas["chis"] / "llave_privada.json")
    vistos = contestar(Qt.Key.Key_Return)
    qtbot.mouseClick(boton, Qt.MouseButton.LeftButton)
    [aviso] = vistos
    assert "no es de esta oficina" in aviso["texto"] and "E27" in aviso["texto"], aviso
    assert not carpeta.exists()


def test_t21_configuracion_recupera_una_oficina_en_otra_carpeta(qtbot, oficinas, chis, tmp_path):
    """Desde Configuración: la oficina y la huella del respaldo se muestran antes de pedir la frase; la oficina queda en
    la carpeta vacía elegida y la carpeta abierta no cambia."""
    from PySide6.QtCore import Qt

    from escritorio.pagina_configuracion import PaginaConfiguracion
    from tests.escritorio.conftest import contestar, contexto

    ctx = contexto(chis)
    pagina = PaginaConfiguracion(ctx)
    qtbot.addWidget(pagina)
    destino = tmp_path / "otra"
    pagina.elegir_respaldo = lambda: str(_respaldo_de(oficinas, "tab", tmp_path))
    pagina.elegir_llave = lambda: str(oficinas["chis"] / "llave_privada.json")  # la base de Tabasco con la llave de Chiapas
    pagina.elegir_carpeta_nueva = lambda: str(destino)
    antes = huella_base(chis)
    vistos = contestar(Qt.Key.Key_Return)
    qtbot.mouseClick(pagina.findChildren(object, "recuperarOficina")[0], Qt.MouseButton.LeftButton)
    assert vistos[0]["titulo"] == "No se recuperó la oficina" and "no es de esta oficina" in vistos[0]["texto"], vistos
    assert not destino.exists() and pagina.mensaje.text() == "No se recuperó ninguna oficina."

    pagina.elegir_llave = lambda: str(oficinas["tab"] / "llave_privada.json")
    vistos = contestar(Qt.Key.Key_S)  # «Sí, es mi oficina»; la frase la da el contexto de prueba
    qtbot.mouseClick(pagina.findChildren(object, "recuperarOficina")[0], Qt.MouseButton.LeftButton)
    assert "E27" in vistos[0]["texto"] and "Huella de su llave" in vistos[0]["texto"], vistos
    assert "Oficina E27" in pagina.mensaje.text() and "--datos" in pagina.mensaje.text(), pagina.mensaje.text()
    ctx.base.cerrar()
    assert cli(destino, "estado")[1]["oficina"] == "E27"
    assert huella_base(chis) == antes
