using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tests.Import;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>The phone rule of ck_contacts_phone_format and ck_companies_phone_format, said next to the field by the forms and per row by the import.</summary>
public sealed class PhoneValidationTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_contact_with_words_for_a_phone_is_refused_next_to_the_field_and_nothing_is_saved()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();

        var refused = await contacts.CreateAsync(new ContactForm { FirstName = "Wordy", LastName = "Phone", Phone = "call after 5" }, Ct);
        var saved = await contacts.CreateAsync(new ContactForm { FirstName = "Tidy", LastName = "Phone", Phone = "+1 555 0100 ext. 12" }, Ct);

        Assert.Equal(PhoneNumber.Invalid, refused.Errors[nameof(ContactForm.Phone)]);
        Assert.True(saved.Succeeded, string.Join(", ", saved.Errors.Values));
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        Assert.Equal(0L, await session.CountAsync("contacts where last_name = 'Phone' and first_name = 'Wordy'"));
    }

    [Fact]
    public async Task A_company_with_a_phone_of_two_digits_is_refused_next_to_the_field()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();

        var result = await companies.CreateAsync(new CompanyForm { Name = "Short Number Co", Phone = "12" }, Ct);

        Assert.Equal(PhoneNumber.Invalid, result.Errors[nameof(CompanyForm.Phone)]);
    }

    [Fact]
    public async Task The_import_review_names_the_row_whose_phone_is_not_a_phone_number()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        var u = Guid.NewGuid().ToString("N")[..8];

        var reviewed = await steps.ReviewAsync($"First Name,Last Name,Email,Phone\n" +
                                               $"Ava,Dubois,ava.{u}@example.com,+33 1 42 68 53 00\n" +
                                               $"Ben,Okafor,ben.{u}@example.com,ask reception\n");

        Assert.Equal((2L, 1L, 1L), (reviewed.Review!.Rows, reviewed.Review.Valid, reviewed.Review.Invalid));
        var issue = Assert.Single(reviewed.Review.FirstIssues);
        Assert.Equal((3L, "“ask reception” is not a phone number: use digits, spaces and + ( ) - . only, and at least three digits."),
            (issue.RowNumber, issue.Problem));
    }
}
