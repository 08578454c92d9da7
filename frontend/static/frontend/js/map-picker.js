// Setting a point on a municipality's map (frontend/maps/_picker_map.html), for every page
// that has one (the dialogue page, the place form). Without JavaScript the map is only a
// picture and the form has other ways to say where (an area or village, typed coordinates).
//
// The map, [data-map-picker], names its form (data-map-form, an id) and the keyboard help it
// is described by (data-help, an id, shown by this script). A click, or the arrow keys on the
// focused map, set the form's hidden map_x/map_y inputs (SVG units; the server turns them
// into a point, maps.drawing.point_at); Escape or the form's [data-clear-point] button
// remove the point. The form's [data-point-status] (role=status) says what happened, with
// the form's data-text-point-set. A form with data-map-replaces (ids of inputs, such as the
// typed coordinates) has them emptied while a map point is set (restored when it is
// removed), and typing in them removes the map point: one way of giving the place at a time.
(function () {
  "use strict";

  function pick(picker) {
    var form = document.getElementById(picker.dataset.mapForm || "");
    if (!form) return;
    var svg = picker.querySelector("svg");
    var marker = picker.querySelector("[data-chosen-marker]");
    var inputX = form.querySelector("input[name=map_x]");
    var inputY = form.querySelector("input[name=map_y]");
    var statusLine = form.querySelector("[data-point-status]");
    var clearButton = form.querySelector("[data-clear-point]");
    var help = picker.dataset.help ? document.getElementById(picker.dataset.help) : null;
    var helpExtra = form.querySelector("[data-map-help]");
    var replaced = (form.dataset.mapReplaces || "")
      .split(" ")
      .filter(Boolean)
      .map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
    if (!svg || !marker || !inputX || !inputY) return;
    var box = svg.viewBox.baseVal;
    var step = Math.max(box.width, box.height) / 100;
    // The point the page came with (a place being edited): shown again when the map point
    // is removed, and where the arrow keys start.
    var initial = marker.hasAttribute("hidden")
      ? null
      : [marker.getAttribute("cx"), marker.getAttribute("cy")];
    var saved = null;

    picker.setAttribute("tabindex", "0");
    picker.setAttribute("role", "application");
    picker.setAttribute("aria-label", picker.dataset.label || "");
    if (help) picker.setAttribute("aria-describedby", help.id);
    picker.setAttribute("data-active", "");
    if (helpExtra) helpExtra.hidden = false;

    function showMarker(x, y) {
      marker.setAttribute("cx", x);
      marker.setAttribute("cy", y);
      marker.removeAttribute("hidden");
    }
    function setPoint(x, y) {
      x = Math.min(Math.max(x, 0), box.width);
      y = Math.min(Math.max(y, 0), box.height);
      inputX.value = x.toFixed(1);
      inputY.value = y.toFixed(1);
      showMarker(x.toFixed(1), y.toFixed(1));
      if (saved === null) {
        saved = replaced.map(function (input) { return input.value; });
        replaced.forEach(function (input) { input.value = ""; });
      }
      if (clearButton) clearButton.hidden = false;
      if (statusLine) statusLine.textContent = form.dataset.textPointSet || "";
    }
    function clearPoint(restore) {
      inputX.value = "";
      inputY.value = "";
      if (initial) showMarker(initial[0], initial[1]);
      else marker.setAttribute("hidden", "");
      if (saved !== null && restore) {
        replaced.forEach(function (input, i) { input.value = saved[i]; });
      }
      saved = null;
      if (clearButton) clearButton.hidden = true;
      if (statusLine) statusLine.textContent = "";
    }

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
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        event.preventDefault();
        if (inputX.value) {
          setPoint(Number(inputX.value) + moves[event.key][0], Number(inputY.value) + moves[event.key][1]);
        } else if (initial) {
          setPoint(Number(initial[0]), Number(initial[1]));
        } else {
          setPoint(box.width / 2, box.height / 2);
        }
      } else if (event.key === "Escape") {
        clearPoint(true);
      }
    });
    if (clearButton) clearButton.addEventListener("click", function () { clearPoint(true); });
    replaced.forEach(function (input) {
      input.addEventListener("input", function () {
        if (inputX.value) clearPoint(false);
      });
    });
    // A form shown again with its errors keeps the point chosen before.
    if (inputX.value && inputY.value) {
      setPoint(Number(inputX.value), Number(inputY.value));
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-map-picker]"), pick);
})();
