// The dialogue page (/dialoger/<id>/). Without JavaScript the page is complete: a place is
// chosen by name (area or village) and the list is the server's. This script adds:
// - choosing a point on the map: a click, or the arrow keys on the focused map, sets the
//   hidden map_x/map_y fields (SVG units; the server turns them into a point);
// - new contributions appearing without a reload, over the live comment threads' socket
//   protocol (resume after the last id seen, contribution.created, backoff on close).
(function () {
  "use strict";

  // --- Choosing a point -------------------------------------------------------------------
  var picker = document.querySelector("[data-map-picker]");
  var form = document.querySelector("[data-contribution-form]");
  if (picker && form) {
    var svg = picker.querySelector("svg");
    var marker = picker.querySelector("[data-chosen-marker]");
    var inputX = form.querySelector("input[name=map_x]");
    var inputY = form.querySelector("input[name=map_y]");
    var statusLine = form.querySelector("[data-point-status]");
    var clearButton = form.querySelector("[data-clear-point]");
    var help = form.querySelector("[data-map-help]");
    var box = svg.viewBox.baseVal;
    var step = Math.max(box.width, box.height) / 100;
    picker.setAttribute("tabindex", "0");
    picker.setAttribute("role", "application");
    picker.setAttribute("aria-label", picker.dataset.label || "");
    picker.setAttribute("aria-describedby", "where-help");
    picker.setAttribute("data-active", "");
    if (help) help.hidden = false;

    var setPoint = function (x, y) {
      x = Math.min(Math.max(x, 0), box.width);
      y = Math.min(Math.max(y, 0), box.height);
      inputX.value = x.toFixed(1);
      inputY.value = y.toFixed(1);
      marker.setAttribute("cx", x.toFixed(1));
      marker.setAttribute("cy", y.toFixed(1));
      marker.removeAttribute("hidden");
      clearButton.hidden = false;
      statusLine.textContent = form.dataset.textPointSet || "";
    };
    var clearPoint = function () {
      inputX.value = "";
      inputY.value = "";
      marker.setAttribute("hidden", "");
      clearButton.hidden = true;
      statusLine.textContent = "";
    };
    svg.addEventListener("click", function (event) {
      var ctm = svg.getScreenCTM();
      if (!ctm) return;
      var p = svg.createSVGPoint();
      p.x = event.clientX;
      p.y = event.clientY;
      var at = p.matrixTransform(ctm.inverse());
      setPoint(at.x, at.y);
    });
    picker.addEventListener("keydown", function (event) {
      var x = inputX.value ? Number(inputX.value) : box.width / 2;
      var y = inputY.value ? Number(inputY.value) : box.height / 2;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        event.preventDefault();
        if (!inputX.value) setPoint(x, y);
        else setPoint(x + moves[event.key][0], y + moves[event.key][1]);
      } else if (event.key === "Escape") {
        clearPoint();
      }
    });
    clearButton.addEventListener("click", clearPoint);
    if (inputX.value && inputY.value) setPoint(Number(inputX.value), Number(inputY.value));
  }

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
