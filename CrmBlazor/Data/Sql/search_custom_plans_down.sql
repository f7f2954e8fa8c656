ALTER FUNCTION crm_search(text, text, integer, uuid, uuid, uuid) RESET plan_cache_mode;
