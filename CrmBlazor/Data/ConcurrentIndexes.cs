using Microsoft.EntityFrameworkCore.Migrations;

namespace CrmBlazor.Data;

/// <summary>
/// Indexes a migration adds to or drops from a table that may be large, without stopping its writers:
/// <c>CREATE/DROP INDEX CONCURRENTLY</c>, each outside the migration's transaction (PostgreSQL refuses it inside
/// one). A plain <c>CREATE INDEX</c> holds a SHARE lock for the whole build, and every insert, update and delete of
/// the table waits that long; a concurrent build takes a lock no reader or writer waits for, and instead waits
/// itself for the transactions already running. For the same reason these statements run without the migration's
/// lock_timeout (<see cref="Setup.SchemaMigrator"/>): they keep no one waiting, and a long report running meanwhile
/// must not make the build give up.
/// The definition is the rest of the statement after the name: <c>ON table (columns) [WHERE …]</c>. Names and
/// definitions are code constants, never input.
/// </summary>
public static class ConcurrentIndexes
{
    private const string LeftoverSuffix = "_invalid";
    private const int MaxIdentifierLength = 63;

    public static void CreateIndexConcurrently(this MigrationBuilder migration, string name, string definition)
    {
        var leftover = name + LeftoverSuffix;
        if (leftover.Length > MaxIdentifierLength)
            throw new ArgumentException($"Index name {name} is too long: at most {MaxIdentifierLength - LeftoverSuffix.Length} characters.", nameof(name));

        // A concurrent build that failed (cancelled, a deadlock, a duplicate for a unique index) leaves an INVALID
        // index of its name, which IF NOT EXISTS would then take for done. Such an index is renamed out of the way
        // (a lock on the index alone), then dropped concurrently, so the build starts again from nothing.
        migration.Sql($"""
            DO $$
            BEGIN
                IF EXISTS (SELECT FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                           WHERE c.relname = '{name}' AND c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid) THEN
                    ALTER INDEX {name} RENAME TO {leftover};
                END IF;
            END $$
            """, suppressTransaction: true);
        WithoutLockTimeout(migration,
            $"DROP INDEX CONCURRENTLY IF EXISTS {leftover}",
            $"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} {definition}");
    }

    public static void DropIndexConcurrently(this MigrationBuilder migration, string name) =>
        WithoutLockTimeout(migration, $"DROP INDEX CONCURRENTLY IF EXISTS {name}");

    // One statement per command: several in one would run as one implicit transaction, which CONCURRENTLY refuses.
    // RESET goes back to the connection's own lock_timeout, the one the migrate command gave it.
    private static void WithoutLockTimeout(MigrationBuilder migration, params string[] statements)
    {
        migration.Sql("SET lock_timeout = 0", suppressTransaction: true);
        foreach (var statement in statements)
            migration.Sql(statement, suppressTransaction: true);
        migration.Sql("RESET lock_timeout", suppressTransaction: true);
    }
}
