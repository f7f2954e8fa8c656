using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Security;

/// <summary>The README's Roles table says what <see cref="Permissions.Allows"/> does, cell for cell.</summary>
public sealed class RolesTableTests
{
    private static readonly string[] Roles = [Role.Owner, Role.Admin, Role.Member, Role.Viewer];

    [Fact]
    public async Task The_readme_roles_table_matches_Permissions_Allows()
    {
        var table = await ReadmeTableAsync();

        var expected = Enum.GetValues<Permission>().ToDictionary(
            p => p.ToString(), p => Roles.ToDictionary(r => r, r => Permissions.Allows(r, p)));
        expected["(none)"] = Roles.ToDictionary(r => r, _ => true);
        Assert.Equal(expected.Keys.Order(), table.Keys.Order());
        foreach (var (permission, byRole) in expected)
            foreach (var role in Roles)
                Assert.True(byRole[role] == table[permission][role],
                    $"README says {role} {(table[permission][role] ? "may" : "may not")} {permission}; Permissions.Allows says otherwise");
    }

    /// <summary>Permission → role → yes/no, from the first table under "## Roles".</summary>
    private static async Task<Dictionary<string, Dictionary<string, bool>>> ReadmeTableAsync()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(Repository.Root(), "README.md"), TestContext.Current.CancellationToken);
        var rows = lines.SkipWhile(l => l.Trim() != "## Roles").Skip(1)
            .SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
        Assert.True(rows.Count > 2, "README.md has no table under \"## Roles\"");
        var header = rows[0];
        var table = new Dictionary<string, Dictionary<string, bool>>();
        foreach (var row in rows.Skip(2))
            table[row[0].Trim('`')] = Roles.ToDictionary(r => r, r => row[Array.IndexOf(header, r)] switch
            {
                "yes" => true,
                "no" => false,
                var other => throw new InvalidOperationException($"README Roles table: \"{other}\" is neither yes nor no"),
            });
        return table;
    }
}
