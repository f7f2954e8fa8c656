// Asks the browser for a passkey before the form posts: navigator.credentials.create() to add one,
// .get() to sign in with one. The options come from the server (PasskeyEndpoints.cs), fetched with
// the form's antiforgery token; the credential (or why there is none) is posted as form fields.
const passkeysSupported =
    typeof navigator.credentials !== 'undefined' &&
    typeof window.PublicKeyCredential?.parseCreationOptionsFromJSON === 'function' &&
    typeof window.PublicKeyCredential?.parseRequestOptionsFromJSON === 'function';

async function fetchOptions(url, form, signal) {
    const token = new FormData(form).get('__RequestVerificationToken');
    const response = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: token ? { 'RequestVerificationToken': token } : {},
        signal,
    });
    if (!response.ok) {
        throw new Error(`The server could not start the passkey request (status ${response.status}).`);
    }
    return await response.json();
}

async function createCredential(form, signal) {
    const options = PublicKeyCredential.parseCreationOptionsFromJSON(await fetchOptions('Account/PasskeyCreationOptions', form, signal));
    return await navigator.credentials.create({ publicKey: options, signal });
}

async function requestCredential(form, signal) {
    const options = PublicKeyCredential.parseRequestOptionsFromJSON(await fetchOptions('Account/PasskeyRequestOptions', form, signal));
    return await navigator.credentials.get({ publicKey: options, signal });
}

customElements.define('passkey-submit', class extends HTMLElement {
    static formAssociated = true;

    connectedCallback() {
        this.internals = this.attachInternals();
        this.operation = this.getAttribute('operation');
        this.name = this.getAttribute('name');
        this.internals.form.addEventListener('submit', (event) => {
            if (event.submitter?.name === '__passkeySubmit') {
                event.preventDefault();
                this.obtainAndSubmit();
            }
        });
    }

    disconnectedCallback() {
        this.abort?.abort();
    }

    async obtainAndSubmit() {
        this.abort?.abort();
        this.abort = new AbortController();
        const form = this.internals.form;
        const fields = new FormData();
        try {
            if (!passkeysSupported) {
                throw new Error('This browser does not support passkeys. Please update it.');
            }
            const credential = this.operation === 'Create'
                ? await createCredential(form, this.abort.signal)
                : await requestCredential(form, this.abort.signal);
            fields.append(`${this.name}.CredentialJson`, JSON.stringify(credential));
        } catch (error) {
            if (error.name === 'AbortError') {
                return; // the user cancelled: nothing to say
            }
            fields.append(`${this.name}.Error`, error.name === 'NotAllowedError' ? 'No passkey was used.' : error.message);
        }
        this.internals.setFormValue(fields);
        form.submit();
    }
});
