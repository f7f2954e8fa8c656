-- Undoes lost_reasons.sql where it outlives the Down: the trigger on pipelines and its function
-- (the table, its triggers and its grant go with the table EF drops).
DROP TRIGGER add_default_lost_reasons ON pipelines;
DROP FUNCTION crm_add_default_lost_reasons();
DROP FUNCTION crm_default_lost_reasons();
