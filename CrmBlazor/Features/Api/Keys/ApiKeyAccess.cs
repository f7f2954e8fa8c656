namespace CrmBlazor.Features.Api.Keys;

/// <summary>What the new-key form offers per record type: nothing, read, or read and write (write includes read).</summary>
public enum ApiKeyAccess { None, Read, ReadWrite }

/// <summary>Between the form's choice per record type, the stored scopes and the words the list shows.</summary>
public static class ApiKeyAccesses
{
    public static string Label(ApiKeyAccess access) => access switch
    {
        ApiKeyAccess.Read => "Read",
        ApiKeyAccess.ReadWrite => "Read & write",
        _ => "None",
    };

    public static IReadOnlyCollection<string> Scopes(IReadOnlyDictionary<ApiRecords, ApiKeyAccess> chosen) =>
    [
        .. chosen.Where(c => c.Value != ApiKeyAccess.None)
            .Select(c => ApiScope.Of(c.Key, c.Value == ApiKeyAccess.ReadWrite ? ApiAccess.Write : ApiAccess.Read)),
    ];

    /// <summary>"Contacts: read & write", one line per record type the scopes reach, in the form's order.</summary>
    public static IReadOnlyList<string> Describe(IEnumerable<string> scopes)
    {
        var held = scopes.ToList();
        return
        [
            .. Enum.GetValues<ApiRecords>()
                .Select(r => (Records: r, Access: ApiScope.Allows(held, r, ApiAccess.Write) ? ApiKeyAccess.ReadWrite
                    : ApiScope.Allows(held, r, ApiAccess.Read) ? ApiKeyAccess.Read : ApiKeyAccess.None))
                .Where(x => x.Access != ApiKeyAccess.None)
                .Select(x => $"{x.Records}: {Label(x.Access).ToLowerInvariant()}"),
        ];
    }
}
