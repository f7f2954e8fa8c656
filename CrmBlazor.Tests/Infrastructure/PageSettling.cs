using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

public static class PageSettling
{
    /// <summary>
    /// Waits until no finite animation or transition runs (a dialog fading in, a popover growing), so
    /// what is measured is what the user ends up seeing. Endless ones (progress bars) are not waited for.
    /// </summary>
    public static Task WaitForAnimationsAsync(this IPage page) =>
        page.WaitForFunctionAsync("""
            () => document.getAnimations().every(a =>
                a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)
            """);
}
