using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using MudBlazor;

namespace CrmBlazor.Components.Layout;

/// <summary>
/// MudThemeProvider whose style sheets are one string per theme and mode for the whole process. MudThemeProvider
/// builds its theme's CSS (about 12,000 characters) afresh on each render, and the circuit's render tree keeps that
/// copy for as long as the circuit lives: some 25 KB of every open tab, for text that is the same in all of them
/// (issue 18). This renders what MudThemeProvider renders, with each piece of markup swapped for the process's copy.
/// </summary>
public class SharedThemeProvider : MudThemeProvider
{
    // Keyed by content: a handful of entries (light and dark, with and without the scrollbar style), as the app has one theme.
    private static readonly ConcurrentDictionary<string, string> SharedMarkup = new();

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        using var own = new RenderTreeBuilder();
        base.BuildRenderTree(own);
        var frames = own.GetFrames();
        // MudThemeProvider 9 renders markup frames only; should a later version render anything else, render it as it is.
        if (!frames.Array.Take(frames.Count).All(frame => frame.FrameType == RenderTreeFrameType.Markup))
        {
            base.BuildRenderTree(builder);
            return;
        }
        foreach (var frame in frames.Array.Take(frames.Count))
            builder.AddMarkupContent(frame.Sequence, SharedMarkup.GetOrAdd(frame.MarkupContent, frame.MarkupContent));
    }
}
