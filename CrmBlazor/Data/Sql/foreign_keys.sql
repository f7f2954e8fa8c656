-- Same-tenant foreign keys are composite: (tenant_id, x_id) -> parent (tenant_id, id), so a row can
-- never point at another tenant's row. Where a hard delete of the parent should only clear the
-- reference, PostgreSQL 15's ON DELETE SET NULL (column) clears x_id and keeps tenant_id.

-- EF makes these keys (and names them) with the default ON DELETE NO ACTION, as it cannot say SET NULL
-- of one column: each is re-made the same but for that.
DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN SELECT * FROM (VALUES
        ('contacts',   'company_id', 'companies', 'fk_contacts_companies_tenant_id_company_id'),
        ('contacts',   'owner_id',   'users',     'fk_contacts_asp_net_users_tenant_id_owner_id'),
        ('companies',  'owner_id',   'users',     'fk_companies_asp_net_users_tenant_id_owner_id'),
        ('deals',      'contact_id', 'contacts',  'fk_deals_contacts_tenant_id_contact_id'),
        ('deals',      'company_id', 'companies', 'fk_deals_companies_tenant_id_company_id'),
        ('deals',      'owner_id',   'users',     'fk_deals_asp_net_users_tenant_id_owner_id'),
        ('activities', 'contact_id', 'contacts',  'fk_activities_contacts_tenant_id_contact_id'),
        ('activities', 'company_id', 'companies', 'fk_activities_companies_tenant_id_company_id'),
        ('activities', 'deal_id',    'deals',     'fk_activities_deals_tenant_id_deal_id'),
        ('activities', 'owner_id',   'users',     'fk_activities_asp_net_users_tenant_id_owner_id')
    ) AS k (child, ref_column, parent, name)
    LOOP
        EXECUTE format('ALTER TABLE %1$I DROP CONSTRAINT %4$I, ADD CONSTRAINT %4$I FOREIGN KEY (tenant_id, %2$I) '
                       || 'REFERENCES %3$I (tenant_id, id) ON DELETE SET NULL (%2$I)', fk.child, fk.ref_column, fk.parent, fk.name);
    END LOOP;
END $$;

-- A principal or distributor on a deal must hold that role in company_roles. The generated column is
-- NULL for other roles, and a foreign key with a NULL column is not checked (MATCH SIMPLE).
ALTER TABLE deal_participants
    ADD COLUMN required_company_role varchar(20)
        GENERATED ALWAYS AS (CASE WHEN role IN ('principal', 'distributor') THEN role END) STORED,
    ADD CONSTRAINT fk_deal_participants_company_holds_role
        FOREIGN KEY (tenant_id, company_id, required_company_role) REFERENCES company_roles (tenant_id, company_id, role);
CREATE INDEX ix_deal_participants_company_holds_role ON deal_participants (tenant_id, company_id, required_company_role);
