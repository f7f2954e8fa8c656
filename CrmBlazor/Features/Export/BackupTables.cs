using Npgsql;

namespace CrmBlazor.Features.Export;

/// <summary>What a reference column points at: a row of the export (its id is remapped) or a user (matched by email).</summary>
public enum BackupReference { Row, User }

/// <summary>A tenant table in the full export, and its columns that refer to other rows.</summary>
public sealed record BackupTable(string Name, IReadOnlyDictionary<string, BackupReference> References)
{
    public string FileName => Name + ".csv";
}

/// <summary>A column as the export writes it: text is escaped (<see cref="BackupCells"/>), other types are PostgreSQL's own text form.</summary>
public sealed record BackupColumn(string Name, string Type, bool IsText);

/// <summary>
/// The tables of a full export, parents before children (the order a restore inserts them). The
/// columns come from the catalog, so a column added by a migration is exported without a change here;
/// left out are the tenant (the importing tenant is another), the created/updated-by stamps (users of
/// the source tenant) and generated columns. <c>users</c> is exported without any secret and only
/// read back to match owners by email; audit_logs are not exported (see README).
/// </summary>
public static class BackupTables
{
    private static readonly Dictionary<string, BackupReference> None = [];

    public static readonly IReadOnlyList<BackupTable> Restored =
    [
        new("companies", new Dictionary<string, BackupReference> { ["owner_id"] = BackupReference.User }),
        new("company_roles", new Dictionary<string, BackupReference> { ["company_id"] = BackupReference.Row }),
        new("contacts", new Dictionary<string, BackupReference> { ["company_id"] = BackupReference.Row, ["owner_id"] = BackupReference.User }),
        new("tags", None),
        new("contact_tags", new Dictionary<string, BackupReference> { ["contact_id"] = BackupReference.Row, ["tag_id"] = BackupReference.Row }),
        new("company_tags", new Dictionary<string, BackupReference> { ["company_id"] = BackupReference.Row, ["tag_id"] = BackupReference.Row }),
        new("pipelines", None),
        new("pipeline_stages", new Dictionary<string, BackupReference> { ["pipeline_id"] = BackupReference.Row }),
        new("deals", new Dictionary<string, BackupReference>
        {
            ["pipeline_id"] = BackupReference.Row, ["stage_id"] = BackupReference.Row, ["contact_id"] = BackupReference.Row,
            ["company_id"] = BackupReference.Row, ["owner_id"] = BackupReference.User,
        }),
        new("deal_tags", new Dictionary<string, BackupReference> { ["deal_id"] = BackupReference.Row, ["tag_id"] = BackupReference.Row }),
        new("deal_participants", new Dictionary<string, BackupReference> { ["deal_id"] = BackupReference.Row, ["company_id"] = BackupReference.Row }),
        new("activities", new Dictionary<string, BackupReference>
        {
            ["contact_id"] = BackupReference.Row, ["company_id"] = BackupReference.Row, ["deal_id"] = BackupReference.Row,
            ["owner_id"] = BackupReference.User,
        }),
    ];

    public static readonly BackupTable Users = new("users", None);

    /// <summary>Every file of the export, in the manifest's order.</summary>
    public static IEnumerable<BackupTable> All => Restored.Append(Users);

    private static readonly string[] NotExported = ["tenant_id", "created_by", "updated_by"];

    /// <summary>The users' columns: who they are and their role, never a password hash, stamp, token or key.</summary>
    public const string UsersSelect = """
        SELECT u.id::text AS id, u.email AS email, u.full_name AS full_name,
               (SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id LIMIT 1) AS role,
               u.is_active::text AS is_active, u.deleted_at::text AS deleted_at, u.created_at::text AS created_at
        FROM users u WHERE u.tenant_id = @tenant ORDER BY u.created_at, u.id
        """;

    public static readonly IReadOnlyList<BackupColumn> UserColumns =
    [
        new("id", "uuid", false), new("email", "text", true), new("full_name", "text", true), new("role", "text", true),
        new("is_active", "boolean", false), new("deleted_at", "timestamp with time zone", false),
        new("created_at", "timestamp with time zone", false),
    ];

    /// <summary>The table's exported columns, in the table's own order, with the type to cast a value back to.</summary>
    public static async Task<List<BackupColumn>> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), t.typcategory = 'S'
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = @table::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            ORDER BY a.attnum
            """, connection);
        command.Parameters.AddWithValue("table", table);
        var columns = new List<BackupColumn>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (!NotExported.Contains(reader.GetString(0)))
                columns.Add(new(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        return columns;
    }
}

/// <summary>
/// Text cells of the full export: escaped like every export (<see cref="Shared.CsvCells"/>), and
/// reversibly, so a restore gets the exact text back. A null is an empty cell; a text that is empty,
/// starts with an apostrophe or with a formula character gets one leading apostrophe.
/// </summary>
public static class BackupCells
{
    public static string Write(string? value) => value switch
    {
        null => "",
        "" => "'",
        _ when value[0] == '\'' => "'" + value,
        _ => Shared.CsvCells.Escape(value),
    };

    public static string? Read(string cell) => cell.Length == 0 ? null : cell[0] == '\'' ? cell[1..] : cell;
}
