using Bunit;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static CrmBlazor.Tests.Infrastructure.DialogFields;

namespace CrmBlazor.Tests.Components;

/// <summary>The contact dialog against the real services and a real database, acting as the demo member.</summary>
public sealed class ContactDialogTests(CrmDatabase database) : DemoAppBunitContext(database, actingAs: DemoTenant.Member)
{
    [Fact]
    public async Task Saving_without_a_name_and_with_a_malformed_email_shows_both_errors_next_to_their_fields()
    {
        var dialog = await OpenNewContactDialogAsync();

        await dialog.InvokeAsync(() => Input(dialog, "Email").Change("not-an-email"));
        await dialog.InvokeAsync(() => SaveButton(dialog).Click());

        dialog.WaitForAssertion(() =>
        {
            Assert.Equal("Enter a first or a last name.", ErrorUnder(dialog, "First name"));
            Assert.Equal("Enter a valid email address, like name@example.com.", ErrorUnder(dialog, "Email"));
        });
    }

    [Fact]
    public async Task A_duplicate_email_offers_a_link_to_the_existing_contact()
    {
        var contacts = ActingServices.GetRequiredService<ContactService>();
        var existing = (await contacts.SearchAsync(new ContactQuery(), Xunit.TestContext.Current.CancellationToken)).Rows.First(r => r.Email is not null);
        var dialog = await OpenNewContactDialogAsync();

        await dialog.InvokeAsync(() => Input(dialog, "Last name").Change("Twin"));
        await dialog.InvokeAsync(() => Input(dialog, "Email").Change(existing.Email!));
        await dialog.InvokeAsync(() => SaveButton(dialog).Click());

        dialog.WaitForAssertion(() =>
        {
            Assert.Equal(ContactService.DuplicateEmail, ErrorUnder(dialog, "Email"));
            Assert.Equal($"/contacts/{existing.Id}", dialog.Find("a[href^='/contacts/']").GetAttribute("href"));
        });
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenNewContactDialogAsync()
    {
        var provider = await ShowDialogAsync<ContactDialog>("New contact");
        provider.WaitForAssertion(() => Assert.NotNull(Input(provider, "Email")));
        return provider;
    }
}
