"""Lecturas de catálogos como datos planos (sin objetos ORM vivos)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local import modelos as m


@dataclass
class Catalogos:
    """Instantánea de los catálogos que usan las reglas, el formulario y los reportes."""

    entidades: dict[str, str] = field(default_factory=dict)  # cve → nombre
    municipios: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # cvegeo → (ent, nombre, fronterizo)
    ejes: dict[str, tuple[int, str]] = field(default_factory=dict)  # clave → (número, nombre)
    lineas_accion: dict[str, tuple[str, str]] = field(default_factory=dict)  # clave → (eje, nombre)
    actividades: dict[str, str] = field(default_factory=dict)
    lineas_sectoriales: dict[str, str] = field(default_factory=dict)
    objetivos_pmm: dict[int, str] = field(default_factory=dict)
    categorias_reto: dict[str, str] = field(default_factory=dict)
    instituciones: dict[str, str] = field(default_factory=dict)  # sigla → primer nombre
    tipos_accion: dict[str, tuple[str, bool, int]] = field(default_factory=dict)  # clave → (nombre, convenio, umbral)
    valores: dict[str, dict[str, str]] = field(default_factory=dict)  # catálogo → {clave: nombre}
    # Claves retiradas por una actualización de la central, por tabla: siguen siendo válidas en los registros
    # que ya las usan, pero no se ofrecen para registros nuevos.
    retiradas: dict[str, set[str]] = field(default_factory=dict)

    def valores_de(self, catalogo: str) -> dict[str, str]:
        return self.valores.get(catalogo, {})

    def vigentes(self, tabla: str, opciones: dict) -> dict:
        """Las opciones de un catálogo sin las claves que la central retiró (para ofrecerlas en registros nuevos)."""
        fuera = self.retiradas.get(tabla, set())
        return {k: v for k, v in opciones.items() if str(k) not in fuera}


def leer_catalogos(sesion: Session) -> Catalogos:
    c = Catalogos()
    c.entidades = {e.cve_ent: e.nombre for e in sesion.scalars(select(m.Entidad))}
    c.municipios = {
        x.cvegeo: (x.cve_ent, x.nombre, x.fronterizo) for x in sesion.scalars(select(m.Municipio))
    }
    c.ejes = {e.clave: (e.numero, e.nombre) for e in sesion.scalars(select(m.Eje).order_by(m.Eje.numero))}
    c.lineas_accion = {
        x.clave: (x.eje, x.nombre) for x in sesion.scalars(select(m.LineaAccion).order_by(m.LineaAccion.numero))
    }
    c.actividades = {x.clave: x.nombre for x in sesion.scalars(select(m.ActividadPrograma))}
    c.lineas_sectoriales = {x.clave: x.nombre for x in sesion.scalars(select(m.LineaSectorial))}
    c.objetivos_pmm = {x.numero: x.titulo for x in sesion.scalars(select(m.ObjetivoPMM))}
    c.categorias_reto = {x.clave: x.nombre for x in sesion.scalars(select(m.CategoriaReto))}
    for r in sesion.scalars(select(m.RetiroCatalogo)):
        c.retiradas.setdefault(r.tabla, set()).add(r.clave)
    retiradas = c.retiradas.get("institucion", set())
    for inst in sesion.scalars(select(m.Institucion).order_by(m.Institucion.sigla)):
        if f"{inst.sigla}|{inst.nombre}" not in retiradas:
            c.instituciones.setdefault(inst.sigla, inst.nombre)
    c.tipos_accion = {
        x.clave: (x.nombre, x.es_convenio, x.asistentes_inusual) for x in sesion.scalars(select(m.TipoAccion))
    }
    for v in sesion.scalars(select(m.ValorCatalogo).order_by(m.ValorCatalogo.orden)):
        c.valores.setdefault(v.catalogo, {})[v.clave] = v.nombre
    return c
