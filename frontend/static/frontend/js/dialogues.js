// The dialogue page (/dialoger/<id>/). Without JavaScript the page is complete: a place is
// chosen by name (area or village) and the list is the server's. Choosing a point on the map
// is map-picker.js's (the place form has the same picker). This script adds new
// contributions appearing without a reload, over the live comment threads' socket protocol
// (resume after the last id seen, contribution.created, backoff on close).
(function () {
  "use strict";

  // --- Live contributions -----------------------------------------------------------------
  var section = document.querySelector("[data-dialogue-live]");
  var list = section ? section.querySelector("[data-contribution-list]") : null;
  if (!section || !list || !("WebSocket" in window)) return;
  var data = section.dataset;
  var liveStatus = section.querySelector("[data-live-status]");
  var empty = section.querySelector("[data-no-contributions]");
  var lastId = Number(data.lastId || 0);
  var attempt = 0;

  function add(c) {
    if (document.getElementById("contribution-" + c.id)) return;
    var item = document.createElement("li");
    item.className = "contribution" + (c.is_gold ? " is-gold" : "");
    item.id = "contribution-" + c.id;
    var article = document.createElement("article");
    var meta = document.createElement("p");
    meta.className = "meta";
    var who = document.createElement("strong");
    who.textContent = c.author_display;
    meta.appendChild(who);
    var where = [c.area ? c.area.name : "", c.village].filter(Boolean).join(" · ");
    if (where) meta.appendChild(document.createTextNode(" · " + where));
    article.appendChild(meta);
    (c.answers || []).forEach(function (text) {
      if (!text) return;
      var p = document.createElement("p");
      p.textContent = text;
      article.appendChild(p);
    });
    item.appendChild(article);
    list.insertBefore(item, list.firstChild);
    if (empty) empty.hidden = true;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + data.wsPath);
    socket.addEventListener("open", function () {
      attempt = 0;
      liveStatus.textContent = data.textLive;
      socket.send(JSON.stringify({ type: "resume", after: lastId }));
    });
    socket.addEventListener("message", function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "contribution.created") {
        add(message.contribution);
        lastId = Math.max(lastId, message.contribution.id);
      }
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4404 || event.code === 4401) return; // no access: do not retry
      liveStatus.textContent = data.textPaused;
      attempt += 1;
      window.setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, attempt - 1)));
    });
  }
  connect();
})();
