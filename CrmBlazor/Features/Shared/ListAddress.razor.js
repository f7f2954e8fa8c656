// Keeps the list's search, filters, sort and page in the address bar, so the view can be bookmarked,
// shared and come back to with Back. It replaces the address only while the browser still shows the
// list at that path: a rep who typed a search and at once clicked a contact has left the list by the
// time the search's address arrives, and the click wins. Blazor's own state for the entry is kept.
const path = url => url.pathname.replace(/\/+$/, "");

export function replaceListAddress(url) {
    const target = new URL(url, location.href);
    if (path(target) !== path(location)) return false;
    history.replaceState(history.state, "", target.href);
    return true;
}
