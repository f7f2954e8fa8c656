using CrmBlazor.Features.Import;
using static CrmBlazor.Features.Import.ImportFields;

namespace CrmBlazor.Tests.Import;

public sealed class ImportColumnSuggestionsTests
{
    /// <summary>Suggests for the headers and checks the field of each; null: the column is left unmapped.</summary>
    private static void AssertSuggests(ImportKind kind, params (string Header, string? Field)[] expected)
    {
        var suggested = ImportColumnSuggestions.Suggest(kind, expected.Select(e => e.Header).ToList());

        Assert.Equal(expected.Select((e, i) => new ColumnMapping(i, e.Field)), suggested);
    }

    [Fact]
    public void A_HubSpot_contacts_export_is_mapped() => AssertSuggests(ImportKind.Contacts,
        ("Record ID", null), ("First Name", FirstName), ("Last Name", LastName), ("Email", Email), ("Phone Number", Phone),
        ("Job Title", JobTitle), ("Company Name", CompanyName), ("Contact owner", Owner), ("Lifecycle Stage", null),
        ("Associated Company", null), ("Create Date", null));

    [Fact]
    public void HubSpot_names_the_company_by_its_association_when_there_is_no_company_name_column() => AssertSuggests(ImportKind.Contacts,
        ("Email", Email), ("Associated Company", CompanyName), ("Associated Company IDs", null));

    [Fact]
    public void A_Salesforce_contacts_export_is_mapped() => AssertSuggests(ImportKind.Contacts,
        ("Salutation", null), ("First Name", FirstName), ("Last Name", LastName), ("Title", JobTitle), ("Account Name", CompanyName),
        ("Mailing City", null), ("Email", Email), ("Phone", Phone), ("Contact Owner", Owner), ("Lead Source", null));

    [Fact]
    public void A_Salesforce_leads_export_is_mapped() => AssertSuggests(ImportKind.Contacts,
        ("First Name", FirstName), ("Last Name", LastName), ("Company", CompanyName), ("Email", Email), ("Lead Owner", Owner),
        ("Lead Status", null));

    [Fact]
    public void A_Salesforce_opportunities_export_is_mapped() => AssertSuggests(ImportKind.Deals,
        ("Opportunity Name", Title), ("Account Name", CompanyName), ("Amount", Value), ("Stage", Stage), ("Close Date", ExpectedCloseDate),
        ("Probability (%)", Probability), ("Opportunity Owner", Owner), ("Fiscal Period", null));

    [Fact]
    public void A_Salesforce_accounts_export_is_mapped() => AssertSuggests(ImportKind.Companies,
        ("Account Name", Name), ("Website", Website), ("Industry", Industry), ("Phone", Phone), ("Billing Street", AddressLine),
        ("Billing City", City), ("Billing State/Province", Region), ("Billing Zip/Postal Code", PostalCode), ("Billing Country", Country),
        ("Shipping City", null), ("Account Owner", Owner));

    [Fact]
    public void A_Pipedrive_people_export_is_mapped_with_the_full_name_in_one_column() => AssertSuggests(ImportKind.Contacts,
        ("Person - Name", FullName), ("Person - Email", Email), ("Person - Phone", Phone), ("Person - Organization", CompanyName),
        ("Person - Owner", Owner), ("Person - Labels", ImportFields.Tags), ("Person - ID", null));

    [Fact]
    public void A_Pipedrive_organizations_export_is_mapped() => AssertSuggests(ImportKind.Companies,
        ("Organization - Name", Name), ("Organization - Address", AddressLine), ("Organization - Owner", Owner),
        ("Organization - Labels", ImportFields.Tags));

    [Fact]
    public void A_Pipedrive_deals_export_is_mapped() => AssertSuggests(ImportKind.Deals,
        ("Deal - Title", Title), ("Deal - Value", Value), ("Deal - Currency", Currency), ("Deal - Stage", Stage),
        ("Deal - Pipeline", Pipeline), ("Deal - Expected close date", ExpectedCloseDate), ("Deal - Owner", Owner),
        ("Deal - Organization", CompanyName), ("Person - Email", ContactEmail), ("Person - Name", null), ("Deal - Status", null));

    [Fact]
    public void A_Google_Contacts_export_is_mapped_and_its_name_column_left_to_the_given_and_family_names() => AssertSuggests(ImportKind.Contacts,
        ("Name", null), ("Given Name", FirstName), ("Additional Name", null), ("Family Name", LastName), ("Nickname", null),
        ("Notes", Notes), ("Group Membership", null), ("E-mail 1 - Type", null), ("E-mail 1 - Value", Email),
        ("E-mail 2 - Value", null), ("Phone 1 - Type", null), ("Phone 1 - Value", Phone), ("Organization 1 - Name", CompanyName),
        ("Organization 1 - Title", JobTitle));

    [Fact]
    public void An_Outlook_export_is_mapped_with_the_business_phone_first_and_its_salutation_left_out() => AssertSuggests(ImportKind.Contacts,
        ("Title", null), ("First Name", FirstName), ("Middle Name", null), ("Last Name", LastName), ("Company", CompanyName),
        ("Job Title", JobTitle), ("Business Phone", Phone), ("Mobile Phone", null), ("E-mail Address", Email), ("E-mail 2 Address", null),
        ("Categories", ImportFields.Tags), ("Notes", Notes));

    [Fact]
    public void German_headers_are_mapped() => AssertSuggests(ImportKind.Contacts,
        ("Vorname", FirstName), ("Nachname", LastName), ("E-Mail", Email), ("Telefon", Phone), ("Firma", CompanyName),
        ("Position", JobTitle), ("Notizen", Notes));

    [Fact]
    public void French_headers_are_mapped() => AssertSuggests(ImportKind.Contacts,
        ("Prénom", FirstName), ("Nom", LastName), ("Courriel", Email), ("Téléphone", Phone), ("Société", CompanyName),
        ("Poste", JobTitle), ("Étiquettes", ImportFields.Tags));

    [Fact]
    public void Spanish_headers_are_mapped() => AssertSuggests(ImportKind.Contacts,
        ("Nombre", FirstName), ("Apellido(s)", LastName), ("Correo electrónico", Email), ("Teléfono", Phone), ("Empresa", CompanyName),
        ("Cargo", JobTitle));

    [Fact]
    public void A_plain_Spanish_mail_column_is_the_email() => AssertSuggests(ImportKind.Contacts,
        ("Nombre", FirstName), ("Apellido", LastName), ("Correo", Email));

    [Fact]
    public void Plain_contact_headers_are_mapped() => AssertSuggests(ImportKind.Contacts,
        ("name", FullName), ("email", Email), ("phone", Phone), ("company", CompanyName), ("website", CompanyDomain),
        ("owner", Owner), ("tags", ImportFields.Tags), ("notes", Notes), ("city", null));

    [Fact]
    public void Plain_company_headers_are_mapped() => AssertSuggests(ImportKind.Companies,
        ("name", Name), ("domain", Domain), ("website", Website), ("industry", Industry), ("address", AddressLine), ("city", City),
        ("state", Region), ("zip", PostalCode), ("country", Country), ("owner", Owner), ("tags", ImportFields.Tags));

    [Fact]
    public void Plain_deal_headers_are_mapped() => AssertSuggests(ImportKind.Deals,
        ("title", Title), ("amount", Value), ("currency", Currency), ("pipeline", Pipeline), ("stage", Stage),
        ("probability", Probability), ("close date", ExpectedCloseDate), ("company", CompanyName), ("contact email", ContactEmail),
        ("owner", Owner), ("tags", ImportFields.Tags));

    [Fact]
    public void A_full_name_column_is_suggested_when_no_column_holds_first_or_last_names() => AssertSuggests(ImportKind.Contacts,
        ("Full Name", FullName), ("Email", Email));

    [Fact]
    public void Name_and_title_mean_what_the_kind_makes_them_mean()
    {
        Assert.Equal(new string?[] { FullName, JobTitle }, Fields(ImportKind.Contacts, "Name", "Title"));
        Assert.Equal(new string?[] { Name, null }, Fields(ImportKind.Companies, "Name", "Title"));
        Assert.Equal(new string?[] { Title, null }, Fields(ImportKind.Deals, "Title", "Name"));
    }

    [Theory]
    [InlineData("FIRST NAME")]
    [InlineData("first_name")]
    [InlineData("firstName")]
    [InlineData("  First-Name: ")]
    [InlineData("PRÉNOM")]
    [InlineData("prenom")]
    public void Case_accents_spaces_and_punctuation_do_not_matter(string header) =>
        Assert.Equal(new string?[] { FirstName }, Fields(ImportKind.Contacts, header));

    [Fact]
    public void A_field_goes_to_one_column_only_the_best_named_one()
    {
        // "Work Email" is known only by dropping its qualifier: the plain "Email" further right is the better match.
        Assert.Equal(new string?[] { null, Email, null }, Fields(ImportKind.Contacts, "Work Email", "Email", "email"));
        Assert.Equal(new string?[] { Email, null }, Fields(ImportKind.Contacts, "Email", "Email"));
    }

    [Fact]
    public void Headers_that_mean_nothing_to_a_kind_are_left_unmapped() =>
        Assert.Equal(new string?[] { null, null, null, null }, Fields(ImportKind.Deals, "", "Column 1", "Birthday", "???"));

    [Fact]
    public void A_column_headed_with_a_field_s_own_key_or_label_maps_to_that_field()
    {
        foreach (var kind in Enum.GetValues<ImportKind>())
        foreach (var field in ImportFields.For(kind))
        {
            Assert.Equal(field.Key, Fields(kind, field.Key).Single());
            Assert.Equal(field.Key, Fields(kind, field.Label).Single());
        }
    }

    private static IEnumerable<string?> Fields(ImportKind kind, params string[] headers) =>
        ImportColumnSuggestions.Suggest(kind, headers).Select(m => m.Field);
}
