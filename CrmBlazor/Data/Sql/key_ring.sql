-- The data protection key ring (the keys that sign login cookies and Identity's tokens). crm_app reads
-- it and adds the keys the ring rotates in; it may not rewrite or remove one: a compromised app session
-- could otherwise swap in a key of its choosing (and forge cookies) or drop the ring (and sign everyone out).
-- The keys themselves are encrypted with a certificate before they are stored (KeyRingCertificate.cs).
REVOKE UPDATE, DELETE, TRUNCATE ON data_protection_keys FROM crm_app;
