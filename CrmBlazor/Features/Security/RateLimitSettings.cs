namespace CrmBlazor.Features.Security;

/// <summary>One limit: so many attempts per window, counted in fixed windows.</summary>
public sealed record RateLimit(int Permits, int WindowMinutes)
{
    public TimeSpan Window => TimeSpan.FromMinutes(WindowMinutes);
}

/// <summary>The <c>RateLimits</c> section of appsettings.json: what one address, email or tenant may attempt.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in posts from one IP address, whatever the email (password spraying).</summary>
    public RateLimit SignInPerIp { get; set; } = new(30, 15);

    /// <summary>Sign-in posts for one email, from any address (guessing one account's password).</summary>
    public RateLimit SignInPerEmail { get; set; } = new(10, 15);

    /// <summary>Registrations from one IP address.</summary>
    public RateLimit RegisterPerIp { get; set; } = new(10, 60);

    /// <summary>Password reset requests from one IP address.</summary>
    public RateLimit PasswordResetPerIp { get; set; } = new(5, 15);

    /// <summary>Invitations one tenant may send in 24 hours.</summary>
    public int InvitationsPerTenantPerDay { get; set; } = 50;
}
