/// The site's one script, a progressive enhancement: every element with `data-follow="<status URL>"` polls it
/// while grading runs; when it is done the element becomes the verdict's badge (or, with `data-follow-reload`,
/// the page reloads to show the full result). Without JavaScript the pages refresh themselves or offer a
/// refresh link, so nothing depends on it. Served from memory like the stylesheet; CSP `script-src 'self'`.
enum FollowScript {
    static let js = """
        (function () {
          "use strict";
          var tries = 0;
          function poll() {
            var els = document.querySelectorAll("[data-follow]");
            if (!els.length) { return; }
            tries += 1;
            Array.prototype.forEach.call(els, function (el) {
              fetch(el.getAttribute("data-follow"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (s) {
                  if (!s || !s.done) { return; }
                  if (el.hasAttribute("data-follow-reload")) { window.location.reload(); return; }
                  el.removeAttribute("data-follow");
                  el.textContent = s.label;
                  el.className = "badge " + s.kind;
                  var points = el.getAttribute("data-follow-points");
                  var target = points && document.getElementById(points);
                  if (target && s.points_text) { target.textContent = s.points_text; }
                })
                .catch(function () {});
            });
            if (tries < 200) { window.setTimeout(poll, tries < 20 ? 1500 : 5000); }
          }
          window.setTimeout(poll, 1500);

          // data-refresh="<page URL>" data-refresh-every="<seconds>": the element is replaced by the same element of
          // the page fetched again (the live roster), while the tab is visible. Without JavaScript: a refresh link.
          Array.prototype.forEach.call(document.querySelectorAll("[data-refresh][id]"), function (el) {
            var every = Math.max(5, parseInt(el.getAttribute("data-refresh-every"), 10) || 30) * 1000;
            function refresh() {
              if (document.hidden) { window.setTimeout(refresh, every); return; }
              fetch(el.getAttribute("data-refresh"), { credentials: "same-origin", headers: { "X-Ieum-Refresh": "1" } })
                .then(function (r) { return r.ok ? r.text() : null; })
                .then(function (text) {
                  if (text) {
                    var fresh = new DOMParser().parseFromString(text, "text/html").getElementById(el.id);
                    if (fresh) { el.innerHTML = fresh.innerHTML; }
                  }
                  window.setTimeout(refresh, every);
                })
                .catch(function () { window.setTimeout(refresh, every); });
            }
            window.setTimeout(refresh, every);
          });
        })();
        """
}
