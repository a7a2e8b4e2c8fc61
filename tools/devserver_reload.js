/* Added by the preview server (tools/devserver.py) to every page it serves, never to the
   built site: reloads the page after each new build, and shows the problems of a failed
   build on top of the page until they are fixed. */
(function () {
  "use strict";
  var seen = null; // the build number the page was loaded with
  var version = null; // the state the server last told of
  var panel = null;

  function showProblems(text) {
    if (!panel) {
      panel = document.createElement("div");
      panel.setAttribute("role", "alert");
      var style = panel.style;
      style.position = "fixed";
      style.left = style.right = style.bottom = "0";
      style.maxHeight = "50vh";
      style.overflow = "auto";
      style.zIndex = "1000";
      style.padding = "1rem";
      style.background = "#fff2cc";
      style.color = "#0b0c0c";
      style.borderTop = "4px solid #d4351c";
      style.font = "1rem/1.4 system-ui, sans-serif";
      document.body.appendChild(panel);
    }
    panel.textContent = "";
    var heading = document.createElement("strong");
    heading.textContent = "The last change did not build. The page shows the site before it.";
    var details = document.createElement("pre");
    details.style.whiteSpace = "pre-wrap";
    details.textContent = text;
    panel.appendChild(heading);
    panel.appendChild(details);
  }

  // Asks for the build's state; once the page has seen one, the server answers only when
  // something changed (or after 20 s), so the page reloads as soon as a build is done.
  function poll() {
    var query = version === null ? "" : "?seen=" + version;
    fetch("/_preview/status" + query, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (seen !== null && status.build !== seen) {
          location.reload();
          return false; // no more requests from a page that is going away
        }
        seen = status.build;
        version = status.version;
        if (status.error) {
          showProblems(status.error);
        } else if (panel) {
          panel.remove();
          panel = null;
        }
        return true;
      })
      .then(function (again) { if (again) { setTimeout(poll, 50); } })
      .catch(function () { setTimeout(poll, 1000); /* the server is restarting */ });
  }

  poll();
})();
