// briefgen preview: shows the pages the server built, and asks again as soon as a save rebuilt them.
// Everything that comes from the brief is put in the page as text (textContent), never as markup.
"use strict";

const view = { product: "", paper: "", page: 1, generation: -1, data: null, requested: 0 };
const $ = (id) => document.getElementById(id);

function options(select, values, labels, chosen) {
  select.replaceChildren(...values.map((value, i) => {
    const option = document.createElement("option");
    option.value = String(value);
    option.textContent = labels ? labels[i] : String(value);
    option.selected = String(value) === String(chosen);
    return option;
  }));
}

function lines(list, texts) {
  list.replaceChildren(...texts.map((text) => {
    const item = document.createElement("li");
    item.textContent = text;
    return item;
  }));
}

async function load() {
  const asked = ++view.requested;
  const query = new URLSearchParams({ product: view.product, paper: view.paper });
  $("status").textContent = "building\u2026";
  const response = await fetch("state?" + query, { cache: "no-store" });
  if (!response.ok) throw new Error(await response.text());
  const data = await response.json();
  if (asked !== view.requested) return;  // the reader switched again meanwhile
  apply(data);
}

function apply(data) {
  view.data = data;
  view.generation = data.generation;
  view.product = data.product;
  view.paper = data.paper;
  view.page = Math.min(Math.max(1, view.page), Math.max(1, data.pages.length));
  show();
}

// Where the reader is, kept in the address's fragment (#product=long-form&paper=a4&page=3): a reload
// comes back to the same page.
function remember() {
  const place = new URLSearchParams({ product: view.product, paper: view.paper, page: view.page });
  history.replaceState(null, "", "#" + place);
}

function recall() {
  const place = new URLSearchParams(location.hash.slice(1));
  view.product = place.get("product") || "";
  view.paper = place.get("paper") || "";
  view.page = Number(place.get("page")) || 1;
}

function show() {
  const data = view.data;
  document.title = (data.title || data.source) + " \u2014 briefgen preview";
  $("title").textContent = data.title || data.source;
  $("title").title = data.source;
  options($("product"), data.products, null, data.product);
  options($("paper"), data.papers, data.papers.map((p) => p === "a4" ? "A4" : p[0].toUpperCase() + p.slice(1)), data.paper);
  const count = data.pages.length;
  options($("page"), Array.from({ length: count }, (_, i) => i + 1), null, view.page);
  $("pagecount").textContent = "of " + count;
  $("previous").disabled = view.page <= 1;
  $("next").disabled = view.page >= count;
  $("pager").hidden = count === 0;
  $("sheet").classList.toggle("empty", count === 0);
  $("problems").hidden = data.errors.length === 0;
  $("problems-heading").textContent = count ? "Not built: the preview shows the last good pages" : "Not built";
  lines($("errors"), data.errors);
  $("warnings").hidden = data.warnings.length === 0;
  $("warnings").firstElementChild.textContent = data.warnings.length + (data.warnings.length === 1 ? " warning" : " warnings");
  lines($("warning-list"), data.warnings);
  const omitted = data.omitted.length;
  $("omissions").hidden = omitted === 0;
  $("omissions").textContent = omitted + (omitted === 1 ? " item" : " items") + " left out";
  lines($("omitted-list"), data.omitted);
  if (omitted === 0) $("omitted").hidden = true;
  $("status").textContent = data.errors.length ? "not built" : "built in " + data.seconds.toFixed(2) + " s";
  remember();
  picture();
}

function picture() {
  const data = view.data;
  const img = $("picture");
  const size = data.pages[view.page - 1];
  if (!size) { img.removeAttribute("src"); placeNote(); return; }
  const width = Math.ceil(img.parentElement.clientWidth * (window.devicePixelRatio || 1) / 100) * 100;
  const query = new URLSearchParams({ product: data.product, paper: data.paper, page: view.page,
                                      width: width, version: data.version });
  const source = "page?" + query;
  if (img.getAttribute("src") === source) { placeNote(); return; }
  const next = new Image();
  next.onload = () => {  // the last picture stays until the new one is ready: no blank flash on a save
    img.src = source;
    img.alt = "Page " + view.page + " of " + data.pages.length + " (" + data.product + ", " + data.paper + ")";
    img.style.aspectRatio = size.width + " / " + size.height;
    img.dataset.generation = String(data.generation);
    img.dataset.shownAt = String(Date.now());
    placeNote();
  };
  next.src = source;
}

function placeNote() {
  const note = view.data && view.data.note;
  const button = $("note");
  button.hidden = !note || note.page !== view.page || !$("picture").getAttribute("src");
  if (button.hidden) return;
  const [left, top, width, height] = note.box;
  const pad = 0.004;
  Object.assign(button.style, { left: (left - pad) * 100 + "%", top: (top - pad) * 100 + "%",
                                width: (width + 2 * pad) * 100 + "%", height: (height + 2 * pad) * 100 + "%" });
}

function toggleOmitted() { $("omitted").hidden = !$("omitted").hidden; }

function turn(page) { view.page = page; show(); }

async function follow() {  // a long poll: the server answers when a save was rebuilt
  for (;;) {
    try {
      const asked = view.requested;
      const query = new URLSearchParams({ after: view.generation, product: view.product, paper: view.paper });
      const response = await fetch("wait?" + query, { cache: "no-store" });
      if (!response.ok) throw new Error(response.statusText);
      const data = await response.json();
      if (data.generation === view.generation) continue;
      if (data.pages && asked === view.requested) apply(data);  // the state came with the news
      else await load();
    } catch (error) {
      $("status").textContent = "preview stopped? retrying\u2026";
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function start() {
  recall();
  let resizing = 0;
  window.addEventListener("resize", () => {  // a wider window asks for a sharper picture
    clearTimeout(resizing);
    resizing = setTimeout(() => { if (view.data) picture(); }, 200);
  });
  $("product").addEventListener("change", (e) => { view.product = e.target.value; view.page = 1; load(); });
  $("paper").addEventListener("change", (e) => { view.paper = e.target.value; load(); });
  $("page").addEventListener("change", (e) => turn(Number(e.target.value)));
  $("previous").addEventListener("click", () => turn(view.page - 1));
  $("next").addEventListener("click", () => turn(view.page + 1));
  $("note").addEventListener("click", toggleOmitted);
  $("omissions").addEventListener("click", toggleOmitted);
  $("close").addEventListener("click", () => { $("omitted").hidden = true; });
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLSelectElement || !view.data) return;
    if (e.key === "ArrowRight" || e.key === "PageDown") { if (view.page < view.data.pages.length) turn(view.page + 1); }
    else if (e.key === "ArrowLeft" || e.key === "PageUp") { if (view.page > 1) turn(view.page - 1); }
    else if (e.key === "Escape") $("omitted").hidden = true;
  });
  load().then(follow, (error) => { $("status").textContent = String(error); follow(); });
}

start();
