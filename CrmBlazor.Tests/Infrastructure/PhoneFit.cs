using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>Whether a page fits the width of a phone: nothing scrolls sideways and no list is cut off at the right edge.</summary>
public static class PhoneFit
{
    /// <summary>An iPhone 12 to 15 held upright, in CSS pixels.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>
    /// The elements that hold lists of records: tables (MudTable, MudSimpleTable, MudDataGrid, which turn
    /// into stacked cards on a phone), lists, cards and papers.
    /// </summary>
    private const string ListContainers =
        "table, .mud-table, .mud-table-container, .mud-data-grid, ul, ol, [role=list], [role=table], [role=grid], " +
        ".mud-list, .mud-card, .mud-paper, .mud-grid, .mud-drop-zone";

    /// <summary>
    /// What of SCOPE (the page's html element, or a dialog) does not fit, one sentence per problem; empty
    /// when it fits. Elements inside EXEMPT (containers designed to scroll sideways, each listed with its
    /// reason by the caller) are not judged, and neither is the exempt containers' own scrolling.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SidewaysOverflowAsync(this ILocator scope, IReadOnlyCollection<string> exempt) =>
        await scope.EvaluateAsync<string[]>("""
            (root, [containers, exempt]) => {
                const problems = [];
                const viewport = document.documentElement.clientWidth;
                const scroller = document.scrollingElement;
                if (root === document.documentElement && scroller.scrollWidth > scroller.clientWidth)
                    problems.push(`the page scrolls sideways: ${scroller.scrollWidth}px of content in ${scroller.clientWidth}px`);
                const describe = el => {
                    const id = el.getAttribute('data-testid');
                    const classes = [...el.classList].filter(c => c.startsWith('mud-') || c.startsWith('board')).slice(0, 3).join('.');
                    const text = (el.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 40);
                    return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''}${classes ? ` .${classes}` : ''}> "${text}"`;
                };
                const isExempt = el => exempt.some(selector => el.closest(selector));
                for (const el of [root, ...root.querySelectorAll(containers)]) {
                    if (isExempt(el) || !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
                    const box = el.getBoundingClientRect();
                    if (box.width === 0 || box.height === 0) continue;
                    if (box.right > viewport + 0.5)
                        problems.push(`${describe(el)} is cut off at the right edge: it ends at ${Math.round(box.right)}px of ${viewport}px`);
                    if (el.scrollWidth > el.clientWidth + 1) {
                        const overflow = getComputedStyle(el).overflowX;
                        if (overflow === 'auto' || overflow === 'scroll')
                            problems.push(`${describe(el)} scrolls sideways: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
                        else if (overflow === 'hidden' || overflow === 'clip')
                            problems.push(`${describe(el)} cuts off its content: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
                    }
                }
                return problems;
            }
            """, new object[] { ListContainers, exempt.ToArray() });
}
