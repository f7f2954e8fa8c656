DROP FUNCTION crm_contacts_matching(text);
DROP FUNCTION crm_contacts_similar_to(text);
