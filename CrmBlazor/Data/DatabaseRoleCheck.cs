using Npgsql;

namespace CrmBlazor.Data;

/// <summary>
/// Refuses to start the web app when its database login could step around tenant isolation: a
/// superuser or a BYPASSRLS role ignores row-level security, and the tables' owner (or a member of its
/// role) can turn it off. The migrate, seed, check and maintenance verbs run as the owner on purpose;
/// they never start the host, so this check applies to the serving app's runtime connection only.
/// A database that cannot be reached is not refused here: the app starts and /health reports it.
/// </summary>
public sealed class DatabaseRoleCheck(NpgsqlDataSource dataSource, ILogger<DatabaseRoleCheck> log) : IHostedService
{
    private const string PrivilegesSql = """
        select r.rolname, r.rolsuper, r.rolbypassrls,
               (select string_agg(c.relname, ', ' order by c.relname) from pg_class c
                where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
                  and pg_has_role(current_user, c.relowner, 'MEMBER'))
        from pg_roles r where r.rolname = current_user
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string? refusal;
        try
        {
            refusal = await RefusalAsync(cancellationToken);
        }
        catch (NpgsqlException unreachable)
        {
            log.LogWarning(unreachable, "Could not check the database role at startup: {Reason}", unreachable.Message);
            return;
        }
        if (refusal is null) return;
        log.LogCritical("Refusing to start: {Refusal}", refusal);
        throw new InvalidOperationException(refusal);
    }

    /// <summary>Why the runtime role may not serve the app, or null when it may.</summary>
    private async Task<string?> RefusalAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(PrivilegesSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var role = reader.GetString(0);
        var reasons = new List<string>();
        if (reader.GetBoolean(1)) reasons.Add("is a superuser");
        if (reader.GetBoolean(2)) reasons.Add("has BYPASSRLS");
        if (!reader.IsDBNull(3)) reasons.Add($"owns tables ({Shorten(reader.GetString(3))})");
        return reasons.Count == 0
            ? null
            : $"the database role {role} {string.Join(" and ", reasons)}, so row-level security would not keep tenants apart. " +
              "Connect the app as its runtime role (crm_app: not a superuser, no BYPASSRLS, owning no table); " +
              "the owner's connection is for ./crm's migrate, seed and maintenance verbs.";
    }

    private static string Shorten(string tables) => tables.Length <= 120 ? tables : tables[..120] + "…";

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
