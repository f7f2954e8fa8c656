using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Deals;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmBlazor.Tests.Services;

/// <summary>Companies on a deal: the company-role rule the database enforces, one primary per role, commissions.</summary>
public sealed class DealParticipantServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    [Fact]
    public async Task A_principal_whose_company_lacks_the_role_is_refused_by_the_database_and_explained()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var deal = await NewDealAsync(session);
        var name = "Acme " + Guid.NewGuid().ToString("N")[..6];
        var acme = await session.AddCompanyAsync(name);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        // Recorded, to show the refusal is the database's foreign key and not a guess made before asking it.
        var recording = new RecordingDbContextFactory(scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>(),
            scope.ServiceProvider.GetRequiredService<ITenantContext>());
        var participants = new DealParticipantService(recording, scope.ServiceProvider.GetRequiredService<PermissionGuard>());
        var asPrincipal = new ParticipantForm { CompanyId = acme, Role = DealParticipant.Principal, IsPrimary = true };

        var refused = await participants.AddAsync(deal, asPrincipal, Ct);

        Assert.Equal($"{name} is not registered as a principal. Add the Principal role on its company page first.",
            refused.Errors[nameof(ParticipantForm.CompanyId)]);
        Assert.Equal(acme, refused.CompanyLackingRole);
        Assert.Contains(recording.Commands, c => c.Contains("INSERT INTO deal_participants"));
        Assert.Equal(0L, await session.CountAsync("deal_participants where deal_id = @d", ("d", deal)));

        await session.AddCompanyRoleAsync(acme, CompanyRole.Principal);
        Assert.True((await participants.AddAsync(deal, asPrincipal, Ct)).Succeeded);
        Assert.Equal(1L, await session.CountAsync("deal_participants where deal_id = @d and role = 'principal'", ("d", deal)));
    }

    [Fact]
    public async Task Making_another_participant_primary_leaves_exactly_one_primary_in_that_role()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var deal = await NewDealAsync(session);
        var (first, second, partner) = (await session.AddCompanyAsync(), await session.AddCompanyAsync(), await session.AddCompanyAsync());
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var participants = scope.ServiceProvider.GetRequiredService<DealParticipantService>();
        await participants.AddAsync(deal, new ParticipantForm { CompanyId = first, IsPrimary = true }, Ct);
        await participants.AddAsync(deal, new ParticipantForm { CompanyId = partner, Role = DealParticipant.Partner, IsPrimary = true }, Ct);
        var added = await participants.AddAsync(deal, new ParticipantForm { CompanyId = second, IsPrimary = true }, Ct);
        Assert.True(added.Succeeded, string.Join(", ", added.Errors.Values));
        Assert.Equal([second, partner], await PrimariesAsync(session, deal));

        var firstRow = (await participants.ListAsync(deal, Ct)).Single(p => p.CompanyId == first);
        Assert.True((await participants.SetPrimaryAsync(firstRow.Id, true, Ct)).Succeeded);

        Assert.Equal([first, partner], await PrimariesAsync(session, deal));
    }

    [Fact]
    public async Task A_primary_switch_that_fails_midway_keeps_the_old_primary()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var deal = await NewDealAsync(session);
        var (old, challenger) = (await session.AddCompanyAsync(), await session.AddCompanyAsync());
        await session.AddParticipantAsync(deal, old, isPrimary: true);
        var challengerRow = await session.AddParticipantAsync(deal, challenger);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var participants = scope.ServiceProvider.GetRequiredService<DealParticipantService>();
        participants.AfterPrimaryClearedAsync = () => throw new InjectedFailure();

        await Assert.ThrowsAsync<InjectedFailure>(() => participants.SetPrimaryAsync(challengerRow, true, Ct));

        Assert.Equal([old], await PrimariesAsync(session, deal));
    }

    [Fact]
    public async Task A_commission_is_kept_as_the_fraction_the_column_stores_and_out_of_range_is_refused()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var deal = await NewDealAsync(session);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var participants = scope.ServiceProvider.GetRequiredService<DealParticipantService>();

        var tooHigh = await participants.AddAsync(deal, new ParticipantForm { CompanyId = await session.AddCompanyAsync(), CommissionPercent = 150 }, Ct);
        await participants.AddAsync(deal, new ParticipantForm { CompanyId = await session.AddCompanyAsync(), CommissionPercent = 5.25m }, Ct);

        Assert.Equal(ParticipantForm.InvalidCommission, tooHigh.Errors[nameof(ParticipantForm.CommissionPercent)]);
        Assert.Equal(0.0525m, await session.ScalarAsync<decimal>("select commission_rate from deal_participants where deal_id = @d", ("d", deal)));
        Assert.Equal(5.25m, (await participants.ListAsync(deal, Ct)).Single().CommissionPercent);
    }

    private static async Task<Guid> NewDealAsync(DbSession session)
    {
        var pipeline = await session.ScalarAsync<Guid>("select id from pipelines where name = 'Sales'");
        var prospecting = await session.ScalarAsync<Guid>("select id from pipeline_stages where pipeline_id = @p and position = 0", ("p", pipeline));
        return await session.AddDealAsync(new TestPipeline(pipeline, [prospecting]));
    }

    /// <summary>The primary participants' companies, by role order (customer, principal, distributor, partner).</summary>
    private static Task<List<Guid>> PrimariesAsync(DbSession session, Guid deal) =>
        session.ListAsync<Guid>("""
            select company_id from deal_participants where deal_id = @d and is_primary
            order by array_position(array['customer', 'principal', 'distributor', 'partner'], role::text)
            """, ("d", deal));

    private sealed class InjectedFailure : Exception;
}
