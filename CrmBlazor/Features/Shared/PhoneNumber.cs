namespace CrmBlazor.Features.Shared;

/// <summary>
/// What a phone number may hold, for contacts and companies: digits and the separators people write
/// (spaces, + ( ) - .), at least three digits, and an optional extension ("x 12", "ext. 12", "#12").
/// </summary>
public static class PhoneNumber
{
    /// <summary>ck_contacts_phone_format and ck_companies_phone_format (Sql/phone_format.sql), character for character.</summary>
    public const string Pattern = @"^ *\+?[ ().-]*([0-9][ ().-]*){3,}(([Xx]|[Ee][Xx][Tt]\.?|#) *[0-9]{1,6} *)?$";

    public const string Invalid = "Enter a phone number of digits, spaces and + ( ) - . only, like +1 555 0100 or +1 555 0100 ext. 12.";
}
