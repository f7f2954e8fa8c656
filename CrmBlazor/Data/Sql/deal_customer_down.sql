-- Undoes deal_customer.sql (the participants it added stay: they were right before it, too).
DROP TRIGGER primary_customer_is_deal_company ON deal_participants;
DROP FUNCTION crm_assert_primary_customer_is_deal_company();
DROP TRIGGER make_company_primary_customer ON deals;
DROP FUNCTION crm_make_deal_company_primary_customer();
