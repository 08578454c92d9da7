// Keeps what a person has typed in the thread's main comment box while they reply to,
// edit, delete or flag a comment: those are pages of their own (they work without
// JavaScript), and coming back to the idea page would otherwise show an empty box.
//
// The draft lives in sessionStorage (this tab only, gone when it closes), per idea and
// person. It is saved as it is typed and when the page is left, put back only into an
// empty box, and dropped when the box's own form is sent as a page (the socket path in
// comments.js keeps the page, and the box then holds whatever is left in it).
(function () {
  "use strict";
  var section = document.querySelector("[data-comment-thread]");
  var form = section ? section.querySelector("[data-comment-form]") : null;
  var box = form ? form.querySelector("textarea[name=body]") : null;
  var storage = null;
  try {
    storage = window.sessionStorage;
  } catch (e) {
    return; // storage refused (privacy settings): the box works as before
  }
  if (!box || !storage) return;

  var key = "delahub:comment-draft:" + section.dataset.wsPath + ":" + section.dataset.userId;
  var sentAsPage = false;

  function keep() {
    try {
      if (box.value.trim()) storage.setItem(key, box.value);
      else storage.removeItem(key);
    } catch (e) {
      // A full or refused storage loses only the convenience.
    }
  }

  if (!box.value) {
    var saved = storage.getItem(key);
    if (saved) box.value = saved;
  }

  box.addEventListener("input", keep);
  // Listeners run in the order added: comments.js (loaded first) has already decided
  // whether the socket sends the comment (the page stays) or the form posts as a page.
  form.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) sentAsPage = true;
  });
  window.addEventListener("pagehide", function () {
    if (sentAsPage) storage.removeItem(key);
    else keep();
  });
})();
