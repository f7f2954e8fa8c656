namespace CrmBlazor.Data.Sql;

/// <summary>Reads the raw SQL files in this folder, embedded in the assembly, for migrations to apply.</summary>
public static class SqlScripts
{
    public static string Read(string fileName)
    {
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream($"Sql/{fileName}")
            ?? throw new InvalidOperationException($"SQL script {fileName} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
