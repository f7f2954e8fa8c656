using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Contacts;

/// <summary>Turns a violated contacts constraint into the field it belongs to and a sentence for the user.</summary>
internal static class ContactConstraints
{
    private static readonly ConstraintTable Table = new(
        ("ux_contacts_email_active", nameof(ContactForm.Email), ContactService.DuplicateEmail),
        ("ck_contacts_email_format", nameof(ContactForm.Email), "Enter a valid email address, like name@example.com."),
        ("ck_contacts_phone_format", nameof(ContactForm.Phone), PhoneNumber.Invalid),
        ("ck_contacts_has_a_name", nameof(ContactForm.FirstName), "Enter a first or a last name."),
        ("fk_contacts_active_company_id", nameof(ContactForm.CompanyId), "That company has been deleted; choose another."),
        ("fk_contacts_companies_tenant_id_company_id", nameof(ContactForm.CompanyId), "That company does not exist."),
        ("fk_contacts_active_owner_id", nameof(ContactForm.OwnerId), "That user has been deactivated; choose another owner."),
        ("fk_contacts_asp_net_users_tenant_id_owner_id", nameof(ContactForm.OwnerId), "That owner does not exist."),
        ("fk_contact_tags_tags_tenant_id_tag_id", nameof(ContactForm.TagIds), "One of these tags does not exist."));

    public static FieldError? Describe(Exception error) => Table.Describe(error);
}
