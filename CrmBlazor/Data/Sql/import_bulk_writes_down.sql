-- Undoes import_bulk_writes.sql: every trigger back as audit.sql and search.sql made it.
DROP FUNCTION crm_search_index_import(uuid, integer, integer);

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('contacts', 'crm_search_contacts_changed'), ('companies', 'crm_search_companies_changed'),
                                   ('deals', 'crm_search_deals_changed')) v (name, function_name)
    LOOP
        EXECUTE format('DROP TRIGGER search_inserted ON %I', t.name);
        EXECUTE format('CREATE TRIGGER search_inserted AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                       t.name, t.function_name);
    END LOOP;
    FOR t IN SELECT * FROM (VALUES ('contacts', 'id'), ('companies', 'id'), ('deals', 'id'),
                                   ('contact_tags', 'contact_id'), ('company_tags', 'company_id'), ('deal_tags', 'deal_id')) v (name, record_column)
    LOOP
        EXECUTE format('DROP TRIGGER import_rows_only ON %I', t.name);
        EXECUTE format('DROP TRIGGER audit_row_inserted ON %I', t.name);
        EXECUTE format('DROP TRIGGER audit_row ON %I', t.name);
        EXECUTE format('CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION crm_audit_row(%L)',
                       t.name, t.record_column);
    END LOOP;
END $$;
DROP FUNCTION crm_assert_import_rows();

DROP INDEX ix_import_rows_record;
