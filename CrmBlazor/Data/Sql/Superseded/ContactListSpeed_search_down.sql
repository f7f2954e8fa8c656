-- SUPERSEDED: not live. Undoes ContactListSpeed_search.sql: ContactListSpeed's Down, and
-- SearchEverything's Up, which replaces it.
-- Undoes search.sql.
DROP FUNCTION crm_contacts_search(text, integer, uuid, uuid, uuid);
DROP INDEX ix_contacts_live_by_last_name;
DROP INDEX ix_contacts_live_by_first_name;
