using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Activities;

/// <summary>Turns a violated activities constraint into the field it belongs to and a sentence for the user.</summary>
internal static class ActivityConstraints
{
    private static readonly ConstraintTable Table = new(
        ("ck_activities_type", nameof(ActivityForm.Type), "Choose call, email, meeting, note or task."),
        ("ck_activities_subject_not_blank", nameof(ActivityForm.Subject), "Enter a subject."),
        ("ck_activities_outcome", nameof(ActivityForm.Outcome), "Choose one of the listed outcomes."),
        ("ck_activities_duration", nameof(ActivityForm.DurationMinutes), "Enter minutes from 0 to 1440 (a day)."),
        ("ck_activities_contact_in_deal_company", nameof(ActivityForm.ContactId), "This contact does not work at the deal's company."),
        ("ck_activities_company_of_deal", nameof(ActivityForm.CompanyId), "This is not the deal's company; choose the deal's company or clear this field."),
        ("ck_activities_company_of_contact", nameof(ActivityForm.CompanyId), "The contact does not work at this company; choose their company or clear this field."),
        ("fk_activities_active_contact_id", nameof(ActivityForm.ContactId), "That contact has been deleted; choose another."),
        ("fk_activities_active_company_id", nameof(ActivityForm.CompanyId), "That company has been deleted; choose another."),
        ("fk_activities_active_deal_id", nameof(ActivityForm.DealId), "That deal has been deleted; choose another."),
        ("fk_activities_contacts_tenant_id_contact_id", nameof(ActivityForm.ContactId), "That contact does not exist."),
        ("fk_activities_companies_tenant_id_company_id", nameof(ActivityForm.CompanyId), "That company does not exist."),
        ("fk_activities_deals_tenant_id_deal_id", nameof(ActivityForm.DealId), "That deal does not exist."));

    public static FieldError? Describe(Exception error) => Table.Describe(error);
}
