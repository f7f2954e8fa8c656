-- A company's website is an absolute http(s) address: the only kind the app shows as a link. The tidy
-- trigger (web_addresses.sql) runs first and gives a scheme-less value https://, so what this refuses is
-- another scheme (javascript:, data:, ftp:, ...) or no host. Websites stored before the rule that break
-- it are cleared (they were never shown as links), then the check, added NOT VALID, is validated.
-- Keep the pattern as the form's (CompanyForm.Website) and WebAddress.IsWebLink.
UPDATE companies SET website = NULL WHERE website !~* '^https?://[^\s/?#]';
ALTER TABLE companies ADD CONSTRAINT ck_companies_website_http CHECK (website ~* '^https?://[^\s/?#]') NOT VALID;
ALTER TABLE companies VALIDATE CONSTRAINT ck_companies_website_http;
