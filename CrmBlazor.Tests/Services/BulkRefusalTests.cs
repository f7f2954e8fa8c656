using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>Finding which record of a refused bulk insert the database refused, without writing any of them.</summary>
public sealed class BulkRefusalTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(3, false)]
    [InlineData(2, true)]
    public async Task The_record_whose_row_or_tag_link_the_database_refuses_is_named_and_nothing_is_kept(int broken, bool byItsTag)
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var replay = await dbFactory.CreateDbContextAsync(Ct);
        var batch = Guid.NewGuid().ToString("N")[..8];
        var contacts = Enumerable.Range(0, 5).Select(i => new Contact { Id = Guid.CreateVersion7(), FirstName = "Violation", LastName = $"{batch} {i}" }).ToList();
        // A company or tag that does not exist: a foreign key only the database checks.
        if (byItsTag) contacts[broken].Tags.Add(new ContactTag { TagId = Guid.NewGuid() });
        else contacts[broken].CompanyId = Guid.NewGuid();

        var refused = await BulkRefusal.FirstRefusedAsync(replay, contacts, Ct);

        Assert.Equal(broken, refused?.Index);
        await using var db = await dbFactory.CreateDbContextAsync(Ct);
        Assert.False(await db.Contacts.AnyAsync(c => c.LastName!.StartsWith(batch), Ct));
    }
}
