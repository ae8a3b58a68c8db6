// accredo console & public pages: small progressive enhancement. Everything works without it.
(function () {
  "use strict";

  // Copy-to-clipboard buttons: <button data-copy="#input-id">
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    var text = "value" in source ? source.value : source.textContent;
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      button.setAttribute("aria-live", "polite");
      setTimeout(function () { button.textContent = label; }, 1600);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { source.select && source.select(); });
    } else if (source.select) {
      source.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* user can copy by hand */ }
    }
  });

  // Confirmation for destructive forms: <form data-confirm="Revoke this credential?">
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Live progress: <div data-progress-url="/console/bulk/ID/progress"> with <progress>, [data-progress-text]
  var box = document.querySelector("[data-progress-url]");
  if (box) {
    var url = box.getAttribute("data-progress-url");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");
    var state = document.querySelector("[data-progress-state]");
    var poll = function () {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (p) {
          var total = p.total || 0, done = p.done || 0;
          var pct = total ? Math.floor((done * 100) / total) : (p.finished ? 100 : 0);
          if (bar) { bar.max = 100; bar.value = pct; bar.textContent = pct + "%"; }
          if (text) text.textContent = done.toLocaleString("en") + " of " + total.toLocaleString("en") + " issued (" + pct + "%)";
          if (state && p.status) { state.textContent = p.status; state.className = "badge badge-" + p.status; }
          box.setAttribute("data-percent", String(pct));
          if (p.finished) {
            box.setAttribute("data-finished", "true");
            var next = document.querySelector("[data-progress-done]");
            if (next) next.hidden = false;
          } else {
            setTimeout(poll, 600);
          }
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    poll();
  }

  // File inputs with a size limit: <input type="file" data-max-bytes="…"> says so before uploading.
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var error = input.parentNode.querySelector("[data-file-error]");
    var mb = function (n) { return (n / 1048576).toFixed(1).replace(/\.0$/, "") + " MB"; };
    input.addEventListener("change", function () {
      var limit = Number(input.getAttribute("data-max-bytes"));
      var f = input.files && input.files[0];
      var message = f && limit && f.size > limit
        ? "That file is " + mb(f.size) + "; the verifier accepts files up to " + mb(limit) + "."
        : "";
      input.setCustomValidity(message);
      input.setAttribute("aria-invalid", message ? "true" : "false");
      if (error) { error.textContent = message; error.hidden = !message; }
    });
  });

  // Verify page: load a chosen file into the text area for a preview (the server reads the upload too).
  var file = document.querySelector("[data-load-into]");
  if (file && window.FileReader) {
    file.addEventListener("change", function () {
      var target = document.querySelector(file.getAttribute("data-load-into"));
      var f = file.files && file.files[0];
      if (file.validity && !file.validity.valid) return;
      if (!target || !f || f.size > 2000000 || !/json|text/.test(f.type || "application/json")) return;
      var reader = new FileReader();
      reader.onload = function () { target.value = String(reader.result || ""); };
      reader.readAsText(f);
    });
  }
})();
