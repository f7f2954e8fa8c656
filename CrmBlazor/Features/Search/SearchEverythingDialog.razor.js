// The arrow keys walk the results (the server moves the highlight); in the field they would also move
// the caret to the start or end of the text, which the browser does before the server hears of it.
export function keepCaret(box) {
    box.addEventListener("keydown", event => {
        if (event.key === "ArrowDown" || event.key === "ArrowUp") event.preventDefault();
    });
}

// Keeps the highlighted result in view when the list scrolls (a phone, a long list).
export function reveal(id) {
    document.getElementById(id)?.scrollIntoView({ block: "nearest" });
}
