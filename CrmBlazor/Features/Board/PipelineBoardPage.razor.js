// A card carried by keyboard (Shift+arrow) changes column, and its element is replaced there. A Shift released before
// the new element has taken the focus lands on the page's body, outside the board that listens for it
// (PipelineBoardPage.KeyUpAsync), and the card would stay shown in the new column, unmoved. Such a release is passed
// on to the board. Loaded once by App.razor, so it also serves boards reached by enhanced navigation.
document.addEventListener('keyup', event => {
    if (event.key !== 'Shift' || event.target !== document.body) return;
    document.querySelector('[data-board-keys]')?.dispatchEvent(new KeyboardEvent('keyup', { key: 'Shift', bubbles: true }));
});
