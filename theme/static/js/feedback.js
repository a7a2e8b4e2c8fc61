// Readers' forms ("Is this page useful?", "Report a problem", comments), made better with
// JavaScript; every form works without it (the feedback service then asks a small sum).
//
// - A form is sent once: a second click while it is on its way does nothing.
// - A form with data-challenge loads the ALTCHA widget (npm `altcha`, from this site: the
//   addresses are in data-widget and data-worker) when the reader starts to fill it. The
//   widget fetches a challenge from the service and solves it in a worker, unseen; the
//   status line says how it goes, in the page's language (data-text-*). A reader who sends
//   before it is done waits for it; if it fails, the form goes anyway, without it.
// The widget is loaded only then: most readers never fill a form, and it is the heaviest
// script of the site.

const WAIT_FOR_CHECK_MS = 20000;

function say(form, key) {
  const status = form.querySelector(".feedback-status");
  if (status) status.textContent = form.dataset[key] || "";
}

let widgetLoaded = null;

function loadWidget(form) {
  if (!widgetLoaded) {
    const script = new URL(form.dataset.widget, document.baseURI).href;
    const worker = new URL(form.dataset.worker, document.baseURI).href;
    widgetLoaded = import(script).then(() => {
      globalThis.$altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker(worker));
    });
  }
  return widgetLoaded;
}

function startCheck(form) {
  if (form.feedbackCheck) return form.feedbackCheck;
  say(form, "textChecking");
  form.feedbackCheck = loadWidget(form).then(
    () =>
      new Promise((resolve) => {
        const widget = document.createElement("altcha-widget");
        widget.setAttribute("challenge", new URL(form.dataset.challenge, document.baseURI).href);
        widget.setAttribute("name", "altcha");
        widget.setAttribute("auto", "onload");
        widget.setAttribute("display", "invisible");
        // Out of sight and out of the tab order: the status line speaks for it.
        widget.hidden = true;
        widget.addEventListener("verified", () => {
          say(form, "textReady");
          resolve(true);
        });
        widget.addEventListener("statechange", (event) => {
          const state = event.detail && event.detail.state;
          if (state === "error" || state === "expired") {
            say(form, "textFailed");
            resolve(false);
          }
        });
        form.querySelector(".feedback-status").before(widget);
      }),
    () => {
      say(form, "textFailed");
      return false;
    },
  );
  return form.feedbackCheck;
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(false), ms))]);
}

function enhance(form) {
  if (form.dataset.challenge) {
    form.addEventListener("focusin", () => startCheck(form), { once: true });
  }
  form.addEventListener("submit", (event) => {
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    const payload = form.querySelector('input[name="altcha"]');
    if (form.dataset.challenge && !form.dataset.checked && !(payload && payload.value)) {
      event.preventDefault();
      withTimeout(startCheck(form), WAIT_FOR_CHECK_MS).then((passed) => {
        if (!passed) say(form, "textFailed");
        form.dataset.checked = "yes";
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      });
      return;
    }
    form.dataset.sending = "sent";
  });
}

document.querySelectorAll("form[data-feedback]").forEach(enhance);
