-- Undoes soft_delete.sql: crm_app may delete the rows again, as grants.sql granted.
DROP FUNCTION crm_delete_forever(uuid[], uuid[], uuid[], uuid[]);
GRANT DELETE ON contacts, companies, deals, activities, tenants TO crm_app;
