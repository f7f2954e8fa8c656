using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>Whether a page fits the width of a phone: nothing scrolls sideways and no list is cut off at the right edge.</summary>
public static class PhoneFit
{
    /// <summary>An iPhone 12 to 15 held upright, in CSS pixels.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>
    /// The elements that hold lists of records: tables (MudTable, MudSimpleTable, MudDataGrid, which turn
    /// into stacked cards on a phone), lists, cards and papers; and buttons. These must not scroll sideways
    /// or clip their content (a button squeezed narrower than its label shows only part of it).
    /// </summary>
    private const string ListContainers =
        "table, .mud-table, .mud-table-container, .mud-data-grid, ul, ol, [role=list], [role=table], [role=grid], " +
        ".mud-list, .mud-card, .mud-paper, .mud-grid, .mud-drop-zone, .mud-dialog, button";

    /// <summary>
    /// What of SCOPE (the page's html element, or a dialog) does not fit, one sentence per problem; empty
    /// when it fits: the page scrolls sideways, a list container scrolls sideways or clips its content, or
    /// any visible element (a card, a button) reaches past the right edge of the screen. Elements inside
    /// EXEMPT (containers designed to scroll sideways, each listed with its reason by the caller) are not
    /// judged, and neither is the exempt containers' own scrolling.
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
                    const classes = [...el.classList].filter(c => !c.startsWith('_') && !c.startsWith('b-')).slice(0, 3).join('.');
                    const text = (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
                    return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''}${classes ? ` .${classes}` : ''}> "${text}"`;
                };
                const judged = el => !exempt.some(selector => el.closest(selector))
                    && el.checkVisibility({ visibilityProperty: true, opacityProperty: true })
                    && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
                // Past the right edge: only the outermost such element, not each of its children again.
                const cutOff = new Set();
                for (const el of [root, ...root.querySelectorAll('*')]) {
                    if (!judged(el) || (el.parentElement && cutOff.has(el.parentElement))) {
                        if (el.parentElement && cutOff.has(el.parentElement)) cutOff.add(el);
                        continue;
                    }
                    const right = el.getBoundingClientRect().right;
                    if (right > viewport + 0.5) {
                        cutOff.add(el);
                        problems.push(`${describe(el)} is cut off at the right edge: it ends at ${Math.round(right)}px of ${viewport}px`);
                    }
                }
                for (const el of [root, ...root.querySelectorAll(containers)]) {
                    if (!el.matches(containers) || !judged(el) || el.scrollWidth <= el.clientWidth + 1) continue;
                    const overflow = getComputedStyle(el).overflowX;
                    if (overflow === 'auto' || overflow === 'scroll')
                        problems.push(`${describe(el)} scrolls sideways: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
                    else if (overflow === 'hidden' || overflow === 'clip')
                        problems.push(`${describe(el)} cuts off its content: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
                }
                return problems;
            }
            """, new object[] { ListContainers, exempt.ToArray() });
}
