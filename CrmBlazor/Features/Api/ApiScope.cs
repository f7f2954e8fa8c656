namespace CrmBlazor.Features.Api;

/// <summary>What a key may reach: the record types of the API, each read or read and write.</summary>
public enum ApiRecords { Contacts, Companies, Deals, Activities, Tags, Pipelines }

public enum ApiAccess { Read, Write }

/// <summary>A key's scopes as stored in api_keys.scopes ('contacts:read', 'deals:write'; ck_api_keys_scopes lists them all).</summary>
public static class ApiScope
{
    public static string Of(ApiRecords records, ApiAccess access) =>
        $"{records.ToString().ToLowerInvariant()}:{(access == ApiAccess.Write ? "write" : "read")}";

    public static readonly IReadOnlyList<string> All =
        [.. Enum.GetValues<ApiRecords>().SelectMany(r => new[] { Of(r, ApiAccess.Read), Of(r, ApiAccess.Write) })];

    /// <summary>Write includes read: a key that may change contacts may also list them.</summary>
    public static bool Allows(IEnumerable<string> held, ApiRecords records, ApiAccess access) =>
        held.Contains(Of(records, ApiAccess.Write)) || (access == ApiAccess.Read && held.Contains(Of(records, ApiAccess.Read)));
}
