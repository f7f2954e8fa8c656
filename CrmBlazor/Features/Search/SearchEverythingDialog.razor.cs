using CrmBlazor.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace CrmBlazor.Features.Search;

public partial class SearchEverythingDialog
{
    /// <summary>How long the box waits after a keystroke before it searches: about one keystroke of a steady typist.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    private const string ListId = "search-everything-results";

    [Inject] private SearchEverythingService Search { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    private readonly LatestSearch searches = new(Pause);
    private ElementReference box;
    private IJSObjectReference? module;
    private string? typed;
    private SearchEverythingResult? shown;
    private int active = -1;
    private bool revealActive;
    private string? problem;

    private Dictionary<string, object> ComboboxAttributes
    {
        get
        {
            var expanded = shown is { Hits.Count: > 0 } && SearchText.From(typed) is not null;
            var attributes = new Dictionary<string, object>
            {
                ["role"] = "combobox",
                ["aria-autocomplete"] = "list",
                ["aria-expanded"] = expanded ? "true" : "false",
                ["autocomplete"] = "off",
            };
            if (expanded) attributes["aria-controls"] = ListId;
            if (expanded && active >= 0) attributes["aria-activedescendant"] = OptionId(active);
            return attributes;
        }
    }

    private async Task TypedAsync(string? text)
    {
        typed = text;
        if (SearchText.From(text) is null)
        {
            // Nothing to search: the hint shows at once, and a search still under way no longer counts.
            searches.Cancel();
            Show(null);
            return;
        }
        try
        {
            if (await searches.RunAsync(ct => Search.SearchAsync(text, ct)) is { } result) Show(result);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The dialog lives outside the page's error boundary: an error here would end the circuit.
            problem = FriendlyError.Describe(ex);
        }
    }

    private void Show(SearchEverythingResult? result)
    {
        shown = result;
        problem = null;
        active = result is { Hits.Count: > 0 } ? 0 : -1;
        revealActive = true;
    }

    private void KeyDown(KeyboardEventArgs e)
    {
        var count = SearchText.From(typed) is null ? 0 : shown?.Hits.Count ?? 0;
        switch (e.Key)
        {
            case "ArrowDown" when count > 0:
                active = (active + 1) % count;
                revealActive = true;
                break;
            case "ArrowUp" when count > 0:
                active = (active - 1 + count) % count;
                revealActive = true;
                break;
            case "Enter" when active >= 0 && active < count:
                Open(shown!.Hits[active]);
                break;
        }
    }

    /// <summary>The link navigates by itself, at once, in the browser; here the box only steps aside.</summary>
    private void Clicked(MouseEventArgs e)
    {
        // A click that opens a new tab or window leaves the box open.
        if (e.CtrlKey || e.MetaKey || e.ShiftKey || e.Button != 0) return;
        searches.Stop();
        Dialog.Close();
    }

    private void Open(SearchHit hit)
    {
        searches.Stop();
        Dialog.Close();
        Navigation.NavigateTo(hit.Url);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            if (firstRender)
            {
                module = await JS.InvokeAsync<IJSObjectReference>("import", "./CrmBlazor/Features/Search/SearchEverythingDialog.razor.js");
                await module.InvokeVoidAsync("keepCaret", box);
            }
            if (revealActive && module is not null && active >= 0)
            {
                revealActive = false;
                await module.InvokeVoidAsync("reveal", OptionId(active));
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone: nothing left to keep in view.
        }
    }

    private static string OptionId(int index) => $"search-everything-option-{index}";

    private static string GroupId(SearchKind kind) => $"search-everything-{GroupName(kind).ToLowerInvariant()}";

    private static string GroupName(SearchKind kind) => kind switch
    {
        SearchKind.Contact => "Contacts",
        SearchKind.Company => "Companies",
        _ => "Deals",
    };

    public async ValueTask DisposeAsync()
    {
        searches.Dispose();
        if (module is not null)
        {
            try { await module.DisposeAsync(); }
            catch (JSDisconnectedException) { } // the circuit is gone, and the module with it
        }
    }
}
