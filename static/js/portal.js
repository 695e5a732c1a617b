// Editor rows: add (htmx fetches an empty row), remove, reorder; keeps formset counters
// and the hidden `position` fields in step so the server sees the order on screen.
(function () {
  "use strict";

  function renumber(container) {
    var position = 1;
    container.querySelectorAll("[data-row]").forEach(function (row) {
      var input = row.querySelector("input[data-position]");
      if (input) { input.value = position; }
      position += 1;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-row-remove],[data-row-up],[data-row-down]");
    if (!button) { return; }
    var row = button.closest("[data-row]");
    var container = row.parentElement;
    if (button.hasAttribute("data-row-remove")) {
      var box = row.querySelector("input[name$='-DELETE']");
      if (box) { box.checked = true; }
      row.classList.add("removed");
    } else if (button.hasAttribute("data-row-up") && row.previousElementSibling) {
      container.insertBefore(row, row.previousElementSibling);
    } else if (button.hasAttribute("data-row-down") && row.nextElementSibling) {
      container.insertBefore(row.nextElementSibling, row);
    }
    renumber(container);
    button.focus();
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var part = event.detail.elt.getAttribute("data-add-row");
    if (!part) { return; }
    var total = document.getElementById("id_" + part + "-TOTAL_FORMS");
    event.detail.parameters.index = total ? total.value : 0;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var part = event.detail.requestConfig && event.detail.requestConfig.elt.getAttribute("data-add-row");
    if (!part) { return; }
    var total = document.getElementById("id_" + part + "-TOTAL_FORMS");
    if (total) { total.value = parseInt(total.value, 10) + 1; }
    var container = document.getElementById("rows-" + part);
    renumber(container);
    var rows = container.querySelectorAll("[data-row]");
    var input = rows[rows.length - 1].querySelector("textarea, input:not([type=hidden]), select");
    if (input) { input.focus(); }
  });

  // Buttons with data-confirm ask first (submitting a report locks its activities).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // A select with data-autosubmit (the language switch) submits its form when changed.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) { event.target.form.submit(); }
  });

  // Progress bars carry their width as data-width (a percentage): the Content-Security-Policy
  // allows no style attribute, but a script of the portal may set the style property.
  function setWidth(bar) {
    var percent = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-width")) || 0));
    bar.style.width = percent + "%";
  }

  function applyWidths(root) {
    if (root.matches && root.matches("[data-width]")) { setWidth(root); }
    if (root.querySelectorAll) { root.querySelectorAll("[data-width]").forEach(setWidth); }
  }

  // htmx:load fires for the page and for every piece htmx swaps in (the rendition status).
  document.addEventListener("htmx:load", function (event) { applyWidths(event.detail.elt); });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-rows]").forEach(renumber);
    applyWidths(document);
  });
})();

// Uploads with a progress bar. A multipart form with a file chosen is sent by XHR when it has
// a progress box (data-upload-progress-bar inside it, or the element its submit button names
// in data-upload-progress); the server's answer (the page after the redirect, or the form
// with its errors) then replaces the page. Without script the form posts as usual.
(function () {
  "use strict";

  function enctypeOf(form, submitter) {
    if (submitter && submitter.hasAttribute("formenctype")) { return submitter.formEnctype; }
    return form.enctype;
  }

  function hasFiles(form) {
    return Array.prototype.some.call(form.elements, function (field) {
      return field.type === "file" && field.files && field.files.length > 0;
    });
  }

  function progressBox(form, submitter) {
    var id = submitter && submitter.getAttribute("data-upload-progress");
    return id ? document.getElementById(id) : form.querySelector("[data-upload-progress-bar]");
  }

  function showPercent(box, percent) {
    var bar = box.querySelector(".progress-bar");
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    box.querySelector("[role=progressbar]").setAttribute("aria-valuenow", String(percent));
  }

  function showPage(html, url) {
    var page = new DOMParser().parseFromString(html, "text/html");
    document.title = page.title;
    document.documentElement.replaceChild(document.adoptNode(page.body), document.body);
    if (url && url !== window.location.href) { window.history.pushState(null, "", url); }
    document.querySelectorAll("[data-width]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-width")) || 0)) + "%";
    });
    if (window.htmx) { window.htmx.process(document.body); }
    window.scrollTo(0, 0);
  }

  function formData(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    return data;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (event.defaultPrevented || !window.FormData || !window.DOMParser) { return; }
    if (enctypeOf(form, submitter) !== "multipart/form-data" || !hasFiles(form)) { return; }
    var box = progressBox(form, submitter);
    if (!box) { return; }
    event.preventDefault();
    var status = box.querySelector("[data-upload-status]");
    var xhr = new XMLHttpRequest();
    var action = submitter && submitter.hasAttribute("formaction") ? submitter.formAction : form.action;
    xhr.open("POST", action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) { showPercent(box, Math.round(progress.loaded * 100 / progress.total)); }
    });
    xhr.upload.addEventListener("load", function () {
      showPercent(box, 100);
      status.textContent = box.getAttribute("data-checking-text") || status.textContent;
    });
    xhr.addEventListener("load", function () {
      if ((xhr.getResponseHeader("Content-Type") || "").indexOf("text/html") === 0) {
        showPage(xhr.responseText, xhr.status < 400 ? xhr.responseURL : "");
      } else {
        window.location.reload();
      }
    });
    xhr.addEventListener("error", function () {
      status.textContent = box.getAttribute("data-error-text") || status.textContent;
      box.classList.add("upload-failed");
      if (submitter) { submitter.disabled = false; }
    });
    box.hidden = false;
    box.classList.remove("upload-failed");
    showPercent(box, 0);
    if (submitter) { submitter.disabled = true; }
    xhr.send(formData(form, submitter));
  });
})();

// Prints made on request (a PDF can take several seconds): a link with data-render-download
// shows that the print is being made (its value is the text to show), fetches it and saves
// it; a long print sent to the background opens its progress page instead. Without script
// (or with a modifier key) the link downloads as usual.
(function () {
  "use strict";

  function fileName(response, fallback) {
    var disposition = response.headers.get("Content-Disposition") || "";
    var encoded = /filename\*=utf-8''([^;]+)/i.exec(disposition);
    if (encoded) { return decodeURIComponent(encoded[1]); }
    var plain = /filename="?([^";]+)"?/i.exec(disposition);
    return plain ? plain[1] : fallback;
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = name;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function busy(link) {
    var original = Array.prototype.slice.call(link.childNodes);
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-1";
    spinner.setAttribute("aria-hidden", "true");
    link.replaceChildren(spinner, document.createTextNode(link.getAttribute("data-render-download")));
    link.setAttribute("aria-busy", "true");
    link.classList.add("disabled");
    return function () {
      link.replaceChildren.apply(link, original);
      link.removeAttribute("aria-busy");
      link.classList.remove("disabled");
    };
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-render-download]");
    if (!link || !window.fetch || !window.URL || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") { return; }
    var restore = busy(link);
    fetch(link.href, {credentials: "same-origin"}).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("text/html") !== 0) {
        return response.blob().then(function (blob) {
          save(blob, fileName(response, link.href.split("/").filter(Boolean).pop()));
          restore();
        });
      }
      // Sent to the background (its progress page), or refused: show what the server says.
      window.location.assign(response.ok && response.redirected ? response.url : link.href);
    }).catch(function () {
      restore();
      window.location.assign(link.href);
    });
  });
})();
