// Blazor marks the dialog's state with classes (components-reconnect-show, -retrying, -failed, -paused,
// -resume-failed…), sometimes more than one at once, and announces changes with an event. The dialog
// shows one message, so the state is reduced here to one name in data-state, which the CSS follows.
const reconnectModal = document.getElementById("components-reconnect-modal");
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);
new MutationObserver(showState).observe(reconnectModal, { attributes: true, attributeFilter: ["class"] });

document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);

/** The one state to show, the most pressing first. */
function stateOf(classes) {
    if (classes.contains("components-reconnect-resume-failed")) return "resume-failed";
    if (classes.contains("components-reconnect-paused")) return "paused";
    if (classes.contains("components-reconnect-failed") || classes.contains("components-reconnect-rejected")) return "failed";
    return "reconnecting";
}

function showState() {
    reconnectModal.dataset.state = stateOf(reconnectModal.classList);
}

function handleReconnectStateChanged(event) {
    showState();
    if (event.detail.state === "show") {
        if (!reconnectModal.open) reconnectModal.showModal();
    } else if (event.detail.state === "hide") {
        reconnectModal.close();
    } else if (event.detail.state === "failed") {
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    } else if (event.detail.state === "rejected") {
        location.reload();
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenDocumentBecomesVisible);

    try {
        // true: reconnected; false: the server answered but no longer has this circuit; an exception: no server.
        const successful = await Blazor.reconnect();
        if (!successful) {
            const resumeSuccessful = await Blazor.resumeCircuit();
            if (!resumeSuccessful) {
                location.reload();
            } else {
                reconnectModal.close();
            }
        }
    } catch (err) {
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) {
            location.reload();
        }
    } catch {
        reconnectModal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenDocumentBecomesVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
