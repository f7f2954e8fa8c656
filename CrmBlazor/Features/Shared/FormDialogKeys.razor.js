// Esc and Enter for a form dialog (see FormDialogKeys.razor). The listener sits on the dialog, so keys
// typed in any of its fields reach it; keys meant for the field itself are left alone: Enter in a text
// area (a new line), on a button (its click), in a select or autocomplete (choosing), and Esc while a
// list is open (closing the list).
const dialogOf = marker => marker.closest(".mud-dialog") ?? marker.parentElement;
// Fields bind on change: commit the one being typed in before .NET reads the form (to save it, or to tell
// whether cancelling throws changes away).
const commit = target => {
    if (target.tagName === "INPUT" || target.tagName === "TEXTAREA") target.dispatchEvent(new Event("change", { bubbles: true }));
};
const inList = target => target.closest?.(".mud-select, .mud-autocomplete, [aria-expanded='true']") !== null;

export function attach(marker, dotnet) {
    const dialog = dialogOf(marker);
    const onKey = e => {
        if (e.defaultPrevented || e.isComposing) return;
        const target = e.target;
        if (e.key === "Escape") {
            if (target.getAttribute?.("aria-expanded") === "true" || document.querySelector(".mud-popover-open .mud-list")) return;
            e.preventDefault();
            e.stopPropagation();
            commit(target);
            dotnet.invokeMethodAsync("CancelAsync");
        } else if (e.key === "Enter" && !e.shiftKey && !e.altKey) {
            if (target.tagName === "TEXTAREA" || target.tagName === "BUTTON" || target.tagName === "A" || inList(target)) return;
            e.preventDefault();
            commit(target);
            dotnet.invokeMethodAsync("SaveAsync");
        }
    };
    dialog.addEventListener("keydown", onKey);
    return { detach: () => dialog.removeEventListener("keydown", onKey) };
}

// On a slow connection this comes late, when the user may already be typing in a field of the form: the focus stays
// where they put it, or the rest of their typing would land in the first field.
export function focusFirstField(marker) {
    const dialog = dialogOf(marker);
    const typingIn = document.activeElement;
    if (typingIn !== null && dialog.contains(typingIn) && typingIn.matches("input, textarea, select")) return;
    const field = dialog.querySelector(
        "input:not([type=hidden]):not([disabled]):not([readonly]), textarea:not([disabled]), select:not([disabled])");
    field?.focus({ preventScroll: false });
}
