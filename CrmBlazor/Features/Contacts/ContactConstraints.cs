using Npgsql;

namespace CrmBlazor.Features.Contacts;

/// <summary>Turns a violated contacts constraint into the field it belongs to and a sentence for the user.</summary>
public static class ContactConstraints
{
    public sealed record FieldError(string Field, string Message);

    public static FieldError? Describe(PostgresException error) => error.ConstraintName switch
    {
        "ux_contacts_email_active" => new(nameof(ContactForm.Email), ContactService.DuplicateEmail),
        "ck_contacts_email_format" => new(nameof(ContactForm.Email), "Enter a valid email address, like name@example.com."),
        "ck_contacts_has_a_name" => new(nameof(ContactForm.FirstName), "Enter a first or a last name."),
        "fk_contacts_active_company_id" => new(nameof(ContactForm.CompanyId), "That company has been deleted; choose another."),
        "fk_contacts_companies_tenant_id_company_id" => new(nameof(ContactForm.CompanyId), "That company does not exist."),
        "fk_contacts_asp_net_users_tenant_id_owner_id" => new(nameof(ContactForm.OwnerId), "That owner does not exist."),
        _ => null,
    };
}
