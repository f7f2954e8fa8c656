DROP TRIGGER tidy_web_address ON companies;
DROP FUNCTION crm_tidy_company_web_address();
