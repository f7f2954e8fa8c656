using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Audit;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Search;
using CrmBlazor.Features.Shared;
using CrmBlazor.Features.Trash;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Hardening;

/// <summary>
/// Every list answers a hostile address bar normally: a 10,000-character search and page 2^31-1 (whose
/// offset once overflowed into a negative OFFSET, a 500) give a page, not an exception.
/// </summary>
public sealed class ListPagingTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string LongSearch = string.Concat(Enumerable.Repeat("acme ", 2_000));

    private async Task<AsyncServiceScope> OwnerAsync() => await DemoTenant.ActAsAsync(App, DemoTenant.Owner);

    [Fact]
    public void The_clamp_keeps_page_times_size_within_the_deepest_offset()
    {
        Assert.Equal(ListPaging.MaxOffset, ListPaging.Skip(int.MaxValue, 100));
        Assert.Equal(ListPaging.MaxOffset / 25 * 25, ListPaging.Skip(int.MaxValue, 25));
        Assert.Equal(0, ListPaging.Skip(-5, 25));
        Assert.Equal(ListPaging.MaxPageSize, ListPaging.Size(int.MaxValue));
        Assert.Equal(1, ListPaging.Size(0));
        Assert.Equal(200, ListPaging.Search(LongSearch)!.Length);
    }

    [Fact]
    public async Task Contacts_answer_a_huge_search_and_the_last_int_page()
    {
        await using var scope = await OwnerAsync();
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();

        var searched = await contacts.SearchAsync(new ContactQuery { Search = LongSearch, Page = int.MaxValue, PageSize = int.MaxValue }, Ct);
        var listed = await contacts.SearchAsync(new ContactQuery { Page = int.MaxValue, PageSize = int.MaxValue }, Ct);
        var sorted = await contacts.SearchAsync(new ContactQuery { Search = LongSearch, Page = int.MaxValue, Sort = ContactSort.Name, Descending = true }, Ct);

        Assert.Empty(searched.Rows);
        Assert.Empty(listed.Rows);
        Assert.True(listed.TotalCount > 0);
        Assert.Empty(sorted.Rows);
    }

    [Fact]
    public async Task Companies_answer_a_huge_search_and_the_last_int_page()
    {
        await using var scope = await OwnerAsync();
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();

        var searched = await companies.ListAsync(new CompanyQuery(Search: LongSearch, Page: int.MaxValue, PageSize: int.MaxValue), Ct);
        var listed = await companies.ListAsync(new CompanyQuery(Page: int.MaxValue), Ct);

        Assert.Empty(searched.Items);
        Assert.Empty(listed.Items);
        Assert.True(listed.TotalCount > 0);
    }

    [Fact]
    public async Task The_deal_list_answers_a_huge_search_and_the_last_int_page()
    {
        await using var scope = await OwnerAsync();
        var board = scope.ServiceProvider.GetRequiredService<PipelineBoardService>();
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        var pipeline = await session.ScalarAsync<Guid>("select id from pipelines where is_default");

        var page = await board.ListAsync(new DealListQuery(pipeline, new BoardFilter { Search = LongSearch }, Page: int.MaxValue, PageSize: int.MaxValue), Ct);
        var all = await board.ListAsync(new DealListQuery(pipeline, new BoardFilter(), Page: int.MaxValue), Ct);

        Assert.Empty(page.Rows);
        Assert.Empty(all.Rows);
    }

    [Fact]
    public async Task Activities_the_audit_log_and_the_trash_answer_the_last_int_page()
    {
        await using var scope = await OwnerAsync();
        var activities = await scope.ServiceProvider.GetRequiredService<ActivityListService>()
            .ListAsync(new ActivityFilter(Activity.Call, ActivityOwner.All, Page: int.MaxValue), Ct);
        var audit = await scope.ServiceProvider.GetRequiredService<AuditLogService>()
            .PageAsync(new AuditQuery(Name: LongSearch, Page: int.MaxValue, PageSize: int.MaxValue), Ct);
        var trash = await scope.ServiceProvider.GetRequiredService<TrashService>()
            .ListAsync(new TrashQuery(Page: int.MaxValue, PageSize: int.MaxValue), Ct);

        Assert.NotNull(activities);
        Assert.Empty(audit.Items);
        Assert.Empty(trash.Items);
    }

    [Fact]
    public async Task Search_everything_uses_the_first_200_characters_of_a_huge_search()
    {
        await using var scope = await OwnerAsync();
        var result = await scope.ServiceProvider.GetRequiredService<SearchEverythingService>().SearchAsync(LongSearch, Ct);

        Assert.True(result.WasCut);
    }
}
