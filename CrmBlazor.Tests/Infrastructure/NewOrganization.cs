using CrmBlazor.Features.Account;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A tenant of its own, registered as a visitor of the sign-up page would: its founder is its only user and Owner.</summary>
public static class NewOrganization
{
    public const string FounderPassword = "Founder-password-1";

    /// <summary>Registers <paramref name="organization"/> with <paramref name="founder"/> and returns the founder's fresh email.</summary>
    public static async Task<string> RegisterAsync(this CrmAppFactory app, string organization, string founder)
    {
        var email = $"founder-{Guid.NewGuid():N}@example.com";
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<RegistrationService>()
            .RegisterAsync(new(organization, founder, email, FounderPassword), TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, $"registering {organization} failed");
        return email;
    }
}
