-- Same-tenant foreign keys are composite: (tenant_id, x_id) -> parent (tenant_id, id), so a row can
-- never point at another tenant's row. Where a hard delete of the parent should only clear the
-- reference, PostgreSQL 15's ON DELETE SET NULL (column) clears x_id and keeps tenant_id.

ALTER TABLE contacts DROP CONSTRAINT fk_contacts_companies_tenant_id_company_id,
    ADD CONSTRAINT fk_contacts_companies_tenant_id_company_id FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE SET NULL (company_id);

ALTER TABLE contacts DROP CONSTRAINT fk_contacts_asp_net_users_tenant_id_owner_id,
    ADD CONSTRAINT fk_contacts_asp_net_users_tenant_id_owner_id FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id) ON DELETE SET NULL (owner_id);

ALTER TABLE companies DROP CONSTRAINT fk_companies_asp_net_users_tenant_id_owner_id,
    ADD CONSTRAINT fk_companies_asp_net_users_tenant_id_owner_id FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id) ON DELETE SET NULL (owner_id);

ALTER TABLE deals DROP CONSTRAINT fk_deals_contacts_tenant_id_contact_id,
    ADD CONSTRAINT fk_deals_contacts_tenant_id_contact_id FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE SET NULL (contact_id);

ALTER TABLE deals DROP CONSTRAINT fk_deals_companies_tenant_id_company_id,
    ADD CONSTRAINT fk_deals_companies_tenant_id_company_id FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE SET NULL (company_id);

ALTER TABLE deals DROP CONSTRAINT fk_deals_asp_net_users_tenant_id_owner_id,
    ADD CONSTRAINT fk_deals_asp_net_users_tenant_id_owner_id FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id) ON DELETE SET NULL (owner_id);

ALTER TABLE activities DROP CONSTRAINT fk_activities_contacts_tenant_id_contact_id,
    ADD CONSTRAINT fk_activities_contacts_tenant_id_contact_id FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE SET NULL (contact_id);

ALTER TABLE activities DROP CONSTRAINT fk_activities_companies_tenant_id_company_id,
    ADD CONSTRAINT fk_activities_companies_tenant_id_company_id FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE SET NULL (company_id);

ALTER TABLE activities DROP CONSTRAINT fk_activities_deals_tenant_id_deal_id,
    ADD CONSTRAINT fk_activities_deals_tenant_id_deal_id FOREIGN KEY (tenant_id, deal_id) REFERENCES deals (tenant_id, id) ON DELETE SET NULL (deal_id);

ALTER TABLE activities DROP CONSTRAINT fk_activities_asp_net_users_tenant_id_owner_id,
    ADD CONSTRAINT fk_activities_asp_net_users_tenant_id_owner_id FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id) ON DELETE SET NULL (owner_id);

-- A principal or distributor on a deal must hold that role in company_roles. The generated column is
-- NULL for other roles, and a foreign key with a NULL column is not checked (MATCH SIMPLE).
ALTER TABLE deal_participants
    ADD COLUMN required_company_role varchar(20)
        GENERATED ALWAYS AS (CASE WHEN role IN ('principal', 'distributor') THEN role END) STORED,
    ADD CONSTRAINT fk_deal_participants_company_holds_role
        FOREIGN KEY (tenant_id, company_id, required_company_role) REFERENCES company_roles (tenant_id, company_id, role);
CREATE INDEX ix_deal_participants_company_holds_role ON deal_participants (tenant_id, company_id, required_company_role);
