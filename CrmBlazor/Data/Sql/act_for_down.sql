DROP PROCEDURE crm_act_for(text, text, text, text);
