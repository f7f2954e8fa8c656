DROP FUNCTION crm_record_rate_limit_hit(text);
