"""Mapa de los cuatro estados por municipio: cifras de un periodo, clases de la leyenda y un dibujo plano
(polígonos en coordenadas de página, y hacia abajo) que pintan el tablero (QPainter), el PDF y el HTML (SVG)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base_local.consultas_catalogo import Catalogos
from base_local.modelos import Accion
from formularios.campos import ETIQUETAS_SEXO, SEXOS
from formularios.legible import plural
from recursos import leer_contornos
from reportes.datos import CIFRAS, VIVAS, Seleccion, sumar

INDICADORES = {"acciones": "Acciones", "total": "Personas atendidas", "mujeres": "Mujeres", "hombres": "Hombres"}
COLOR_SIN_ACCIONES = "#ECEAE6"
COLOR_CERO = "#F4F9FD"  # con acciones, pero 0 en la cifra elegida (p. ej. ninguna mujer)
PALETA = ("#C6DBEF", "#6BAED6", "#2171B5", "#08306B")  # azules de ColorBrewer: se distinguen impresos en gris
COLOR_LINEA = "#FFFFFF"
COLOR_FRONTERA = "#C0392B"
NOMBRES_CORTOS = {"04": "CAMPECHE", "07": "CHIAPAS", "23": "QUINTANA ROO", "27": "TABASCO"}

Punto = tuple[float, float]
Anillo = tuple[Punto, ...]


@dataclass(frozen=True)
class Contorno:
    cvegeo: str
    nombre: str
    entidad: str
    anillos: tuple[Anillo, ...]  # longitud, latitud; sin huecos (la fuente no los tiene)


@cache
def contornos() -> dict[str, Contorno]:
    """Los 165 municipios de `recursos/mapas/`, leídos una vez."""
    salida = {}
    for f in leer_contornos()["features"]:
        props, geometria = f["properties"], f["geometry"]
        poligonos = [geometria["coordinates"]] if geometria["type"] == "Polygon" else geometria["coordinates"]
        anillos = tuple(tuple((float(x), float(y)) for x, y in anillo) for poligono in poligonos for anillo in poligono)
        salida[props["cvegeo"]] = Contorno(props["cvegeo"], props["nombre"], props["entidad"], anillos)
    return salida


def cifras_de_filas(filas: Iterable[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Acciones, sesiones y personas por sexo de cada municipio (clave INEGI); "" junta las de alcance estatal."""
    return sumar(filas, lambda r: [r.get("municipio") or ""])


def cifras_de_base(sesion: Session, sel: Seleccion) -> dict[str, dict[str, int]]:
    """Lo mismo que `cifras_de_filas` de las acciones vivas de la selección, sumado en SQL (el tablero)."""
    condiciones = [Accion.estado.in_(VIVAS)]
    if (rango := sel.limites()) is not None:
        condiciones.append(Accion.fecha_inicio.between(*rango))
    if sel.entidad:
        condiciones.append(Accion.entidad == sel.entidad)
    columnas = [func.count(), func.coalesce(func.sum(Accion.eventos), 0), *(func.coalesce(func.sum(getattr(Accion, c)), 0) for c in CIFRAS)]
    nombres = ("acciones", "eventos", *CIFRAS)
    consulta = select(Accion.municipio, *columnas).where(*condiciones).group_by(Accion.municipio)
    return {m or "": dict(zip(nombres, (int(v) for v in valores), strict=True)) for m, *valores in sesion.execute(consulta)}


@dataclass(frozen=True)
class Clase:
    """Una entrada de la leyenda: de `desde` a `hasta` (inclusive). `desde` = -1 es «sin acciones»."""

    desde: int
    hasta: int
    color: str
    etiqueta: str


def _rango(desde: int, hasta: int) -> str:
    return f"{desde:,}" if desde == hasta else f"{desde:,} a {hasta:,}"


def clases(valores: Iterable[int], sin_acciones: str = "Sin acciones", con_cero: bool = False, n: int = 4) -> list[Clase]:
    """Leyenda: «sin acciones», «0» (si hace falta) y hasta `n` clases por cuantiles de los valores positivos."""
    positivos = sorted(v for v in valores if v > 0)
    salida = [Clase(-1, -1, COLOR_SIN_ACCIONES, sin_acciones)]
    if con_cero:
        salida.append(Clase(0, 0, COLOR_CERO, "0"))
    distintos = sorted(set(positivos))
    if len(distintos) <= n:
        cortes = distintos
    else:
        cortes = sorted({positivos[math.ceil(k * len(positivos) / n) - 1] for k in range(1, n + 1)})
    desde = 1
    for i, corte in enumerate(cortes):
        color = PALETA[round(i * (len(PALETA) - 1) / max(len(cortes) - 1, 1))]
        salida.append(Clase(desde, corte, color, _rango(desde, corte)))
        desde = corte + 1
    return salida


def clase_de(valor: int, acciones: int, leyenda: list[Clase]) -> int:
    """Índice de la clase en la leyenda; sin acciones es la 0."""
    if acciones <= 0:
        return 0
    return next((i for i, c in enumerate(leyenda) if c.desde <= valor <= c.hasta), 0)


@dataclass
class MunicipioDibujado:
    cvegeo: str
    nombre: str
    entidad: str  # nombre de la entidad
    anillos: list[list[Punto]]  # coordenadas de página
    clase: int  # índice en Dibujo.leyenda
    fronterizo: bool
    cifras: dict[str, int]

    def descripcion(self) -> str:
        """«Tapachula, Chiapas (fronterizo): 12 acciones; 340 personas atendidas (mujeres 200, …)»."""
        c = self.cifras
        encabezado = f"{self.nombre}, {self.entidad}" + (" (fronterizo)" if self.fronterizo else "")
        if not c.get("acciones"):
            return f"{encabezado}: sin acciones en el periodo"
        sexos = ", ".join(f"{ETIQUETAS_SEXO[s].lower()} {c.get(s, 0):,}" for s in SEXOS)
        return (f"{encabezado}: {plural(c['acciones'], 'acción', 'acciones')}; "
                f"{plural(c.get('total', 0), 'persona atendida', 'personas atendidas')} ({sexos})")


@dataclass
class Dibujo:
    """Lo que pintan los tres renderizadores: nada aquí sabe de Qt, reportlab ni HTML."""

    ancho: float
    alto: float
    indicador: str
    municipios: list[MunicipioDibujado] = field(default_factory=list)
    leyenda: list[Clase] = field(default_factory=list)
    etiquetas: list[tuple[str, float, float]] = field(default_factory=list)  # nombre de la entidad y su centro
    sin_contorno: list[str] = field(default_factory=list)  # municipios del catálogo que la capa no trae
    sin_municipio: int = 0  # acciones de alcance estatal (sin municipio): no caben en el mapa

    @property
    def titulo(self) -> str:
        return f"{INDICADORES[self.indicador]} por municipio"

    def en_orden(self) -> list[MunicipioDibujado]:
        """Los fronterizos al final, para que su contorno quede encima de los vecinos."""
        return sorted(self.municipios, key=lambda m: m.fronterizo)

    def fronterizos(self) -> tuple[list[MunicipioDibujado], list[MunicipioDibujado]]:
        """Municipios fronterizos con y sin acciones."""
        todos = sorted((m for m in self.municipios if m.fronterizo), key=lambda m: (m.entidad, m.nombre))
        return [m for m in todos if m.cifras.get("acciones")], [m for m in todos if not m.cifras.get("acciones")]

    def resumen(self) -> str:
        con = sum(1 for m in self.municipios if m.cifras.get("acciones"))
        con_f, sin_f = self.fronterizos()
        texto = (f"{plural(con, 'municipio', 'municipios')} de {len(self.municipios):,} con acciones; de los "
                 f"{len(con_f) + len(sin_f)} fronterizos, {len(con_f)} con acciones y {len(sin_f)} sin acciones.")
        if self.sin_municipio:
            texto += (f" {plural(self.sin_municipio, 'acción', 'acciones')} de alcance estatal (sin municipio) "
                      f"{'no aparece' if self.sin_municipio == 1 else 'no aparecen'} en el mapa.")
        if self.sin_contorno:
            texto += f" Sin contorno en la capa de INEGI: {', '.join(self.sin_contorno)}."
        return texto


def _proyectar(elegidos: list[Contorno], ancho: float, alto: float) -> tuple[float, float, float, float, float, float]:
    """Equirectangular con cos(latitud media), centrada en la caja sin deformar: lon0, lat1, kx, ky, dx, dy."""
    puntos = [p for c in elegidos for a in c.anillos for p in a]
    lon0, lon1 = min(p[0] for p in puntos), max(p[0] for p in puntos)
    lat0, lat1 = min(p[1] for p in puntos), max(p[1] for p in puntos)
    coseno = math.cos(math.radians((lat0 + lat1) / 2))
    escala = min(ancho / ((lon1 - lon0) * coseno), alto / (lat1 - lat0))
    dx = (ancho - (lon1 - lon0) * coseno * escala) / 2
    dy = (alto - (lat1 - lat0) * escala) / 2
    return lon0, lat1, escala * coseno, escala, dx, dy


def dibujar(cifras: dict[str, dict[str, int]], cat: Catalogos, indicador: str = "acciones", ancho: float = 1000,
            alto: float = 1000, entidad: str | None = None) -> Dibujo:
    """El dibujo de `indicador` por municipio en una caja de `ancho`×`alto`; con `entidad`, solo ese estado."""
    if indicador not in INDICADORES:
        raise ValueError(f"El mapa no muestra «{indicador}»: use {', '.join(INDICADORES)}.")
    capa = contornos()
    claves = [m for m, (ent, _, _) in sorted(cat.municipios.items()) if entidad in (None, ent)]
    elegidos = [capa[m] for m in claves if m in capa]
    dibujo = Dibujo(ancho, alto, indicador, sin_contorno=[cat.municipios[m][1] for m in claves if m not in capa],
                    sin_municipio=cifras.get("", {}).get("acciones", 0))
    if not elegidos:
        return dibujo
    vacio = {"acciones": 0, "eventos": 0, **dict.fromkeys(CIFRAS, 0)}
    valores = [cifras.get(c.cvegeo, vacio) for c in elegidos]
    con_cero = any(v["acciones"] and not v[indicador] for v in valores)
    sin = "Sin acciones" if indicador == "acciones" else "Sin acciones en el periodo"
    dibujo.leyenda = clases((v[indicador] for v in valores if v["acciones"]), sin, con_cero)
    lon0, lat1, kx, ky, dx, dy = _proyectar(elegidos, ancho, alto)
    centros: dict[str, list[tuple[float, float, float]]] = {}
    for c, v in zip(elegidos, valores, strict=True):
        anillos = [[(round(dx + (x - lon0) * kx, 2), round(dy + (lat1 - y) * ky, 2)) for x, y in a] for a in c.anillos]
        _, nombre, fronterizo = cat.municipios[c.cvegeo]
        dibujo.municipios.append(MunicipioDibujado(c.cvegeo, nombre, cat.entidades.get(c.entidad, c.entidad), anillos,
                                                   clase_de(v[indicador], v["acciones"], dibujo.leyenda), fronterizo, dict(v)))
        for a in anillos:
            centros.setdefault(c.entidad, []).append((*_centroide(a),))
    for ent, lista in sorted(centros.items()):
        peso = sum(abs(a) for _, _, a in lista) or 1
        dibujo.etiquetas.append((NOMBRES_CORTOS.get(ent, cat.entidades.get(ent, ent).upper()),
                                 sum(x * abs(a) for x, _, a in lista) / peso, sum(y * abs(a) for _, y, a in lista) / peso))
    return dibujo


def _centroide(anillo: list[Punto]) -> tuple[float, float, float]:
    """Centro y área del polígono (fórmula del agrimensor)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(anillo, anillo[1:] + anillo[:1], strict=True):
        cruz = x0 * y1 - x1 * y0
        area += cruz
        cx += (x0 + x1) * cruz
        cy += (y0 + y1) * cruz
    if abs(area) < 1e-9:
        return anillo[0][0], anillo[0][1], 0.0
    return cx / (3 * area), cy / (3 * area), area / 2
