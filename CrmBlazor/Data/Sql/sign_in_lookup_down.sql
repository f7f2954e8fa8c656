-- Undoes sign_in_lookup.sql.
DROP FUNCTION crm_find_user_for_sign_in(text);
