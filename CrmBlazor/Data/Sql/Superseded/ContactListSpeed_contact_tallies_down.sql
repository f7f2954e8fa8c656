-- SUPERSEDED: not live. ContactListSpeed's Down.
-- Undoes contact_tallies.sql: the triggers on contacts first, then the tables (with their policies).
DROP TRIGGER name_terms_inserted ON contacts;
DROP TRIGGER name_terms_updated ON contacts;
DROP FUNCTION crm_add_contact_name_terms();
DROP TRIGGER tally_inserted ON contacts;
DROP TRIGGER tally_updated ON contacts;
DROP TRIGGER tally_deleted ON contacts;
DROP FUNCTION crm_tally_contacts();
DROP FUNCTION crm_recount_contacts(uuid);
DROP TABLE contact_name_terms;
DROP TABLE contact_tallies;
