// Ctrl+K (Cmd+K on a Mac) opens the search-everything box from anywhere in the app, even from inside a
// text field: the browser's own use of the key (its address bar search) gives way.
let listener = null;

export function listen(button) {
    stop();
    listener = event => {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key?.toLowerCase() === "k") {
            event.preventDefault();
            button.invokeMethodAsync("OpenAsync");
        }
    };
    document.addEventListener("keydown", listener);
}

export function stop() {
    if (listener) document.removeEventListener("keydown", listener);
    listener = null;
}
