-- Superseded by sign_in_lookup.sql (migration EmailReservation): this version found a user by email
-- whether or not the email was confirmed. Read by Schema's Up and EmailReservation's Down.

-- Sign-in must find a user by email before any tenant is known, while RLS hides every user from a
-- session without a tenant. This function is the one narrow way through: it runs as the schema
-- owner, takes an exact normalized email (no patterns) and returns at most one (user, tenant) pair
-- and nothing else. The owner reads users through owner_reads_all; crm_app may only call this.

CREATE FUNCTION crm_find_user_for_sign_in(normalized_email text)
RETURNS TABLE (user_id uuid, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT u.id, u.tenant_id FROM users u
    WHERE u.normalized_email = crm_find_user_for_sign_in.normalized_email
    LIMIT 1
$$;
REVOKE EXECUTE ON FUNCTION crm_find_user_for_sign_in(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_find_user_for_sign_in(text) TO crm_app;
