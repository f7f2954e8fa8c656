using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmBlazor.Data.Interceptors;

/// <summary>
/// Makes every text parameter storable before it reaches PostgreSQL, which refuses a NUL character in
/// text and to which Npgsql cannot encode a lone UTF-16 surrogate: either would fail the command, so a
/// pasted or hostile value in any field or search box would end in an error instead of a save or a search.
/// NULs are dropped and lone surrogates become U+FFFD, as a browser shows them.
/// </summary>
public sealed class TextParameters : DbCommandInterceptor
{
    public static readonly TextParameters Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) => Cleaned(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Cleaned(command, result));

    public override InterceptionResult<int> NonQueryExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result) => Cleaned(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Cleaned(command, result));

    public override InterceptionResult<object> ScalarExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result) => Cleaned(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Cleaned(command, result));

    private static T Cleaned<T>(DbCommand command, T result)
    {
        foreach (DbParameter parameter in command.Parameters)
            parameter.Value = parameter.Value switch
            {
                string text => Storable(text),
                string[] texts => texts.Select(Storable).ToArray(),
                var other => other,
            };
        return result;
    }

    /// <summary>TEXT without NULs and with every lone surrogate replaced; the same string when it needs neither (the common case).</summary>
    public static string Storable(string text)
    {
        if (!NeedsCleaning(text)) return text;
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '\0') continue;
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                clean.Append(ch).Append(text[++i]);
            else
                clean.Append(char.IsSurrogate(ch) ? '\uFFFD' : ch);
        }
        return clean.ToString();
    }

    private static bool NeedsCleaning(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '\0') return true;
            if (!char.IsSurrogate(ch)) continue;
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else return true;
        }
        return false;
    }
}
