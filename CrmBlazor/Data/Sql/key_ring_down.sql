GRANT UPDATE, DELETE ON data_protection_keys TO crm_app;
