// A tab hidden for a while pauses its circuit: the server hands the page's state (and [PersistentState] values) to
// the browser and frees the circuit, so an idle tab holds no server memory. Shown again, the tab resumes the circuit
// from that state, on whichever node the load balancer picks (the nodes share their data protection keys).
(() => {
    const minutes = Number(document.currentScript?.dataset.hiddenMinutes);
    if (!(minutes > 0)) return;

    let timer = null;
    let pausing = null; // the pause under way or done (true when it took), until the tab is shown again

    document.addEventListener("visibilitychange", async () => {
        if (document.visibilityState === "hidden") {
            if (!pausing) timer ??= setTimeout(pause, minutes * 60_000);
            return;
        }
        clearTimeout(timer);
        timer = null;
        if (!pausing) return;
        const paused = await pausing;
        pausing = null;
        // false: the state was lost (expired, or never arrived); a reload is the honest way back.
        if (paused && !await Blazor.resumeCircuit()) location.reload();
    });

    function pause() {
        timer = null;
        if (document.visibilityState === "hidden" && window.Blazor?.pauseCircuit) pausing = Blazor.pauseCircuit();
    }
})();
