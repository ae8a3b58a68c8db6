// accredo design builder: edits the design JSON, asks the server for an exact preview (the same
// renderer as the issued PDF / badge), lets blocks be dragged on the preview, keeps an undo
// history. No third-party code. The CSRF token travels in the X-CSRF-Token header.
(function () {
  "use strict";
  var root = document.getElementById("builder");
  var cfgEl = document.getElementById("builder-config");
  if (!root || !cfgEl) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var design = cfg.design;
  var kind = cfg.kind;
  var lang = design.default_lang || "en";
  var selected = design.elements && design.elements.length ? design.elements[0].id : null;
  var history = [JSON.stringify(design)];
  var future = [];
  var seq = 0;
  var shown = 0;
  var timer = null;
  var $ = function (id) { return document.getElementById(id); };
  var previewImg = $("b-preview");
  var overlay = $("b-overlay");
  var statusEl = $("b-status");

  var PAGES = { A4: [210, 297], Letter: [215.9, 279.4] };
  var MM_PER_PT = 25.4 / 72;

  function pageSize() {
    if (kind === "badge") return [400, 400];
    var page = design.page || {};
    var s = PAGES[page.size || "A4"] || PAGES.A4;
    return (page.orientation || "landscape") === "landscape" ? [s[1], s[0]] : [s[0], s[1]];
  }
  function toUnits(value, axis) {
    if (typeof value === "number") return value;
    if (typeof value !== "string") return 0;
    var m = /^(-?\d+(?:\.\d+)?)\s*(mm|%)?$/.exec(value.trim());
    if (!m) return 0;
    var n = parseFloat(m[1]);
    return m[2] === "%" ? (n * axis) / 100 : n;
  }
  function round(n) { return Math.round(n * 10) / 10; }
  function getPath(obj, path) {
    var parts = path.split(".");
    for (var i = 0; i < parts.length; i++) {
      if (obj === null || obj === undefined) return undefined;
      obj = obj[parts[i]];
    }
    return obj;
  }
  function setPath(obj, path, value) {
    var parts = path.split(".");
    for (var i = 0; i < parts.length - 1; i++) {
      if (obj[parts[i]] === null || typeof obj[parts[i]] !== "object") obj[parts[i]] = {};
      obj = obj[parts[i]];
    }
    var last = parts[parts.length - 1];
    if (value === undefined) delete obj[last]; else obj[last] = value;
  }
  function variantGet(v) {
    if (v === undefined || v === null) return "";
    if (typeof v === "string") return v;
    var d = design.default_lang || "en";
    if (lang in v) return v[lang];
    var primary = lang.split("-")[0];
    if (primary in v) return v[primary];
    if ("*" in v) return v["*"];
    if (d in v) return v[d];
    for (var k in v) return v[k];
    return "";
  }
  function variantSet(v, text) {
    var d = design.default_lang || "en";
    if (v === undefined || v === null || v === "") {
      var fresh = {}; fresh[lang] = text; return lang === d ? text : fresh;
    }
    if (typeof v === "string") {
      if (lang === d) return text;
      var obj = { "*": v }; obj[lang] = text; return obj;
    }
    var copy = Object.assign({}, v);
    copy[lang] = text;
    return copy;
  }
  function element(id) {
    var els = design.elements || [];
    for (var i = 0; i < els.length; i++) if (els[i].id === id) return els[i];
    return null;
  }

  // --- history -------------------------------------------------------------------------
  function commit() {
    var now = JSON.stringify(design);
    if (now !== history[history.length - 1]) {
      history.push(now);
      if (history.length > 200) history.shift();
      future = [];
    }
    refreshButtons();
    schedulePreview();
  }
  function undo() {
    if (history.length < 2) return;
    future.push(history.pop());
    design = JSON.parse(history[history.length - 1]);
    afterLoad();
  }
  function redo() {
    if (!future.length) return;
    history.push(future.pop());
    design = JSON.parse(history[history.length - 1]);
    afterLoad();
  }
  function afterLoad() {
    if (selected && !element(selected)) selected = null;
    renderAll();
    refreshButtons();
    schedulePreview();
  }
  function refreshButtons() {
    $("b-undo").disabled = history.length < 2;
    $("b-redo").disabled = !future.length;
  }

  // --- server calls ----------------------------------------------------------------------
  function post(url, body, isForm) {
    var headers = { "X-CSRF-Token": cfg.csrf, "Accept": "application/json" };
    if (!isForm) headers["Content-Type"] = "application/json";
    return fetch(url, {
      method: "POST", credentials: "same-origin", headers: headers,
      body: isForm ? body : JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return { ok: false, problems: ["HTTP " + r.status] }; });
    });
  }
  function schedulePreview() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(requestPreview, 120);
  }
  function requestPreview() {
    timer = null;
    var mine = ++seq;
    var started = performance.now();
    root.setAttribute("data-preview-state", "loading");
    var width = Math.min(1600, Math.max(600, Math.round(previewImg.clientWidth * (window.devicePixelRatio || 1)) || 1000));
    post("/console/designs/" + cfg.id + "/preview", { design: design, lang: lang, width: width, credential_id: $("b-credential").value.trim() })
      .then(function (res) {
        if (mine < shown) return;
        shown = mine;
        showList($("b-problems"), res.problems, "The design has problems:");
        showList($("b-unknown"), res.unknown, "Unknown placeholders (shown as written, not filled):");
        if (res.png) {
          previewImg.onload = function () {
            if (mine === seq) root.setAttribute("data-preview-state", "ready");
            root.setAttribute("data-preview-seq", String(mine));
            drawOverlay();
          };
          previewImg.src = res.png;
          statusEl.textContent = "Preview " + Math.round(performance.now() - started) + " ms";
        } else {
          root.setAttribute("data-preview-state", "error");
        }
      })
      .catch(function () { statusEl.textContent = "Preview failed; retrying on the next change."; });
  }
  function showList(box, items, title) {
    box.textContent = "";
    if (!items || !items.length) { box.hidden = true; return; }
    var strong = document.createElement("strong");
    strong.textContent = title;
    box.appendChild(strong);
    var ul = document.createElement("ul");
    items.forEach(function (t) { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
    box.appendChild(ul);
    box.hidden = false;
  }
  function save() {
    statusEl.textContent = "Saving…";
    post("/console/designs/" + cfg.id, { design: design, name: design.name }).then(function (res) {
      if (res.ok) {
        statusEl.textContent = "Saved as version " + res.version;
        $("design-version").textContent = "version " + res.version;
        $("design-title").textContent = res.name;
        root.setAttribute("data-saved-version", String(res.version));
      } else {
        showList($("b-problems"), res.problems, "Not saved:");
        statusEl.textContent = "Not saved";
      }
    });
  }
  function upload(input, assetKind, done) {
    var file = input.files && input.files[0];
    if (!file) return;
    var fd = new FormData();
    fd.append("file", file);
    fd.append("kind", assetKind);
    statusEl.textContent = "Uploading…";
    post("/console/designs/assets", fd, true).then(function (res) {
      input.value = "";
      if (!res.ok) { showList($("b-problems"), res.problems, "Upload refused:"); statusEl.textContent = "Upload refused"; return; }
      statusEl.textContent = "Uploaded " + res.asset.name;
      if (assetKind === "image") cfg.images.unshift({ ref: res.asset.ref, name: res.asset.name, id: res.asset.id, ratio: res.asset.width ? res.asset.height / res.asset.width : 1 });
      else if (cfg.fonts.indexOf(res.asset.font_family) < 0) { cfg.fonts.push(res.asset.font_family); cfg.fonts.sort(); }
      root.setAttribute("data-last-asset", res.asset.ref);
      if (done) done(res.asset);
      renderAll();
    });
  }

  // --- property forms ---------------------------------------------------------------------
  var uid = 0;
  function field(container, label, input) {
    var wrap = document.createElement("div");
    wrap.className = "field";
    var id = "bf-" + (++uid);
    input.id = id;
    var l = document.createElement("label");
    l.htmlFor = id;
    l.textContent = label;
    wrap.appendChild(l);
    wrap.appendChild(input);
    container.appendChild(wrap);
    return input;
  }
  function control(container, target, path, label, type, options) {
    var value = getPath(target, path);
    var input;
    if (type === "select" || type === "intselect" || type === "font" || type === "image") {
      input = document.createElement("select");
      var opts = type === "font" ? cfg.fonts.map(function (f) { return [f, f]; })
        : type === "image" ? [["", "None"]].concat(cfg.images.map(function (a) { return [a.ref, a.name]; }))
        : options.map(function (o) { return Array.isArray(o) ? o : [o, o]; });
      if (value !== undefined && value !== null && !opts.some(function (o) { return o[0] === value; }))
        opts.push([value, type === "image" ? "(embedded image)" : String(value)]);
      opts.forEach(function (o) {
        var op = document.createElement("option");
        op.value = o[0]; op.textContent = o[1];
        if (String(value === undefined || value === null ? "" : value) === o[0]) op.selected = true;
        input.appendChild(op);
      });
    } else if (type === "textarea") {
      input = document.createElement("textarea");
      input.rows = 2;
      input.value = value || "";
    } else if (type === "variants") {
      input = document.createElement("textarea");
      input.rows = 2;
      input.value = variantGet(value);
      input.setAttribute("data-lang", lang);
    } else if (type === "checkbox") {
      input = document.createElement("input");
      input.type = "checkbox";
      input.checked = !!value;
    } else {
      input = document.createElement("input");
      input.type = type === "length" ? "text" : type;
      if (type === "number") input.step = "any";
      if (type === "color") input.value = /^#[0-9a-fA-F]{6}$/.test(value || "") ? value : "#000000";
      else input.value = value === undefined || value === null ? "" : String(value);
      if (type === "length") input.setAttribute("inputmode", "decimal");
    }
    input.setAttribute("data-path", path);
    field(container, label, input);
    var handler = function () {
      var v;
      if (type === "checkbox") v = input.checked;
      else if (type === "number") v = input.value === "" ? undefined : parseFloat(input.value);
      else if (type === "length") v = /^-?\d+(\.\d+)?$/.test(input.value.trim()) ? parseFloat(input.value) : input.value.trim();
      else if (type === "variants") v = variantSet(getPath(target, path), input.value);
      else if (type === "image") v = input.value || undefined;
      else if (type === "intselect") v = parseInt(input.value, 10);
      else v = input.value;
      if (type === "number" && v !== undefined && isNaN(v)) return;
      setPath(target, path, v);
      if (path === "id") selected = v;
      if (type !== "variants" && type !== "textarea" && type !== "length" && type !== "number" && type !== "text") renderAll();
      else { renderElementList(); drawOverlay(); }
      commit();
    };
    input.addEventListener(type === "checkbox" || input.tagName === "SELECT" || type === "color" ? "change" : "input", handler);
    return input;
  }
  function fontControls(container, target) {
    control(container, target, "font.family", "Font family", "font");
    control(container, target, "font.weight", "Weight", "intselect", [["300", "Light 300"], ["400", "Regular 400"], ["500", "Medium 500"], ["600", "Semibold 600"], ["700", "Bold 700"], ["800", "Extra bold 800"], ["900", "Black 900"]]);
    control(container, target, "font.size", "Size (pt)", "number");
    control(container, target, "font.style", "Style", "select", ["normal", "italic"]);
  }
  function imageControl(container, target, path, label, onUploaded) {
    control(container, target, path, label, "image");
    var file = document.createElement("input");
    file.type = "file";
    file.accept = "image/png,image/jpeg,image/webp,image/svg+xml";
    field(container, "Upload for " + label.toLowerCase(), file);
    file.addEventListener("change", function () {
      upload(file, "image", function (asset) { onUploaded(asset.ref); commit(); });
    });
  }
  function renderDesignProps() {
    var box = $("p-design");
    box.textContent = "";
    control(box, design, "name", "Name", "text");
    control(box, design, "default_lang", "Default language", "select", cfg.languages);
    if (kind === "certificate") {
      control(box, design, "page.size", "Page size", "select", ["A4", "Letter"]);
      control(box, design, "page.orientation", "Orientation", "select", ["landscape", "portrait"]);
      control(box, design, "background.color", "Background colour", "color");
      gradientControls(box, design, "background.gradient");
      imageControl(box, design, "background.image.src", "Background image", function (ref) {
        design.background = design.background || {};
        design.background.image = Object.assign({ fit: "cover", opacity: 1 }, design.background.image || {}, { src: ref });
      });
      if (getPath(design, "background.image.src")) {
        control(box, design, "background.image.fit", "Image fit", "select", ["cover", "contain", "stretch"]);
        control(box, design, "background.image.opacity", "Image opacity (0–1)", "number");
      } else if (design.background && design.background.image && !design.background.image.src) {
        delete design.background.image;
      }
      control(box, design, "border.style", "Border", "select", ["none", "solid", "double", "dashed", "dotted", "ornamental"]);
      control(box, design, "border.color", "Border colour", "color");
      control(box, design, "border.width", "Border width (mm)", "number");
      control(box, design, "border.inset", "Border inset (mm)", "number");
      control(box, design, "border.radius", "Corner radius (mm)", "number");
      control(box, design, "border.inner_color", "Inner line colour", "color");
      control(box, design, "border.inner_gap", "Inner line gap (mm)", "number");
    } else {
      control(box, design, "badge.shape", "Shape", "select", ["circle", "shield", "hexagon", "rounded-square"]);
      control(box, design, "badge.fill", "Fill", "color");
      gradientControls(box, design, "badge.gradient");
      control(box, design, "badge.stroke", "Outline", "color");
      control(box, design, "badge.stroke_width", "Outline width", "number");
      control(box, design, "badge.inner_stroke", "Inner dotted line", "color");
      control(box, design, "badge.ribbon", "Ribbon colour", "color");
    }
  }
  function gradientControls(box, target, path) {
    var g = getPath(target, path);
    var sel = document.createElement("select");
    [["", "No gradient"], ["linear", "Linear gradient"], ["radial", "Radial gradient"]].forEach(function (o) {
      var op = document.createElement("option"); op.value = o[0]; op.textContent = o[1];
      if ((g ? g.type : "") === o[0]) op.selected = true; sel.appendChild(op);
    });
    field(box, "Gradient", sel);
    sel.addEventListener("change", function () {
      if (!sel.value) setPath(target, path, null);
      else setPath(target, path, Object.assign({ angle: 135, stops: [["#1e3a8a", 0], ["#0ea5e9", 100]] }, g || {}, { type: sel.value }));
      renderAll(); commit();
    });
    if (!g) return;
    control(box, target, path + ".angle", "Gradient angle (°)", "number");
    (g.stops || []).forEach(function (stop, i) {
      var input = document.createElement("input");
      input.type = "color";
      input.value = /^#[0-9a-fA-F]{6}$/.test(stop[0]) ? stop[0] : "#000000";
      field(box, "Gradient colour " + (i + 1), input);
      input.addEventListener("change", function () { stop[0] = input.value; commit(); });
    });
  }
  function renderElementProps() {
    var box = $("p-element");
    box.textContent = "";
    var el = element(selected);
    if (!el) return;
    var h = document.createElement("h3");
    h.textContent = el.type + " · " + el.id;
    box.appendChild(h);
    control(box, el, "id", "Id", "text");
    control(box, el, "x", "x (mm or %)", "length");
    control(box, el, "y", "y (mm or %)", "length");
    if (el.type === "qr") control(box, el, "size", "Size (mm or %)", "length");
    else control(box, el, "width", "Width (mm or %)", "length");
    if (el.type === "text") {
      control(box, el, "text", "Text (" + lang + ")", "variants");
      fontControls(box, el);
      control(box, el, "color", "Colour", "color");
      control(box, el, "align", "Alignment", "select", ["left", "center", "right", "justify"]);
      control(box, el, "line_height", "Line height", "number");
      control(box, el, "letter_spacing", "Letter spacing (em)", "number");
      control(box, el, "uppercase", "Uppercase", "checkbox");
      control(box, el, "fit", "Long text", "select", [["shrink", "Shrink to fit"], ["wrap", "Wrap"]]);
      control(box, el, "min_size", "Smallest size (pt)", "number");
      control(box, el, "max_lines", "Most lines", "number");
    } else if (el.type === "image") {
      imageControl(box, el, "src", "Image", function (ref) { el.src = ref; });
      control(box, el, "height", "Height (mm or %, empty: auto)", "length");
      control(box, el, "role", "Role", "select", ["logo", "seal", "decoration", "icon"]);
      control(box, el, "opacity", "Opacity (0–1)", "number");
    } else if (el.type === "signature") {
      control(box, el, "name", "Name (" + lang + ")", "variants");
      control(box, el, "title", "Title (" + lang + ")", "variants");
      imageControl(box, el, "image", "Signature image", function (ref) { el.image = ref; });
      fontControls(box, el);
      control(box, el, "color", "Colour", "color");
      control(box, el, "line_color", "Line colour", "color");
    } else if (el.type === "qr") {
      control(box, el, "color", "Colour", "color");
      control(box, el, "background", "Background", "color");
      control(box, el, "caption", "Caption (" + lang + ")", "variants");
      fontControls(box, el);
    } else if (el.type === "rule") {
      control(box, el, "thickness", "Thickness (mm)", "number");
      control(box, el, "color", "Colour", "color");
    }
    var row = document.createElement("div");
    row.className = "add-row";
    [["Move up", -1], ["Move down", 1]].forEach(function (m) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "btn btn-sm"; b.textContent = m[0];
      b.addEventListener("click", function () {
        var els = design.elements, i = els.indexOf(el), j = i + m[1];
        if (j < 0 || j >= els.length) return;
        els.splice(i, 1); els.splice(j, 0, el); renderAll(); commit();
      });
      row.appendChild(b);
    });
    var del = document.createElement("button");
    del.type = "button"; del.className = "btn btn-sm btn-danger"; del.textContent = "Remove";
    del.addEventListener("click", function () {
      design.elements = design.elements.filter(function (e) { return e !== el; });
      selected = design.elements.length ? design.elements[0].id : null;
      renderAll(); commit();
    });
    row.appendChild(del);
    box.appendChild(row);
  }
  function renderElementList() {
    var ul = $("b-elements");
    ul.textContent = "";
    (design.elements || []).forEach(function (el) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", el.id === selected ? "true" : "false");
      li.tabIndex = 0;
      var label = el.type === "text" ? variantGet(el.text) : el.type === "signature" ? variantGet(el.name) : "";
      li.textContent = el.type + " · " + el.id + (label ? " — " + label.slice(0, 30) : "");
      li.setAttribute("data-element", el.id);
      var pick = function () { select(el.id); };
      li.addEventListener("click", pick);
      li.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
      ul.appendChild(li);
    });
  }
  function select(id) {
    selected = id;
    renderElementList();
    renderElementProps();
    drawOverlay();
  }
  function renderAll() {
    renderDesignProps();
    renderElementList();
    renderElementProps();
    drawOverlay();
    $("b-json").value = JSON.stringify(design, null, 2);
  }

  // --- overlay and dragging -----------------------------------------------------------------
  function box(el) {
    var size = pageSize(), W = size[0], H = size[1];
    var x = toUnits(el.x, W), y = toUnits(el.y, H), w, h;
    var unit = kind === "badge" ? 1 : MM_PER_PT;
    if (el.type === "qr") { w = toUnits(el.size === undefined ? 25 : el.size, W); h = w; }
    else {
      w = toUnits(el.width, W);
      if (el.type === "text") {
        var fs = (el.font && el.font.size) || 14;
        h = fs * unit * (el.line_height || 1.2) * (el.fit === "wrap" ? Math.min(el.max_lines || 3, 2) : 1);
      } else if (el.type === "image") h = el.height !== undefined && el.height !== null ? toUnits(el.height, H) : w * imageRatio(el.src);
      else if (el.type === "signature") h = kind === "badge" ? 40 : 22;
      else h = Math.max(toUnits(el.thickness || 0.4, H), kind === "badge" ? 4 : 2);
    }
    return { x: x, y: y, w: w, h: h, W: W, H: H };
  }
  function imageRatio(src) {
    for (var i = 0; i < cfg.images.length; i++) if (cfg.images[i].ref === src) return cfg.images[i].ratio || 1;
    return 1;
  }
  function drawOverlay() {
    overlay.textContent = "";
    (design.elements || []).forEach(function (el) {
      var b = box(el);
      var d = document.createElement("div");
      d.className = "ov-block" + (el.id === selected ? " is-selected" : "");
      d.style.left = (100 * b.x / b.W) + "%";
      d.style.top = (100 * b.y / b.H) + "%";
      d.style.width = Math.max(0.5, 100 * b.w / b.W) + "%";
      d.style.height = Math.max(0.8, 100 * b.h / b.H) + "%";
      d.setAttribute("data-element", el.id);
      d.title = el.type + " · " + el.id;
      d.addEventListener("pointerdown", function (e) { startDrag(e, el, d); });
      overlay.appendChild(d);
    });
  }
  function startDrag(e, el, node) {
    e.preventDefault();
    if (selected !== el.id) select(el.id);
    var size = pageSize();
    var rect = overlay.getBoundingClientRect();
    var perPxX = size[0] / rect.width, perPxY = size[1] / rect.height;
    var x0 = toUnits(el.x, size[0]), y0 = toUnits(el.y, size[1]);
    var sx = e.clientX, sy = e.clientY, moved = false;
    node = overlay.querySelector('[data-element="' + CSS.escape(el.id) + '"]') || node;
    try { node.setPointerCapture(e.pointerId); } catch (err) { /* synthetic events */ }
    function move(ev) {
      var dx = (ev.clientX - sx) * perPxX, dy = (ev.clientY - sy) * perPxY;
      if (!moved && Math.abs(ev.clientX - sx) + Math.abs(ev.clientY - sy) < 2) return;
      moved = true;
      el.x = round(x0 + dx); el.y = round(y0 + dy);
      node.style.left = (100 * el.x / size[0]) + "%";
      node.style.top = (100 * el.y / size[1]) + "%";
    }
    function up() {
      document.removeEventListener("pointermove", move);
      document.removeEventListener("pointerup", up);
      if (moved) { renderElementProps(); $("b-json").value = JSON.stringify(design, null, 2); commit(); }
    }
    document.addEventListener("pointermove", move);
    document.addEventListener("pointerup", up);
  }

  // --- wiring ------------------------------------------------------------------------------
  function addElement(type) {
    var size = pageSize(), W = size[0], H = size[1];
    var base = 1, id;
    do { id = type + "-" + base++; } while (element(id));
    var el = { type: type, id: id, x: round(W * 0.3), y: round(H * 0.4) };
    if (type === "text") Object.assign(el, { width: round(W * 0.4), text: "New text", font: { family: "Source Sans Pro", size: kind === "badge" ? 28 : 14 }, color: "#111827" });
    if (type === "image") Object.assign(el, { width: round(W * 0.15), src: cfg.images.length ? cfg.images[0].ref : undefined });
    if (type === "signature") Object.assign(el, { width: round(W * 0.22), name: "Name", title: "Title" });
    if (type === "qr") { delete el.width; el.size = kind === "badge" ? 80 : 24; }
    if (type === "rule") Object.assign(el, { width: round(W * 0.3), thickness: 0.5 });
    if (type === "image" && !el.src) { statusEl.textContent = "Upload an image first (Uploads)."; return; }
    design.elements = design.elements || [];
    design.elements.push(el);
    selected = id;
    renderAll();
    commit();
  }
  var langSel = $("b-lang");
  cfg.languages.forEach(function (l) {
    var o = document.createElement("option"); o.value = l; o.textContent = l; if (l === lang) o.selected = true; langSel.appendChild(o);
  });
  langSel.addEventListener("change", function () { lang = langSel.value; renderAll(); schedulePreview(); });
  $("b-credential").addEventListener("change", schedulePreview);
  $("b-undo").addEventListener("click", undo);
  $("b-redo").addEventListener("click", redo);
  $("b-save").addEventListener("click", save);
  $("b-add-btn").addEventListener("click", function () { addElement($("b-add").value); });
  $("b-upload-image").addEventListener("change", function () { upload($("b-upload-image"), "image"); });
  $("b-upload-font").addEventListener("change", function () { upload($("b-upload-font"), "font"); });
  $("b-json-apply").addEventListener("click", function () {
    try { design = JSON.parse($("b-json").value); } catch (err) { showList($("b-problems"), ["The JSON does not parse: " + err.message], "Not applied:"); return; }
    afterLoad(); commit();
  });
  document.addEventListener("keydown", function (e) {
    if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== "z") return;
    var t = e.target;
    if (t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type === "text"))) return;
    e.preventDefault();
    if (e.shiftKey) redo(); else undo();
  });
  var ph = $("b-placeholders");
  cfg.placeholders.forEach(function (p, i) {
    var c = document.createElement("code"); c.textContent = "{" + p + "}"; ph.appendChild(c);
    if (i < cfg.placeholders.length - 1) ph.appendChild(document.createTextNode(" "));
  });
  window.addEventListener("resize", drawOverlay);
  if (!cfg.can_manage) $("b-save").disabled = true;
  renderAll();
  requestPreview();
})();
