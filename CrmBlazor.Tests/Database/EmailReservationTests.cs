using CrmBlazor.Features.Account;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// An email is reserved only once confirmed (ux_users_normalized_email, partial WHERE email_confirmed):
/// a squatter's unconfirmed sign-up never blocks the address's real owner, and the first confirmation wins.
/// </summary>
public sealed class EmailReservationTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private CrmAppFactory app = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        app = new CrmAppFactory(database.AppConnectionString);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_second_unconfirmed_sign_up_succeeds_the_first_confirmation_wins_and_the_index_refuses_a_second_confirmed_user()
    {
        var email = $"ceo-{Guid.NewGuid():N}@victim.example";
        var first = await RegisterAsync("Real Owner Co", email);
        var firstLink = (await app.Mail.WaitForAsync(email, "Confirm your email", Ct)).Links.Single();
        var second = await RegisterAsync("Squatter Co", email);
        Assert.NotEqual(first.TenantId, second.TenantId);

        Assert.Equal(ConfirmOutcome.Confirmed, await ConfirmAsync(firstLink));
        // The second sign-up's mail is sent from the queue: wait for it, not the first one again.
        var secondLink = (await app.Mail.WaitForAsync(email, "Confirm your email", Ct, matching: m => m.Links.Single() != firstLink)).Links.Single();
        Assert.NotEqual(firstLink, secondLink);
        Assert.Equal(ConfirmOutcome.EmailTaken, await ConfirmAsync(secondLink));

        await using var asSecond = await DbSession.OpenAsync(database.AppConnectionString, second.TenantId, second.Id);
        await asSecond.RejectsAsync(PostgresErrorCodes.UniqueViolation, "ux_users_normalized_email",
            "users where id = @u and email_confirmed", "update users set email_confirmed = true where id = @u", ("u", second.Id));

        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        Assert.Equal(first.Id, await owner.ScalarAsync<Guid>("select user_id from crm_find_user_for_sign_in(upper(@e))", ("e", email)));
    }

    private async Task<Data.Entities.User> RegisterAsync(string organization, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<RegistrationService>()
            .RegisterAsync(new(organization, "Some Founder", email, "Founder-password-1"), NewOrganization.LinkBase, Ct);
        return result.Owner ?? throw new InvalidOperationException(string.Join(" ", result.Errors.Values));
    }

    private async Task<ConfirmOutcome> ConfirmAsync(string link)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query);
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EmailConfirmationService>()
            .ConfirmAsync(Guid.Parse(query["userId"]!), query["code"], Ct);
    }
}
