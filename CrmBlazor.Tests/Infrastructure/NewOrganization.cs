using CrmBlazor.Features.Account;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A tenant of its own, registered as a visitor of the sign-up page would: its founder is its only user and Owner.</summary>
public static class NewOrganization
{
    public const string FounderPassword = "Founder-password-1";

    /// <summary>The address mailed links start with when a test registers through the service.</summary>
    public const string LinkBase = "http://crm.test/";

    /// <summary>Registers <paramref name="organization"/> with <paramref name="founder"/>, confirms by the mailed link, and returns the founder's fresh email.</summary>
    public static async Task<string> RegisterAsync(this CrmAppFactory app, string organization, string founder)
    {
        var email = $"founder-{Guid.NewGuid():N}@example.com";
        await app.RegisterConfirmedAsync(new(organization, founder, email, FounderPassword));
        return email;
    }

    /// <summary>Registers as the sign-up page would, then opens the confirmation link the sink caught.</summary>
    public static async Task<RegistrationResult> RegisterConfirmedAsync(this CrmAppFactory app, Registration form)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<RegistrationService>()
            .RegisterAsync(form, LinkBase, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, $"registering {form.Organization} failed");
        Assert.Equal(ConfirmOutcome.Confirmed, await app.ConfirmByMailAsync(form.Email));
        return result;
    }

    /// <summary>Opens the newest confirmation link mailed to <paramref name="email"/>, through the service the page calls.</summary>
    public static async Task<ConfirmOutcome> ConfirmByMailAsync(this CrmAppFactory app, string email)
    {
        var mail = await app.Mail.WaitForAsync(email, "Confirm your email", TestContext.Current.CancellationToken);
        var query = QueryHelpers.ParseQuery(new Uri(mail.Links.Single()).Query);
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EmailConfirmationService>()
            .ConfirmAsync(Guid.Parse(query["userId"]!), query["code"], TestContext.Current.CancellationToken);
    }
}
