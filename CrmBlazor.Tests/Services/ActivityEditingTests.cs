using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Activities;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>Activities as records of their own: details of calls, edits, rescheduling, soft delete and links, on the demo tenant.</summary>
public sealed class ActivityEditingTests(CrmDatabase database) : DemoAppTests(database)
{
    private static readonly DateTimeOffset Now = new(2031, 3, 12, 15, 30, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every subject a test creates starts with this, so the demo's own activities never confuse it.</summary>
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_call_keeps_its_outcome_duration_and_the_date_it_happened_and_is_listed_by_that_date()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);
        var happened = new DateTimeOffset(2031, 3, 10, 9, 15, 0, TimeSpan.Zero);

        Assert.Empty(await member.Activities.CreateAsync(new ActivityForm
        {
            Type = Activity.Call, Subject = $"{tag} earlier call", HappenedAt = happened, DurationMinutes = 12, Outcome = "no_answer",
        }, Ct));
        Assert.Empty(await member.Activities.CreateAsync(new ActivityForm { Type = Activity.Call, Subject = $"{tag} call now" }, Ct));

        var calls = (await member.List.ListAsync(new ActivityFilter(Activity.Call, ActivityOwner.Me), Ct)).Logged.Where(r => r.Subject.StartsWith(tag)).ToList();
        Assert.Equal([$"{tag} call now", $"{tag} earlier call"], calls.Select(r => r.Subject));
        var earlier = calls[1];
        Assert.Equal((happened, 12, "no_answer"), (earlier.HappenedAt, earlier.DurationMinutes!.Value, earlier.Outcome!));
        Assert.Equal(Now, calls[0].HappenedAt);
        var details = (await member.Activities.GetAsync(earlier.Id, Ct))!;
        Assert.Equal((happened, 12, "no_answer"), (details.ToForm().HappenedAt!.Value, details.DurationMinutes!.Value, details.Outcome!));
    }

    [Fact]
    public async Task An_outcome_of_another_type_a_negative_duration_or_a_duration_on_a_note_is_refused_next_to_its_field()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);

        var wrongOutcome = await member.Activities.CreateAsync(new ActivityForm { Type = Activity.Call, Subject = $"{tag} a", Outcome = "held" }, Ct);
        var negative = await member.Activities.CreateAsync(new ActivityForm { Type = Activity.Meeting, Subject = $"{tag} b", DurationMinutes = -5 }, Ct);
        var onANote = await member.Activities.CreateAsync(new ActivityForm { Type = Activity.Note, Subject = $"{tag} c", DurationMinutes = 5 }, Ct);

        Assert.Equal("Choose one of the listed outcomes.", wrongOutcome[nameof(ActivityForm.Outcome)]);
        Assert.Equal("Enter minutes from 0 to 1440 (a day).", negative[nameof(ActivityForm.DurationMinutes)]);
        Assert.Equal("A note has no duration.", onANote[nameof(ActivityForm.DurationMinutes)]);
        var everyone = ActivityOwner.All;
        foreach (var type in new[] { Activity.Call, Activity.Meeting, Activity.Note })
            Assert.DoesNotContain((await member.List.ListAsync(new ActivityFilter(type, everyone), Ct)).Logged, r => r.Subject.StartsWith(tag));
    }

    [Fact]
    public async Task An_edit_is_saved_and_audited_and_an_edit_of_values_changed_meanwhile_is_refused()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);
        var id = await member.AddAsync(new ActivityForm { Type = Activity.Meeting, Subject = $"{tag} kickoff" });
        var loaded = (await member.Activities.GetAsync(id, Ct))!;

        var edit = loaded.ToForm();
        edit.Subject = $"{tag} kickoff with legal";
        edit.Outcome = "no_show";
        edit.DurationMinutes = 30;
        Assert.Empty(await member.Activities.UpdateAsync(id, loaded.Version, edit, Ct));
        var stale = loaded.ToForm();
        stale.Subject = $"{tag} overwritten";
        var refused = await member.Activities.UpdateAsync(id, loaded.Version, stale, Ct);

        Assert.Equal(ActivityService.ChangedBySomeoneElse, refused[""]);
        var now = (await member.Activities.GetAsync(id, Ct))!;
        Assert.Equal(($"{tag} kickoff with legal", "no_show", 30), (now.Subject, now.Outcome!, now.DurationMinutes!.Value));
        Assert.Equal(2, await AuditRowsAsync(id));
    }

    [Fact]
    public async Task A_task_is_rescheduled_then_deleted_out_of_every_list_and_restored()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);
        var id = await member.AddAsync(new ActivityForm { Type = Activity.Task, Subject = $"{tag} send contract", DueAt = Now.AddDays(-1) });
        var nextWeek = Now.AddDays(7);

        await member.Activities.RescheduleAsync(id, nextWeek, Ct);
        Assert.Equal(nextWeek, Assert.Single((await member.Tasks()).Upcoming, r => r.Id == id).DueAt);

        await member.Activities.DeleteAsync(id, Ct);
        var tasks = await member.Tasks();
        Assert.DoesNotContain(tasks.Overdue.Concat(tasks.Today).Concat(tasks.Upcoming).Concat(tasks.Completed), r => r.Id == id);
        Assert.Null(await member.Activities.GetAsync(id, Ct));
        await Assert.ThrowsAsync<StaleSelectionException>(() => member.Activities.RescheduleAsync(id, Now, Ct));

        await member.Activities.RestoreAsync(id, Ct);
        Assert.Single((await member.Tasks()).Upcoming, r => r.Id == id);
        Assert.Equal(4, await AuditRowsAsync(id));
    }

    [Fact]
    public async Task A_viewer_can_neither_edit_reschedule_nor_delete_an_activity()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);
        var id = await member.AddAsync(new ActivityForm { Type = Activity.Task, Subject = $"{tag} untouchable", DueAt = Now });
        await using var viewer = await ActAsAsync(DemoTenant.Viewer);
        var loaded = (await viewer.Activities.GetAsync(id, Ct))!;

        await Assert.ThrowsAsync<PermissionDeniedException>(() => viewer.Activities.UpdateAsync(id, loaded.Version, loaded.ToForm(), Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => viewer.Activities.RescheduleAsync(id, Now.AddDays(3), Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => viewer.Activities.DeleteAsync(id, Ct));

        Assert.Equal(loaded, await member.Activities.GetAsync(id, Ct));
    }

    [Fact]
    public async Task An_activity_logged_from_the_activities_page_links_to_a_deal_found_by_part_of_its_title()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);
        var finder = member.Scope.ServiceProvider.GetRequiredService<ActivityLinkFinder>();
        var anyDeal = (await finder.FindDealsAsync(null, Ct)).First();
        var word = anyDeal.Name.Split(' ').OrderByDescending(w => w.Length).First();

        var found = Assert.Single(await finder.FindDealsAsync(word, Ct), d => d.Id == anyDeal.Id);
        var id = await member.AddAsync(new ActivityForm { Type = Activity.Note, Subject = $"{tag} pricing note", DealId = found.Id });

        Assert.Contains(await member.List.ForDealAsync(anyDeal.Id, Ct), r => r.Id == id);
        Assert.Equal(anyDeal, (await member.Activities.GetAsync(id, Ct))!.Deal);
    }

    [Fact]
    public async Task A_page_past_the_end_of_a_list_shows_the_last_page()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);
        for (var i = 0; i < ActivityFilter.PageSize + 1; i++)
            await member.AddAsync(new ActivityForm { Type = Activity.Email, Subject = $"{tag} email {i}" });

        var last = await member.List.ListAsync(new ActivityFilter(Activity.Email, ActivityOwner.Me, Page: 98), Ct);

        var lastByNumber = await member.List.ListAsync(new ActivityFilter(Activity.Email, ActivityOwner.Me, Page: last.PageCount - 1), Ct);

        Assert.True(last.PageCount >= 2);
        Assert.Equal(last.PageCount - 1, last.Page);
        Assert.NotEmpty(last.Logged);
        Assert.Equal(lastByNumber.Logged.Select(r => r.Id), last.Logged.Select(r => r.Id));
    }

    private async Task<long> AuditRowsAsync(Guid activityId)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        return await session.ScalarAsync<long>("select count(*) from audit_logs where table_name = 'activities' and record_id = @id", ("id", activityId));
    }

    [Fact]
    public async Task A_company_other_than_the_deals_or_the_contacts_is_refused_by_name_and_none_is_filled_in()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var deal = await session.ScalarAsync<Guid>("select id from deals where company_id is not null and contact_id is not null order by id limit 1");
        var dealCompany = await session.ScalarAsync<string>("select c.name from deals d join companies c on c.id = d.company_id where d.id = @d", ("d", deal));
        var contact = await session.ScalarAsync<Guid>(
            "select c.id from contacts c where c.company_id is not null and c.company_id <> (select company_id from deals where id = @d) order by c.id limit 1", ("d", deal));
        var (contactName, contactCompany) = (
            await session.ScalarAsync<string>("select trim(first_name || ' ' || last_name) from contacts where id = @c", ("c", contact)),
            await session.ScalarAsync<string>("select co.name from contacts c join companies co on co.id = c.company_id where c.id = @c", ("c", contact)));
        var other = await session.AddCompanyAsync($"{tag} Initech");
        await using var member = await ActAsAsync(DemoTenant.Member);

        var notTheDeals = await member.Activities.CreateAsync(new ActivityForm { Type = Activity.Note, Subject = $"{tag} a", DealId = deal, CompanyId = other }, Ct);
        var notTheContacts = await member.Activities.CreateAsync(new ActivityForm { Type = Activity.Note, Subject = $"{tag} b", ContactId = contact, CompanyId = other }, Ct);
        var filledIn = await member.AddAsync(new ActivityForm { Type = Activity.Note, Subject = $"{tag} c", DealId = deal });

        Assert.Equal($"The deal is with {dealCompany}; choose that company or clear this field.", notTheDeals[nameof(ActivityForm.CompanyId)]);
        Assert.Equal($"{contactName} works at {contactCompany}; choose that company or clear this field.", notTheContacts[nameof(ActivityForm.CompanyId)]);
        Assert.Equal(dealCompany, (await member.Activities.GetAsync(filledIn, Ct))!.Company!.Name);
    }

    private async Task<Rep> ActAsAsync(string email)
    {
        var scope = await DemoTenant.ActAsAsync(App, email);
        var clock = new FixedClock(Now);
        return new Rep(scope,
            ActivatorUtilities.CreateInstance<ActivityListService>(scope.ServiceProvider, clock),
            ActivatorUtilities.CreateInstance<ActivityService>(scope.ServiceProvider, clock), tag);
    }

    private sealed record Rep(AsyncServiceScope Scope, ActivityListService List, ActivityService Activities, string Tag) : IAsyncDisposable
    {
        /// <summary>Adds the activity and returns its id, found by its subject among everyone's of its type.</summary>
        public async Task<Guid> AddAsync(ActivityForm form)
        {
            Assert.Empty(await Activities.CreateAsync(form, Ct));
            var view = await List.ListAsync(new ActivityFilter(form.Type, ActivityOwner.Me), Ct);
            var rows = view.Tasks is { } t ? t.Overdue.Concat(t.Today).Concat(t.Upcoming) : view.Logged;
            return rows.Single(r => r.Subject == form.Subject).Id;
        }

        public async Task<TaskGroups> Tasks() => (await List.ListAsync(ActivityFilter.MyTasks, Ct)).Tasks!;

        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }
}
