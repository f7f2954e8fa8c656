namespace CrmBlazor.Features.Shared;

/// <summary>
/// The classes a MudLink puts on its &lt;a&gt;, for links written as plain markup. A link in a list row or on a board card
/// needs no component of its own: each MudLink keeps its state and render trees in the circuit's memory for as long as
/// the page is open (issue 18, memory per idle circuit), and a plain &lt;a href&gt; looks, navigates and reads the same.
/// </summary>
public static class PlainLink
{
    /// <summary>MudLink's defaults: primary color, underlined on hover.</summary>
    public const string Class = "mud-typography mud-link mud-primary-text mud-link-underline-hover";

    /// <summary>MudLink with Underline.Always.</summary>
    public const string Underlined = "mud-typography mud-link mud-primary-text mud-link-underline-always";
}
