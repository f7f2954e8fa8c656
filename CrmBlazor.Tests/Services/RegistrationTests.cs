using CrmBlazor.Features.Account;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

public sealed class RegistrationTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private CrmAppFactory app = default!;

    public ValueTask InitializeAsync()
    {
        app = new CrmAppFactory(database.AppConnectionString);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Registration_creates_the_tenant_its_owner_the_sales_pipeline_and_audit_rows()
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";

        var result = await RegisterAsync(new("Globex Corporation", "Hank Scorpio", email, "Volcano-lair-2026"));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Values));
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        var tenantId = result.Owner!.TenantId;
        Assert.StartsWith("globex-corporation", await owner.ScalarAsync<string>("select slug from tenants where id = @t", ("t", tenantId)));
        Assert.Equal("Owner", await owner.ScalarAsync<string>(
            "select r.name from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = @u", ("u", result.Owner.Id)));
        Assert.Equal("Prospecting,Qualification,Proposal,Negotiation,Closed Won,Closed Lost", await owner.ScalarAsync<string>(
            "select string_agg(s.name, ',' order by s.position) from pipeline_stages s join pipelines p on p.id = s.pipeline_id where p.tenant_id = @t and p.name = 'Sales' and p.is_default",
            ("t", tenantId)));
        Assert.Equal(1L, await owner.ScalarAsync<long>("select count(*) from audit_logs where tenant_id = @t and event = 'tenant.register'", ("t", tenantId)));
        Assert.True(await owner.ScalarAsync<long>("select count(*) from audit_logs where tenant_id = @t and action = 'insert'", ("t", tenantId)) >= 9);
    }

    [Theory]
    [InlineData(RegistrationStep.Tenant)]
    [InlineData(RegistrationStep.Owner)]
    [InlineData(RegistrationStep.OwnerRole)]
    [InlineData(RegistrationStep.Pipeline)]
    [InlineData(RegistrationStep.Audit)]
    public async Task A_failure_after_any_step_leaves_no_row_behind(RegistrationStep failingStep)
    {
        var email = $"doomed-{Guid.NewGuid():N}@example.com";
        var organization = $"Doomed {failingStep} {Guid.NewGuid():N}";

        await Assert.ThrowsAsync<InjectedFailure>(() => RegisterAsync(new(organization, "Doomed Owner", email, "Doomed-password-1"),
            step => step == failingStep ? throw new InjectedFailure() : Task.CompletedTask));

        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        var slug = TenantSlug.From(organization);
        Assert.Equal(0L, await owner.ScalarAsync<long>("select count(*) from tenants where slug like @s || '%'", ("s", slug)));
        Assert.Equal(0L, await owner.ScalarAsync<long>("select count(*) from users where normalized_email = upper(@e)", ("e", email)));
        Assert.Equal(0L, await owner.ScalarAsync<long>("select count(*) from pipelines where tenant_id not in (select id from tenants)"));
        Assert.Equal(0L, await owner.ScalarAsync<long>("select count(*) from pipeline_stages where tenant_id not in (select id from tenants)"));
        Assert.Equal(0L, await owner.ScalarAsync<long>("select count(*) from audit_logs where tenant_id not in (select id from tenants)"));
    }

    [Fact]
    public async Task An_email_with_an_account_is_answered_like_a_new_one_creates_nothing_and_mails_its_holder()
    {
        var email = $"taken-{Guid.NewGuid():N}@example.com";
        await app.RegisterConfirmedAsync(new("First Org", "First Owner", email, "First-password-1"));

        var second = await RegisterAsync(new("Second Org", "Second Owner", email.ToUpperInvariant(), "Second-password-1"));

        Assert.True(second.Succeeded);
        Assert.Empty(second.Errors);
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        Assert.Equal(1L, await owner.ScalarAsync<long>("select count(*) from users where normalized_email = upper(@e)", ("e", email)));
        Assert.Equal(0L, await owner.ScalarAsync<long>("select count(*) from tenants where name = 'Second Org'"));
        var note = await app.Mail.WaitForAsync(email, "Someone tried to register", TestContext.Current.CancellationToken);
        Assert.Contains("First Owner", note.Text);
    }

    [Fact]
    public async Task A_new_owner_is_unconfirmed_until_the_mailed_link_is_opened()
    {
        var email = $"fresh-{Guid.NewGuid():N}@example.com";

        var result = await RegisterAsync(new("Fresh Org", "Fred Fresh", email, "Fresh-password-1"));

        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        Assert.False(await owner.ScalarAsync<bool>("select email_confirmed from users where id = @u", ("u", result.Owner!.Id)));
        Assert.Equal(ConfirmOutcome.Confirmed, await app.ConfirmByMailAsync(email));
        Assert.True(await owner.ScalarAsync<bool>("select email_confirmed from users where id = @u", ("u", result.Owner!.Id)));
        Assert.Equal(1L, await owner.ScalarAsync<long>(
            "select count(*) from audit_logs where event = 'user.email_confirmed' and record_id = @u", ("u", result.Owner!.Id)));
    }

    [Fact]
    public async Task Two_organizations_with_the_same_name_get_different_slugs()
    {
        var name = $"Initech {Guid.NewGuid():N}";
        var first = await RegisterAsync(new(name, "Bill Lumbergh", $"a-{Guid.NewGuid():N}@example.com", "Initech-password-1"));
        var second = await RegisterAsync(new(name, "Peter Gibbons", $"b-{Guid.NewGuid():N}@example.com", "Initech-password-2"));

        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        var slugs = new[] { first, second }.Select(r => r.Owner!.TenantId).ToList();
        Assert.Equal(2L, await owner.ScalarAsync<long>("select count(distinct slug) from tenants where id = any(@ids)", ("ids", slugs.ToArray())));
    }

    private async Task<RegistrationResult> RegisterAsync(Registration form, Func<RegistrationStep, Task>? afterStep = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var registrations = scope.ServiceProvider.GetRequiredService<RegistrationService>();
        if (afterStep is not null) registrations.AfterStepAsync = afterStep;
        return await registrations.RegisterAsync(form, NewOrganization.LinkBase, TestContext.Current.CancellationToken);
    }

    private sealed class InjectedFailure : Exception;
}
