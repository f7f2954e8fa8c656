using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Security;

/// <summary>
/// The limiters in front of the account forms: POSTs to the sign-in, registration and password-reset
/// pages, by client address (per page), and sign-in posts also by the email typed. The forms are static
/// server-rendered, so the email is read from the posted form (<see cref="AccountFormEmail"/>) before the
/// limiter runs. Everything else passes unlimited.
/// </summary>
public static class AccountRateLimits
{
    public const string SignInPath = "/Account/Login";
    public const string RegisterPath = "/Account/Register";
    public const string PasswordResetPath = "/Account/ForgotPassword";

    public static PartitionedRateLimiter<HttpContext> Create(IOptions<RateLimitSettings> options)
    {
        var byAddress = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            PageLimit(http, options.Value) is { } limit
                ? Window($"{limit.Name}:ip:{Address(http)}", limit.Limit)
                : RateLimitPartition.GetNoLimiter(""));
        var byEmail = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            AccountFormEmail.Of(http) is { } email && IsSignIn(http)
                ? Window($"sign-in:email:{email}", options.Value.SignInPerEmail)
                : RateLimitPartition.GetNoLimiter(""));
        return PartitionedRateLimiter.CreateChained(byAddress, byEmail);
    }

    /// <summary>Which limit a request falls under, by its page; null for everything but the account forms' posts.</summary>
    public static (string Name, RateLimit Limit)? PageLimit(HttpContext http, RateLimitSettings limits)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) return null;
        var path = http.Request.Path.Value ?? "";
        // LoginWith2fa and the recovery-code page share the sign-in budget: they guess at the same account.
        if (IsSignIn(http)) return ("sign-in", limits.SignInPerIp);
        if (path.Equals(RegisterPath, StringComparison.OrdinalIgnoreCase)) return ("register", limits.RegisterPerIp);
        if (path.Equals(PasswordResetPath, StringComparison.OrdinalIgnoreCase)) return ("password-reset", limits.PasswordResetPerIp);
        return null;
    }

    public static bool IsSignIn(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) &&
        (http.Request.Path.Value ?? "").StartsWith(SignInPath, StringComparison.OrdinalIgnoreCase);

    public static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();

    private static RateLimitPartition<string> Window(string key, RateLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit.Permits), Window = limit.Window, QueueLimit = 0, AutoReplenishment = true,
        });
}
