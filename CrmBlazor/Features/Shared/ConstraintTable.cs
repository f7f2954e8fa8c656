using Npgsql;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// A feature's table of the database rules its forms can break: constraint name → the field it
/// belongs to and a sentence for the user. A rule missing from the table stays an error.
/// </summary>
public sealed class ConstraintTable(params (string Constraint, string Field, string Message)[] rules)
{
    private readonly Dictionary<string, FieldError> byConstraint = rules.ToDictionary(r => r.Constraint, r => new FieldError(r.Field, r.Message));

    /// <summary>The field and sentence for the rule EX broke, or null when EX is not one of this table's rules.</summary>
    public FieldError? Describe(Exception ex) =>
        Violation(ex) is { ConstraintName: { } name } && byConstraint.TryGetValue(name, out var error) ? error : null;

    /// <summary>
    /// The PostgreSQL error behind EX: EF wraps what SaveChanges hits, while ExecuteUpdate and a
    /// commit's deferred checks throw it bare.
    /// </summary>
    public static PostgresException? Violation(Exception ex) => ex as PostgresException ?? ex.InnerException as PostgresException;
}
