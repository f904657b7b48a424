"""Servidor PostgreSQL 15 desechable para las pruebas: clúster temporal del usuario postgres, solo en loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

BINARIOS = (Path("/usr/local/bin"), Path("/usr/lib/postgresql/15/bin"))


def _binario(nombre: str) -> str | None:
    for carpeta in BINARIOS:
        if (carpeta / nombre).exists():
            return str(carpeta / nombre)
    return shutil.which(nombre)


def _como_postgres(orden: list[str]) -> list[str]:
    """PostgreSQL no corre como root: en CI (root) se usa runuser; un desarrollador lo corre como sí mismo."""
    return ["runuser", "-u", "postgres", "--", *orden] if os.geteuid() == 0 else orden


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServidorPG:
    def __init__(self) -> None:
        self.carpeta = Path(tempfile.mkdtemp(prefix="fsur-pg-"))
        self.puerto = _puerto_libre()
        if os.geteuid() == 0:
            shutil.chown(self.carpeta, "postgres", "postgres")
        self.datos = self.carpeta / "datos"

    def iniciar(self) -> None:
        initdb, pg_ctl = _binario("initdb"), _binario("pg_ctl")
        subprocess.run(_como_postgres([initdb, "-D", str(self.datos), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                       "--locale=C", "-N"]), check=True, capture_output=True)
        opciones = f"-p {self.puerto} -k {self.carpeta} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        subprocess.run(_como_postgres([pg_ctl, "-D", str(self.datos), "-o", opciones, "-l", str(self.carpeta / "registro.log"),
                                       "-w", "-t", "60", "start"]), check=True, capture_output=True)

    def detener(self) -> None:
        subprocess.run(_como_postgres([_binario("pg_ctl"), "-D", str(self.datos), "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(self.carpeta, ignore_errors=True)

    def url(self, base: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.puerto}/{base}"

    def base_nueva(self) -> str:
        import psycopg

        nombre = f"fsur_{uuid.uuid4().hex[:12]}"
        for intento in range(20):
            try:
                with psycopg.connect(f"host=127.0.0.1 port={self.puerto} user=postgres dbname=postgres", autocommit=True) as con:
                    con.execute(f'CREATE DATABASE "{nombre}"')
                break
            except psycopg.OperationalError:
                if intento == 19:
                    raise
                time.sleep(0.5)
        return self.url(nombre)


@pytest.fixture(scope="session")
def servidor_pg() -> Iterator[ServidorPG]:
    if _binario("initdb") is None or _binario("pg_ctl") is None:
        pytest.fail("Faltan los binarios de PostgreSQL 15 (initdb, pg_ctl): las pruebas de la oficina central los necesitan.")
    servidor = ServidorPG()
    servidor.iniciar()
    yield servidor
    servidor.detener()


@pytest.fixture(params=["sqlite", "postgresql"])
def motor_central(request, tmp_path) -> str | None:
    """URL de la base de la oficina central: None (SQLite en la carpeta) o una base PostgreSQL nueva."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("servidor_pg").base_nueva()
