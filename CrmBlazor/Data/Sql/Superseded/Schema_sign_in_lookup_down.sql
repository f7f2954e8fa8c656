-- Undoes Superseded/Schema_sign_in_lookup.sql (Schema's Down, EmailReservation's Up).
-- Undoes sign_in_lookup.sql.
DROP FUNCTION crm_find_user_for_sign_in(text);
