"""duties: a user holds a set of duties (user_duties); users.role retired

Revision ID: 0007_perm
Revises: 0006_ward_view
Create Date: 2026-12-05 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_perm'
down_revision = '0006_ward_view'
branch_labels = None
depends_on = None

DUTIES = ('ward_admin', 'election_team', 'counting_head', 'counting_member', 'party_cell', 'observer')
ROLES = ('ward_admin', 'election_team', 'party_cell', 'counting_clerk', 'observer')


def upgrade():
    op.create_table('user_duties',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('duty', sa.Enum(*DUTIES, name='duty', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_duties_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'duty', name=op.f('pk_user_duties'))
    )
    # A counting clerk of the old single-role scheme is a member of the counting board.
    op.execute("INSERT INTO user_duties (user_id, duty) SELECT id, CASE role WHEN 'counting_clerk' "
               "THEN 'counting_member' ELSE role END FROM users")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.drop_column('role')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=14), nullable=True))
    # The strongest duty a user holds becomes the single role (a counting head or member: a clerk).
    for role, duties in (('observer', ('observer',)), ('counting_clerk', ('counting_member', 'counting_head')),
                         ('party_cell', ('party_cell',)), ('election_team', ('election_team',)),
                         ('ward_admin', ('ward_admin',))):
        op.execute(sa.text("UPDATE users SET role = :role WHERE id IN (SELECT user_id FROM user_duties "
                           "WHERE duty IN :duties)").bindparams(sa.bindparam('duties', expanding=True))
                   .params(role=role, duties=list(duties)))
    op.execute("UPDATE users SET role = 'observer' WHERE role IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=14), nullable=False,
                              type_=sa.Enum(*ROLES, name='role', native_enum=False, create_constraint=True))
    op.drop_table('user_duties')
