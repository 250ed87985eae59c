// warraq serve: keeps the preview in step with the sources. The server
// tells this page, over an event stream, when the book was rebuilt (it
// reloads), when a build failed (it shows the problems over the page, and
// takes them away when a build succeeds again), and how the PDF is doing.
(function () {
  "use strict";
  var me = document.currentScript;
  var shown = me.dataset.version;
  var bar, overlay;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }

  function showBar(pdf) {
    if (!bar) {
      bar = el("div", { id: "warraq-bar", role: "status", dir: "ltr", lang: "en",
        style: "position:fixed;bottom:0;left:0;right:0;z-index:2147483646;font:13px/1.6 system-ui,sans-serif;" +
          "background:#1f1a14;color:#fdfbf7;padding:4px 12px;display:flex;gap:12px;justify-content:space-between" });
      document.body.appendChild(bar);
      document.body.style.paddingBottom = "2.5em";
    }
    while (bar.firstChild) bar.removeChild(bar.firstChild);
    bar.appendChild(el("span", {}, "warraq serve · live preview"));
    if (pdf === "ready") {
      bar.appendChild(el("a", { href: "/_warraq/book.pdf", id: "warraq-pdf", style: "color:#f3dd9b" }, "PDF"));
    } else {
      bar.appendChild(el("span", { id: "warraq-pdf" }, "PDF: " + pdf));
    }
  }

  function showErrors(lines) {
    if (!overlay) {
      overlay = el("div", { id: "warraq-errors", role: "alert", dir: "ltr", lang: "en",
        style: "position:fixed;inset:0;z-index:2147483647;background:rgba(31,26,20,0.94);color:#fdfbf7;" +
          "font:14px/1.6 ui-monospace,monospace;padding:2em;overflow:auto;white-space:pre-wrap" });
      document.body.appendChild(overlay);
    }
    while (overlay.firstChild) overlay.removeChild(overlay.firstChild);
    overlay.appendChild(el("h2", { style: "font:bold 16px system-ui,sans-serif;color:#f3a59b;margin:0 0 1em" },
      "The book does not build. Fix the sources: this page follows."));
    lines.forEach(function (l) {
      overlay.appendChild(el("div", { "class": "warraq-error", dir: "auto" }, l));
    });
  }

  var es = new EventSource("/_warraq/events");
  es.addEventListener("state", function (ev) {
    var s = JSON.parse(ev.data);
    showBar(s.pdf);
    if (s.errors && s.errors.length) {
      showErrors(s.errors);
      return;
    }
    if (String(s.version) !== shown) {
      location.reload();
    }
  });
})();
