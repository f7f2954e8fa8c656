-- SUPERSEDED: not live. Drops the contact name terms ContactListSpeed made (ContactListSpeed_contact_tallies.sql):
-- SearchEverything's Up runs it, as search_terms (../search.sql) replaces them; its Down re-creates them
-- with ContactListSpeed_name_terms.sql.
DROP TRIGGER name_terms_inserted ON contacts;
DROP TRIGGER name_terms_updated ON contacts;
DROP FUNCTION crm_add_contact_name_terms();
DROP TABLE contact_name_terms;
