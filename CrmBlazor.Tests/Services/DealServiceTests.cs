using CrmBlazor.Features.Board;
using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmBlazor.Tests.Services;

/// <summary>Creating, editing, deleting and restoring deals as the demo member, against the real database.</summary>
public sealed class DealServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    [Fact]
    public async Task A_deal_without_a_stage_lands_at_the_bottom_of_the_first_open_stage_and_open_boards_hear_of_it()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var pipeline = await PipelineAsync(session, ("Lead", "open", 15), ("Offer", "open", 60), ("Signed already", "won", 100));
        var lead = pipeline.StageIds[0];
        await session.AddDealAsync(pipeline, lead, rank: "m");
        var heard = new TaskCompletionSource<PipelineChange>();
        using var board = App.Services.GetRequiredService<IPipelineChangeFeed>()
            .Subscribe(await TenantAsync(session), pipeline.Id, change => { heard.TrySetResult(change); return Task.CompletedTask; });
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);

        var saved = await scope.ServiceProvider.GetRequiredService<DealService>()
            .CreateAsync(new DealForm { Title = "Landing test", PipelineId = pipeline.Id, Value = 1200, Currency = " eur " }, Ct);

        Assert.True(saved.Succeeded, string.Join(", ", saved.Errors.Values));
        Assert.Equal(lead, await session.ScalarAsync<Guid>("select stage_id from deals where id = @d", ("d", saved.Id)));
        Assert.Equal(15, await session.ScalarAsync<int>("select probability from deals where id = @d", ("d", saved.Id)));
        Assert.Equal("EUR", await session.ScalarAsync<string>("select currency from deals where id = @d", ("d", saved.Id)));
        Assert.True(string.CompareOrdinal(await session.ScalarAsync<string>("select rank from deals where id = @d", ("d", saved.Id)), "m") > 0);
        Assert.Equal(new PipelineChange(await TenantAsync(session), pipeline.Id), await heard.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task The_probability_follows_the_chosen_stage_unless_one_is_given()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var deals = scope.ServiceProvider.GetRequiredService<DealService>();
        var proposal = await StageAsync("Proposal");

        var defaulted = await deals.CreateAsync(new DealForm { Title = "Stage default", StageId = proposal, PipelineId = await SalesAsync() }, Ct);
        var given = await deals.CreateAsync(new DealForm { Title = "Own guess", StageId = proposal, PipelineId = await SalesAsync(), Probability = 33 }, Ct);

        Assert.Equal(50, (await deals.GetAsync(defaulted.Id!.Value, Ct))!.Probability);
        Assert.Equal(33, (await deals.GetAsync(given.Id!.Value, Ct))!.Probability);
    }

    [Theory]
    [InlineData("a negative value")]
    [InlineData("a probability above 100")]
    [InlineData("a contact of another company")]
    [InlineData("a stage of another pipeline")]
    public async Task A_deal_with_a_broken_rule_is_refused_next_to_the_field_and_nothing_is_written(string broken)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var title = "Refused " + Guid.NewGuid().ToString("N")[..8];
        var form = new DealForm { Title = title, PipelineId = await SalesAsync(), Value = 10 };
        string field, message;
        switch (broken)
        {
            case "a negative value":
                form.Value = -1;
                (field, message) = (nameof(DealForm.Value), DealForm.NegativeValue);
                break;
            case "a probability above 100":
                form.Probability = 101;
                (field, message) = (nameof(DealForm.Probability), DealForm.InvalidProbability);
                break;
            case "a contact of another company":
                form.CompanyId = await CompanyAsync(session, "Northwind Traders");
                form.ContactId = await ContactAtAsync(session, "Contoso Pharmaceuticals");
                (field, message) = (nameof(DealForm.ContactId), $"{await ContactNameAsync(session, form.ContactId.Value)} does not work at Northwind Traders");
                break;
            default:
                form.StageId = await OtherPipelineStageAsync(session);
                (field, message) = (nameof(DealForm.StageId), "That stage is not part of the Sales pipeline");
                break;
        }
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);

        var result = await scope.ServiceProvider.GetRequiredService<DealService>().CreateAsync(form, Ct);

        Assert.False(result.Succeeded);
        Assert.StartsWith(message, result.Errors[field]);
        Assert.Equal(0L, await session.CountAsync("deals where title = @t", ("t", title)));
    }

    [Fact]
    public async Task The_databases_own_deal_rules_read_as_the_same_field_messages()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var northwind = await CompanyAsync(session, "Northwind Traders");
        var contosoContact = await ContactAtAsync(session, "Contoso Pharmaceuticals");
        var sales = new TestPipeline(await SalesAsync(), [await StageAsync("Prospecting")]);

        var contact = await RefusalAsync(() => session.AddDealAsync(sales, contactId: contosoContact, companyId: northwind));
        var stage = await RefusalAsync(async () => await session.AddDealAsync(sales, await OtherPipelineStageAsync(session)));

        Assert.Equal(new(nameof(DealForm.ContactId), DealConstraints.ContactNotAtCompany), DealConstraints.Describe(contact));
        Assert.Equal(new(nameof(DealForm.StageId), DealConstraints.StageNotInPipeline), DealConstraints.Describe(stage));
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_the_values_now_stored()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var deals = scope.ServiceProvider.GetRequiredService<DealService>();
        var id = (await deals.CreateAsync(new DealForm { Title = "Contested", PipelineId = await SalesAsync(), Value = 100 }, Ct)).Id!.Value;
        var annsCopy = (await deals.GetAsync(id, Ct))!.ToForm();
        var bensCopy = (await deals.GetAsync(id, Ct))!.ToForm();

        annsCopy.Title = "Contested, renamed by Ann";
        Assert.True((await deals.UpdateAsync(id, annsCopy, Ct)).Succeeded);
        bensCopy.Value = 999;
        var refused = await deals.UpdateAsync(id, bensCopy, Ct);

        Assert.False(refused.Succeeded);
        Assert.Equal(DealService.ChangedBySomeoneElse, refused.Problem);
        Assert.Equal("Contested, renamed by Ann", refused.Current!.Title);
        Assert.Equal(100m, (await deals.GetAsync(id, Ct))!.Value);
    }

    [Fact]
    public async Task A_lost_stage_needs_a_reason_and_a_won_one_closes_the_deal()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var deals = scope.ServiceProvider.GetRequiredService<DealService>();
        var id = (await deals.CreateAsync(new DealForm { Title = "Closing", PipelineId = await SalesAsync() }, Ct)).Id!.Value;
        var form = (await deals.GetAsync(id, Ct))!.ToForm();

        (form.StageId, form.Probability) = (await StageAsync("Closed Lost"), null);
        var withoutReason = await deals.UpdateAsync(id, form, Ct);
        form.StageId = await StageAsync("Closed Won");
        var won = await deals.UpdateAsync(id, form, Ct);

        Assert.Equal(DealMoveResult.LostReasonNeeded, withoutReason.Errors[nameof(DealForm.LostReason)]);
        Assert.True(won.Succeeded, string.Join(", ", won.Errors.Values));
        var deal = (await deals.GetAsync(id, Ct))!;
        Assert.Equal(("Closed Won", 100), (deal.StageName, deal.Probability));
        Assert.NotNull(deal.ClosedAt);
    }

    [Fact]
    public async Task A_deleted_deal_reads_as_missing_until_it_is_restored()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var deals = scope.ServiceProvider.GetRequiredService<DealService>();
        var id = (await deals.CreateAsync(new DealForm { Title = "Short-lived", PipelineId = await SalesAsync() }, Ct)).Id!.Value;

        Assert.True(await deals.DeleteAsync(id, Ct));
        Assert.Null(await deals.GetAsync(id, Ct));
        Assert.True(await deals.RestoreAsync(id, Ct));
        Assert.Equal("Short-lived", (await deals.GetAsync(id, Ct))!.Title);
    }

    [Fact]
    public async Task Another_tenants_deal_looks_exactly_like_a_missing_one()
    {
        await using var elsewhere = await DbSession.OpenAsync(Database.AppConnectionString);
        await elsewhere.CreateTenantAsync("Elsewhere");
        var theirs = await elsewhere.AddDealAsync(await elsewhere.AddPipelineAsync());
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var deals = scope.ServiceProvider.GetRequiredService<DealService>();

        Assert.Null(await deals.GetAsync(theirs, Ct));
        Assert.Null(await deals.GetAsync(Guid.NewGuid(), Ct));
        Assert.True((await deals.UpdateAsync(theirs, new DealForm { Title = "Hijack", Version = 1 }, Ct)).IsGone);
        Assert.False(await deals.DeleteAsync(theirs, Ct));
    }

    private static async Task<Guid> ContactAtAsync(DbSession session, string company) =>
        await session.ScalarAsync<Guid>("select id from contacts where company_id = @c limit 1", ("c", await CompanyAsync(session, company)));

    private static Task<string> ContactNameAsync(DbSession session, Guid id) =>
        session.ScalarAsync<string>("select trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) from contacts where id = @id", ("id", id));

    [Fact]
    public async Task A_new_deal_starts_owned_by_its_creator_and_the_owner_can_be_changed_before_saving()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var member = await session.ActingUserIdAsync();
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var deals = scope.ServiceProvider.GetRequiredService<DealService>();

        var draft = await deals.DraftAsync(null, null, null, null, Ct);
        Assert.Equal(member, draft.Form.OwnerId);

        draft.Form.Title = "Nobody's yet";
        draft.Form.OwnerId = null;
        var saved = await deals.CreateAsync(draft.Form, Ct);
        Assert.True(saved.Succeeded, string.Join(", ", saved.Errors.Values));
        Assert.True(await session.ScalarAsync<bool>("select owner_id is null from deals where id = @d", ("d", saved.Id)));
    }

    private static async Task<Guid> OtherPipelineStageAsync(DbSession session) => (await session.AddPipelineAsync(isDefault: false)).FirstStageId;

    private static async Task<PostgresException> RefusalAsync(Func<Task> write) => await Assert.ThrowsAsync<PostgresException>(write);

    /// <summary>A pipeline with the given stages, in order.</summary>
    internal static async Task<TestPipeline> PipelineAsync(DbSession session, params (string Name, string Kind, int Probability)[] stages)
    {
        var id = await session.ScalarAsync<Guid>("insert into pipelines (name, is_default) values (@n, false) returning id",
            ("n", "Pipeline " + Guid.NewGuid().ToString("N")[..8]));
        var ids = new List<Guid>();
        foreach (var (stage, position) in stages.Select((s, i) => (s, i)))
            ids.Add(await session.ScalarAsync<Guid>("""
                insert into pipeline_stages (pipeline_id, name, position, probability, kind, color)
                values (@p, @n, @pos, @prob, @kind, '#888888') returning id
                """, ("p", id), ("n", stage.Name), ("pos", position), ("prob", stage.Probability), ("kind", stage.Kind)));
        return new(id, [.. ids]);
    }

    private static Task<Guid> TenantAsync(DbSession session) =>
        session.ScalarAsync<Guid>("select NULLIF(current_setting('app.tenant_id'), '')::uuid");

    private static Task<Guid> CompanyAsync(DbSession session, string name) =>
        session.ScalarAsync<Guid>("select id from companies where name = @n", ("n", name));

    private async Task<Guid> SalesAsync()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        return await session.ScalarAsync<Guid>("select id from pipelines where name = 'Sales'");
    }

    private async Task<Guid> StageAsync(string name)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        return await session.ScalarAsync<Guid>("select s.id from pipeline_stages s join pipelines p on p.id = s.pipeline_id where p.name = 'Sales' and s.name = @n", ("n", name));
    }
}
