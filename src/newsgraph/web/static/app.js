// newsgraph explorer: small progressive enhancements (pages work without this file).
"use strict";

// Article page: mark the trigger of the event shown in the side panel.
function markSelectedEvent() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  document.querySelectorAll("a.seg.selected").forEach((el) => el.classList.remove("selected"));
  if (!id) return;
  document.querySelectorAll("a.seg[data-event]").forEach((el) => {
    if (el.dataset.event === id) el.classList.add("selected");
  });
}

// Filter forms: leave empty fields out of the URL.
function dropEmptyFields(event) {
  const form = event.target;
  for (const el of form.querySelectorAll("input, select")) {
    if (el.name && el.value === "") el.disabled = true;
  }
  window.setTimeout(() => form.querySelectorAll("[disabled]").forEach((el) => (el.disabled = false)), 0);
}

// Review mode: text selected in the article fills the "missed event" form.
function takeSelection() {
  const box = document.getElementById("review-text");
  const text = String(window.getSelection() || "").trim();
  if (box && text) box.value = text;
}

document.addEventListener("DOMContentLoaded", () => {
  const article = document.getElementById("article-text");
  if (article && document.getElementById("review-text")) article.addEventListener("mouseup", takeSelection);
  markSelectedEvent();
  window.addEventListener("hashchange", markSelectedEvent);
  document.querySelectorAll("form.filters").forEach((f) => f.addEventListener("submit", dropEmptyFields));
});
