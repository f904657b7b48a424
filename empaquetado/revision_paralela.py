"""Las reglas del formulario de un paquete grande, repartidas con un proceso de ayuda.

Las reglas de cada registro (T11) son la mitad del costo de importar y no dependen de la base ni de los otros
registros. Mientras este proceso lee cada línea y revisa forma, evidencias y propiedad (lo que usa la base), el
proceso de ayuda (`empaquetado/ayudante_reglas.py`, otro Python con las mismas rutas) aplica las reglas a trozos de líneas, del primero en
adelante, uno a la vez. Cuando este proceso termina de leer, toma para sí los trozos que el otro aún no empezó, del
último hacia atrás.

El resultado es el mismo que revisar uno por uno: si algo falla, manda el primer registro que falla y, en un mismo
registro, el primer paso en el orden de siempre (leer, forma, evidencias, propiedad, reglas). Si el proceso de ayuda
no arranca, se cae o falla, sus trozos se revisan aquí: nunca se deja de revisar un registro.
"""

from __future__ import annotations

import atexit
import os
import pickle
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass
from typing import IO, Any

import orjson

from empaquetado.codigos import Rechazo
from empaquetado.revision_registros import ReglasDelFormulario, leer_linea

UMBRAL = 4 * 1024 * 1024  # bytes de acciones.jsonl (≈ 3,500 registros): por debajo, un proceso basta
TROZO = 1_000  # líneas por trozo, y a lo más BYTES_TROZO (sus registros leídos esperan aquí hasta repartirlo)
BYTES_TROZO = 1024 * 1024
EN_ESPERA = 8 * 1024 * 1024  # bytes de líneas a lo más esperando al otro proceso: la memoria sigue acotada (T9)
ESPERA_MAXIMA = 30.0  # segundos que se espera un trozo (tarda décimas): después, el proceso de ayuda se da por colgado
LEER, REGLAS = 0, 1  # fase del paso que falló: en un mismo registro, las reglas van al final

Lineas = list[tuple[int, bytes]]


@dataclass(frozen=True, order=True)
class Fallo:
    indice: int  # posición del registro en el paquete (o el total, si falla algo al terminar)
    fase: int
    codigo: str
    detalle: str  # lo que sigue al mensaje del código


_CONTROL_POSIBLE = re.compile(rb"\\[bfru]|\x7f|\xc2[\x80-\x9f]")


def con_escapes(linea: bytes) -> bool:
    """Solo así puede una línea traer un carácter de control (T13): con un escape «\\b», «\\f», «\\r» o «\\u», o con un
    DEL o un control C1 (U+0080…U+009F) tal cual, que JSON no obliga a escapar."""
    return (b"\\" in linea or b"\x7f" in linea or b"\xc2" in linea) and _CONTROL_POSIBLE.search(linea) is not None


def releer(n: int, linea: bytes) -> dict[str, Any]:
    """El registro de una línea que este programa ya leyó con `leer_linea` (a un trozo solo entran líneas que pasaron
    la lectura, la forma y la propiedad). Si orjson la lee y, al escribir lo leído, da los mismos bytes, ese es el
    registro que dio el camino rápido del analizador estricto, y lo que `leer_linea` comprueba después ya pasó; si no,
    se lee de nuevo con `leer_linea`."""
    try:
        r = orjson.loads(linea)
    except orjson.JSONDecodeError:
        return leer_linea(n, linea)
    if orjson.dumps(r, option=orjson.OPT_SORT_KEYS) == linea:
        return r
    return leer_linea(n, linea)


def reglas_de_trozo(reglas: ReglasDelFormulario, inicio: int, lineas: Lineas,
                    registros: list[dict[str, Any]] | None = None) -> Fallo | None:
    """El primer registro del trozo que no pasa las reglas (los registros ya leídos, o se leen de las líneas)."""
    for k, (n, linea) in enumerate(lineas):
        try:
            reglas.revisar(registros[k] if registros is not None else releer(n, linea), con_escapes(linea))
        except Rechazo as e:
            return Fallo(inicio + k, REGLAS, e.codigo, e.detalle)
    return None


def escribir(salida: IO[bytes], mensaje: object) -> None:
    datos = pickle.dumps(mensaje, protocol=pickle.HIGHEST_PROTOCOL)
    salida.write(len(datos).to_bytes(8, "little") + datos)
    salida.flush()


def leer(entrada: IO[bytes]) -> Any:
    """El siguiente mensaje del otro proceso (solo entre este programa y su propio proceso de ayuda)."""
    largo = entrada.read(8)
    if len(largo) < 8:
        raise EOFError
    datos = entrada.read(int.from_bytes(largo, "little"))
    return pickle.loads(datos)


class _Ayudante:
    """El proceso de ayuda: se arranca una vez y se reusa; si muere, el siguiente paquete arranca otro."""

    def __init__(self) -> None:
        # Las rutas y los módulos bloqueados de este proceso van en la orden: el Python embebido del instalador ignora
        # PYTHONPATH (._pth), y quien bloquea un módulo aquí (p. ej. _wmi bajo Wine) lo necesita bloqueado allá.
        bloqueados = sorted(k for k, v in sys.modules.items() if v is None)
        codigo = (f"import sys; sys.path[:0] = {[p for p in sys.path if p]!r}; "
                  f"sys.modules.update(dict.fromkeys({bloqueados!r})); "
                  "from empaquetado.ayudante_reglas import principal; principal()")
        opciones = {"creationflags": subprocess.CREATE_NO_WINDOW} if sys.platform == "win32" else {}
        self.proceso = subprocess.Popen([sys.executable, "-c", codigo], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        **opciones)
        self.turno = threading.Lock()  # dos importaciones a la vez no mezclan sus mensajes

    def vivo(self) -> bool:
        return self.proceso.poll() is None

    def pedir(self, mensaje: object) -> Any:
        with self.turno:
            escribir(self.proceso.stdin, mensaje)
            return leer(self.proceso.stdout)

    def cerrar(self) -> None:
        if self.vivo():
            self.proceso.kill()
            self.proceso.wait()


_ayudante: _Ayudante | None = None
_arranque = threading.Lock()  # dos importaciones que empiezan a la vez no arrancan dos procesos (uno quedaría suelto)


def _cerrar() -> None:
    if _ayudante is not None:
        _ayudante.cerrar()


_averiado = False  # un proceso de ayuda que no contestó a tiempo: este programa ya no arranca otro


def preparar(tamano: int) -> _Ayudante | None:
    """El proceso de ayuda, si el paquete lo amerita y hay más de un núcleo (se arranca antes de leer el paquete)."""
    global _ayudante
    if tamano < UMBRAL or (os.cpu_count() or 1) < 2 or os.environ.get("FSUR_UN_PROCESO") or not sys.executable:
        return None
    with _arranque:
        if _averiado:
            return None
        if _ayudante is None or not _ayudante.vivo():
            if _ayudante is None:
                atexit.register(_cerrar)
            try:
                _ayudante = _Ayudante()
            except OSError:
                return None
        return _ayudante


class Reparto:
    """Los trozos de un paquete: un hilo se los pasa al proceso de ayuda del primero en adelante; al terminar de
    leer, este proceso hace los que quedan del último hacia atrás."""

    def __init__(self, ayudante: _Ayudante, reglas: ReglasDelFormulario) -> None:
        self.ayudante = ayudante
        self.reglas = reglas
        self.cola: deque[tuple[int, Lineas, int]] = deque()  # (inicio, líneas, sus bytes)
        self.hechos: dict[int, Fallo | None] = {}  # inicio del trozo → su primer fallo, hechos por el otro proceso
        self.propios: list[Fallo] = []  # los fallos de los trozos que hizo este proceso al leer
        self.en_espera = 0  # bytes de las líneas en la cola
        self.en_curso = False
        self.enviado_en = 0.0
        self.cerrado = False
        self.cambio = threading.Condition()
        threading.Thread(target=self._despachar, name="reparto-de-reglas", daemon=True).start()

    def enviar(self, inicio: int, lineas: Lineas, registros: list[dict[str, Any]]) -> None:
        """Un trozo ya leído: a la cola del otro proceso o, si la cola está llena, sus reglas aquí y ahora."""
        tamano = sum(len(x) for _, x in lineas)
        with self.cambio:
            if self.en_espera + tamano <= EN_ESPERA:
                self.cola.append((inicio, lineas, tamano))
                self.en_espera += tamano
                self.cambio.notify_all()
                return
        if (fallo := reglas_de_trozo(self.reglas, inicio, lineas, registros)) is not None:
            self.propios.append(fallo)

    def _despachar(self) -> None:
        clave, contexto = uuid.uuid4().hex, (self.reglas.catalogos, self.reglas.hoy)
        while True:
            with self.cambio:
                while not self.cola and not self.cerrado:
                    self.cambio.wait()
                if not self.cola:
                    return
                inicio, lineas, tamano = self.cola.popleft()
                self.en_espera -= tamano
                self.en_curso = True
                self.enviado_en = time.monotonic()
            try:
                respuesta = self.ayudante.pedir((clave, contexto, inicio, lineas))
                contexto = None  # el otro proceso guarda las reglas de este paquete
            except (OSError, EOFError, ValueError, pickle.PickleError):
                respuesta = None
            with self.cambio:
                self.en_curso = False
                bien = isinstance(respuesta, tuple) and respuesta[0] == inicio
                if bien:
                    self.hechos[inicio] = respuesta[1]
                else:  # el otro proceso falló: este trozo y los que quedan se hacen aquí
                    self.cola.appendleft((inicio, lineas, tamano))
                    self.en_espera += tamano
                self.cambio.notify_all()
            if not bien:
                return

    def _abandonar(self) -> None:
        """El proceso de ayuda no contesta: se termina y este programa ya no arranca otro (sus trozos, aquí)."""
        global _averiado
        _averiado = True
        self.ayudante.cerrar()

    def cerrar(self) -> None:
        """Sin esperar más: lo que queda en la cola se descarta y el hilo termina tras el trozo en curso."""
        with self.cambio:
            self.cerrado = True
            self.cola.clear()
            self.en_espera = 0
            self.cambio.notify_all()

    def primer_fallo(self, hasta: int, registros: list[dict[str, Any]] | None) -> Fallo | None:
        """El primer fallo de reglas antes del registro `hasta` (`registros`: los ya leídos aquí, si se guardaron)."""
        fallos = [f for f in self.propios if f.indice < hasta]
        with self.cambio:
            self.cerrado = True
            self.cambio.notify_all()
        while True:
            with self.cambio:
                if not self.cola:
                    if not self.en_curso:
                        break
                    if time.monotonic() - self.enviado_en > ESPERA_MAXIMA:
                        self._abandonar()  # el hilo recibe el fin de la tubería y devuelve el trozo a la cola
                    self.cambio.wait(1)
                    continue
                inicio, lineas, tamano = self.cola.pop()
                self.en_espera -= tamano
            lineas = lineas[:max(0, hasta - inicio)]
            propios = registros[inicio:inicio + len(lineas)] if registros is not None else None
            if lineas and (fallo := reglas_de_trozo(self.reglas, inicio, lineas, propios)) is not None:
                fallos.append(fallo)
        fallos += [f for f in self.hechos.values() if f is not None and f.indice < hasta]
        return min(fallos, default=None)
