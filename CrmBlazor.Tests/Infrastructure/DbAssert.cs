using Npgsql;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>Assertions that PostgreSQL refuses something, and refuses it for the expected reason.</summary>
public static class DbAssert
{
    /// <summary>ACTION must fail with SQLSTATE (a <see cref="PostgresErrorCodes"/> constant).</summary>
    public static async Task<PostgresException> FailsAsync(string sqlState, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(action);
        Assert.True(error.SqlState == sqlState,
            $"Expected SQLSTATE {sqlState} but got {error.SqlState}: {error.MessageText} ({error.ConstraintName})");
        return error;
    }

    /// <summary>
    /// Runs SQL outside any transaction; it must fail with SQLSTATE, naming CONSTRAINT unless that is
    /// null, and leave the number of rows the session sees in FROM_WHERE (a table, optionally with a
    /// where clause using the same parameters) unchanged.
    /// </summary>
    public static async Task<PostgresException> RejectsAsync(this DbSession session, string sqlState, string? constraint,
        string fromWhere, string sql, params (string Name, object? Value)[] parameters)
    {
        var before = await session.CountAsync(fromWhere, parameters);
        var error = await FailsAsync(sqlState, () => session.ExecuteAsync(sql, parameters));
        if (constraint is not null) Assert.Equal(constraint, error.ConstraintName);
        Assert.Equal(before, await session.CountAsync(fromWhere, parameters));
        return error;
    }
}
