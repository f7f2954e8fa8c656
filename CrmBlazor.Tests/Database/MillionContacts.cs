using CrmBlazor.Migrations;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// A database one migration back (without <see cref="ContactListByEmailIndex"/>), with a tenant of a million
/// contacts. The rows are generated in one INSERT … SELECT by a superuser with session_replication_role = replica,
/// which turns the row triggers off for that session only (audit, search, tally, stamps: generated rows, not
/// history); the table's checks and indexes apply as always. Everything written afterwards goes through them all.
/// </summary>
public sealed class MillionContacts(PostgresCluster cluster) : IAsyncLifetime
{
    public const int Rows = 1_000_000;

    private readonly CrmDatabase database = new(cluster);

    public CrmDatabase Database => database;
    public TestTenant Tenant { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await database.InitializeAsync();
        await PostgresCluster.MigrateAsync(database.OwnerConnectionString, PreviousMigration);
        await using (var session = await DbSession.OpenAsync(database.AppConnectionString))
            Tenant = await session.CreateTenantAsync("A million contacts");

        // No command timeout: on a busy machine the load takes longer than the default 30 s. Ids, names and emails
        // rise with the row, so each btree takes its rows in order (several times faster than random uuids).
        var superuser = new NpgsqlConnectionStringBuilder(database.SuperuserConnectionString) { CommandTimeout = 0 }.ToString();
        await using var load = await DbSession.OpenAsync(superuser);
        await load.ExecuteAsync("SET session_replication_role = replica");
        await load.ExecuteAsync("""
            INSERT INTO contacts (id, tenant_id, first_name, last_name, email)
            SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, @t, 'First' || (i % 997), 'Last' || lpad(i::text, 7, '0'),
                   'c' || lpad(i::text, 7, '0') || '@example.test'
            FROM generate_series(1, @n) i
            """, ("t", Tenant.Id), ("n", Rows));
        await load.ExecuteAsync("RESET session_replication_role");
        await load.ExecuteAsync("VACUUM ANALYZE contacts");
    }

    /// <summary>The id of the Nth generated contact (1 to <see cref="Rows"/>), as the INSERT above makes it.</summary>
    public static Guid Id(int n) => Guid.Parse($"00000000-0000-4000-8000-{n:x12}");

    /// <summary>The migration just before <see cref="ContactListByEmailIndex"/>, the one under test.</summary>
    public static string PreviousMigration
    {
        get
        {
            var ids = typeof(ContactListByEmailIndex).Assembly.GetTypes()
                .Select(t => t.GetCustomAttributes(typeof(MigrationAttribute), false).Cast<MigrationAttribute>().SingleOrDefault()?.Id)
                .OfType<string>().Order(StringComparer.Ordinal).ToList();
            return ids[ids.FindIndex(id => id.EndsWith("_" + nameof(ContactListByEmailIndex), StringComparison.Ordinal)) - 1];
        }
    }

    public async Task<bool?> IndexIsValidAsync(string name)
    {
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT i.indisvalid AND i.indisready FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE c.relname = @name AND c.relnamespace = 'public'::regnamespace
            """, connection);
        command.Parameters.AddWithValue("name", name);
        return (bool?)await command.ExecuteScalarAsync();
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
