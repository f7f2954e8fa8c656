ALTER TABLE contacts DROP CONSTRAINT ck_contacts_phone_format;
ALTER TABLE companies DROP CONSTRAINT ck_companies_phone_format;
ALTER TABLE users DROP CONSTRAINT ck_users_phone_number_length;
