-- Undoes cache_entries.sql: the functions, then the table (its policy and index go with it).
DROP FUNCTION crm_cache_purge_expired(integer);
DROP FUNCTION crm_cache_remove(bytea);
DROP FUNCTION crm_cache_set(bytea, bytea, timestamptz, integer, timestamptz);
DROP FUNCTION crm_cache_touch(bytea);
DROP TABLE cache_entries;
