using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Shared;
using Npgsql;

namespace CrmBlazor.Features.Deals;

/// <summary>
/// Turns a violated deals, deal_tags or deal_participants rule into the field it belongs to and a
/// sentence for the user. The same sentences serve the service's own checks, so a rule reads the
/// same whichever side catches it first.
/// </summary>
internal static class DealConstraints
{
    public const string PipelineGone = "That pipeline no longer exists; choose another.";
    public const string StageNotInPipeline = "That stage is not part of the chosen pipeline; choose one of its stages.";
    public const string CompanyGone = "That company no longer exists; choose another.";
    public const string ContactGone = "That contact no longer exists; choose another.";
    public const string ContactNotAtCompany = "That contact does not work at the chosen company; choose one of its contacts or clear the contact.";
    public const string OwnerGone = "That owner does not exist.";
    public const string TagsGone = "Some of the chosen tags no longer exist; choose them again.";
    public const string ParticipantsNeedCompany =
        "Other companies take part in this deal; it keeps a company as their customer. Remove them under Participants first, or choose another company.";
    public const string RankTaken = "Another deal took the same place in this stage at the same moment; save again.";

    private static readonly ConstraintTable Table = new(
        ("ck_deals_title_not_blank", nameof(DealForm.Title), DealForm.MissingTitle),
        ("ck_deals_value", nameof(DealForm.Value), DealForm.NegativeValue),
        ("ck_deals_currency", nameof(DealForm.Currency), DealForm.InvalidCurrency),
        ("fk_deals_currencies_currency", nameof(DealForm.Currency), DealForm.UnknownCurrency),
        ("ck_deals_probability", nameof(DealForm.Probability), DealForm.InvalidProbability),
        ("ck_deals_contact_in_company", nameof(DealForm.ContactId), ContactNotAtCompany),
        ("fk_deals_pipelines_tenant_id_pipeline_id", nameof(DealForm.PipelineId), PipelineGone),
        ("fk_deals_pipeline_stages_tenant_id_pipeline_id_stage_id", nameof(DealForm.StageId), StageNotInPipeline),
        ("ux_deals_board_rank", nameof(DealForm.StageId), RankTaken),
        ("fk_deals_active_company_id", nameof(DealForm.CompanyId), CompanyGone),
        ("fk_deals_companies_tenant_id_company_id", nameof(DealForm.CompanyId), CompanyGone),
        ("fk_deals_active_contact_id", nameof(DealForm.ContactId), ContactGone),
        ("fk_deals_contacts_tenant_id_contact_id", nameof(DealForm.ContactId), ContactGone),
        ("fk_deals_asp_net_users_tenant_id_owner_id", nameof(DealForm.OwnerId), OwnerGone),
        ("fk_deal_tags_tags_tenant_id_tag_id", nameof(DealForm.TagIds), TagsGone));

    public static FieldError? Describe(Exception error) => Table.Describe(error);

    /// <summary>A deal_participants rule, told about <paramref name="company"/> (its name) in <paramref name="role"/>.</summary>
    public static FieldError? DescribeParticipant(PostgresException error, string company, string role) => error.ConstraintName switch
    {
        "fk_deal_participants_company_holds_role" => new(nameof(ParticipantForm.CompanyId), RoleMissing(company, role)),
        "ix_deal_participants_deal_id_company_id_role" => new(nameof(ParticipantForm.CompanyId), $"{company} is already a {role} on this deal."),
        "ux_deal_participants_one_primary_per_role" => new(nameof(ParticipantForm.IsPrimary),
            $"Another {role} was made primary at the same moment; reload and try again."),
        "ck_deal_participants_commission_rate" => new(nameof(ParticipantForm.CommissionPercent), ParticipantForm.InvalidCommission),
        "ck_deal_participants_role" => new(nameof(ParticipantForm.Role), ParticipantForm.UnknownRole),
        "ck_deals_primary_customer_is_company" => new(nameof(ParticipantForm.IsPrimary), DealParticipantService.PrimaryCustomerIsDealCompany),
        "fk_deal_participants_active_company_id" or "fk_deal_participants_companies_tenant_id_company_id" =>
            new(nameof(ParticipantForm.CompanyId), CompanyGone),
        _ => null,
    };

    /// <summary>What fk_deal_participants_company_holds_role means to the user.</summary>
    public static string RoleMissing(string company, string role) =>
        $"{company} is not registered as a {role}. Add the {CompanyRoleNames.Label(role)} role on its company page first.";
}
