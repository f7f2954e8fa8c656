-- Undoes user_roles.sql (the roles it gave or took stay as they are). CASCADE drops the triggers too.
DROP FUNCTION crm_assert_user_has_a_role() CASCADE;
