namespace CrmBlazor.Data.Entities;

/// <summary>An ISO 4217 currency a deal may be in; the global list is filled by Sql/currencies.sql and only read by the app.</summary>
public class Currency
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}
