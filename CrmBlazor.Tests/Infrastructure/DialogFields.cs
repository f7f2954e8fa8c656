using AngleSharp.Dom;
using Bunit;
using MudBlazor;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// The parts of a MudBlazor dialog's form a user reads: fields by their label (a required field's
/// trailing * aside), the error under a field, the Save button. Call again after every render.
/// </summary>
public static class DialogFields
{
    public static IElement SaveButton(IRenderedComponent<MudDialogProvider> dialog) =>
        dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Save");

    public static IElement Input(IRenderedComponent<MudDialogProvider> dialog, string label) =>
        Field(dialog, label).QuerySelector("input")!;

    public static string? ErrorUnder(IRenderedComponent<MudDialogProvider> dialog, string label) =>
        Field(dialog, label).QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();

    /// <summary>The form control whose label reads <paramref name="label"/>.</summary>
    public static IElement Field(IRenderedComponent<MudDialogProvider> dialog, string label) =>
        dialog.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*').Trim() == label);
}
