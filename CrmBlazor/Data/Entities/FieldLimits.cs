namespace CrmBlazor.Data.Entities;

/// <summary>Text lengths shared by the database columns and the forms that fill them.</summary>
public static class FieldLimits
{
    public const int Name = 200;
    public const int Email = 320;
    public const int Phone = 50;
    public const int Url = 2048;
    public const int Domain = 253;
    public const int Short = 100;
    public const int PostalCode = 20;
    public const int Text = 20_000;
    public const int Color = 7;
    public const int Rank = 64;
    public const int Subject = 300;
}
