using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Security;

/// <summary>
/// Each of Viewer, Member, Admin and Owner against every role-checked service method (<see cref="RoleMatrix"/>):
/// allowed or refused exactly as <see cref="Permissions.Allows"/> says, which the README's Roles table states.
/// </summary>
public sealed class RoleMatrixTests(CrmDatabase database) : DemoAppTests(database)
{
    private static readonly (string Role, string Email)[] Roles =
        [(Role.Owner, DemoTenant.Owner), (Role.Admin, DemoTenant.Admin), (Role.Member, DemoTenant.Member), (Role.Viewer, DemoTenant.Viewer)];

    [Fact]
    public void Every_public_async_method_of_a_feature_service_is_classified()
    {
        var classified = RoleMatrix.All.Select(a => a.Method).ToHashSet();
        var unclassified = FeatureServices.AsyncMethods().Where(m => !classified.Contains(m)).ToList();
        var stale = classified.Except(FeatureServices.AsyncMethods()).ToList();

        Assert.True(unclassified.Count == 0,
            "Classify these in RoleMatrix (Open with why, or Demands with a call):\n" + string.Join("\n", unclassified));
        Assert.True(stale.Count == 0, "RoleMatrix names methods that no longer exist:\n" + string.Join("\n", stale));
    }

    [Fact]
    public async Task Every_role_is_allowed_or_refused_each_write_as_its_permission_says()
    {
        var failures = new List<string>();
        await using var rows = await MatrixRows.OpenAsync(App);
        foreach (var write in RoleMatrix.All.OfType<Demands>())
            foreach (var (role, email) in Roles)
                if (await OutcomeAsync(write, role, email, rows) is { } failure)
                    failures.Add($"{write} as {role}: {failure}");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Null when the role was allowed or refused as it should be, else what happened instead.</summary>
    private async Task<string?> OutcomeAsync(Demands write, string role, string email, MatrixRows rows)
    {
        var allowed = Permissions.Allows(role, write.Needs);
        RoleCall call;
        try
        {
            call = await write.Prepare(rows);
        }
        catch (Exception ex)
        {
            return $"arranging its rows failed: {ex.GetType().Name}: {ex.Message}";
        }
        await using var scope = await DemoTenant.ActAsAsync(App, email);
        object? result;
        try
        {
            result = await call(scope.ServiceProvider);
        }
        catch (PermissionDeniedException refused)
        {
            return allowed ? $"refused although {write.Needs} allows {role}: {refused.Message}" : null;
        }
        catch (Exception ex)
        {
            return $"threw {ex.GetType().Name}: {ex.Message}";
        }
        if (!allowed) return $"allowed although {write.Needs} refuses {role}";
        return write.AnyOutcome ? null : Unsuccessful(result);
    }

    /// <summary>What a result says went wrong, in the shapes the services answer with; null when it succeeded.</summary>
    private static string? Unsuccessful(object? result) => result switch
    {
        null => null,
        bool done => done ? null : "answered false",
        IReadOnlyDictionary<string, string> errors => errors.Count == 0 ? null : string.Join("; ", errors.Values),
        _ when result.GetType().GetProperty("Succeeded")?.GetValue(result) is false
            || result.GetType().GetProperty("Moved")?.GetValue(result) is false
            || result.GetType().GetProperty("Reverted")?.GetValue(result) is false
            || result.GetType().GetProperty("Error")?.GetValue(result) is string => $"did not succeed: {Said(result)}",
        _ => null,
    };

    /// <summary>The sentences a failed result carries (its field errors, problem, refusal or message).</summary>
    private static string Said(object result)
    {
        var said = new List<string>();
        foreach (var property in result.GetType().GetProperties())
            switch (property.GetValue(result))
            {
                case IReadOnlyDictionary<string, string> errors: said.AddRange(errors.Select(e => $"{e.Key}: {e.Value}")); break;
                case string text when property.Name is "Problem" or "Refusal" or "Error" or "Message": said.Add(text); break;
            }
        return said.Count == 0 ? result.ToString()! : string.Join("; ", said);
    }
}
