-- Undoes trash.sql; the Trash migration's Down drops the indexes.
DROP FUNCTION crm_purge_trash(interval);
