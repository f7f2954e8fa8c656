using CrmBlazor.Data;
using CrmBlazor.Data.Sql;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// CrmBlazor/Data/Sql holds no file that no migration applies, and its README names every function,
/// trigger and policy the database has: a newcomer finds there where each is defined.
/// </summary>
public sealed class SqlFolderTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    private const string ResourcePrefix = "Sql/";

    private static string SqlFolder() => Path.Combine(Repository.Root(), "CrmBlazor", "Data", "Sql");

    private static string[] EmbeddedScripts() =>
    [
        .. typeof(SqlScripts).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => name[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void Every_sql_file_in_the_folder_is_embedded_under_its_path()
    {
        var folder = SqlFolder();
        var files = Directory.EnumerateFiles(folder, "*.sql", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(files, EmbeddedScripts());
    }

    [Fact]
    public async Task Every_embedded_sql_file_is_applied_by_some_migration_up_or_down()
    {
        await using var dataSource = new NpgsqlDataSourceBuilder(database.OwnerConnectionString).Build();
        var options = new DbContextOptionsBuilder<CrmDbContext>();
        DataRegistration.Configure(options, dataSource);
        await using var db = new CrmDbContext(options.Options);
        var migrator = db.GetService<IMigrator>();
        var latest = db.Database.GetMigrations().Last();
        var everyStep = migrator.GenerateScript(Migration.InitialDatabase, latest)
                        + migrator.GenerateScript(latest, Migration.InitialDatabase);

        Assert.All(EmbeddedScripts(), script =>
            Assert.True(everyStep.Contains(SqlScripts.Read(script).Trim(), StringComparison.Ordinal),
                $"{script} is embedded but no migration applies it: delete it, or apply it"));
    }

    [Fact]
    public async Task The_readme_names_every_function_trigger_and_policy_of_the_database()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(SqlFolder(), "README.md"), TestContext.Current.CancellationToken);
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString);
        await using var command = new NpgsqlCommand("""
            select p.oid::regprocedure::text from pg_proc p
            where p.pronamespace = 'public'::regnamespace
              and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
            union select tgname::text from pg_trigger where not tgisinternal
            union select polname::text from pg_policy
            """, session.Connection);
        var names = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) names.Add(reader.GetString(0));

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains($"`{name}`", readme));
    }
}
