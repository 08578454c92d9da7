// Search helpers. Everything here is an extra: the search page and the idea form work
// without JavaScript.
//  1. Suggestions while typing in the search box, through a native <datalist>.
//  2. On the idea form, while a title is typed: which other organisations already work on
//     something similar (each idea with its municipality), announced politely to screen
//     readers. The links open in a new tab, so the half-filled form stays as it is.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      });
  }

  var box = document.querySelector("input[data-suggest-url]");
  var list = document.getElementById("search-suggestions");
  if (box && list) {
    var suggest = debounce(function () {
      var q = box.value.trim();
      if (q.length < 2) { list.replaceChildren(); return; }
      getJSON(box.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(q))
        .then(function (data) {
          list.replaceChildren.apply(list, data.results.map(function (hit) {
            var option = document.createElement("option");
            option.value = hit.title;
            return option;
          }));
        })
        .catch(function () { list.replaceChildren(); });
    }, 200);
    box.addEventListener("input", suggest);
  }

  var hint = document.getElementById("similar-hint");
  var form = hint && hint.closest("form");
  var title = form && form.querySelector("input[name=title]");
  if (hint && title) {
    var organisation = form.querySelector("[name=organisation]");
    var show = function (data, own) {
      var others = data.results.filter(function (hit) { return hit.organisation !== own; });
      var count = new Set(others.map(function (hit) { return hit.organisation; })).size;
      if (!count) { hint.replaceChildren(); return; }
      var text = document.createElement("p");
      text.textContent = count === 1
        ? hint.getAttribute("data-one")
        : hint.getAttribute("data-many").replace("__N__", String(count));
      var links = document.createElement("ul");
      var pageLang = (document.documentElement.lang || "").split("-")[0];
      var contentLang = hint.getAttribute("data-content-lang");
      others.forEach(function (hit) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = hit.url;
        link.target = "_blank";
        link.rel = "noopener";
        var title = document.createElement("span");
        title.textContent = hit.title;
        if (contentLang && contentLang !== pageLang) title.lang = contentLang;
        var newTab = document.createElement("span");
        newTab.className = "small";
        newTab.textContent = " " + hint.getAttribute("data-new-tab");
        link.append(title, newTab);
        item.append(link, document.createTextNode(" – " + (hit.organisation_name || hit.organisation)));
        links.appendChild(item);
      });
      hint.replaceChildren(text, links);
    };
    var lookup = debounce(function () {
      var value = title.value.trim();
      if (value.length < 4) { hint.replaceChildren(); return; }
      var own = organisation ? organisation.value : "";
      var url = hint.getAttribute("data-similar-url") + "?title=" + encodeURIComponent(value) +
        "&organisation=" + encodeURIComponent(own);
      getJSON(url).then(function (data) { show(data, own); }).catch(function () {});
    }, 400);
    title.addEventListener("input", lookup);
  }
})();
