/* Added by the preview server (preview/server.py) to every page it serves, never to the
   built site. It asks the server, again and again, whether the site changed since the page
   was loaded; it reloads the page when the site shows a change, and shows the content's
   problems, or what the server is doing, in a panel at the bottom of the page. */
(function () {
  "use strict";
  var script = document.currentScript;
  var loaded = Number(new URL(script.src).searchParams.get("v"));
  var panel = null;

  function show(kind, heading, text) {
    if (!panel) {
      panel = document.createElement("div");
      panel.className = "preview-panel";
      document.body.appendChild(panel);
    }
    panel.setAttribute("role", kind === "problems" ? "alert" : "status");
    panel.className = "preview-panel preview-panel--" + kind;
    panel.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = heading;
    panel.appendChild(strong);
    if (text) {
      var details = document.createElement("pre");
      details.textContent = text;
      panel.appendChild(details);
    }
  }

  function hide() {
    if (panel) {
      panel.remove();
      panel = null;
    }
  }

  // The server answers at once if the site is not at `seen`, else when it changes (or
  // after 20 s): the page reloads as soon as a change is shown.
  function poll(seen) {
    fetch("/_preview/status?seen=" + seen, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.problems) {
          show("problems", "The last change has problems; this page shows the site before it.",
               status.problems);
        } else if (status.busy) {
          show("busy", status.busy, "");
        } else if (status.version !== loaded) {
          location.reload();
          return;
        } else {
          hide();
        }
        setTimeout(function () { poll(status.version); }, 20);
      })
      .catch(function () {
        show("busy", "The preview server is starting again…", "");
        setTimeout(function () { poll(seen); }, 1000);
      });
  }

  poll(-1); // at once: a page loaded while there are problems shows them
})();
