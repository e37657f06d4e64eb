/* "Ort oder Adresse": htmx fetches suggestions while typing (a list of buttons under the field, the count
   announced in a live region). This script only adds the keyboard and the choice: arrow down from the field
   into the list, arrows within it, Escape back to the field; choosing fills the field and searches.
   Without JavaScript the field is plain text that the server resolves when the form is sent. */
(function () {
  "use strict";
  function setup(widget) {
    var input = widget.querySelector("input[name=adresse]");
    var list = widget.querySelector(".finder-suggestions");
    var status = widget.querySelector("[role=status]");
    if (!input || !list) return;
    function buttons() {
      return Array.prototype.slice.call(list.querySelectorAll("button.finder-suggestion"));
    }
    function close(focusInput) {
      list.innerHTML = "";
      if (status) status.textContent = "";
      if (focusInput) input.focus();
    }
    function choose(button) {
      input.value = button.dataset.value;
      close(true);
      if (input.form && input.form.requestSubmit) input.form.requestSubmit();
    }
    input.addEventListener("keydown", function (event) {
      var all = buttons();
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        all[0].focus();
      } else if (event.key === "Escape" && all.length) {
        event.preventDefault();
        close(true);
      }
    });
    // Keep the focus in the field while a suggestion is clicked (browsers that do not focus buttons on click).
    list.addEventListener("mousedown", function (event) {
      if (event.target.closest("button.finder-suggestion")) event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button.finder-suggestion");
      if (button) choose(button);
    });
    list.addEventListener("keydown", function (event) {
      var all = buttons();
      var index = all.indexOf(document.activeElement);
      if (index < 0) return;
      var next = null;
      if (event.key === "ArrowDown") next = all[Math.min(index + 1, all.length - 1)];
      else if (event.key === "ArrowUp") next = index === 0 ? input : all[index - 1];
      else if (event.key === "Home") next = all[0];
      else if (event.key === "End") next = all[all.length - 1];
      else if (event.key === "Escape") {
        event.preventDefault();
        close(true);
        return;
      }
      if (next) {
        event.preventDefault();
        next.focus();
      }
    });
    // Leaving the field and the list (Tab, a click elsewhere) closes the list.
    widget.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !widget.contains(event.relatedTarget)) {
        window.setTimeout(function () {
          if (!widget.contains(document.activeElement)) close(false);
        }, 0);
      }
    });
    // A search started with Enter in the field makes pending suggestions pointless.
    input.form && input.form.addEventListener("submit", function () { close(false); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-finder-location]"), setup);
  });
})();
