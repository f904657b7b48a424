"""esquema inicial

Revisión: 0001
Anterior:
Creada: 2026-11-21 13:05:50.818436
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('ajuste',
    sa.Column('clave', sa.String(length=60), nullable=False),
    sa.Column('valor', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('clave')
    )
    op.create_table('categoria_reto',
    sa.Column('clave', sa.String(length=60), nullable=False),
    sa.Column('nombre', sa.String(length=200), nullable=False),
    sa.Column('definicion', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('clave')
    )
    op.create_table('conflicto',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('accion_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('paquete', sa.String(length=36), nullable=False),
    sa.Column('contenido', sa.JSON(), nullable=False),
    sa.Column('recibido_en', sa.DateTime(), nullable=False),
    sa.Column('estado', sa.String(length=12), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('nota', sa.Text(), nullable=False),
    sa.Column('resuelto_por', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conflicto', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflicto_accion_id'), ['accion_id'], unique=False)

    op.create_table('eje',
    sa.Column('clave', sa.String(length=40), nullable=False),
    sa.Column('numero', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=200), nullable=False),
    sa.Column('numero_seccion_v', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('clave')
    )
    op.create_table('entidad',
    sa.Column('cve_ent', sa.String(length=2), nullable=False),
    sa.Column('nombre', sa.String(length=80), nullable=False),
    sa.Column('abreviatura', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('cve_ent')
    )
    op.create_table('historial',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('accion_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('quien', sa.String(length=200), nullable=False),
    sa.Column('oficina', sa.String(length=20), nullable=False),
    sa.Column('cuando', sa.DateTime(), nullable=False),
    sa.Column('operacion', sa.String(length=20), nullable=False),
    sa.Column('cambios', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('accion_id', 'revision', 'operacion', name='uq_historial_rev')
    )
    with op.batch_alter_table('historial', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_historial_accion_id'), ['accion_id'], unique=False)

    op.create_table('institucion',
    sa.Column('sigla', sa.String(length=40), nullable=False),
    sa.Column('nombre', sa.String(length=300), nullable=False),
    sa.Column('nota', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('sigla', 'nombre')
    )
    op.create_table('linea_sectorial',
    sa.Column('clave', sa.String(length=10), nullable=False),
    sa.Column('nombre', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('clave')
    )
    op.create_table('meta',
    sa.Column('indicador', sa.String(length=40), nullable=False),
    sa.Column('anio', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('periodo', sa.String(length=10), nullable=False),
    sa.Column('valor', sa.Integer(), nullable=False),
    sa.Column('denominador', sa.Integer(), nullable=False),
    sa.Column('nota', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('indicador', 'anio', 'periodo')
    )
    op.create_table('objetivo_pmm',
    sa.Column('numero', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('titulo', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('numero')
    )
    op.create_table('observacion',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('accion_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('autor', sa.String(length=200), nullable=False),
    sa.Column('oficina', sa.String(length=20), nullable=False),
    sa.Column('texto', sa.Text(), nullable=False),
    sa.Column('creada_en', sa.DateTime(), nullable=False),
    sa.Column('acuse', sa.String(length=36), nullable=True),
    sa.Column('atendida', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('observacion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_observacion_accion_id'), ['accion_id'], unique=False)

    op.create_table('paquete_entrada',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('oficina', sa.String(length=20), nullable=False),
    sa.Column('secuencia', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('sha256_anterior', sa.String(length=64), nullable=False),
    sa.Column('periodo', sa.String(length=7), nullable=False),
    sa.Column('firmante', sa.String(length=64), nullable=False),
    sa.Column('importado_en', sa.DateTime(), nullable=False),
    sa.Column('conteos', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('oficina', 'secuencia', name='uq_entrada_secuencia')
    )
    with op.batch_alter_table('paquete_entrada', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paquete_entrada_oficina'), ['oficina'], unique=False)

    op.create_table('paquete_salida',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('oficina', sa.String(length=20), nullable=False),
    sa.Column('secuencia', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('sha256_anterior', sa.String(length=64), nullable=False),
    sa.Column('periodo', sa.String(length=7), nullable=False),
    sa.Column('creado_en', sa.DateTime(), nullable=False),
    sa.Column('registros', sa.Integer(), nullable=False),
    sa.Column('archivo', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('oficina', 'secuencia', name='uq_salida_secuencia')
    )
    with op.batch_alter_table('paquete_salida', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paquete_salida_oficina'), ['oficina'], unique=False)

    op.create_table('periodo',
    sa.Column('oficina', sa.String(length=20), nullable=False),
    sa.Column('clave', sa.String(length=7), nullable=False),
    sa.Column('estado', sa.String(length=12), nullable=False),
    sa.Column('cerrado_en', sa.DateTime(), nullable=True),
    sa.Column('cerrado_por', sa.String(length=200), nullable=False),
    sa.Column('bitacora', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('oficina', 'clave')
    )
    op.create_table('tipo_accion',
    sa.Column('clave', sa.String(length=40), nullable=False),
    sa.Column('nombre', sa.String(length=120), nullable=False),
    sa.Column('es_convenio', sa.Boolean(), nullable=False),
    sa.Column('eje_sugerido', sa.String(length=40), nullable=True),
    sa.Column('asistentes_inusual', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('clave')
    )
    op.create_table('valor_catalogo',
    sa.Column('catalogo', sa.String(length=40), nullable=False),
    sa.Column('clave', sa.String(length=60), nullable=False),
    sa.Column('nombre', sa.String(length=200), nullable=False),
    sa.Column('orden', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('catalogo', 'clave')
    )
    op.create_table('actividad_programa',
    sa.Column('clave', sa.String(length=60), nullable=False),
    sa.Column('numero', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.Text(), nullable=False),
    sa.Column('meta', sa.String(length=40), nullable=False),
    sa.Column('unidad_medida', sa.String(length=120), nullable=False),
    sa.Column('eje', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['eje'], ['eje.clave'], ),
    sa.PrimaryKeyConstraint('clave')
    )
    op.create_table('linea_accion',
    sa.Column('clave', sa.String(length=60), nullable=False),
    sa.Column('eje', sa.String(length=40), nullable=False),
    sa.Column('numero', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.Text(), nullable=False),
    sa.Column('meta', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['eje'], ['eje.clave'], ),
    sa.PrimaryKeyConstraint('clave')
    )
    with op.batch_alter_table('linea_accion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_linea_accion_eje'), ['eje'], unique=False)

    op.create_table('municipio',
    sa.Column('cvegeo', sa.String(length=5), nullable=False),
    sa.Column('cve_ent', sa.String(length=2), nullable=False),
    sa.Column('cve_mun', sa.String(length=3), nullable=False),
    sa.Column('nombre', sa.String(length=120), nullable=False),
    sa.Column('fronterizo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['cve_ent'], ['entidad.cve_ent'], ),
    sa.PrimaryKeyConstraint('cvegeo'),
    sa.UniqueConstraint('cve_ent', 'cve_mun', name='uq_municipio_ent_mun')
    )
    with op.batch_alter_table('municipio', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_municipio_cve_ent'), ['cve_ent'], unique=False)

    op.create_table('accion',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('oficina_origen', sa.String(length=20), nullable=False),
    sa.Column('capturado_por', sa.String(length=200), nullable=False),
    sa.Column('creado_en', sa.DateTime(), nullable=False),
    sa.Column('actualizado_en', sa.DateTime(), nullable=False),
    sa.Column('estado', sa.String(length=12), nullable=False),
    sa.Column('fecha_inicio', sa.Date(), nullable=True),
    sa.Column('fecha_fin', sa.Date(), nullable=True),
    sa.Column('periodo', sa.String(length=7), nullable=True),
    sa.Column('entidad', sa.String(length=2), nullable=True),
    sa.Column('municipio', sa.String(length=5), nullable=True),
    sa.Column('localidad', sa.Text(), nullable=False),
    sa.Column('eje', sa.String(length=40), nullable=True),
    sa.Column('linea_accion', sa.String(length=60), nullable=True),
    sa.Column('actividad_programa', sa.String(length=60), nullable=True),
    sa.Column('linea_sectorial', sa.String(length=10), nullable=True),
    sa.Column('tipo_accion', sa.String(length=40), nullable=True),
    sa.Column('modalidad', sa.String(length=20), nullable=True),
    sa.Column('titulo', sa.Text(), nullable=False),
    sa.Column('descripcion', sa.Text(), nullable=False),
    sa.Column('resultados', sa.Text(), nullable=False),
    sa.Column('ordenes_gobierno', sa.JSON(), nullable=False),
    sa.Column('instituciones', sa.JSON(), nullable=False),
    sa.Column('objetivos_pmm', sa.JSON(), nullable=False),
    sa.Column('eventos', sa.Integer(), nullable=False),
    sa.Column('unidad_conteo', sa.String(length=20), nullable=False),
    sa.Column('poblacion', sa.String(length=40), nullable=True),
    sa.Column('mujeres', sa.Integer(), nullable=False),
    sa.Column('hombres', sa.Integer(), nullable=False),
    sa.Column('otra_identidad', sa.Integer(), nullable=False),
    sa.Column('sin_dato', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('edades', sa.JSON(), nullable=True),
    sa.Column('retos', sa.JSON(), nullable=False),
    sa.Column('convenio', sa.JSON(), nullable=True),
    sa.Column('avisos_reconocidos', sa.JSON(), nullable=False),
    sa.Column('paquete_envio', sa.String(length=36), nullable=True),
    sa.Column('pendiente_envio', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['entidad'], ['entidad.cve_ent'], ),
    sa.ForeignKeyConstraint(['municipio'], ['municipio.cvegeo'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('accion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accion_eje'), ['eje'], unique=False)
        batch_op.create_index(batch_op.f('ix_accion_entidad'), ['entidad'], unique=False)
        batch_op.create_index(batch_op.f('ix_accion_estado'), ['estado'], unique=False)
        batch_op.create_index(batch_op.f('ix_accion_fecha_inicio'), ['fecha_inicio'], unique=False)
        batch_op.create_index(batch_op.f('ix_accion_municipio'), ['municipio'], unique=False)
        batch_op.create_index(batch_op.f('ix_accion_oficina_origen'), ['oficina_origen'], unique=False)
        batch_op.create_index(batch_op.f('ix_accion_pendiente_envio'), ['pendiente_envio'], unique=False)
        batch_op.create_index(batch_op.f('ix_accion_periodo'), ['periodo'], unique=False)
        batch_op.create_index(batch_op.f('ix_accion_tipo_accion'), ['tipo_accion'], unique=False)

    op.create_table('oficina',
    sa.Column('clave', sa.String(length=20), nullable=False),
    sa.Column('tipo', sa.String(length=10), nullable=False),
    sa.Column('nombre', sa.String(length=200), nullable=False),
    sa.Column('responsable', sa.String(length=200), nullable=False),
    sa.Column('entidad', sa.String(length=2), nullable=True),
    sa.Column('municipio', sa.String(length=5), nullable=True),
    sa.Column('superior', sa.String(length=20), nullable=True),
    sa.Column('estado', sa.String(length=12), nullable=False),
    sa.Column('registrada_en', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entidad'], ['entidad.cve_ent'], ),
    sa.ForeignKeyConstraint(['municipio'], ['municipio.cvegeo'], ),
    sa.PrimaryKeyConstraint('clave')
    )
    op.create_table('evidencia',
    sa.Column('accion_id', sa.String(length=36), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('nombre', sa.String(length=255), nullable=False),
    sa.Column('tipo', sa.String(length=100), nullable=False),
    sa.Column('tamano', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['accion_id'], ['accion.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('accion_id', 'sha256')
    )
    op.create_table('llave',
    sa.Column('huella', sa.String(length=64), nullable=False),
    sa.Column('oficina', sa.String(length=20), nullable=False),
    sa.Column('publica', sa.LargeBinary(length=32), nullable=False),
    sa.Column('estado', sa.String(length=12), nullable=False),
    sa.Column('registrada_en', sa.DateTime(), nullable=False),
    sa.Column('cambio_estado_en', sa.DateTime(), nullable=True),
    sa.Column('motivo', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['oficina'], ['oficina.clave'], ),
    sa.PrimaryKeyConstraint('huella')
    )
    with op.batch_alter_table('llave', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_llave_oficina'), ['oficina'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('llave', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_llave_oficina'))

    op.drop_table('llave')
    op.drop_table('evidencia')
    op.drop_table('oficina')
    with op.batch_alter_table('accion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accion_tipo_accion'))
        batch_op.drop_index(batch_op.f('ix_accion_periodo'))
        batch_op.drop_index(batch_op.f('ix_accion_pendiente_envio'))
        batch_op.drop_index(batch_op.f('ix_accion_oficina_origen'))
        batch_op.drop_index(batch_op.f('ix_accion_municipio'))
        batch_op.drop_index(batch_op.f('ix_accion_fecha_inicio'))
        batch_op.drop_index(batch_op.f('ix_accion_estado'))
        batch_op.drop_index(batch_op.f('ix_accion_entidad'))
        batch_op.drop_index(batch_op.f('ix_accion_eje'))

    op.drop_table('accion')
    with op.batch_alter_table('municipio', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_municipio_cve_ent'))

    op.drop_table('municipio')
    with op.batch_alter_table('linea_accion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_linea_accion_eje'))

    op.drop_table('linea_accion')
    op.drop_table('actividad_programa')
    op.drop_table('valor_catalogo')
    op.drop_table('tipo_accion')
    op.drop_table('periodo')
    with op.batch_alter_table('paquete_salida', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paquete_salida_oficina'))

    op.drop_table('paquete_salida')
    with op.batch_alter_table('paquete_entrada', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paquete_entrada_oficina'))

    op.drop_table('paquete_entrada')
    with op.batch_alter_table('observacion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_observacion_accion_id'))

    op.drop_table('observacion')
    op.drop_table('objetivo_pmm')
    op.drop_table('meta')
    op.drop_table('linea_sectorial')
    op.drop_table('institucion')
    with op.batch_alter_table('historial', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_historial_accion_id'))

    op.drop_table('historial')
    op.drop_table('entidad')
    op.drop_table('eje')
    with op.batch_alter_table('conflicto', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflicto_accion_id'))

    op.drop_table('conflicto')
    op.drop_table('categoria_reto')
    op.drop_table('ajuste')

