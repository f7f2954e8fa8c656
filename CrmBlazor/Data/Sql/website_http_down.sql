ALTER TABLE companies DROP CONSTRAINT ck_companies_website_http;
