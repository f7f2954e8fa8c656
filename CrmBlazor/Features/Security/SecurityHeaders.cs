namespace CrmBlazor.Features.Security;

/// <summary>
/// The headers every response carries. The policy allows scripts from this origin and the request's
/// nonce only (Blazor Server needs no eval). Styles allow 'unsafe-inline' because MudBlazor writes
/// style attributes and its theme's &lt;style&gt; at run time (popover positions, the palette), which no
/// nonce or hash can cover; an injected style cannot run code, and scripts stay locked down.
/// connect-src 'self' covers the circuit's WebSocket to the same host.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    public static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context, CspNonce nonce)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy(nonce.Value);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = ReferrerPolicy;
        return next(context);
    }
}
