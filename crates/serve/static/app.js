// sitrep workbench: sortable tables and evidence <-> record highlighting. No dependencies.
"use strict";

function sortTable(th) {
  const table = th.closest("table");
  const body = table.tBodies[0];
  const idx = Array.from(th.parentNode.children).indexOf(th);
  const num = th.dataset.sort === "num";
  const asc = !th.classList.contains("asc");
  table.querySelectorAll("th").forEach((h) => h.classList.remove("asc", "desc"));
  th.classList.add(asc ? "asc" : "desc");
  const key = (row) => {
    const t = row.children[idx] ? row.children[idx].textContent.trim() : "";
    return num ? parseFloat(t) || 0 : t.toLowerCase();
  };
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
  });
  rows.forEach((r) => body.appendChild(r));
}

function focusEvent(id, on) {
  document.querySelectorAll("mark.ev").forEach((m) => {
    if ((m.dataset.events || "").split(" ").includes(id)) m.classList.toggle("focus", on);
  });
  const card = document.getElementById("ev-" + id);
  if (card) card.classList.toggle("focus", on);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.sortable th").forEach((th) => {
    th.addEventListener("click", () => sortTable(th));
  });
  document.querySelectorAll("article.record").forEach((card) => {
    const id = card.dataset.event;
    card.addEventListener("mouseenter", () => focusEvent(id, true));
    card.addEventListener("mouseleave", () => focusEvent(id, false));
  });
  document.querySelectorAll("mark.ev").forEach((m) => {
    m.addEventListener("click", () => {
      const first = (m.dataset.events || "").split(" ")[0];
      const card = document.getElementById("ev-" + first);
      if (card) card.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  });
});
