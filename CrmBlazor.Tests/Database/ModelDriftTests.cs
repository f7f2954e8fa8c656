using CrmBlazor.Data;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// The CI gate against model drift: an entity or configuration changed without a migration would leave the
/// database behind the code that reads it. `dotnet ef migrations add` is the fix this test asks for.
/// </summary>
public sealed class ModelDriftTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Fact]
    public async Task The_model_has_no_change_that_a_migration_lacks()
    {
        await using var dataSource = new NpgsqlDataSourceBuilder(database.OwnerConnectionString).Build();
        var options = new DbContextOptionsBuilder<CrmDbContext>();
        DataRegistration.Configure(options, dataSource);
        await using var db = new CrmDbContext(options.Options);

        Assert.False(db.Database.HasPendingModelChanges(),
            "the EF model differs from Migrations/CrmDbContextModelSnapshot.cs: add a migration (dotnet ef migrations add Name --output-dir Migrations)");
    }
}
