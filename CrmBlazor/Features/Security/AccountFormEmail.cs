namespace CrmBlazor.Features.Security;

/// <summary>
/// Reads the email of a posted account form (the field <c>Input.Email</c>) for the per-email limiter,
/// which cannot read the body itself. The form is read once: Blazor and antiforgery reuse it.
/// Normalised as Identity does (trimmed, upper case), so "A@b.c " and "a@B.C" share one budget.
/// </summary>
public sealed class AccountFormEmail(RequestDelegate next)
{
    public const string Field = "Input.Email";
    private static readonly object Key = new();

    public async Task InvokeAsync(HttpContext http)
    {
        if (AccountRateLimits.IsSignIn(http) && http.Request.HasFormContentType)
        {
            try
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                var email = form[Field].ToString().Trim();
                if (email.Length > 0) http.Items[Key] = email.ToUpperInvariant();
            }
            catch (InvalidDataException)
            {
                // A malformed body: the per-address limit still counts it, and the page refuses it.
            }
        }
        await next(http);
    }

    public static string? Of(HttpContext http) => http.Items.TryGetValue(Key, out var email) ? email as string : null;
}
