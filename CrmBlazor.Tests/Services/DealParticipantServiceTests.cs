using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Deals;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// Companies on a deal: the company-role rule the database enforces, one primary per role, commissions, and the
/// primary customer, which is the deal's company and follows the deal form.
/// </summary>
public sealed class DealParticipantServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    [Fact]
    public async Task A_principal_whose_company_lacks_the_role_is_refused_by_the_database_and_explained()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var deal = await NewDealAsync(session, await session.AddCompanyAsync());
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
        Assert.Equal(0L, await session.CountAsync("deal_participants where deal_id = @d and role = 'principal'", ("d", deal)));

        await session.AddCompanyRoleAsync(acme, CompanyRole.Principal);
        Assert.True((await participants.AddAsync(deal, asPrincipal, Ct)).Succeeded);
        Assert.Equal(1L, await session.CountAsync("deal_participants where deal_id = @d and role = 'principal'", ("d", deal)));
    }

    [Fact]
    public async Task Making_another_participant_primary_leaves_exactly_one_primary_in_that_role()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var customer = await session.AddCompanyAsync();
        var deal = await NewDealAsync(session, customer);
        var (first, second) = (await session.AddCompanyAsync(), await session.AddCompanyAsync());
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var participants = scope.ServiceProvider.GetRequiredService<DealParticipantService>();
        await participants.AddAsync(deal, new ParticipantForm { CompanyId = first, Role = DealParticipant.Partner, IsPrimary = true }, Ct);
        var added = await participants.AddAsync(deal, new ParticipantForm { CompanyId = second, Role = DealParticipant.Partner, IsPrimary = true }, Ct);
        Assert.True(added.Succeeded, string.Join(", ", added.Errors.Values));
        Assert.Equal([customer, second], await PrimariesAsync(session, deal));

        var firstRow = (await participants.ListAsync(deal, Ct)).Single(p => p.CompanyId == first);
        Assert.True((await participants.SetPrimaryAsync(firstRow.Id, true, Ct)).Succeeded);

        Assert.Equal([customer, first], await PrimariesAsync(session, deal));
    }

    [Fact]
    public async Task A_primary_switch_that_fails_midway_keeps_the_old_primary()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var customer = await session.AddCompanyAsync();
        var deal = await NewDealAsync(session, customer);
        var (old, challenger) = (await session.AddCompanyAsync(), await session.AddCompanyAsync());
        await session.AddParticipantAsync(deal, old, DealParticipant.Partner, isPrimary: true);
        var challengerRow = await session.AddParticipantAsync(deal, challenger, DealParticipant.Partner);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var participants = scope.ServiceProvider.GetRequiredService<DealParticipantService>();
        participants.AfterPrimaryClearedAsync = () => throw new InjectedFailure();

        await Assert.ThrowsAsync<InjectedFailure>(() => participants.SetPrimaryAsync(challengerRow, true, Ct));

        Assert.Equal([customer, old], await PrimariesAsync(session, deal));
    }

    [Fact]
    public async Task A_commission_is_kept_as_the_fraction_the_column_stores_and_out_of_range_is_refused()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var deal = await NewDealAsync(session, await session.AddCompanyAsync());
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var participants = scope.ServiceProvider.GetRequiredService<DealParticipantService>();

        var tooHigh = await participants.AddAsync(deal, new ParticipantForm { CompanyId = await session.AddCompanyAsync(), CommissionPercent = 150 }, Ct);
        await participants.AddAsync(deal, new ParticipantForm { CompanyId = await session.AddCompanyAsync(), CommissionPercent = 5.25m }, Ct);

        Assert.Equal(ParticipantForm.InvalidCommission, tooHigh.Errors[nameof(ParticipantForm.CommissionPercent)]);
        Assert.Equal(0.0525m, await session.ScalarAsync<decimal>("select commission_rate from deal_participants where deal_id = @d and not is_primary", ("d", deal)));
        Assert.Equal(5.25m, (await participants.ListAsync(deal, Ct)).Single(p => !p.IsPrimary).CommissionPercent);
    }

    [Fact]
    public async Task The_deals_company_is_its_primary_customer_which_the_panel_neither_replaces_nor_removes()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var (customer, other) = (await session.AddCompanyAsync(), await session.AddCompanyAsync());
        var deal = await NewDealAsync(session, customer);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var participants = scope.ServiceProvider.GetRequiredService<DealParticipantService>();
        var customerRow = Assert.Single(await participants.ListAsync(deal, Ct));
        Assert.Equal((customer, DealParticipant.Customer, true), (customerRow.CompanyId, customerRow.Role, customerRow.IsPrimary));

        var asPrimary = await participants.AddAsync(deal, new ParticipantForm { CompanyId = other, IsPrimary = true }, Ct);
        Assert.True((await participants.AddAsync(deal, new ParticipantForm { CompanyId = other }, Ct)).Succeeded);
        var otherRow = (await participants.ListAsync(deal, Ct)).Single(p => p.CompanyId == other);
        var starred = await participants.SetPrimaryAsync(otherRow.Id, true, Ct);
        var unstarred = await participants.SetPrimaryAsync(customerRow.Id, false, Ct);
        var removed = await participants.RemoveAsync(customerRow.Id, Ct);

        Assert.All([asPrimary, starred, unstarred, removed],
            r => Assert.Equal(DealParticipantService.PrimaryCustomerIsDealCompany, r.Errors[nameof(ParticipantForm.IsPrimary)]));
        Assert.Equal([customer], await PrimariesAsync(session, deal));
        Assert.True((await participants.RemoveAsync(otherRow.Id, Ct)).Succeeded);
        Assert.Equal(1L, await session.CountAsync("deal_participants where deal_id = @d", ("d", deal)));
    }

    [Fact]
    public async Task A_deal_without_a_company_takes_participants_once_the_deal_form_gives_it_one()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var deal = await NewDealAsync(session);
        var (partner, customer) = (await session.AddCompanyAsync(), await session.AddCompanyAsync());
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var participants = scope.ServiceProvider.GetRequiredService<DealParticipantService>();
        var deals = scope.ServiceProvider.GetRequiredService<DealService>();
        var asPartner = new ParticipantForm { CompanyId = partner, Role = DealParticipant.Partner };

        var refused = await participants.AddAsync(deal, asPartner, Ct);
        var form = (await deals.GetAsync(deal, Ct))!.ToForm();
        form.CompanyId = customer;
        Assert.True((await deals.UpdateAsync(deal, form, Ct)).Succeeded);
        var added = await participants.AddAsync(deal, asPartner, Ct);

        Assert.Equal(DealParticipantService.DealNeedsCompany, refused.Errors[nameof(ParticipantForm.CompanyId)]);
        Assert.True(added.Succeeded, string.Join(", ", added.Errors.Values));
        Assert.Equal([customer], await PrimariesAsync(session, deal));
    }

    [Fact]
    public async Task The_deal_form_moves_the_primary_customer_and_keeps_the_company_while_others_take_part()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var (first, second, partner) = (await session.AddCompanyAsync(), await session.AddCompanyAsync(), await session.AddCompanyAsync());
        var deal = await NewDealAsync(session, first);
        await session.AddParticipantAsync(deal, partner, DealParticipant.Partner, isPrimary: true);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var deals = scope.ServiceProvider.GetRequiredService<DealService>();

        var form = (await deals.GetAsync(deal, Ct))!.ToForm();
        form.CompanyId = second;
        Assert.True((await deals.UpdateAsync(deal, form, Ct)).Succeeded);
        var moved = await PrimariesAsync(session, deal);
        form = (await deals.GetAsync(deal, Ct))!.ToForm();
        form.CompanyId = null;
        var cleared = await deals.UpdateAsync(deal, form, Ct);

        Assert.Equal([second, partner], moved);
        Assert.Equal(0L, await session.CountAsync("deal_participants where deal_id = @d and company_id = @c", ("d", deal), ("c", first)));
        Assert.Equal(DealConstraints.ParticipantsNeedCompany, cleared.Errors[nameof(DealForm.CompanyId)]);
        Assert.Equal([second, partner], await PrimariesAsync(session, deal));
    }

    private static async Task<Guid> NewDealAsync(DbSession session, Guid? companyId = null)
    {
        var pipeline = await session.ScalarAsync<Guid>("select id from pipelines where name = 'Sales'");
        var prospecting = await session.ScalarAsync<Guid>("select id from pipeline_stages where pipeline_id = @p and position = 0", ("p", pipeline));
        return await session.AddDealAsync(new TestPipeline(pipeline, [prospecting]), companyId: companyId);
    }

    /// <summary>The primary participants' companies, by role order (customer, principal, distributor, partner).</summary>
    private static Task<List<Guid>> PrimariesAsync(DbSession session, Guid deal) =>
        session.ListAsync<Guid>("""
            select company_id from deal_participants where deal_id = @d and is_primary
            order by array_position(array['customer', 'principal', 'distributor', 'partner'], role::text)
            """, ("d", deal));

    private sealed class InjectedFailure : Exception;
}
