"""Reglas de validación de una acción: las mismas para el formulario, la carga de Excel y la importación.

Los errores bloquean marcar el registro como «lista»; los avisos deben verse y reconocerse.
Cada mensaje nombra el campo y dice cómo corregirlo.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from base_local.consultas_catalogo import Catalogos
from base_local.jurisdiccion import Jurisdiccion
from formularios import limites as lim
from formularios.campos import CAMPOS_CONVENIO, ESTADOS_INSTRUMENTO_CON_FIRMA, SEXOS, etiqueta
from formularios.limites import FECHA_MINIMA, MAX_CIFRA, MAX_EVENTOS, VIGENCIA_MAXIMA
from formularios.normalizar import CLAVES, normalizar
from recursos import VERSION, version_catalogos

INICIO_PROGRAMA = date(2025, 1, 1)
PROPORCION_SIN_DESGLOSE = 0.5
# Códigos de los mensajes que impiden guardar incluso un borrador: nada así llega a la base.
DE_FORMA = frozenset({"TIPO_INVALIDO", "CARACTER_DE_CONTROL", "DEMASIADO_LARGO", "DEMASIADOS"})


def huella_reglas(version_programa: str, catalogos: str) -> str:
    """Huella de las reglas: la versión del programa (una versión publicada no cambia sus reglas) y la de los
    catálogos. Viaja con cualquier instalación: no lee archivos de código."""
    return hashlib.sha256(f"{version_programa}|{catalogos}".encode()).hexdigest()[:16]


# Un registro guardado sin errores con estas reglas no se vuelve a validar al exportarlo (las reglas que dependen
# de la fecha de hoy solo pueden pasar de error a válido, nunca al revés). Otra versión del programa revalida una vez.
HUELLA_REGLAS = huella_reglas(VERSION, version_catalogos())


@dataclass(frozen=True)
class Mensaje:
    campo: str
    codigo: str
    texto: str
    nivel: str = "error"  # error · aviso

    @property
    def es_error(self) -> bool:
        return self.nivel == "error"


@dataclass
class Contexto:
    """Lo que las reglas necesitan saber además del registro."""

    catalogos: Catalogos
    jurisdiccion: Jurisdiccion
    hoy: date = field(default_factory=date.today)
    buscar_duplicados: Callable[[dict[str, Any]], list[dict[str, Any]]] | None = None


def _error(campo: str, codigo: str, texto: str) -> Mensaje:
    return Mensaje(campo, codigo, texto, "error")


def _aviso(campo: str, codigo: str, texto: str) -> Mensaje:
    return Mensaje(campo, codigo, texto, "aviso")


def validar(datos: dict[str, Any], ctx: Contexto, con_forma: bool = True) -> tuple[dict[str, Any], list[Mensaje]]:
    """Registro normalizado y la lista de mensajes (errores y avisos). Sin `con_forma` no se revisa la forma del
    registro normalizado: quien llama revisa la del registro tal como llegó, que la incluye (normalizar solo acorta)."""
    registro, problemas = normalizar(datos)
    mensajes = [_error(c, "TIPO_INVALIDO", t) for c, t in problemas] + (forma(registro) if con_forma else [])
    invalidos = {m.campo.split(".", 1)[0] for m in mensajes} | {m.campo for m in mensajes}
    for regla in _REGLAS:  # casi siempre sin mensajes: un for sobre la lista vacía es lo más barato
        for m in regla(registro, ctx):
            if m.campo not in invalidos:
                mensajes.append(m)
    return registro, mensajes


_LISTAS_DE_TEXTO = ("ordenes_gobierno", "instituciones", "avisos_reconocidos")
_CAMPOS_DE_TEXTO = (*lim.TEXTOS, *CLAVES)


def _textos_de(r: dict[str, Any]) -> list[tuple[str, str]]:
    """(campo, texto) de cada texto que una persona puede escribir en el registro."""
    salida = [(c, r[c]) for c in _CAMPOS_DE_TEXTO if isinstance(r.get(c), str)]
    for campo in _LISTAS_DE_TEXTO:
        salida += [(campo, v) for v in r.get(campo) or () if isinstance(v, str)]
    for reto in r.get("retos") or ():
        salida += [("retos", v) for v in (reto.get("texto"), *(reto.get("categorias") or ())) if isinstance(v, str)]
    salida += [(f"convenio.{k}", v) for k, v in (r.get("convenio") or {}).items() if isinstance(v, str)]
    return salida


def _solo_textos(r: dict[str, Any]) -> list[str]:
    """Los mismos textos que `_textos_de`, sin su campo: para buscar un carácter de control de una sola vez."""
    dato = r.get
    salida = [v for v in map(dato, _CAMPOS_DE_TEXTO) if isinstance(v, str)]
    for campo in _LISTAS_DE_TEXTO:
        lista = dato(campo)
        if lista:
            salida += [v for v in lista if isinstance(v, str)]
    for reto in dato("retos") or ():
        salida += [v for v in (reto.get("texto"), *(reto.get("categorias") or ())) if isinstance(v, str)]
    convenio = dato("convenio")
    if convenio:
        salida += [v for v in convenio.values() if isinstance(v, str)]
    return salida


def _mas_largo(textos) -> int:
    largo = 0
    for t in textos:
        if isinstance(t, str) and len(t) > largo:
            largo = len(t)
    return largo


def _elemento_mas_largo(lista) -> int:
    """El texto más largo de una lista de textos o de retos (su «texto»)."""
    largo = 0
    for x in lista:
        t = x.get("texto") if isinstance(x, dict) else x
        if isinstance(t, str) and len(t) > largo:
            largo = len(t)
    return largo


_LISTAS_DE_FORMA = tuple((c, *lim.LISTAS[c]) for c in (*_LISTAS_DE_TEXTO, "objetivos_pmm", "evidencias", "retos"))
_TEXTOS_DE_FORMA = tuple(lim.TEXTOS.items())


def forma(r: dict[str, Any], controles: bool = True) -> list[Mensaje]:
    """Caracteres de control, longitudes y tamaños de listas (tabla única de `formularios/limites.py`). Sin
    `controles` no se buscan caracteres de control (quien llama sabe que el texto no puede traerlos)."""
    salida = []
    if controles and lim.caracter_prohibido("\n".join(_solo_textos(r))):
        for campo, texto in _textos_de(r):
            codigo = lim.caracter_prohibido(texto)
            if codigo:
                salida.append(_error(campo, "CARACTER_DE_CONTROL", f"«{etiqueta(campo)}» contiene un carácter de control invisible ({codigo}), como los que trae el texto pegado de Word o de un PDF: bórrelo o escriba el texto de nuevo."))
    dato = r.get
    for campo, maximo in _TEXTOS_DE_FORMA:
        valor = dato(campo)
        if isinstance(valor, str) and len(valor) > maximo:
            salida.append(_error(campo, "DEMASIADO_LARGO", f"«{etiqueta(campo)}» tiene {len(valor):,} caracteres; el máximo es {maximo:,}: resúmalo."))
    listas = [(c, dato(c) or (), maximo, largo) for c, maximo, largo in _LISTAS_DE_FORMA]
    retos = dato("retos")
    if retos:
        maximo, largo = lim.LISTAS["retos.categorias"]
        listas += [("retos.categorias", x.get("categorias") or (), maximo, largo) for x in retos if isinstance(x, dict)]
    for clave, lista, maximo, largo in listas:
        if not lista:
            continue
        campo = clave.partition(".")[0]
        if len(lista) > maximo:
            que = f"Un reto tiene {len(lista):,} categorías" if clave == "retos.categorias" else f"«{etiqueta(campo)}» tiene {len(lista):,} elementos"
            salida.append(_error(campo, "DEMASIADOS", f"{que}; el máximo es {maximo:,}."))
        if _elemento_mas_largo(lista) > largo:
            salida.append(_error(campo, "DEMASIADO_LARGO", f"Un elemento de «{etiqueta(campo)}» pasa de {largo:,} caracteres: resúmalo."))
    conv = dato("convenio") or {}
    if conv and _mas_largo(conv.values()) > lim.CONVENIO_TEXTO:
        salida.append(_error("convenio.instrumento", "DEMASIADO_LARGO", f"Un campo del convenio pasa de {lim.CONVENIO_TEXTO:,} caracteres: resúmalo."))
    return salida


def _fechas(r: dict[str, Any], ctx: Contexto) -> list[Mensaje]:
    inicio, fin = r.get("fecha_inicio"), r.get("fecha_fin")
    salida = []
    for campo in ("fecha_inicio", "fecha_fin"):
        if r.get(campo) is not None and r[campo] < FECHA_MINIMA:
            return [_error(campo, "FUERA_DE_RANGO", f"«{etiqueta(campo)}» ({r[campo].isoformat()}) es anterior a {FECHA_MINIMA.year}: corrija el año.")]
    if inicio is None:
        salida.append(_error("fecha_inicio", "REQUERIDO", "Falta la fecha de inicio: escríbala como AAAA-MM-DD."))
    elif inicio > ctx.hoy:
        salida.append(_error("fecha_inicio", "FECHA_FUTURA", "La fecha de inicio es futura: registre la acción cuando ya se haya realizado."))
    if fin is None:
        salida.append(_error("fecha_fin", "REQUERIDO", "Falta la fecha de término: si duró un día, repita la fecha de inicio."))
    elif fin > ctx.hoy:
        salida.append(_error("fecha_fin", "FECHA_FUTURA", "La fecha de término es futura: corrija la fecha o espere a que concluya la acción."))
    elif inicio is not None and fin < inicio:
        salida.append(_error("fecha_fin", "FECHAS_INVERTIDAS", "La fecha de término es anterior a la de inicio: corrija una de las dos."))
    return salida


def _lugar(r: dict[str, Any], ctx: Contexto) -> list[Mensaje]:
    cat = ctx.catalogos
    ent, mun = r.get("entidad"), r.get("municipio")
    if not ent:
        return [_error("entidad", "REQUERIDO", "Elija la entidad donde se realizó la acción.")]
    if ent not in cat.entidades:
        return [_error("entidad", "FUERA_DE_CATALOGO", f"La entidad «{ent}» no es del programa: use 04, 07, 23 o 27.")]
    if not mun:
        return [_error("municipio", "REQUERIDO", "Elija el municipio donde se realizó la acción (clave INEGI de 5 dígitos).")]
    if mun not in cat.municipios:
        return [_error("municipio", "FUERA_DE_CATALOGO", f"El municipio «{mun}» no existe en el catálogo INEGI: use la clave de 5 dígitos, por ejemplo 07089.")]
    ent_mun, nombre, _ = cat.municipios[mun]
    if ent_mun != ent:
        return [_error("municipio", "MUNICIPIO_DE_OTRA_ENTIDAD", f"{nombre} ({mun}) pertenece a {cat.entidades[ent_mun]}, no a {cat.entidades[ent]}: corrija la entidad o el municipio.")]
    if not ctx.jurisdiccion.admite(ent, mun):
        return [_error("municipio", "FUERA_DE_JURISDICCION", f"{nombre} ({mun}) está fuera de la jurisdicción de esta oficina ({ctx.jurisdiccion.describir()}).")]
    return []


def _en_catalogo(r: dict[str, Any], campo: str, validos, requerido: bool) -> list[Mensaje]:
    valor = r.get(campo)
    if valor in (None, ""):
        return [_error(campo, "REQUERIDO", f"Elija un valor en «{etiqueta(campo)}».")] if requerido else []
    if valor not in validos:
        return [_error(campo, "FUERA_DE_CATALOGO", f"«{valor}» no está en el catálogo de «{etiqueta(campo)}»: elija uno de la lista.")]
    return []


def _clasificacion(r: dict[str, Any], ctx: Contexto) -> list[Mensaje]:
    cat = ctx.catalogos
    salida = _en_catalogo(r, "eje", cat.ejes, True)
    salida += _en_catalogo(r, "linea_accion", cat.lineas_accion, False)
    salida += _en_catalogo(r, "actividad_programa", cat.actividades, False)
    salida += _en_catalogo(r, "linea_sectorial", cat.lineas_sectoriales, False)
    salida += _en_catalogo(r, "tipo_accion", cat.tipos_accion, True)
    salida += _en_catalogo(r, "modalidad", cat.valores_de("modalidad"), True)
    salida += _en_catalogo(r, "unidad_conteo", cat.valores_de("unidad_conteo"), True)
    salida += _en_catalogo(r, "poblacion", cat.valores_de("poblacion"), True)
    linea = r.get("linea_accion")
    if linea in cat.lineas_accion and r.get("eje") in cat.ejes and cat.lineas_accion[linea][0] != r["eje"]:
        salida.append(_error("linea_accion", "LINEA_DE_OTRO_EJE", "La línea de acción elegida pertenece a otro eje: elija primero el eje y luego una de sus líneas."))
    ordenes = cat.valores_de("orden_gobierno")
    for valor in r.get("ordenes_gobierno") or []:
        if valor not in ordenes:
            salida.append(_error("ordenes_gobierno", "FUERA_DE_CATALOGO", f"«{valor}» no es un orden de gobierno: use federal, estatal o municipal."))
    return salida


def _textos(r: dict[str, Any], _ctx: Contexto) -> list[Mensaje]:
    salida = []
    if len((r.get("titulo") or "").strip()) < 5:
        salida.append(_error("titulo", "REQUERIDO", "Escriba un título de al menos 5 caracteres que diga qué se hizo."))
    if not (r.get("descripcion") or "").strip():
        salida.append(_error("descripcion", "REQUERIDO", "Describa la acción: qué se hizo, con quién y para qué."))
    if r.get("eventos") is None or r["eventos"] < 1 or r["eventos"] > MAX_EVENTOS:
        salida.append(_error("eventos", "FUERA_DE_RANGO", f"Las sesiones realizadas deben ser de 1 a {MAX_EVENTOS:,}."))
    return salida


def _objetivos(r: dict[str, Any], ctx: Contexto) -> list[Mensaje]:
    objetivos = r.get("objetivos_pmm") or []
    if not objetivos:
        return [_error("objetivos_pmm", "REQUERIDO", "Elija al menos un objetivo del PMM (del 1 al 23).")]
    malos = [o for o in objetivos if o not in ctx.catalogos.objetivos_pmm]
    if malos:
        return [_error("objetivos_pmm", "FUERA_DE_CATALOGO", f"Objetivos del PMM inexistentes: {', '.join(map(str, malos))}. Use números del 1 al 23.")]
    if len(set(objetivos)) != len(objetivos):
        return [_error("objetivos_pmm", "REPETIDO", "Un objetivo del PMM aparece dos veces: deje cada uno una sola vez.")]
    return []


def _conteos(r: dict[str, Any], _ctx: Contexto) -> list[Mensaje]:
    salida = []
    for sexo in SEXOS:
        if r.get(sexo) is not None and r[sexo] < 0:
            salida.append(_error(sexo, "NEGATIVO", f"«{etiqueta(sexo)}» no puede ser negativo: escriba 0 si no hubo."))
        elif r.get(sexo) is not None and r[sexo] > MAX_CIFRA:
            salida.append(_error(sexo, "FUERA_DE_RANGO", f"«{etiqueta(sexo)}» ({r[sexo]:,}) pasa de {MAX_CIFRA:,}: revise la cifra."))
    if salida:
        return salida
    suma = sum(r.get(s) or 0 for s in SEXOS)
    declarado = r.get("total_declarado")
    if declarado is not None and not 0 <= declarado <= 4 * MAX_CIFRA:
        return [_error("total", "FUERA_DE_RANGO", f"El total escrito ({declarado:,}) no es una cifra posible: corríjalo o déjelo vacío.")]
    if declarado is not None and declarado != suma:
        salida.append(_error("total", "TOTAL_NO_SUMA", f"El total escrito ({declarado:,}) no es la suma de mujeres, hombres, otra identidad y sin dato ({suma:,}): corrija el total o las cifras por sexo."))
    return salida


def _edades(r: dict[str, Any], ctx: Contexto) -> list[Mensaje]:
    edades = r.get("edades")
    if not edades:
        return []
    grupos = ctx.catalogos.valores_de("grupo_edad")
    salida = []
    for grupo, fila in edades.items():
        if grupo not in grupos:
            salida.append(_error("edades", "FUERA_DE_CATALOGO", f"«{grupo}» no es un grupo de edad del catálogo."))
        elif any(fila.get(s, 0) < 0 for s in SEXOS):
            salida.append(_error("edades", "NEGATIVO", f"En la edad «{grupos[grupo]}» hay una cifra negativa: escriba 0 si no hubo."))
        elif any(fila.get(s, 0) > MAX_CIFRA for s in SEXOS):
            salida.append(_error("edades", "FUERA_DE_RANGO", f"En la edad «{grupos[grupo]}» hay una cifra mayor que {MAX_CIFRA:,}: revísela."))
    if salida:
        return salida
    for sexo in SEXOS:
        suma = sum(fila.get(sexo, 0) for fila in edades.values())
        if suma != (r.get(sexo) or 0):
            salida.append(_error("edades", "EDADES_NO_SUMAN", f"La columna «{etiqueta(sexo)}» de la tabla de edades suma {suma:,} y el desglose por sexo dice {r.get(sexo) or 0:,}: deben ser iguales."))
    return salida


def _retos(r: dict[str, Any], ctx: Contexto) -> list[Mensaje]:
    salida = []
    for i, reto in enumerate(r.get("retos") or [], start=1):
        if not (reto.get("texto") or "").strip():
            salida.append(_error("retos", "REQUERIDO", f"El reto {i} no tiene texto: descríbalo o quítelo."))
        categorias = reto.get("categorias") or []
        if not categorias:
            salida.append(_error("retos", "REQUERIDO", f"El reto {i} no tiene categoría: elija una o más."))
        malas = [c for c in categorias if c not in ctx.catalogos.categorias_reto]
        if malas:
            salida.append(_error("retos", "FUERA_DE_CATALOGO", f"El reto {i} usa categorías que no existen: {', '.join(malas)}."))
    return salida


def _convenio(r: dict[str, Any], ctx: Contexto) -> list[Mensaje]:
    tipo = ctx.catalogos.tipos_accion.get(r.get("tipo_accion") or "")
    if not tipo or not tipo[1]:
        return []
    conv = r.get("convenio") or {}
    salida = []
    for clave in ("instrumento", "contrapartes"):
        if not (conv.get(clave) or "").strip():
            salida.append(_error(f"convenio.{clave}", "REQUERIDO", f"Un convenio o acuerdo necesita «{clave}»: escríbalo en la sección del convenio."))
    estado = conv.get("estado_instrumento")
    if estado not in ctx.catalogos.valores_de("estado_instrumento"):
        salida.append(_error("convenio.estado_instrumento", "REQUERIDO", "Elija el estado del instrumento (en gestión, firmado, en seguimiento, concluido o cancelado)."))
    firma, vigencia = conv.get("fecha_firma"), conv.get("vigencia_hasta")
    if estado in ESTADOS_INSTRUMENTO_CON_FIRMA and firma is None:
        salida.append(_error("convenio.fecha_firma", "REQUERIDO", "Un instrumento firmado necesita su fecha de firma (cuenta para el PICI en ese trimestre)."))
    if firma is not None and firma > ctx.hoy:
        salida.append(_error("convenio.fecha_firma", "FECHA_FUTURA", "La fecha de firma es futura: corríjala."))
    for clave, fecha in (("fecha_firma", firma), ("vigencia_hasta", vigencia)):
        if fecha is not None and not FECHA_MINIMA <= fecha <= VIGENCIA_MAXIMA:
            salida.append(_error(f"convenio.{clave}", "FUERA_DE_RANGO", f"La fecha «{clave}» del convenio ({fecha.isoformat()}) no es posible: use una entre {FECHA_MINIMA.year} y {VIGENCIA_MAXIMA.year}."))
    if firma is not None and vigencia is not None and vigencia < firma:
        salida.append(_error("convenio.vigencia_hasta", "FECHAS_INVERTIDAS", "La vigencia termina antes de la firma: corrija una de las dos fechas."))
    return salida


def _avisos(r: dict[str, Any], ctx: Contexto) -> list[Mensaje]:
    salida = []
    total = sum(r.get(s) or 0 for s in SEXOS)
    if total and (r.get("sin_dato") or 0) / total > PROPORCION_SIN_DESGLOSE:
        salida.append(_aviso("sin_dato", "SIN_DESGLOSE", f"Más de la mitad de las cifras ({r['sin_dato']:,} de {total:,}) no está desagregada por sexo: si tiene las listas de asistencia, desagréguelas."))
    tipo = ctx.catalogos.tipos_accion.get(r.get("tipo_accion") or "")
    if tipo and total > tipo[2]:
        salida.append(_aviso("total", "TOTAL_INUSUAL", f"{total:,} es una cifra inusual para «{tipo[0]}» (más de {tipo[2]:,}): confirme que no hay un cero de más."))
    if r.get("fecha_inicio") and r["fecha_inicio"] < INICIO_PROGRAMA:
        salida.append(_aviso("fecha_inicio", "FECHA_ANTIGUA", "La fecha es anterior al Programa de Trabajo 2025-2026: confirme el año."))
    if ctx.buscar_duplicados:
        for otro in ctx.buscar_duplicados(r)[:1]:
            salida.append(_aviso("titulo", "POSIBLE_DUPLICADO", f"Se parece a «{otro['titulo']}» del {otro['fecha_inicio']} (mismo municipio y tipo): confirme que no es la misma acción capturada dos veces."))
    return salida


_REGLAS = (_fechas, _lugar, _clasificacion, _textos, _objetivos, _conteos, _edades, _retos, _convenio, _avisos)


def errores(mensajes: list[Mensaje]) -> list[Mensaje]:
    return [m for m in mensajes if m.es_error]


def avisos_pendientes(mensajes: list[Mensaje], reconocidos: list[str]) -> list[Mensaje]:
    """Avisos que la persona aún no reconoce (cada aviso se reconoce por su código)."""
    return [m for m in mensajes if not m.es_error and m.codigo not in set(reconocidos)]


__all__ = ["CAMPOS_CONVENIO", "MAX_CIFRA", "MAX_EVENTOS", "Contexto", "Mensaje", "avisos_pendientes", "errores", "forma", "validar"]
