using CrmBlazor.Features.Account.TwoFactor;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmBlazor.Tests.Services;

/// <summary>Only the Owner requires two-factor sign-in of the tenant: the service checks it, and so does the database.</summary>
public sealed class TwoFactorPolicyTests(CrmDatabase database) : DemoAppTests(database)
{
    [Fact]
    public async Task The_Owner_requires_two_factor_and_it_is_audited()
    {
        await using (var owner = await DemoTenant.ActAsAsync(App, DemoTenant.Owner))
            await owner.ServiceProvider.GetRequiredService<TwoFactorPolicyService>().SetRequiredAsync(true);

        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        Assert.True(await session.ScalarAsync<bool>("select require_two_factor from tenants"));
        Assert.Equal(1L, await session.CountAsync("audit_logs where event = 'two_factor.required'"));
    }

    [Fact]
    public async Task An_Admin_is_refused_by_the_service_and_by_the_database()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var before = await session.ScalarAsync<bool>("select require_two_factor from tenants"); // the other test may have turned it on
        await using (var admin = await DemoTenant.ActAsAsync(App, DemoTenant.Admin))
            await Assert.ThrowsAsync<PermissionDeniedException>(
                () => admin.ServiceProvider.GetRequiredService<TwoFactorPolicyService>().SetRequiredAsync(!before));

        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege,
            () => session.ExecuteAsync("update tenants set require_two_factor = not require_two_factor"));
        Assert.Equal(before, await session.ScalarAsync<bool>("select require_two_factor from tenants"));
    }
}
