using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Activities;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>The activities list and the due-task count, on the seeded demo tenant, at a fixed moment.</summary>
public sealed class ActivityListTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2031, 3, 12, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Today = new(2031, 3, 12, 0, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CrmAppFactory app = default!;

    /// <summary>Every subject a test creates starts with this, so the demo's own activities never confuse it.</summary>
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];

    public async ValueTask InitializeAsync()
    {
        app = new CrmAppFactory(database.AppConnectionString);
        await app.SeedDemoAsync();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Open_tasks_are_grouped_by_the_utc_day_they_are_due_and_recent_completions_listed_newest_first()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);
        await member.AddTaskAsync($"{tag} due yesterday night", Today.AddMinutes(-1));
        await member.AddTaskAsync($"{tag} due this morning", Today.AddHours(8));
        await member.AddTaskAsync($"{tag} due tonight", Today.AddDays(1).AddMinutes(-1));
        await member.AddTaskAsync($"{tag} due tomorrow", Today.AddDays(1));
        await member.AddTaskAsync($"{tag} someday", null);
        await member.AddTaskAsync($"{tag} done first", Today.AddDays(-3));
        await member.AddTaskAsync($"{tag} done second", Today.AddDays(-2));
        await member.CompleteAsync($"{tag} done first", at: Now.AddDays(-1));
        await member.CompleteAsync($"{tag} done second", at: Now);

        var tasks = (await member.List.ListAsync(ActivityFilter.MyTasks, Ct)).Tasks!;

        Assert.Equal([$"{tag} due yesterday night"], Mine(tasks.Overdue));
        Assert.Equal([$"{tag} due this morning", $"{tag} due tonight"], Mine(tasks.Today));
        Assert.Equal([$"{tag} due tomorrow", $"{tag} someday"], Mine(tasks.Upcoming));
        Assert.Equal([$"{tag} done second", $"{tag} done first"], Mine(tasks.Completed));
    }

    [Fact]
    public async Task Completing_a_task_moves_it_to_completed_and_lowers_the_due_count_and_uncompleting_moves_it_back()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);
        var id = await member.AddTaskAsync($"{tag} call back", Today.AddDays(-2));
        var dueBefore = await member.List.CountDueTasksAsync(Ct);
        Assert.Equal(await DueTasksInSqlAsync(DemoTenant.Member), dueBefore);

        await member.Activities.SetCompletedAsync(id, true, Ct);

        var tasks = (await member.List.ListAsync(ActivityFilter.MyTasks, Ct)).Tasks!;
        Assert.DoesNotContain(tasks.Overdue, r => r.Id == id);
        Assert.Equal(Now, Assert.Single(tasks.Completed, r => r.Id == id).CompletedAt);
        Assert.Equal(dueBefore - 1, await member.List.CountDueTasksAsync(Ct));

        await member.Activities.SetCompletedAsync(id, false, Ct);

        tasks = (await member.List.ListAsync(ActivityFilter.MyTasks, Ct)).Tasks!;
        Assert.Contains(tasks.Overdue, r => r.Id == id);
        Assert.DoesNotContain(tasks.Completed, r => r.Id == id);
        Assert.Equal(dueBefore, await member.List.CountDueTasksAsync(Ct));
    }

    [Fact]
    public async Task A_viewer_cannot_complete_a_task_and_the_task_stays_open()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);
        var id = await member.AddTaskAsync($"{tag} not yours to close", Today.AddDays(-1));
        await using var viewer = await ActAsAsync(DemoTenant.Viewer);

        var refusal = await Assert.ThrowsAsync<PermissionDeniedException>(() => viewer.Activities.SetCompletedAsync(id, true, Ct));

        Assert.Contains("Viewer", refusal.Message);
        var tasks = (await viewer.List.ListAsync(ActivityFilter.MyTasks with { Owner = ActivityOwner.All }, Ct)).Tasks!;
        Assert.Contains(tasks.Overdue, r => r.Id == id);
    }

    [Fact]
    public async Task Logged_activities_of_one_type_are_listed_newest_first_and_owners_filter_the_list()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);
        await using var owner = await ActAsAsync(DemoTenant.Owner);
        await member.AddAsync(Activity.Call, $"{tag} first call");
        await member.AddAsync(Activity.Call, $"{tag} second call");
        await member.AddAsync(Activity.Note, $"{tag} a note");
        await owner.AddAsync(Activity.Call, $"{tag} owner's call");
        var ownerChoice = Assert.Single(await member.List.ListOwnersAsync(Ct), o => o.Label == "Dana Demo");

        var myCalls = await member.List.ListAsync(new ActivityFilter(Activity.Call, ActivityOwner.Me), Ct);
        var ownersCalls = await member.List.ListAsync(new ActivityFilter(Activity.Call, ownerChoice), Ct);
        var everyonesCalls = await member.List.ListAsync(new ActivityFilter(Activity.Call, ActivityOwner.All), Ct);
        var myNotes = await member.List.ListAsync(new ActivityFilter(Activity.Note, ActivityOwner.Me), Ct);

        Assert.Null(myCalls.Tasks);
        Assert.Equal([$"{tag} second call", $"{tag} first call"], Mine(myCalls.Logged));
        Assert.All(myCalls.Logged, r => Assert.Equal(Activity.Call, r.Type));
        Assert.Equal([$"{tag} owner's call"], Mine(ownersCalls.Logged));
        Assert.Equal([$"{tag} owner's call", $"{tag} second call", $"{tag} first call"], Mine(everyonesCalls.Logged));
        Assert.Equal([$"{tag} a note"], Mine(myNotes.Logged));
    }

    [Fact]
    public async Task The_owner_choices_are_me_everyone_and_each_colleague()
    {
        await using var member = await ActAsAsync(DemoTenant.Member);

        var owners = await member.List.ListOwnersAsync(Ct);

        Assert.Equal(["Me", "Everyone", "Alex Admin", "Dana Demo", "Sam Chen", "Victor Viewer"], owners.Select(o => o.Label));
    }

    private List<string> Mine(IEnumerable<ActivityRow> rows) => rows.Select(r => r.Subject).Where(s => s.StartsWith(tag)).ToList();

    /// <summary>The badge's figure, counted independently: open tasks of the user due before tomorrow (UTC).</summary>
    private async Task<int> DueTasksInSqlAsync(string email)
    {
        var session = await DemoTenant.OpenSessionAsync(app, email);
        var userId = await session.ActingUserIdAsync();
        await using var _ = session;
        return (int)await session.ScalarAsync<long>("""
            select count(*) from activities
            where owner_id = @u and type = 'task' and completed_at is null and deleted_at is null
              and due_at < date_trunc('day', @now at time zone 'UTC') at time zone 'UTC' + interval '1 day'
            """, ("u", userId), ("now", Now));
    }

    private async Task<Rep> ActAsAsync(string email)
    {
        var scope = await DemoTenant.ActAsAsync(app, email);
        var clock = new FixedClock(Now);
        return new Rep(scope,
            ActivatorUtilities.CreateInstance<ActivityListService>(scope.ServiceProvider, clock),
            ActivatorUtilities.CreateInstance<ActivityService>(scope.ServiceProvider, clock));
    }

    /// <summary>A demo user's services, reading the clock at <see cref="Now"/>.</summary>
    private sealed record Rep(AsyncServiceScope Scope, ActivityListService List, ActivityService Activities) : IAsyncDisposable
    {
        public async Task<Guid> AddTaskAsync(string subject, DateTimeOffset? dueAt)
        {
            await AddAsync(Activity.Task, subject, dueAt);
            var tasks = (await List.ListAsync(ActivityFilter.MyTasks, Ct)).Tasks!;
            return tasks.Overdue.Concat(tasks.Today).Concat(tasks.Upcoming).Single(r => r.Subject == subject).Id;
        }

        public async Task AddAsync(string type, string subject, DateTimeOffset? dueAt = null) =>
            Assert.Empty(await Activities.CreateAsync(new ActivityForm { Type = type, Subject = subject, DueAt = dueAt }, Ct));

        /// <summary>Completes the open task with this subject as if the clock read AT.</summary>
        public async Task CompleteAsync(string subject, DateTimeOffset at)
        {
            var tasks = (await List.ListAsync(ActivityFilter.MyTasks, Ct)).Tasks!;
            var id = tasks.Overdue.Concat(tasks.Today).Concat(tasks.Upcoming).Single(r => r.Subject == subject).Id;
            var completing = ActivatorUtilities.CreateInstance<ActivityService>(Scope.ServiceProvider, new FixedClock(at));
            await completing.SetCompletedAsync(id, true, Ct);
        }

        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }
}
