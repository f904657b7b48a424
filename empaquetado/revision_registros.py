"""Revisión de cada registro recibido, uno a uno: forma del formato, tipos, las reglas del formulario
(`formularios/reglas.py`, con la misma tabla de límites), evidencias; origen y jurisdicción según empaquetado/politica.py.

Lo que la base exigiría al escribir se comprueba antes (en SQLite y en PostgreSQL por igual), para que un registro
firmado pero mal formado se rechace con un código y no como una falla interna.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.consultas_catalogo import Catalogos, leer_catalogos
from base_local.jurisdiccion import jurisdiccion_de_clave
from base_local.modelos import Accion, Entidad, Llave, Municipio
from empaquetado import json_estricto
from empaquetado.codigos import Rechazo
from empaquetado.politica import Propiedad
from formularios import limites as lim
from formularios.campos import CAMPOS_CONVENIO, ESTADOS, SEXOS, etiqueta
from formularios.reglas import MAX_CIFRA, MAX_EVENTOS, Contexto, Mensaje, errores, forma, validar

LARGOS = {c.name: c.type.length for c in Accion.__table__.columns  # columnas de la base; los textos libres, en `forma`
          if getattr(c.type, "length", None) and c.name not in ("id", "validada_con")}
HUELLA = re.compile(r"[0-9a-f]{64}")
MAX_REVISION = 1_000_000
_ROTOS = re.compile("[\x00\ud800-\udfff]")  # ninguna base guarda un NUL ni un sustituto suelto
TEXTOS = ("oficina_origen", "capturado_por", "estado", "fecha_inicio", "fecha_fin", "entidad", "municipio", "localidad", "eje",
          "linea_accion", "actividad_programa", "linea_sectorial", "tipo_accion", "modalidad", "titulo", "descripcion",
          "resultados", "unidad_conteo", "poblacion", "creado_en", "actualizado_en")
LISTAS_TEXTO = ("ordenes_gobierno", "instituciones", "avisos_reconocidos")
ID_REGISTRO = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _valor_de_base_invalido(r: dict[str, Any]) -> bool:
    """True si algo en el registro, a cualquier profundidad, es lo que una base rechazaría al escribirlo
    (NUL o sustituto suelto en un texto o una llave, NaN o infinito). NaN e infinito ya los detiene el analizador estricto."""
    pendientes: list[Any] = [r]
    while pendientes:
        v = pendientes.pop()
        if isinstance(v, str):
            if _ROTOS.search(v):
                return True
        elif isinstance(v, float):
            if not math.isfinite(v):
                return True
        elif isinstance(v, dict):
            pendientes.extend(v.keys())
            pendientes.extend(v.values())
        elif isinstance(v, list):
            pendientes.extend(v)
    return False


def _momento_valido(valor: Any) -> bool:
    if not isinstance(valor, str):
        return False
    try:
        datetime.fromisoformat(valor.rstrip("Z"))
    except ValueError:
        return False
    return True


_SOLO = {str: {str}, int: {int}}
_TEXTO_O_NADA = {str, type(None)}


def _es_lista(valor: Any, tipo) -> bool:
    """Una lista de `tipo` (un booleano no cuenta como entero). Primero por los tipos exactos de sus elementos, en C;
    solo si alguno es de otro tipo (o una subclase), elemento por elemento como siempre."""
    return isinstance(valor, list) and (set(map(type, valor)) <= _SOLO[tipo]
                                        or all(isinstance(x, tipo) and not isinstance(x, bool) for x in valor))


def leer_linea(n: int, linea: bytes) -> dict[str, Any]:
    """El registro de la línea `n` de acciones.jsonl con la forma mínima del formato (id, revisión, cifras)."""
    try:
        r = json_estricto.cargar(linea, f"La línea {n} de acciones.jsonl", json_estricto.MAX_LINEA)
    except json_estricto.JsonInvalido as e:
        raise Rechazo("ESQUEMA_INVALIDO", str(e)) from None
    if not isinstance(r, dict) or not isinstance(r.get("id"), str) or not isinstance(r.get("revision"), int) or r["revision"] < 1:
        raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: falta id o revisión.")
    if not ID_REGISTRO.fullmatch(r["id"]):
        raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: el id {r['id'][:40]!r} no es un UUID (8-4-4-4-12 dígitos hexadecimales).")
    if not isinstance(r.get("oficina_origen"), str) or not isinstance(r.get("historial", []), list):
        raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: falta la oficina de origen.")
    if r["revision"] > MAX_REVISION or not isinstance(r.get("eventos", 1), int) or not 0 <= r.get("eventos", 1) <= MAX_EVENTOS:
        raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: revisión o sesiones fuera de rango.")
    for s in (*SEXOS, "total"):
        if not isinstance(r.get(s), int) or isinstance(r[s], bool) or not 0 <= r[s] <= 4 * MAX_CIFRA:
            raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: «{s}» no es un entero no negativo.")
    if sum(r[s] for s in SEXOS) != r["total"]:
        raise Rechazo("ESQUEMA_INVALIDO", f"Línea {n}: el total no es la suma de las columnas de sexo.")
    return r


def _tipo_invalido(r: dict[str, Any]) -> str | None:
    """El campo cuyo tipo JSON no es el del contrato, o None."""
    dato = r.get
    textos = list(map(dato, TEXTOS))
    if not set(map(type, textos)) <= _TEXTO_O_NADA:  # lo de siempre solo si alguno no es texto ni nulo exacto
        for campo, valor in zip(TEXTOS, textos, strict=True):
            if valor is not None and not isinstance(valor, str):
                return campo
    for campo in LISTAS_TEXTO:
        valor = dato(campo)
        if valor is not None and not _es_lista(valor, str):
            return campo
    if r.get("eventos") is not None and (not isinstance(r["eventos"], int) or isinstance(r["eventos"], bool)):
        return "eventos"
    if not _es_lista(r.get("objetivos_pmm") or [], int):
        return "objetivos_pmm"
    retos = r.get("retos") or []
    if not isinstance(retos, list) or not all(isinstance(x, dict) and isinstance(x.get("texto", ""), str)
                                              and _es_lista(x.get("categorias") or [], str) for x in retos):
        return "retos"
    edades = r.get("edades")
    if edades is not None and not (isinstance(edades, dict) and all(
            isinstance(fila, dict) and all(isinstance(v, int) and not isinstance(v, bool) for v in fila.values())
            for fila in edades.values())):
        return "edades"
    convenio = r.get("convenio")
    if convenio is not None and not (isinstance(convenio, dict) and all(v is None or isinstance(v, str) for v in convenio.values())):
        return "convenio"
    if not isinstance(r.get("evidencias") or [], list) or not isinstance(r.get("historial") or [], list):
        return "evidencias"
    return None


_LARGOS = tuple(LARGOS.items())
_HISTORIAL = tuple((k, lim.HISTORIAL[k]) for k in ("quien", "oficina", "operacion"))


def _textos_de_historial(h: dict[str, Any]) -> bool:
    """Quién, oficina y operación de una entrada del historial: textos acotados y sin caracteres de control."""
    textos = []
    for clave, largo in _HISTORIAL:
        valor = h.get(clave, "")
        if not isinstance(valor, str) or len(valor) > largo:
            return False
        textos.append(valor)
    return not lim.caracter_prohibido("\n".join(textos))


def _regla(r: dict[str, Any], m: Mensaje) -> Rechazo:
    return Rechazo("REGLA_INCUMPLIDA", f"Registro {r['id'][:40]}, campo «{etiqueta(m.campo)}» ({m.campo}): {m.texto}")


class ReglasDelFormulario:
    """Las reglas del formulario sobre cada registro recibido, con la jurisdicción de su oficina de origen. No usa la
    base: lo que necesita (catálogos y la fecha de hoy) se le da al crearla, así puede correr en otro proceso."""

    def __init__(self, catalogos: Catalogos, hoy: date) -> None:
        self.catalogos = catalogos
        self.hoy = hoy
        self.contextos: dict[str, Contexto] = {}

    def revisar(self, r: dict[str, Any], con_escapes: bool = True) -> None:
        """Tipos y forma (controles, longitudes) siempre; el resto, si no está anulado."""
        origen = r["oficina_origen"]
        if origen not in self.contextos:
            self.contextos[origen] = Contexto(self.catalogos, jurisdiccion_de_clave(origen), hoy=self.hoy)
        try:
            datos = r.copy()
            datos.pop("total", None)  # leer_linea ya comprobó que es la suma
            _, mensajes = validar(datos, self.contextos[origen], con_forma=False)  # la forma, abajo, sobre lo recibido
        except (TypeError, ValueError, AttributeError):
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: valores que no se pueden leer.") from None
        for m in mensajes:
            if m.codigo == "TIPO_INVALIDO":
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: {m.texto}")
        for m in forma(r, controles=con_escapes):  # el texto tal como llegó: sin quitar espacios ni «\r», también anulado
            raise _regla(r, m)
        if con_escapes and _valor_de_base_invalido(r):  # en el historial u otro lugar que no escribe una persona
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: trae un NUL, un carácter que no cabe en UTF-8, NaN o infinito, que ninguna base guarda.")
        for m in errores(mensajes) if r.get("estado") != "anulada" else ():
            raise _regla(r, m)


class RevisorDeRegistros:
    """Revisa los registros de un paquete de `llave` uno por uno, sin guardarlos.

    Cada registro vivo pasa por las reglas del formulario con la jurisdicción de su oficina de origen; la fecha de
    hoy lleva un día de holgura (la oficina que envía puede estar en otro huso horario o con el reloj adelantado).
    Las evidencias citadas se juntan en `citadas` ({sha256: tamaño}) para compararlas con lo que trae el paquete.
    """

    def __init__(self, sesion: Session, llave: Llave) -> None:
        self.entidades = set(sesion.scalars(select(Entidad.cve_ent))) | {None}
        self.municipios = set(sesion.scalars(select(Municipio.cvegeo))) | {None}
        self.propiedad = Propiedad(sesion, llave.oficina)
        self.reglas = ReglasDelFormulario(leer_catalogos(sesion), date.today() + timedelta(days=1))
        self.citadas: dict[str, int] = {}

    def revisar(self, r: dict[str, Any], con_escapes: bool = True) -> None:
        """`con_escapes`: la línea puede traer un carácter de control (revision_paralela.con_escapes); si no, no se buscan."""
        self.revisar_sin_reglas(r)
        self.reglas.revisar(r, con_escapes)

    def revisar_sin_reglas(self, r: dict[str, Any]) -> None:
        """Forma, evidencias y propiedad; las reglas del formulario van aparte (pueden correr en otro proceso)."""
        self._bien_formado(r)
        self.propiedad.revisar(r)  # origen y jurisdicción: los decide la política (T1, T2)

    def _bien_formado(self, r: dict[str, Any]) -> None:
        campo = _tipo_invalido(r)
        if campo:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: «{campo}» no tiene el tipo del formato.")
        if r.get("entidad") not in self.entidades or r.get("municipio") not in self.municipios:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: entidad o municipio que no existen en el catálogo INEGI.")
        for campo, largo in _LARGOS:
            valor = r.get(campo)
            if isinstance(valor, str) and len(valor) > largo:
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: «{campo}» no es un texto de hasta {largo} caracteres.")
        if r.get("estado") not in ESTADOS:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: estado «{str(r.get('estado'))[:20]}» desconocido.")
        for clave in ("creado_en", "actualizado_en"):
            if not _momento_valido(r.get(clave)):
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: «{clave}» no es una fecha y hora ISO 8601.")
        if len(r.get("historial") or []) > lim.HISTORIAL["entradas"]:
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: historial de más de {lim.HISTORIAL['entradas']:,} entradas.")
        for h in r.get("historial") or []:
            if not (isinstance(h, dict) and isinstance(h.get("revision"), int) and 0 <= h["revision"] <= MAX_REVISION
                    and _textos_de_historial(h)
                    and isinstance(h.get("operacion"), str) and isinstance(h.get("cambios", {}), dict)
                    and _momento_valido(h.get("cuando"))):
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: historial mal formado (revisión, quién, oficina, operación o fecha).")
        if isinstance(r.get("edades"), dict) and any(set(f) - set(SEXOS) for f in r["edades"].values()):
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: la tabla de edades trae columnas que no son de sexo.")
        if isinstance(r.get("convenio"), dict) and set(r["convenio"]) - set(CAMPOS_CONVENIO):
            raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: el convenio trae campos desconocidos.")
        self._evidencias(r)

    def _evidencias(self, r: dict[str, Any]) -> None:
        """T12: cada evidencia se nombra por 64 hexadecimales en minúscula y su tamaño es un entero dentro del límite."""
        evidencias = r.get("evidencias") or []
        if len(evidencias) > lim.LISTAS["evidencias"][0]:
            raise Rechazo("EVIDENCIA_INVALIDA", f"Registro {r['id'][:40]}: cita {len(evidencias):,} evidencias; el máximo es {lim.LISTAS['evidencias'][0]}.")
        for e in evidencias:
            if not (isinstance(e, dict) and isinstance(e.get("sha256"), str)
                    and all(isinstance(e.get(k, ""), str) for k in ("nombre", "tipo"))
                    and isinstance(e.get("tamano"), int) and not isinstance(e.get("tamano"), bool)):
                raise Rechazo("ESQUEMA_INVALIDO", f"Registro {r['id'][:40]}: evidencia mal descrita (sha256, nombre, tipo y tamaño entero).")
            if not HUELLA.fullmatch(e["sha256"]):
                raise Rechazo("EVIDENCIA_INVALIDA", f"Registro {r['id'][:40]}: la evidencia «{e['sha256'][:70]!r}» no se nombra por 64 hexadecimales en minúscula.")
            if not 0 <= e["tamano"] <= lim.MAX_EVIDENCIA:
                raise Rechazo("EVIDENCIA_INVALIDA", f"Registro {r['id'][:40]}: la evidencia {e['sha256'][:12]}… dice pesar {e['tamano']:,} bytes; el máximo es {lim.MAX_EVIDENCIA:,}.")
            if len(e.get("nombre", "")) > 255 or len(e.get("tipo", "")) > 100 or any(lim.caracter_prohibido(e.get(k, "")) for k in ("nombre", "tipo")):
                raise Rechazo("EVIDENCIA_INVALIDA", f"Registro {r['id'][:40]}: el nombre o el tipo de la evidencia {e['sha256'][:12]}… es demasiado largo o trae caracteres de control.")
            if self.citadas.setdefault(e["sha256"], e["tamano"]) != e["tamano"]:
                raise Rechazo("EVIDENCIA_INVALIDA", f"Registro {r['id'][:40]}: la evidencia {e['sha256'][:12]}… aparece con dos tamaños distintos.")

    def terminar(self) -> None:
        """Después del último registro: lo que la política compara por lotes con la base (el origen guardado)."""
        self.propiedad.terminar()
