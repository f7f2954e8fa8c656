using CrmBlazor.Features.Tags;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

public sealed class TagServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    [Fact]
    public async Task Merging_moves_every_assignment_to_the_target_once_and_deletes_the_source()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var (source, target) = (await session.AddTagAsync(), await session.AddTagAsync());
        var (both, onlySource, onlyTarget) = (await session.AddContactAsync(), await session.AddContactAsync(), await session.AddContactAsync());
        var company = await session.AddCompanyAsync();
        var deal = await AnyDealAsync(session);
        await AssignAsync(session, "contact", both, source, target);
        await AssignAsync(session, "contact", onlySource, source);
        await AssignAsync(session, "contact", onlyTarget, target);
        await AssignAsync(session, "company", company, source);
        await AssignAsync(session, "deal", deal, source, target);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);

        var result = await scope.ServiceProvider.GetRequiredService<TagService>().MergeAsync(source, target, Ct);

        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal(new[] { both, onlySource, onlyTarget }.Order(), (await TaggedAsync(session, "contact", target)).Order());
        Assert.Equal([company], await TaggedAsync(session, "company", target));
        Assert.Equal([deal], await TaggedAsync(session, "deal", target));
        Assert.Equal(0L, await session.CountAsync("tags where id = @t", ("t", source)));
        Assert.Equal(0L, await session.CountAsync("contact_tags where tag_id = @t", ("t", source)));
    }

    [Theory]
    [InlineData(TagMergeStep.AssignmentsCopied)]
    [InlineData(TagMergeStep.SourceDeleted)]
    public async Task A_merge_that_fails_after_any_step_leaves_both_tags_and_their_assignments_as_they_were(TagMergeStep failingStep)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var (source, target) = (await session.AddTagAsync(), await session.AddTagAsync());
        var (first, second) = (await session.AddContactAsync(), await session.AddContactAsync());
        var company = await session.AddCompanyAsync();
        await AssignAsync(session, "contact", first, source);
        await AssignAsync(session, "contact", second, source, target);
        await AssignAsync(session, "company", company, source);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var tags = scope.ServiceProvider.GetRequiredService<TagService>();
        tags.AfterMergeStepAsync = step => step == failingStep ? throw new InjectedFailure() : Task.CompletedTask;

        await Assert.ThrowsAsync<InjectedFailure>(() => tags.MergeAsync(source, target, Ct));

        Assert.Equal(2L, await session.CountAsync("tags where id = any(@ids)", ("ids", new[] { source, target })));
        Assert.Equal(new[] { first, second }.Order(), (await TaggedAsync(session, "contact", source)).Order());
        Assert.Equal([second], await TaggedAsync(session, "contact", target));
        Assert.Equal([company], await TaggedAsync(session, "company", source));
        Assert.Empty(await TaggedAsync(session, "company", target));
    }

    [Fact]
    public async Task Usage_counts_live_contacts_companies_and_deals()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var tag = await session.AddTagAsync("Counted " + Guid.NewGuid().ToString("N")[..6]);
        var (kept, deleted) = (await session.AddContactAsync(), await session.AddContactAsync());
        await AssignAsync(session, "contact", kept, tag);
        await AssignAsync(session, "contact", deleted, tag);
        await AssignAsync(session, "company", await session.AddCompanyAsync(), tag);
        await AssignAsync(session, "deal", await AnyDealAsync(session), tag);
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = @c", ("c", deleted));
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);

        var listed = (await scope.ServiceProvider.GetRequiredService<TagService>().ListAsync(Ct)).Single(t => t.Id == tag);

        Assert.Equal((1, 1, 1), (listed.Contacts, listed.Companies, listed.Deals));
    }

    [Fact]
    public async Task A_name_taken_in_any_letter_case_is_a_field_error()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var tags = scope.ServiceProvider.GetRequiredService<TagService>();
        var other = (await tags.CreateAsync(new TagForm { Name = "Renamable " + Guid.NewGuid().ToString("N")[..6], Color = "#123456" }, Ct)).Id!.Value;

        var created = await tags.CreateAsync(new TagForm { Name = "  vip ", Color = "#000000" }, Ct);
        var renamed = await tags.UpdateAsync(other, new TagForm { Name = "VIP", Color = "#123456", Version = await VersionAsync(tags, other) }, Ct);

        Assert.Equal(TagService.DuplicateName, created.Errors[nameof(TagForm.Name)]);
        Assert.Equal(TagService.DuplicateName, renamed.Errors[nameof(TagForm.Name)]);
        Assert.Single(await tags.ListAsync(Ct), t => t.Name.Equals("vip", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_tag_is_renamed_and_recolored_and_a_malformed_color_is_refused()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var tags = scope.ServiceProvider.GetRequiredService<TagService>();
        var id = (await tags.CreateAsync(new TagForm { Name = "Old name " + Guid.NewGuid().ToString("N")[..6], Color = "#123456" }, Ct)).Id!.Value;

        var malformed = await tags.UpdateAsync(id, new TagForm { Name = "Whatever", Color = "red", Version = await VersionAsync(tags, id) }, Ct);
        var saved = await tags.UpdateAsync(id, new TagForm { Name = "New name " + id, Color = "#abcdef", Version = await VersionAsync(tags, id) }, Ct);

        Assert.Equal(TagForm.InvalidColor, malformed.Errors[nameof(TagForm.Color)]);
        Assert.True(saved.Succeeded, string.Join(", ", saved.Errors.Values));
        var listed = (await tags.ListAsync(Ct)).Single(t => t.Id == id);
        Assert.Equal(("New name " + id, "#ABCDEF"), (listed.Name, listed.Color));
    }

    [Fact]
    public async Task Deleting_a_tag_removes_its_assignments_but_not_the_records()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var tag = await session.AddTagAsync();
        var contact = await session.AddContactAsync();
        await AssignAsync(session, "contact", contact, tag);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);

        Assert.True(await scope.ServiceProvider.GetRequiredService<TagService>().DeleteAsync(tag, Ct));

        Assert.Equal(0L, await session.CountAsync("tags where id = @t", ("t", tag)));
        Assert.Equal(0L, await session.CountAsync("contact_tags where tag_id = @t", ("t", tag)));
        Assert.Equal(1L, await session.CountAsync("contacts where id = @c", ("c", contact)));
    }

    [Fact]
    public async Task A_member_cannot_create_rename_merge_or_delete_tags()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var (source, target) = (await session.AddTagAsync(), await session.AddTagAsync());
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var tags = scope.ServiceProvider.GetRequiredService<TagService>();
        var before = await tags.ListAsync(Ct);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => tags.CreateAsync(new TagForm { Name = "Member's tag", Color = "#111111" }, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => tags.UpdateAsync(source, new TagForm { Name = "Renamed", Color = "#111111", Version = 1 }, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => tags.MergeAsync(source, target, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => tags.DeleteAsync(target, Ct));

        Assert.Equal(before, await tags.ListAsync(Ct));
    }

    private static async Task<uint> VersionAsync(TagService tags, Guid id) => (await tags.ListAsync(Ct)).Single(t => t.Id == id).Version;

    private static Task<Guid> AnyDealAsync(DbSession session) =>
        session.ScalarAsync<Guid>("select id from deals where deleted_at is null order by title limit 1");

    /// <summary>Tags the KIND (contact, company or deal) RECORD with each of TAGS.</summary>
    private static async Task AssignAsync(DbSession session, string kind, Guid record, params Guid[] tags)
    {
        foreach (var tag in tags)
            await session.ExecuteAsync($"insert into {kind}_tags ({kind}_id, tag_id) values (@r, @t)", ("r", record), ("t", tag));
    }

    private static Task<List<Guid>> TaggedAsync(DbSession session, string kind, Guid tag) =>
        session.ListAsync<Guid>($"select {kind}_id from {kind}_tags where tag_id = @t", ("t", tag));

    private sealed class InjectedFailure : Exception;
}
