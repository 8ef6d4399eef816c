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
        })();
        """
}
