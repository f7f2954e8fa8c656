-- Undoes active_references.sql. CASCADE drops the triggers too.
DROP FUNCTION crm_assert_active_references() CASCADE;
