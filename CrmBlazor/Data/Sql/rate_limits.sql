-- A request refused by a rate limit before any user is known (a sign-in for an email no user has, a
-- registration, a password reset) is a rate_limit.hit event in the audit log's no-tenant bucket, as
-- crm_record_sign_in_failure files failed sign-ins (audit_events.sql). detail names the limit and the
-- address. SECURITY DEFINER for the same reason; a hit for a known user's email goes to their tenant instead.
CREATE FUNCTION crm_record_rate_limit_hit(detail text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    caller_tenant text := current_setting('app.tenant_id', true);
BEGIN
    PERFORM set_config('app.tenant_id', '00000000-0000-0000-0000-000000000000', true);
    INSERT INTO audit_logs (tenant_id, table_name, action, event, new_data)
    VALUES ('00000000-0000-0000-0000-000000000000', 'users', 'event', 'rate_limit.hit',
            jsonb_build_object('detail', left(detail, 256)));
    PERFORM set_config('app.tenant_id', coalesce(caller_tenant, ''), true);
END $$;
REVOKE EXECUTE ON FUNCTION crm_record_rate_limit_hit(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_record_rate_limit_hit(text) TO crm_app;
