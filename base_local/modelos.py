"""Modelos SQLAlchemy 2 del almacén local: catálogos, oficinas, acciones, historial, periodos y paquetes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Modelo(DeclarativeBase):
    """Base declarativa de todas las tablas."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# --- Catálogos -------------------------------------------------------------------------------


class Entidad(Modelo):
    __tablename__ = "entidad"
    cve_ent: Mapped[str] = mapped_column(String(2), primary_key=True)
    nombre: Mapped[str] = mapped_column(String(80))
    abreviatura: Mapped[str] = mapped_column(String(10))


class Municipio(Modelo):
    __tablename__ = "municipio"
    cvegeo: Mapped[str] = mapped_column(String(5), primary_key=True)
    cve_ent: Mapped[str] = mapped_column(ForeignKey("entidad.cve_ent"), index=True)
    cve_mun: Mapped[str] = mapped_column(String(3))
    nombre: Mapped[str] = mapped_column(String(120))
    fronterizo: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (UniqueConstraint("cve_ent", "cve_mun", name="uq_municipio_ent_mun"),)


class Eje(Modelo):
    __tablename__ = "eje"
    clave: Mapped[str] = mapped_column(String(40), primary_key=True)
    numero: Mapped[int] = mapped_column(Integer)
    nombre: Mapped[str] = mapped_column(String(200))
    numero_seccion_v: Mapped[int | None] = mapped_column(Integer, nullable=True)


class LineaAccion(Modelo):
    __tablename__ = "linea_accion"
    clave: Mapped[str] = mapped_column(String(60), primary_key=True)
    eje: Mapped[str] = mapped_column(ForeignKey("eje.clave"), index=True)
    numero: Mapped[int] = mapped_column(Integer)
    nombre: Mapped[str] = mapped_column(Text)
    meta: Mapped[str] = mapped_column(Text, default="")


class ActividadPrograma(Modelo):
    __tablename__ = "actividad_programa"
    clave: Mapped[str] = mapped_column(String(60), primary_key=True)
    numero: Mapped[int] = mapped_column(Integer)
    nombre: Mapped[str] = mapped_column(Text)
    meta: Mapped[str] = mapped_column(String(40))
    unidad_medida: Mapped[str] = mapped_column(String(120))
    eje: Mapped[str | None] = mapped_column(ForeignKey("eje.clave"), nullable=True)


class LineaSectorial(Modelo):
    __tablename__ = "linea_sectorial"
    clave: Mapped[str] = mapped_column(String(10), primary_key=True)
    nombre: Mapped[str] = mapped_column(Text)


class ObjetivoPMM(Modelo):
    __tablename__ = "objetivo_pmm"
    numero: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    titulo: Mapped[str] = mapped_column(Text)


class CategoriaReto(Modelo):
    __tablename__ = "categoria_reto"
    clave: Mapped[str] = mapped_column(String(60), primary_key=True)
    nombre: Mapped[str] = mapped_column(String(200))
    definicion: Mapped[str] = mapped_column(Text, default="")


class Institucion(Modelo):
    """Una sigla puede tener dos nombres en las fuentes (la nota lo explica): ambos se conservan."""

    __tablename__ = "institucion"
    sigla: Mapped[str] = mapped_column(String(40), primary_key=True)
    nombre: Mapped[str] = mapped_column(String(300), primary_key=True)
    nota: Mapped[str] = mapped_column(Text, default="")


class TipoAccion(Modelo):
    __tablename__ = "tipo_accion"
    clave: Mapped[str] = mapped_column(String(40), primary_key=True)
    nombre: Mapped[str] = mapped_column(String(120))
    es_convenio: Mapped[bool] = mapped_column(Boolean, default=False)
    eje_sugerido: Mapped[str | None] = mapped_column(String(40), nullable=True)
    asistentes_inusual: Mapped[int] = mapped_column(Integer, default=2000)


class ValorCatalogo(Modelo):
    """Catálogos cortos (modalidad, población, unidad de conteo, órdenes de gobierno, grupos de edad…)."""

    __tablename__ = "valor_catalogo"
    catalogo: Mapped[str] = mapped_column(String(40), primary_key=True)
    clave: Mapped[str] = mapped_column(String(60), primary_key=True)
    nombre: Mapped[str] = mapped_column(String(200))
    orden: Mapped[int] = mapped_column(Integer, default=0)


class Meta(Modelo):
    """Metas del programa: datos editables, no fórmulas."""

    __tablename__ = "meta"
    indicador: Mapped[str] = mapped_column(String(40), primary_key=True)
    anio: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    periodo: Mapped[str] = mapped_column(String(10), primary_key=True)
    valor: Mapped[int] = mapped_column(Integer)
    denominador: Mapped[int] = mapped_column(Integer)
    nota: Mapped[str] = mapped_column(Text, default="")


class Ajuste(Modelo):
    """Pares clave-valor de la instalación (oficina local, versión de catálogos…)."""

    __tablename__ = "ajuste"
    clave: Mapped[str] = mapped_column(String(60), primary_key=True)
    valor: Mapped[str] = mapped_column(Text)



class RetiroCatalogo(Modelo):
    """Claves de catálogo retiradas por una actualización de la central: no se ofrecen en registros nuevos,
    pero los registros que ya las usan siguen válidos y legibles."""

    __tablename__ = "retiro_catalogo"
    tabla: Mapped[str] = mapped_column(String(40), primary_key=True)
    clave: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[str] = mapped_column(String(20))
    retirado_en: Mapped[datetime] = mapped_column(DateTime)


class ActualizacionCatalogos(Modelo):
    """Bitácora de las actualizaciones firmadas de catálogos y metas aplicadas en esta oficina."""

    __tablename__ = "actualizacion_catalogos"
    version: Mapped[str] = mapped_column(String(20), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    firmante: Mapped[str] = mapped_column(String(64))
    aplicada_en: Mapped[datetime] = mapped_column(DateTime)
    resumen: Mapped[dict[str, Any]] = mapped_column(default=dict)

# --- Oficinas y llaves -----------------------------------------------------------------------


class Oficina(Modelo):
    __tablename__ = "oficina"
    clave: Mapped[str] = mapped_column(String(20), primary_key=True)
    tipo: Mapped[str] = mapped_column(String(10))  # municipal · estatal · central
    nombre: Mapped[str] = mapped_column(String(200))
    responsable: Mapped[str] = mapped_column(String(200), default="")
    entidad: Mapped[str | None] = mapped_column(ForeignKey("entidad.cve_ent"), nullable=True)
    municipio: Mapped[str | None] = mapped_column(ForeignKey("municipio.cvegeo"), nullable=True)
    superior: Mapped[str | None] = mapped_column(String(20), nullable=True)
    estado: Mapped[str] = mapped_column(String(12), default="activa")  # activa · retirada · revocada
    registrada_en: Mapped[datetime] = mapped_column(DateTime)


class Llave(Modelo):
    __tablename__ = "llave"
    huella: Mapped[str] = mapped_column(String(64), primary_key=True)
    oficina: Mapped[str] = mapped_column(ForeignKey("oficina.clave"), index=True)
    publica: Mapped[bytes] = mapped_column(LargeBinary(32))
    estado: Mapped[str] = mapped_column(String(12), default="activa")  # activa · retirada · revocada
    registrada_en: Mapped[datetime] = mapped_column(DateTime)
    cambio_estado_en: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    motivo: Mapped[str] = mapped_column(Text, default="")
    ultima_secuencia: Mapped[int | None] = mapped_column(Integer, nullable=True)  # retirada: último paquete que firmó
    destinatario_age: Mapped[str | None] = mapped_column(String(80), nullable=True)  # «age1…» de su ficha o aviso firmado
    __table_args__ = (Index("uq_llave_activa", "oficina", unique=True, sqlite_where=text("estado = 'activa'"),
                            postgresql_where=text("estado = 'activa'")),)  # a lo más una llave activa por oficina


# --- Acciones --------------------------------------------------------------------------------


class Accion(Modelo):
    __tablename__ = "accion"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    oficina_origen: Mapped[str] = mapped_column(String(20), index=True)
    capturado_por: Mapped[str] = mapped_column(String(200), default="")
    creado_en: Mapped[datetime] = mapped_column(DateTime)
    actualizado_en: Mapped[datetime] = mapped_column(DateTime)
    estado: Mapped[str] = mapped_column(String(12), default="borrador")
    fecha_inicio: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    fecha_fin: Mapped[date | None] = mapped_column(Date, nullable=True)
    periodo: Mapped[str | None] = mapped_column(String(7), nullable=True)  # 2026T1
    entidad: Mapped[str | None] = mapped_column(ForeignKey("entidad.cve_ent"), nullable=True)
    municipio: Mapped[str | None] = mapped_column(ForeignKey("municipio.cvegeo"), nullable=True, index=True)
    localidad: Mapped[str] = mapped_column(Text, default="")
    eje: Mapped[str | None] = mapped_column(String(40), nullable=True)
    linea_accion: Mapped[str | None] = mapped_column(String(60), nullable=True)
    actividad_programa: Mapped[str | None] = mapped_column(String(60), nullable=True)
    linea_sectorial: Mapped[str | None] = mapped_column(String(10), nullable=True)
    tipo_accion: Mapped[str | None] = mapped_column(String(40), nullable=True)
    modalidad: Mapped[str | None] = mapped_column(String(20), nullable=True)
    titulo: Mapped[str] = mapped_column(Text, default="")
    descripcion: Mapped[str] = mapped_column(Text, default="")
    resultados: Mapped[str] = mapped_column(Text, default="")
    ordenes_gobierno: Mapped[list[Any]] = mapped_column(default=list)
    instituciones: Mapped[list[Any]] = mapped_column(default=list)
    objetivos_pmm: Mapped[list[Any]] = mapped_column(default=list)
    eventos: Mapped[int] = mapped_column(Integer, default=1)
    unidad_conteo: Mapped[str] = mapped_column(String(20), default="personas")
    poblacion: Mapped[str | None] = mapped_column(String(40), nullable=True)
    mujeres: Mapped[int] = mapped_column(Integer, default=0)
    hombres: Mapped[int] = mapped_column(Integer, default=0)
    otra_identidad: Mapped[int] = mapped_column(Integer, default=0)
    sin_dato: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    edades: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    retos: Mapped[list[Any]] = mapped_column(default=list)  # [{texto, categorias[]}]
    convenio: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    avisos_reconocidos: Mapped[list[Any]] = mapped_column(default=list)
    paquete_envio: Mapped[str | None] = mapped_column(String(36), nullable=True)
    pendiente_envio: Mapped[bool] = mapped_column(Boolean, default=True)
    # Huella de las reglas y catálogos con que esta revisión pasó sin errores (None: validar de nuevo al exportar).
    validada_con: Mapped[str | None] = mapped_column(String(16), nullable=True)

    evidencias: Mapped[list[Evidencia]] = relationship(
        back_populates="accion", cascade="all, delete-orphan", order_by="Evidencia.nombre"
    )
    # La matriz de revisión suma registros y cifras por oficina y trimestre solo con este índice (sin leer las filas).
    # Pocos índices más: cada uno se recorre al insertar cada fila recibida (migración 0012). Lo pendiente de envío,
    # con uno parcial: en la central casi nada lo está.
    __table_args__ = (Index("ix_accion_revision", "periodo", "oficina_origen", "estado", "mujeres", "hombres",
                            "otra_identidad", "sin_dato", "total"),
                      Index("ix_accion_por_enviar", "estado", sqlite_where=text("pendiente_envio = 1"),
                            postgresql_where=text("pendiente_envio")))


class Evidencia(Modelo):
    __tablename__ = "evidencia"
    accion_id: Mapped[str] = mapped_column(ForeignKey("accion.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    nombre: Mapped[str] = mapped_column(String(255))
    tipo: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    tamano: Mapped[int] = mapped_column(Integer)
    accion: Mapped[Accion] = relationship(back_populates="evidencias")



class PosibleDuplicado(Modelo):
    """Dos acciones que parecen la misma (mismo municipio y tipo, fechas cercanas, cifras o título iguales),
    halladas al importar: entre registros de un paquete o de oficinas distintas. Una persona la revisa; la
    decisión se conserva aunque los paquetes se importen de nuevo (la pareja es la llave)."""

    __tablename__ = "posible_duplicado"
    accion_a: Mapped[str] = mapped_column(String(36), primary_key=True)  # el menor de los dos ids
    accion_b: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)  # el estado de revisión lo busca
    detectado_en: Mapped[datetime] = mapped_column(DateTime)
    estado: Mapped[str] = mapped_column(String(20), default="pendiente")  # pendiente · no_es_duplicado · observado
    nota: Mapped[str] = mapped_column(Text, default="")
    revisado_por: Mapped[str] = mapped_column(String(200), default="")
    revisado_en: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

class Historial(Modelo):
    """Bitácora de auditoría: quién, cuándo, qué revisión y qué cambió."""

    __tablename__ = "historial"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    accion_id: Mapped[str] = mapped_column(String(36))  # lo busca la restricción única, que empieza por él
    revision: Mapped[int] = mapped_column(Integer)
    quien: Mapped[str] = mapped_column(String(200))
    oficina: Mapped[str] = mapped_column(String(20))
    cuando: Mapped[datetime] = mapped_column(DateTime)
    operacion: Mapped[str] = mapped_column(String(20))  # creacion · edicion · anulacion · importacion …
    cambios: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {campo: [antes, despues]}
    __table_args__ = (UniqueConstraint("accion_id", "revision", "operacion", name="uq_historial_rev"),)


class Observacion(Modelo):
    __tablename__ = "observacion"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    accion_id: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    autor: Mapped[str] = mapped_column(String(200))
    oficina: Mapped[str] = mapped_column(String(20))
    texto: Mapped[str] = mapped_column(Text)
    creada_en: Mapped[datetime] = mapped_column(DateTime)
    acuse: Mapped[str | None] = mapped_column(String(36), nullable=True)
    atendida: Mapped[bool] = mapped_column(Boolean, default=False)


class DecisionRevision(Modelo):
    """La última decisión de esta oficina sobre una acción recibida, en la revisión que vio: aceptada u observada
    (el texto de la observación está en `observacion`). Una revisión nueva de su origen la deja atrás."""

    __tablename__ = "decision_revision"
    accion_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(12))  # aceptada · observada
    quien: Mapped[str] = mapped_column(String(200), default="")
    cuando: Mapped[datetime] = mapped_column(DateTime)


class AcuseAplicado(Modelo):
    """El acuse más reciente aplicado a cada acción: uno más viejo que llegue después no lo deshace."""

    __tablename__ = "acuse_aplicado"
    accion_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    emitido_en: Mapped[datetime] = mapped_column(DateTime)
    paquete: Mapped[str] = mapped_column(String(36))
    estado: Mapped[str] = mapped_column(String(12))
    origen: Mapped[str] = mapped_column(String(20), default="", server_default="")  # quién decidió: CAIMFS, E07…; "" = antes de 0007


class AcuseRecibido(Modelo):
    """Cada acuse aplicado a un paquete enviado: quién lo firmó (`emisor`) y de quién es el resultado (`origen`:
    la Coordinación cuando la estatal reenvía su resultado), para que Envíos diga si volvió y de quién."""

    __tablename__ = "acuse_recibido"
    paquete: Mapped[str] = mapped_column(String(36), primary_key=True)
    origen: Mapped[str] = mapped_column(String(20), primary_key=True)
    emitido_en: Mapped[datetime] = mapped_column(DateTime, primary_key=True)
    emisor: Mapped[str] = mapped_column(String(20))
    aplicado_en: Mapped[datetime] = mapped_column(DateTime)
    aceptadas: Mapped[int] = mapped_column(Integer, default=0)
    observadas: Mapped[int] = mapped_column(Integer, default=0)


class Conflicto(Modelo):
    """Versión recibida que no se aplica sola: un conflicto (misma revisión, otro contenido) o una enmienda
    (cambio a un periodo ya aprobado). Se aparta para que una persona decida."""

    __tablename__ = "conflicto"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tipo: Mapped[str] = mapped_column(String(12), default="conflicto", server_default="conflicto")  # conflicto · enmienda
    accion_id: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    paquete: Mapped[str] = mapped_column(String(36))
    contenido: Mapped[dict[str, Any]] = mapped_column(default=dict)
    recibido_en: Mapped[datetime] = mapped_column(DateTime)
    estado: Mapped[str] = mapped_column(String(12), default="pendiente")  # pendiente · resuelto
    decision: Mapped[str] = mapped_column(String(20), default="")  # local · recibida
    nota: Mapped[str] = mapped_column(Text, default="")
    resuelto_por: Mapped[str] = mapped_column(String(200), default="")


# --- Periodos y paquetes ---------------------------------------------------------------------


class Periodo(Modelo):
    __tablename__ = "periodo"
    oficina: Mapped[str] = mapped_column(String(20), primary_key=True)
    clave: Mapped[str] = mapped_column(String(7), primary_key=True)  # 2026T1
    estado: Mapped[str] = mapped_column(String(12), default="abierto")  # abierto · cerrado · aprobado
    cerrado_en: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cerrado_por: Mapped[str] = mapped_column(String(200), default="")
    bitacora: Mapped[list[Any]] = mapped_column(default=list)  # [{cuando, quien, operacion, motivo}]


class PaqueteSalida(Modelo):
    __tablename__ = "paquete_salida"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    oficina: Mapped[str] = mapped_column(String(20), index=True)
    secuencia: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    sha256_anterior: Mapped[str] = mapped_column(String(64), default="")
    periodo: Mapped[str] = mapped_column(String(7), default="")
    # todos los trimestres de sus registros («2026T1 2026T4»); «periodo» es solo el más reciente (envio.json)
    trimestres: Mapped[str] = mapped_column(Text, default="", server_default="")
    creado_en: Mapped[datetime] = mapped_column(DateTime)
    registros: Mapped[int] = mapped_column(Integer, default=0)
    archivo: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("oficina", "secuencia", name="uq_salida_secuencia"),)


class PaqueteEntrada(Modelo):
    __tablename__ = "paquete_entrada"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    oficina: Mapped[str] = mapped_column(String(20), index=True)
    secuencia: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    sha256_anterior: Mapped[str] = mapped_column(String(64), default="")
    periodo: Mapped[str] = mapped_column(String(7), default="")
    firmante: Mapped[str] = mapped_column(String(64))
    importado_en: Mapped[datetime] = mapped_column(DateTime)
    conteos: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version_catalogos: Mapped[str] = mapped_column(String(20), default="", server_default="")
    __table_args__ = (UniqueConstraint("oficina", "secuencia", name="uq_entrada_secuencia"),)
