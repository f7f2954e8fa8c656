using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Companies;

/// <summary>Turns a violated companies or company_roles constraint into the field it belongs to and a sentence for the user.</summary>
internal static class CompanyConstraints
{
    public const string UnknownRole = "Choose roles from the list.";

    /// <summary>Said when fk_deal_participants_company_holds_role refuses a role removal the service could not foresee.</summary>
    public const string RoleStillNeeded =
        "This company is a principal or distributor on deals that need this role; take it off those deals before removing the role.";

    private static readonly ConstraintTable Table = new(
        ("ux_companies_domain_active", nameof(CompanyForm.Domain), CompanyService.DuplicateDomain),
        ("ck_companies_domain_format", nameof(CompanyForm.Domain), CompanyForm.InvalidDomain),
        ("ck_companies_phone_format", nameof(CompanyForm.Phone), PhoneNumber.Invalid),
        ("ck_companies_website_http", nameof(CompanyForm.Website), WebAddress.InvalidWebsite),
        ("ck_companies_name_not_blank", nameof(CompanyForm.Name), CompanyForm.MissingName),
        ("ck_company_roles_role", nameof(CompanyForm.Roles), UnknownRole),
        ("fk_deal_participants_company_holds_role", nameof(CompanyForm.Roles), RoleStillNeeded),
        ("fk_companies_active_owner_id", nameof(CompanyForm.OwnerId), "That user has been deactivated; choose another owner."),
        ("fk_companies_asp_net_users_tenant_id_owner_id", nameof(CompanyForm.OwnerId), "That owner does not exist."));

    public static FieldError? Describe(Exception error) => Table.Describe(error);

    /// <summary>What to say when a principal or distributor role is still held by <paramref name="count"/> deal participants.</summary>
    public static string RoleInUse(string role, int count) =>
        $"This company is the {role} on {count} deal{(count == 1 ? "" : "s")}; take it off " +
        $"{(count == 1 ? "that deal" : "those deals")} before removing the {CompanyRoleNames.Label(role)} role.";
}
