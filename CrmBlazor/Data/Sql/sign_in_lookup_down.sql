-- Undoes sign_in_lookup.sql.
DROP FUNCTION crm_find_pending_registrations(text);
DROP FUNCTION crm_find_user_tenant(uuid);
DROP FUNCTION crm_find_user_for_sign_in(text);
