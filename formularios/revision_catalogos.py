"""T22: una sola revisión para los catálogos que trae el programa (recursos/catalogos/) y para cada actualización
firmada de la central: gramática de cada columna, claves únicas, municipio ↔ entidad, claves citadas que existen,
claves que nunca se renombran (una clave existente no cambia de entidad ni de eje; una clave nueva no toma el lugar
de una vigente: la vigente se retira), texto limpio (T13) y acotado por la columna de la base."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local import modelos as m
from formularios.limites import CATALOGO_TEXTO, LISTAS, MAX_CIFRA, caracter_prohibido

_CLAVE = r"[a-z][a-z0-9_]*"
_SIGLA = r"[A-Za-z0-9ÁÉÍÓÚÜÑáéíóúüñ][A-Za-z0-9ÁÉÍÓÚÜÑáéíóúüñ .&/()-]*"
_ENTERO = re.compile(r"0|[1-9][0-9]{0,8}")
COLUMNA_RETIRO = "retirado"
CATALOGOS_DE_VALORES = ("estado_instrumento", "grupo_edad", "modalidad", "orden_gobierno", "poblacion", "unidad_conteo")
# Una clave de valores.csv va tal cual en la columna o la lista del registro que la usa: no puede ser más larga que
# ella (en PostgreSQL, el registro que la usara fallaría al guardarse).
LARGO_VALOR = {c: m.Accion.__table__.c[c].type.length for c in ("modalidad", "unidad_conteo", "poblacion")} | {
    "orden_gobierno": LISTAS["ordenes_gobierno"][1]}


class Problema(ValueError):
    """Una fila que no pasa: archivo, fila (la del CSV, contando el encabezado) y columna."""

    def __init__(self, archivo: str, fila: int | None, columna: str | None, motivo: str) -> None:
        donde = ", ".join(x for x in (f"{archivo}.csv", f"fila {fila}" if fila else "", f"columna {columna}" if columna else "") if x)
        super().__init__(f"{donde}: {motivo}")
        self.archivo, self.fila, self.columna = archivo, fila, columna


# Cada columna: (gramática o None para texto libre, obligatoria). El largo del texto lo da la columna de la base.
@dataclass(frozen=True)
class Gramatica:
    """Qué forma tiene el valor de una columna, y cómo se le dice a la persona."""

    admite: Callable[[str], bool]
    descripcion: str


def _re(patron: str, descripcion: str) -> Gramatica:
    compilado = re.compile(patron)
    return Gramatica(lambda v: compilado.fullmatch(v) is not None, descripcion)


def _entero(minimo: int, maximo: int) -> Gramatica:
    return Gramatica(lambda v: _ENTERO.fullmatch(v) is not None and minimo <= int(v) <= maximo,
                     f"un número entero de {minimo:,} a {maximo:,}")


def _digitos(n: int) -> Gramatica:
    return Gramatica(lambda v: len(v) == n and v.isascii() and v.isdigit(), f"una clave de {n} dígitos")


_BOOL = Gramatica(lambda v: v in ("0", "1"), "0 o 1")
_CLAVE_G, _TEXTO = _re(_CLAVE, "una clave de minúsculas sin acentos, dígitos y «_» (p. ej. reunion_trabajo)"), None


@dataclass(frozen=True)
class Espec:
    """Cómo es un catálogo: su modelo, sus columnas (gramática, obligatoria), su llave y qué la identifica."""

    modelo: type
    columnas: dict[str, tuple[Gramatica | None, bool]]
    llave: tuple[str, ...]
    renombrar: dict[str, str] | None = None  # columna del CSV → columna de la base
    unicas: tuple[tuple[str, ...], ...] = ()  # lo que identifica a una fila vigente además de su llave

    def largo(self, columna: str) -> int:
        nombre = (self.renombrar or {}).get(columna, columna)
        tabla = self.modelo.__table__
        return (getattr(tabla.c[nombre].type, "length", None) if nombre in tabla.c else None) or CATALOGO_TEXTO


ESPECS: dict[str, Espec] = {
    "entidades": Espec(m.Entidad, {"cve_ent": (_digitos(2), True), "nombre": (_TEXTO, True),
                                   "abreviatura": (_re(r"[A-Z]{2,10}", "de 2 a 10 mayúsculas"), True)},
                       ("cve_ent",), unicas=(("nombre",), ("abreviatura",))),
    "municipios": Espec(m.Municipio, {"cve_ent": (_digitos(2), True), "entidad": (_TEXTO, True), "cve_mun": (_digitos(3), True),
                                      "cvegeo": (_digitos(5), True), "municipio": (_TEXTO, True), "fronterizo": (_BOOL, True)},
                        ("cvegeo",), {"municipio": "nombre"}, (("cve_ent", "municipio"),)),
    "ejes": Espec(m.Eje, {"clave": (_CLAVE_G, True), "numero": (_entero(1, 999), True), "nombre": (_TEXTO, True),
                          "numero_seccion_v": (_entero(1, 999), False)}, ("clave",), unicas=(("numero",),)),
    "lineas_accion": Espec(m.LineaAccion, {"clave": (_CLAVE_G, True), "eje": (_CLAVE_G, True), "numero": (_entero(1, 999), True),
                                           "nombre": (_TEXTO, True), "meta": (_TEXTO, False)}, ("clave",), unicas=(("numero",),)),
    "actividades_programa": Espec(m.ActividadPrograma, {"clave": (_CLAVE_G, True), "numero": (_entero(1, 999), True),
                                                        "nombre": (_TEXTO, True), "meta": (_TEXTO, False),
                                                        "unidad_medida": (_TEXTO, False), "eje": (_CLAVE_G, False)},
                                  ("clave",), unicas=(("numero",),)),
    "lineas_sectoriales": Espec(m.LineaSectorial, {"clave": (_re(r"[0-9]+(\.[0-9]+)*", "números separados por puntos (5.1.7)"), True), "nombre": (_TEXTO, True)},
                                ("clave",), unicas=(("nombre",),)),
    "objetivos_pmm": Espec(m.ObjetivoPMM, {"numero": (_entero(1, 999), True), "titulo": (_TEXTO, True)}, ("numero",)),
    "categorias_retos": Espec(m.CategoriaReto, {"clave": (_CLAVE_G, True), "nombre": (_TEXTO, True), "definicion": (_TEXTO, False)},
                              ("clave",), unicas=(("nombre",),)),
    "instituciones": Espec(m.Institucion, {"sigla": (_re(_SIGLA, "una sigla (letras, dígitos, espacio y . & / ( ) -)"), True), "nombre": (_TEXTO, True), "nota": (_TEXTO, False)},
                           ("sigla", "nombre")),
    "tipos_accion": Espec(m.TipoAccion, {"clave": (_CLAVE_G, True), "nombre": (_TEXTO, True), "es_convenio": (_BOOL, True),
                                         "eje_sugerido": (_CLAVE_G, False), "asistentes_inusual": (_entero(1, MAX_CIFRA), True)},
                          ("clave",), unicas=(("nombre",),)),
    "valores": Espec(m.ValorCatalogo, {"catalogo": (Gramatica(lambda v: v in CATALOGOS_DE_VALORES, f"uno de {', '.join(CATALOGOS_DE_VALORES)}"), True), "clave": (_CLAVE_G, True),
                                       "nombre": (_TEXTO, True), "orden": (_entero(0, 9999), True)},
                     ("catalogo", "clave"), unicas=(("catalogo", "nombre"),)),
    "metas": Espec(m.Meta, {"indicador": (_re(r"[A-Z][A-Z0-9_]*", "mayúsculas, dígitos y «_» (PICI)"), True), "anio": (_entero(2000, 2100), True),
                            "periodo": (_re(r"anual|T[1-4]|S[12]|M(0[1-9]|1[0-2])", "anual, T1 a T4, S1, S2 o M01 a M12"), True), "valor": (_entero(0, MAX_CIFRA), True),
                            "denominador": (_entero(0, MAX_CIFRA), True), "nota": (_TEXTO, False)},
                   ("indicador", "anio", "periodo")),
}
# Qué columna cita la llave de otro catálogo (y si puede ir vacía).
CITAS: dict[tuple[str, str], str] = {
    ("municipios", "cve_ent"): "entidades", ("lineas_accion", "eje"): "ejes",
    ("actividades_programa", "eje"): "ejes", ("tipos_accion", "eje_sugerido"): "ejes",
}
# Columnas que ubican una clave existente: cambiarlas sería renombrarla (otro municipio, otra línea).
UBICACION: dict[str, tuple[str, ...]] = {
    "municipios": ("cve_ent", "cve_mun"), "lineas_accion": ("eje",), "actividades_programa": ("eje",),
    "valores": ("catalogo",),
}

Filas = list[dict[str, str]]


@dataclass
class Estado:
    """Los catálogos como están (de la base o vacíos) y las claves retiradas, por archivo: {clave: fila}."""

    filas: dict[str, dict[str, dict[str, str]]]
    retiradas: dict[str, set[str]]


def clave_de(archivo: str, fila: dict[str, str]) -> str:
    """La llave de la fila como la guarda la base en los retiros («sigla|nombre»)."""
    return "|".join(fila.get(c, "") for c in ESPECS[archivo].llave)


def _fila(archivo: str, n: int, fila: dict[str, str]) -> None:
    espec = ESPECS[archivo]
    for columna, (gramatica, obligatoria) in espec.columnas.items():
        valor = fila.get(columna, "")
        if control := caracter_prohibido(valor):
            raise Problema(archivo, n, columna, f"tiene un carácter de control invisible ({control}); escriba el texto de nuevo.")
        if len(valor) > espec.largo(columna):
            raise Problema(archivo, n, columna, f"tiene {len(valor):,} caracteres; el máximo es {espec.largo(columna):,}.")
        if valor != valor.strip():
            raise Problema(archivo, n, columna, "tiene espacios al principio o al final: quítelos.")
        if not valor:
            if obligatoria:
                raise Problema(archivo, n, columna, "está vacía y es obligatoria.")
            continue
        if gramatica is not None and not gramatica.admite(valor):
            raise Problema(archivo, n, columna, f"«{valor[:40]}» no es {gramatica.descripcion}.")
    if archivo == "valores" and len(fila["clave"]) > LARGO_VALOR.get(fila["catalogo"], len(fila["clave"])):
        raise Problema(archivo, n, "clave", f"una clave de {fila['catalogo']} tiene a lo más {LARGO_VALOR[fila['catalogo']]} "
                                            "caracteres: la guarda así cada registro que la usa.")
    if archivo == "municipios" and fila["cvegeo"] != fila["cve_ent"] + fila["cve_mun"]:
        raise Problema(archivo, n, "cvegeo", f"la clave {fila['cvegeo']} no es la entidad {fila['cve_ent']} seguida del "
                                             f"municipio {fila['cve_mun']}: un municipio pertenece a la entidad que nombra su clave.")
    retiro = fila.get(COLUMNA_RETIRO, "")
    if retiro not in ("", "0", "1"):
        raise Problema(archivo, n, COLUMNA_RETIRO, "lleva 1 (retirar) o 0 (vigente); las claves nunca se borran, se retiran.")


def revisar(nuevos: dict[str, Filas], estado: Estado | None = None) -> None:
    """Revisa `nuevos` ({archivo: filas}) sobre `estado` (lo que ya hay; None: catálogos completos desde cero).
    Lanza `Problema` con el primero que encuentra; no escribe nada."""
    estado = estado or Estado({}, {})
    despues = {a: dict(estado.filas.get(a, {})) for a in ESPECS}
    retiradas = {a: set(estado.retiradas.get(a, set())) for a in ESPECS}
    renglon: dict[tuple[str, str], int] = {}
    for archivo, filas in nuevos.items():
        if archivo not in ESPECS:
            raise Problema(archivo, None, None, f"no es un catálogo; los catálogos son {', '.join(ESPECS)}.")
        columnas = set(ESPECS[archivo].columnas)
        for n, fila in enumerate(filas, start=2):
            faltan, sobran = columnas - set(fila), set(fila) - columnas - {COLUMNA_RETIRO}
            if faltan or sobran:
                detalle = "; ".join(x for x in (f"faltan las columnas {', '.join(sorted(faltan))}" if faltan else "",
                                                f"sobran las columnas {', '.join(sorted(sobran))}" if sobran else "") if x)
                raise Problema(archivo, n, None, f"{detalle}: use las columnas de recursos/catalogos/{archivo}.csv.")
            _fila(archivo, n, fila)
            clave = clave_de(archivo, fila)
            if (archivo, clave) in renglon:
                raise Problema(archivo, n, "/".join(ESPECS[archivo].llave),
                               f"repite la clave {clave} de la fila {renglon[archivo, clave]}: cada clave va una sola vez.")
            renglon[archivo, clave] = n
            previa = despues[archivo].get(clave)
            for columna in UBICACION.get(archivo, ()):
                if previa is not None and columna in previa and previa[columna] != fila[columna]:
                    raise Problema(archivo, n, columna, f"la clave {clave} ya existe con {columna} {previa[columna]}: una clave "
                                                        "no se renombra ni se mueve; retire esta (retirado 1) y agregue otra.")
            despues[archivo][clave] = {k: v for k, v in fila.items() if k != COLUMNA_RETIRO}
            (retiradas[archivo].add if fila.get(COLUMNA_RETIRO) == "1" else retiradas[archivo].discard)(clave)
    _cruces(nuevos, despues, retiradas, renglon)


def _cruces(nuevos: dict[str, Filas], despues: dict[str, dict[str, dict[str, str]]], retiradas: dict[str, set[str]],
            renglon: dict[tuple[str, str], int]) -> None:
    """Lo que se mira con todos los catálogos ya juntos: citas, entidad de cada municipio e identidad única."""
    for archivo, filas in nuevos.items():
        for fila in filas:
            n = renglon[archivo, clave_de(archivo, fila)]
            for (origen, columna), destino in CITAS.items():
                if origen == archivo and fila[columna] and fila[columna] not in despues[destino]:
                    raise Problema(archivo, n, columna, f"cita {fila[columna]}, que no está en {destino}.csv.")
            if archivo == "municipios":
                entidad = despues["entidades"].get(fila["cve_ent"], {}).get("nombre")
                if entidad is not None and fila["entidad"] != entidad:
                    raise Problema(archivo, n, "entidad", f"dice «{fila['entidad'][:40]}» y la entidad {fila['cve_ent']} es {entidad}.")
    for archivo, espec in ESPECS.items():
        for unica in espec.unicas:
            vistas: dict[tuple[str, ...], str] = {}
            for clave, fila in despues[archivo].items():
                if clave in retiradas[archivo] or not all(c in fila for c in unica):
                    continue
                valor = tuple(fila[c].casefold() for c in unica)
                otra = vistas.setdefault(valor, clave)
                if otra != clave:
                    nueva = clave if (archivo, clave) in renglon else otra
                    vieja = otra if nueva == clave else clave
                    raise Problema(archivo, renglon.get((archivo, nueva)), "/".join(unica),
                                   f"la clave {nueva} repite {', '.join(unica)} «{' '.join(fila[c] for c in unica)[:60]}» de la "
                                   f"clave vigente {vieja}: una clave no se renombra; retire {vieja} (retirado 1) si la reemplaza.")


def _texto(valor: object) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "1" if valor else "0"
    return str(valor)


def estado_de(sesion: Session) -> Estado:
    """Los catálogos de la base como filas de CSV, y sus claves retiradas, para revisar una actualización sobre ellos."""
    filas: dict[str, dict[str, dict[str, str]]] = {}
    for archivo, espec in ESPECS.items():
        tabla = espec.modelo.__table__
        columnas = {c: (espec.renombrar or {}).get(c, c) for c in espec.columnas}
        columnas = {c: t for c, t in columnas.items() if t in tabla.c}
        filas[archivo] = {}
        for fila in sesion.execute(select(*(tabla.c[t] for t in columnas.values()))):
            cruda = {c: _texto(v) for c, v in zip(columnas, fila, strict=True)}
            filas[archivo][clave_de(archivo, cruda)] = cruda
    por_tabla = {e.modelo.__tablename__: a for a, e in ESPECS.items()}
    retiradas: dict[str, set[str]] = {}
    for tabla, clave in sesion.execute(select(m.RetiroCatalogo.tabla, m.RetiroCatalogo.clave)):
        if tabla in por_tabla:
            retiradas.setdefault(por_tabla[tabla], set()).add(clave)
    return Estado(filas, retiradas)
