// The live comment thread on the idea page and on the citizen proposal page (DESIGN.md,
// "Live comment threads"; the socket path comes from the section's data-ws-path).
//
// Without JavaScript the page is complete: the thread is rendered by the server and the
// form posts normally. This script adds:
// - new, edited and deleted comments appearing without a reload (the draft in the
//   textarea is never touched by an update);
// - posting over the socket with a client_id, so a retry after a dropped connection is
//   stored once;
// - reconnecting with backoff, then `resume` from the last comment seen: nothing missed,
//   nothing shown twice (every comment is keyed by its id in the page);
// - a polite status line ("Live updates paused…") for screen readers and everyone else.
(function () {
  "use strict";
  var section = document.querySelector("[data-comment-thread]");
  if (!section || !("WebSocket" in window)) return;

  var data = section.dataset;
  var list = section.querySelector("[data-comment-list]");
  var statusLine = section.querySelector("[data-live-status]");
  var presenceLine = section.querySelector("[data-presence]");
  var countBadge = section.querySelector("[data-comment-count]");
  var emptyNote = section.querySelector("[data-no-comments]");
  var form = section.querySelector("[data-comment-form]");
  var textarea = form ? form.querySelector("textarea[name=body]") : null;
  var formError = form ? form.querySelector("[data-form-error]") : null;
  var submitButton = form ? form.querySelector("button[type=submit]") : null;
  var userId = data.userId ? Number(data.userId) : null;
  var canModerate = data.canModerate === "1";
  var lastId = Number(data.lastId || 0);
  // What people write is Swedish unless known otherwise (hub/content_language.py): in a page
  // of another language, comment text is marked with its own language, as the server does.
  var pageLang = (document.documentElement.lang || "").split("-")[0];
  var contentLang = data.contentLang && data.contentLang !== pageLang ? data.contentLang : null;
  var socket = null;
  var attempt = 0;
  var reconnectTimer = null;
  var pending = null; // {client_id, body} until the server acknowledges it
  var everConnected = false;
  var isLive = false;
  var liveTimer = null;

  function text(name, params) {
    var value = data["text" + name.charAt(0).toUpperCase() + name.slice(1)] || "";
    Object.keys(params || {}).forEach(function (key) {
      value = value.replace("%(" + key + ")s", params[key]);
    });
    return value;
  }

  function setStatus(message) {
    if (statusLine.textContent !== message) statusLine.textContent = message;
  }

  function urlFor(kind, id) {
    return (data["url" + kind] || "").replace("/0/", "/" + id + "/");
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    // RFC 4122 version 4 from getRandomValues, for browsers without randomUUID.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // A time written exactly as the server writes it (date:"j F Y H:i" in _comment.html): in
  // the site's time zone, not the browser's, with the month names Django uses.
  var timeZone = data.timeZone || "Europe/Stockholm";
  var months = (data.months || "").split(",");
  var timeParts = null;
  try {
    timeParts = new Intl.DateTimeFormat("en-GB", {
      timeZone: timeZone, year: "numeric", month: "numeric", day: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    });
  } catch (e) { /* an unknown zone: fall back to ISO below */ }

  function formatTime(iso) {
    var date = new Date(iso);
    if (!timeParts || months.length !== 12) return date.toISOString();
    var parts = {};
    timeParts.formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
    var pad = function (value) { return ("0" + Number(value)).slice(-2); };
    return Number(parts.day) + " " + months[Number(parts.month) - 1] + " " + parts.year + " " +
      pad(parts.hour) + ":" + pad(parts.minute);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function actionLink(kind, label, comment) {
    var link = el("a", { href: urlFor(kind, comment.id), text: label });
    link.appendChild(el("span", { "class": "visually-hidden", text: " – " + comment.author }));
    return link;
  }

  // What the author is to the idea, as the server renders it (comments_tags.author_role_label):
  // "Delahub staff", "Skellefteå, samordnare (idéns team)", "Krokom, medlem", "Resident".
  function roleLabel(comment) {
    var organisation = comment.author_organisation;
    if (comment.author_role === "staff") return text("roleStaff");
    if (!organisation) return text("roleResident");
    var role = organisation.role.charAt(0).toUpperCase() + organisation.role.slice(1);
    var params = { organisation: organisation.name, role: text("membership" + role) };
    return text(comment.author_role === "team" ? "roleTeam" : "roleMember", params);
  }

  // The same markup as frontend/comments/_comment.html.
  function renderBody(comment) {
    var authorId = "comment-" + comment.id + "-author";
    var roleId = "comment-" + comment.id + "-role";
    var meta = el("p", { "class": "comment-meta small" }, [
      el("strong", { id: authorId, "class": "comment-author", text: comment.author }),
      document.createTextNode(" "),
      el("a", { href: "#comment-" + comment.id, "class": "muted" }, [
        el("time", { datetime: comment.created_at, text: formatTime(comment.created_at) })
      ])
    ]);
    if (comment.author_role) {
      meta.insertBefore(el("span", {
        id: roleId, "class": "author-role author-role-" + comment.author_role, text: roleLabel(comment)
      }), meta.childNodes[1]);
      meta.insertBefore(document.createTextNode(" "), meta.childNodes[1]);
    }
    var visible = !comment.deleted && !comment.hidden;
    if (comment.edited_at && visible) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", { "class": "muted", text: "(" + text("edited") + ")" }));
    }
    if (comment.parent && comment.parent !== comment.root && comment.reply_to) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("a", {
        href: "#comment-" + comment.parent, "class": "reply-to",
        text: text("replyTo", { name: comment.reply_to.author })
      }));
    }
    var body = el("div", { "class": "markdown comment-text" });
    if (comment.deleted) {
      body.appendChild(el("p", { "class": "muted", text: text("deleted") }));
    } else if (comment.hidden) {
      var reason = el("span", { text: comment.hidden_reason });
      if (contentLang) reason.setAttribute("lang", contentLang);
      body.appendChild(el("p", { "class": "muted", text: text("hidden") + " " + text("reason") + ": " }, [reason]));
    } else {
      // body_html is sanitised by the server (hub/markdown.py: markdown-it + nh3).
      body.innerHTML = comment.body_html;
      if (contentLang) body.setAttribute("lang", contentLang);
    }
    var labelledBy = comment.author_role ? authorId + " " + roleId : authorId;
    var article = el("article", { "class": "comment-body", "aria-labelledby": labelledBy }, [meta, body]);
    if (userId !== null && !comment.deleted) {
      var mine = comment.author_id === userId;
      var actions = el("p", { "class": "comment-actions small" });
      actions.appendChild(actionLink("Reply", text("reply"), comment));
      if (mine && visible) actions.appendChild(actionLink("Edit", text("edit"), comment));
      if (mine || canModerate) actions.appendChild(actionLink("Delete", text("delete"), comment));
      if (!mine) actions.appendChild(actionLink("Flag", text("flag"), comment));
      if (canModerate) actions.appendChild(actionLink("Hide", text("hide"), comment));
      article.appendChild(actions);
    }
    return article;
  }

  function repliesList(rootId) {
    var root = document.getElementById("comment-" + rootId);
    if (!root) return null;
    var replies = root.querySelector("[data-replies-for]");
    if (!replies) {
      replies = el("ol", { "class": "comment-replies", "data-replies-for": String(rootId) });
      root.appendChild(replies);
    }
    return replies;
  }

  function insertSorted(container, item, id) {
    // Keep the thread in the order written (ascending id), whatever order events come in.
    var children = Array.prototype.filter.call(container.children, function (c) { return c.dataset.commentId; });
    for (var i = 0; i < children.length; i++) {
      if (Number(children[i].dataset.commentId) > id) {
        container.insertBefore(item, children[i]);
        return;
      }
    }
    container.appendChild(item);
  }

  function showComment(comment, isNew) {
    var existing = document.getElementById("comment-" + comment.id);
    if (existing) {
      var old = existing.querySelector(":scope > .comment-body");
      existing.replaceChild(renderBody(comment), old);
      return;
    }
    var rootId = comment.root || null;
    var container = rootId ? repliesList(rootId) : list;
    if (!container) container = list; // the root is not in the page (should not happen)
    var item = el("li", {
      "class": "comment" + (rootId ? " comment-reply" : "") + (isNew ? " comment-new" : ""),
      id: "comment-" + comment.id,
      "data-comment-id": String(comment.id)
    }, [renderBody(comment)]);
    if (!rootId) {
      item.appendChild(el("ol", { "class": "comment-replies", "data-replies-for": String(comment.id) }));
    }
    insertSorted(container, item, comment.id);
    if (emptyNote) emptyNote.hidden = true;
  }

  function updateCount(delta) {
    if (!countBadge) return;
    countBadge.textContent = String(Math.max(0, Number(countBadge.textContent || 0) + delta));
  }

  // A socket is live once the server speaks on it, or once it has stayed open a moment.
  // Only then does the backoff start over: a server that accepts and at once closes with
  // 4503 (its channel layer is away) is retried less and less often, not every second.
  function markLive() {
    if (liveTimer) {
      window.clearTimeout(liveTimer);
      liveTimer = null;
    }
    if (isLive) return;
    isLive = true;
    everConnected = true;
    attempt = 0;
    setStatus(text("live"));
  }

  function onMessage(event) {
    markLive();
    var message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    var comment = message.comment;
    switch (message.type) {
      case "comment.created":
        if (!document.getElementById("comment-" + comment.id)) {
          showComment(comment, true);
          if (!comment.deleted && !comment.hidden) updateCount(1);
          if (comment.author_id !== userId) setStatus(text("new", { name: comment.author }));
        } else {
          showComment(comment, false);
        }
        lastId = Math.max(lastId, comment.id);
        break;
      case "comment.updated":
      case "comment.deleted":
        var before = document.getElementById("comment-" + comment.id);
        var wasVisible = before && !before.querySelector(".comment-text > p.muted:only-child");
        showComment(comment, false);
        var nowVisible = !comment.deleted && !comment.hidden;
        if (before && wasVisible && !nowVisible) updateCount(-1);
        if (before && !wasVisible && nowVisible) updateCount(1);
        break;
      case "comment.ack":
        if (pending && message.client_id === pending.client_id) {
          // Clear the box only if it still holds what was sent: never wipe a new draft.
          if (textarea && textarea.value === pending.body) textarea.value = "";
          pending = null;
          if (submitButton) submitButton.disabled = false;
          setStatus(text("sent"));
          if (textarea) textarea.focus();
        }
        showComment(comment, false);
        break;
      case "presence":
        presenceLine.textContent = message.viewers > 1
          ? text("viewersMany", { count: message.viewers })
          : text("viewersOne");
        break;
      case "error":
        if (message.code === "too_fast" && !message.client_id) {
          // The resume was refused (too many in a short time): ask again when allowed.
          scheduleResume(message.retry_after);
          break;
        }
        if (pending && message.client_id === pending.client_id) {
          pending = null;
          if (submitButton) submitButton.disabled = false;
        }
        if (formError) formError.textContent = message.detail;
        break;
    }
  }

  function connect() {
    reconnectTimer = null;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    if (!everConnected) setStatus(text("connecting"));
    socket = new WebSocket(scheme + window.location.host + data.wsPath);
    socket.addEventListener("open", function () {
      liveTimer = window.setTimeout(markLive, 1500);
      // Everything written since the page (or the last event) was seen, once each.
      sendResume();
      if (pending) socket.send(JSON.stringify({ type: "comment.create", body: pending.body, client_id: pending.client_id }));
    });
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", function (event) {
      socket = null;
      isLive = false;
      if (liveTimer) {
        window.clearTimeout(liveTimer);
        liveTimer = null;
      }
      if (event.code === 4404 || event.code === 4401) {
        // No longer allowed to see this idea (4404), or the account was deleted or
        // deactivated (4401): stop; a reload shows why.
        setStatus(text("paused"));
        return;
      }
      setStatus(text("paused"));
      scheduleReconnect();
    });
  }

  function sendResume() {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "resume", after: lastId }));
    }
  }

  function scheduleResume(seconds) {
    var delay = 1000 * Math.max(1, Number(seconds) || 5) * (1 + Math.random() * 0.25);
    window.setTimeout(sendResume, delay);
  }

  function scheduleReconnect() {
    if (reconnectTimer) return;
    // 1 s, 2 s, 4 s … up to 30 s, with jitter so a restarted server is not stormed.
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.75 + Math.random() * 0.5);
    attempt += 1;
    reconnectTimer = window.setTimeout(connect, delay);
  }

  window.addEventListener("online", function () {
    if (!socket && reconnectTimer) {
      window.clearTimeout(reconnectTimer);
      connect();
    }
  });

  if (form && textarea) {
    form.addEventListener("submit", function (event) {
      if (!socket || socket.readyState !== WebSocket.OPEN || pending) return; // post the form normally
      event.preventDefault();
      if (formError) formError.textContent = "";
      if (!textarea.value.trim()) {
        textarea.focus();
        return;
      }
      pending = { client_id: newId(), body: textarea.value };
      if (submitButton) submitButton.disabled = true;
      setStatus(text("sending"));
      socket.send(JSON.stringify({ type: "comment.create", body: pending.body, client_id: pending.client_id }));
    });
  }

  connect();
})();
