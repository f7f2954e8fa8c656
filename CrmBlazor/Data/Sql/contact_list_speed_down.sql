-- Back to counting and searching contacts directly (contact_search.sql's functions).
DROP FUNCTION crm_contacts_search(text, integer, uuid, uuid, uuid);
DROP TRIGGER name_terms_inserted ON contacts;
DROP TRIGGER name_terms_updated ON contacts;
DROP FUNCTION crm_add_contact_name_terms();
DROP TRIGGER tally_inserted ON contacts;
DROP TRIGGER tally_updated ON contacts;
DROP TRIGGER tally_deleted ON contacts;
DROP FUNCTION crm_tally_contacts();
DROP FUNCTION crm_recount_contacts(uuid);
DROP INDEX ix_contacts_live_by_last_name;
DROP INDEX ix_contacts_live_by_first_name;
DROP TABLE contact_name_terms;
DROP TABLE contact_tallies;
