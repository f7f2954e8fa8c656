-- Undoes passkeys.sql as far as the Down needs: the table (with its trigger, policies and grant) and the column go with EF's steps.
DROP TRIGGER two_factor_set_by_owner ON tenants;
DROP FUNCTION crm_assert_two_factor_set_by_owner();
DROP FUNCTION crm_find_user_for_passkey(bytea);
