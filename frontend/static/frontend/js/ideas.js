// Markdown preview without a page reload. Without JavaScript the "Preview" button
// submits the form and the server renders the same preview.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview-url]");
  if (!form) return;
  var button = form.querySelector("[data-preview-button]");
  var target = document.getElementById("markdown-preview");
  var body = form.querySelector("textarea[name=body]");
  if (!button || !target || !body) return;
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var data = new FormData();
    data.append("body", body.value);
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    button.disabled = true;
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        // The server returns HTML sanitised by nh3 (hub/markdown.py).
        target.innerHTML = html;
      })
      .catch(function () {
        // Fall back to the server round-trip.
        form.appendChild(Object.assign(document.createElement("input"), { type: "hidden", name: "preview", value: "1" }));
        form.submit();
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
