// The menu's own button, which has just replaced the plain one the user clicked (and the focus with it).
export function focusButton(holder) {
    holder.querySelector("button")?.focus();
}
