using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>One axe rule broken on one screen, with enough detail to find the elements.</summary>
public sealed record AxeFinding(string Where, string Rule, string Impact, string Help, int Count, IReadOnlyList<string> Elements)
{
    public override string ToString() =>
        $"{Where}: {Rule} ({Impact}, {Count} element(s)) {Help}{string.Concat(Elements.Select(e => $"{Environment.NewLine}    {e}"))}";
}

public static class AxeScan
{
    /// <summary>The success criteria the CRM promises: WCAG 2.0 and 2.1, levels A and AA.</summary>
    public static readonly IReadOnlyList<string> Wcag21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private const int ElementsShown = 4;

    /// <summary>
    /// Runs axe over SCOPE as it is now (the page's html element: the whole document, page-level rules
    /// included) and returns each broken rule; none when it is clean.
    /// </summary>
    public static async Task<IReadOnlyList<AxeFinding>> ViolationsAsync(this ILocator scope, string where)
    {
        // RunAxeLegacy runs axe.run on the element in the page itself. RunAxe would also open a blank page
        // to combine the results of frames, which this app has none of: measured here 1.5–3 s a scan against
        // 0.6 s, over some 80 scans a run. Should a later package drop the legacy call, RunAxe finds the same.
#pragma warning disable CS0618 // obsolete, and chosen on purpose for the reason above
        var result = await scope.RunAxeLegacy(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Wcag21AA] },
            ResultTypes = [ResultType.Violations],
        });
#pragma warning restore CS0618
        return result.Violations.Select(violation => new AxeFinding(
            where, violation.Id, violation.Impact ?? "", violation.Help, violation.Nodes.Length,
            violation.Nodes.Take(ElementsShown).Select(Describe).ToList())).ToList();
    }

    /// <summary>The element's selector and, when axe says why (a contrast ratio, a missing name), the first reason.</summary>
    private static string Describe(AxeResultNode node)
    {
        var reason = node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message).FirstOrDefault(m => !string.IsNullOrEmpty(m));
        return reason is null ? $"{node.Target}" : $"{node.Target} — {reason}";
    }
}
