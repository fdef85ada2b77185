// The web chat of `sogreto sandbox`: plays users against the local Telegram emulator.
// No framework, no build step. Nothing a user or the bot wrote is ever parsed as HTML: text is
// rendered from Telegram's entities with DOM nodes and textContent.
"use strict";

const POLL_MS = 500;
const $ = (id) => document.getElementById(id);

const app = {
  bot: null,
  users: [],
  user: null,
  zone: null,            // the user's time zone as the bot knows it; null: the browser's
  revision: -1,
  rendered: new Map(),   // display key -> { signature, element }
  commands: [],
  clock: { nowMillis: Date.now(), offsetSeconds: 0, fetchedAt: Date.now() },
  pollTimer: null,
  polling: false,
};

// MARK: API

async function api(method, path, body, contentType) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    if (contentType) {
      init.body = body;
      init.headers["Content-Type"] = contentType;
    } else {
      init.body = JSON.stringify(body);
      init.headers["Content-Type"] = "application/json";
    }
  }
  const response = await fetch(path, init);
  if (response.status === 204) return null;
  let payload = null;
  try { payload = await response.json(); } catch (_) { payload = null; }
  if (!response.ok) {
    const message = payload && payload.error && payload.error.message
      ? payload.error.message : `The sandbox answered ${response.status}.`;
    throw new Error(message);
  }
  return payload;
}

// MARK: Start-up

async function start() {
  wireControls();
  const state = await api("GET", "/api/state");
  app.bot = state.bot;
  app.users = state.users;
  setClock(state.clock);
  $("bot-name").textContent = state.bot.firstName;
  setInterval(renderClock, 1000);
  setInterval(refreshClock, 5000);
  const params = new URLSearchParams(location.search);
  const wanted = Number(params.get("user"));
  const initial = app.users.find((u) => u.id === wanted) || app.users[app.users.length - 1];
  renderUsers();
  if (initial) await selectUser(initial);
  else togglePanel("users-panel", true);
  const panel = params.get("panel");   // ?panel=users|clock opens a panel (screenshots, links)
  if (panel === "users" || panel === "clock") togglePanel(`${panel}-panel`, true);
  if (params.get("scenario") === "smoke") runSmokeScenario().catch((e) => console.error(e));
}

function wireControls() {
  $("users-button").addEventListener("click", () => togglePanel("users-panel"));
  $("clock-button").addEventListener("click", () => togglePanel("clock-panel"));
  $("new-user-form").addEventListener("submit", onNewUser);
  for (const button of document.querySelectorAll("[data-advance]")) {
    button.addEventListener("click", () => advanceClock(Number(button.dataset.advance)));
  }
  $("send-button").addEventListener("click", sendTyped);
  const input = $("text-input");
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); sendTyped(); }
    if (event.key === "Escape") hideMenus();
  });
  input.addEventListener("input", () => { autoGrow(input); updateCommandFilter(); });
  $("menu-button").addEventListener("click", () => toggleCommandMenu());
  $("attach-button").addEventListener("click", () => toggleMenu("attach-menu"));
  $("attach-photo").addEventListener("click", () => { hideMenus(); $("photo-input").click(); });
  $("attach-document").addEventListener("click", () => { hideMenus(); $("document-input").click(); });
  $("photo-input").addEventListener("change", (event) => pickFile(event.target, sendPhoto));
  $("document-input").addEventListener("change", (event) => pickFile(event.target, sendDocument));
  $("alert-ok").addEventListener("click", () => { $("alert").hidden = true; });
  $("messages").addEventListener("click", () => { hideMenus(); closePanels(); });
}

function togglePanel(id, force) {
  const panel = $(id);
  const show = force !== undefined ? force : panel.hidden;
  closePanels();
  hideMenus();
  panel.hidden = !show;
  const button = id === "users-panel" ? $("users-button") : $("clock-button");
  button.setAttribute("aria-expanded", String(show));
  if (show && id === "users-panel") $("new-user-name").focus();
}

function closePanels() {
  for (const id of ["users-panel", "clock-panel"]) $(id).hidden = true;
  $("users-button").setAttribute("aria-expanded", "false");
  $("clock-button").setAttribute("aria-expanded", "false");
}

function toggleMenu(id) {
  const menu = $(id);
  const show = menu.hidden;
  hideMenus();
  closePanels();
  menu.hidden = !show;
}

function hideMenus() {
  $("command-menu").hidden = true;
  $("attach-menu").hidden = true;
}

// MARK: Users

async function onNewUser(event) {
  event.preventDefault();
  const name = $("new-user-name").value.trim();
  if (!name) return;
  try {
    const user = await createUser(name, $("new-user-language").value);
    $("new-user-name").value = "";
    closePanels();
    await selectUser(user);
  } catch (error) {
    toast(error.message, true);
  }
}

async function createUser(firstName, languageCode) {
  const user = await api("POST", "/api/users", { firstName, languageCode });
  app.users.push(user);
  renderUsers();
  return user;
}

function renderUsers() {
  const list = $("user-list");
  list.replaceChildren();
  for (const user of app.users) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = app.user && app.user.id === user.id ? "current" : "";
    button.append(avatar(user), textSpan(user.firstName, "name"), textSpan(user.languageCode || "", "lang"));
    button.addEventListener("click", () => { closePanels(); selectUser(user); });
    item.append(button);
    list.append(item);
  }
  if (app.users.length === 0) list.append(textSpan("No users yet: create one below.", "muted"));
}

/// Like Telegram, each user keeps one of seven colours, so users are told apart at a glance.
function avatarClass(user) {
  return `avatar small tint${Math.abs(Number(user.id) || 0) % 7}`;
}

function avatar(user) {
  const span = document.createElement("span");
  span.className = avatarClass(user);
  span.textContent = (user.firstName || "?").slice(0, 1).toUpperCase();
  return span;
}

async function selectUser(user) {
  app.user = user;
  app.zone = null;
  app.revision = -1;
  app.rendered.clear();
  const messages = $("messages");
  messages.replaceChildren();
  $("user-avatar").textContent = user.firstName.slice(0, 1).toUpperCase();
  $("user-avatar").className = avatarClass(user);
  $("users-button").title = `Chatting as ${user.firstName} (${user.languageCode})`;
  for (const control of ["text-input", "send-button", "attach-button", "menu-button"]) $(control).disabled = false;
  $("text-input").placeholder = `Message as ${user.firstName}`;
  const url = new URL(location.href);
  url.searchParams.set("user", String(user.id));
  history.replaceState(null, "", url);
  renderUsers();
  await loadCommands();
  await poll();
}

// MARK: Polling and rendering

function schedulePoll() {
  clearTimeout(app.pollTimer);
  app.pollTimer = setTimeout(poll, POLL_MS);
}

async function poll() {
  if (!app.user || app.polling) return schedulePoll();
  app.polling = true;
  const user = app.user;
  try {
    const result = await api("GET", `/api/chats/${user.id}/messages?since=${app.revision}`);
    if (app.user !== user) return;
    if ((result.timeZone || null) !== app.zone) return switchZone(result.timeZone || null);
    showChatAction(result.chatAction);
    if (result.messages) {
      app.revision = result.revision;
      renderMessages(result.messages);
    }
  } catch (error) {
    $("chat-status").textContent = "sandbox not reachable";
  } finally {
    app.polling = false;
    schedulePoll();
  }
}

/// The user chose (or changed) their time zone in the bot: every time and date chip is drawn again in it.
function switchZone(zone) {
  app.zone = zone;
  app.revision = -1;
  app.rendered.clear();
  $("messages").replaceChildren();
  renderClock();
}

const ACTION_TEXT = {
  typing: "typing…",
  upload_photo: "sending photo…",
  upload_document: "sending file…",
  upload_voice: "sending audio…",
  record_voice: "recording audio…",
  upload_video: "sending video…",
  choose_sticker: "choosing a sticker…",
};

function showChatAction(action) {
  const status = $("chat-status");
  status.textContent = action ? (ACTION_TEXT[action] || `${action.replace(/_/g, " ")}…`) : "bot";
  status.classList.toggle("active", Boolean(action));
  status.dataset.action = action || "";
}

/// Messages of one album (same mediaGroupID, adjacent) show as one bubble.
function displayItems(messages) {
  const items = [];
  for (const message of messages) {
    const last = items[items.length - 1];
    if (message.mediaGroupID && last && last.groupID === message.mediaGroupID) {
      last.messages.push(message);
    } else {
      items.push({ key: message.mediaGroupID ? `g${message.mediaGroupID}` : `m${message.id}`,
        groupID: message.mediaGroupID, messages: [message] });
    }
  }
  return items;
}

function renderMessages(messages) {
  const container = $("messages");
  const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 120;
  const items = displayItems(messages);
  const wanted = new Set();
  let previousDay = null;
  let cursor = null;
  let appended = false;
  for (const item of items) {
    const first = item.messages[0];
    const day = dayLabel(first.dateMillis);
    if (day !== previousDay) {
      const chipKey = `d${day}`;
      cursor = place(container, chipKey, day, () => dateChip(day), cursor, wanted);
      previousDay = day;
    }
    const signature = JSON.stringify(item.messages);
    const before = app.rendered.get(item.key);
    cursor = place(container, item.key, signature, () => renderItem(item), cursor, wanted);
    if (!before) appended = true;
  }
  for (const [key, entry] of app.rendered) {
    if (!wanted.has(key)) { entry.element.remove(); app.rendered.delete(key); }
  }
  if (items.length === 0) showEmptyChat();
  const lastIsMine = items.length > 0 && !items[items.length - 1].messages[0].fromBot;
  if (appended && (nearBottom || lastIsMine)) scrollToBottom();
}

/// Scrolls now and again as pictures finish loading, unless the reader has scrolled up since.
function scrollToBottom() {
  const container = $("messages");
  container.scrollTop = container.scrollHeight;
  for (const img of container.querySelectorAll("img.photo")) {
    if (img.complete) continue;
    img.addEventListener("load", () => {
      if (container.scrollHeight - container.scrollTop - container.clientHeight < img.clientHeight + 160) {
        container.scrollTop = container.scrollHeight;
      }
    }, { once: true });
  }
}

/// Puts the element for `key` right after `cursor`, re-rendering it only when its signature changed.
function place(container, key, signature, render, cursor, wanted) {
  wanted.add(key);
  let entry = app.rendered.get(key);
  if (!entry || entry.signature !== signature) {
    const element = render();
    element.dataset.key = key;
    if (entry) entry.element.replaceWith(element);
    entry = { signature, element };
    app.rendered.set(key, entry);
  }
  const expectedPosition = cursor ? cursor.nextSibling : container.firstChild;
  if (entry.element !== expectedPosition) container.insertBefore(entry.element, expectedPosition);
  return entry.element;
}

function showEmptyChat() {
  const empty = document.createElement("div");
  empty.className = "empty";
  empty.id = "empty";
  empty.textContent = "No messages here yet. Telegram shows a Start button for a bot you never talked to:";
  const startButton = document.createElement("button");
  startButton.type = "button";
  startButton.className = "primary start-button";
  startButton.textContent = "START";
  startButton.addEventListener("click", (event) => { event.stopPropagation(); sendText("/start"); });
  empty.append(startButton);
  empty.dataset.key = "empty";
  $("messages").append(empty);
  app.rendered.set("empty", { signature: "empty", element: empty });
}

function dateChip(label) {
  const chip = document.createElement("div");
  chip.className = "date-chip";
  chip.textContent = label;
  return chip;
}

/// Dates and times as the user's phone would show them: in their language and in the time zone
/// they chose in the bot (the browser's zone until they choose one).
function userFormat(millis, options) {
  const locale = app.user && app.user.languageCode ? app.user.languageCode : undefined;
  const offset = fixedOffset(app.zone);
  const zone = offset !== null ? { timeZone: "UTC" } : app.zone ? { timeZone: app.zone } : {};
  try {
    return new Date(millis + (offset || 0)).toLocaleString(locale, { ...options, ...zone });
  } catch (_) {
    return new Date(millis).toLocaleString(locale, options);   // a zone this browser does not know
  }
}

/// A typed UTC offset is stored as "GMT+0530", a name Intl does not know: the time is then
/// shifted by the offset (milliseconds) and shown as UTC. Null for a named zone.
function fixedOffset(zone) {
  const match = /^GMT([+-])(\d{2})(\d{2})$/.exec(zone || "");
  if (!match) return null;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60000;
}

/// The zone as the user would name it: "UTC+5:30" for a typed offset.
function zoneName(zone) {
  const offset = fixedOffset(zone);
  if (offset === null) return zone;
  const minutes = Math.abs(offset) / 60000;
  const rest = minutes % 60 ? `:${String(minutes % 60).padStart(2, "0")}` : "";
  return `UTC${offset < 0 ? "-" : "+"}${Math.floor(minutes / 60)}${rest}`;
}

function dayLabel(millis) {
  return userFormat(millis, { day: "numeric", month: "long", year: "numeric" });
}

function timeLabel(millis) {
  return userFormat(millis, { hour: "2-digit", minute: "2-digit" });
}

function renderItem(item) {
  const first = item.messages[0];
  const last = item.messages[item.messages.length - 1];
  const row = document.createElement("div");
  row.className = `row ${first.fromBot ? "in" : "out"}`;
  row.dataset.messageId = String(first.id);
  row.dataset.kind = item.messages.length > 1 ? "album" : first.kind;
  if (last.edited) row.dataset.edited = "true";
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  const captioned = albumCaptions(item.messages) ? null : item.messages.find((m) => m.caption);
  const meta = metaLine(last);
  if (item.messages.length > 1) {
    bubble.classList.add("media");
    bubble.append(albumContent(item.messages));
    if (captioned) bubble.append(formattedBlock(captioned.caption, captioned.entities, "caption"));
    bubble.append(meta);
    if (!captioned) meta.classList.add("over");
  } else {
    fillSingle(bubble, first, meta);
  }
  row.append(bubble);
  const keyboard = last.buttons && last.buttons.length ? renderKeyboard(last) : null;
  if (keyboard) { row.append(keyboard); row.classList.add("has-keyboard"); }
  return row;
}

function fillSingle(bubble, message, meta) {
  const kind = message.kind === "mediaGroupItem" ? message.mediaKind : message.kind;
  switch (kind) {
    case "text":
      bubble.append(formattedBlock(message.text || "", message.entities, "text"), meta);
      return;
    case "photo": {
      bubble.classList.add("media");
      bubble.append(photoElement(message));
      if (message.caption) bubble.append(formattedBlock(message.caption, message.entities, "caption"));
      else meta.classList.add("over");
      bubble.append(meta);
      return;
    }
    case "audio":
    case "voice":
      bubble.append(audioElement(message));
      break;
    case "document":
    case "animation":
    case "video":
      bubble.append(fileElement(message));
      break;
    case "sticker":
      bubble.append(textSpan("🌱 sticker", "other"));
      break;
    default:
      bubble.append(textSpan(`[${kind}]`, "other"));
  }
  if (message.caption) bubble.append(formattedBlock(message.caption, message.entities, "caption"));
  bubble.append(meta);
}

function metaLine(message) {
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = (message.edited ? "edited " : "") + timeLabel(message.dateMillis);
  if (!message.fromBot) {
    const ticks = document.createElement("span");
    ticks.className = "ticks";
    ticks.textContent = "✓✓";
    meta.append(ticks);
  }
  return meta;
}

function fileURL(fileID, download) {
  return `/api/files/${encodeURIComponent(fileID)}${download ? "?download=1" : ""}`;
}

function photoElement(message) {
  const link = document.createElement("a");
  link.href = fileURL(message.fileID);
  link.target = "_blank";
  link.rel = "noopener";
  const img = document.createElement("img");
  img.className = "photo";
  img.alt = message.caption || "photo";
  img.src = fileURL(message.fileID);
  if (message.width && message.height) {
    img.width = message.width;
    img.height = message.height;
  }
  link.append(img);
  return link;
}

/// One caption reads as the album's (under it, as Telegram shows it); with several, each photo
/// keeps its own under it (a diary album's "Day 1", "Day 7").
function albumCaptions(messages) {
  return messages.filter((m) => m.caption).length > 1;
}

function albumContent(messages) {
  const grid = document.createElement("div");
  grid.className = "album";
  const ownCaptions = albumCaptions(messages);
  for (const message of messages) {
    if (message.mediaKind === "photo" && ownCaptions) {
      const figure = document.createElement("figure");
      figure.className = "album-item";
      figure.append(photoElement(message));
      if (message.caption) figure.append(formattedBlock(message.caption, message.entities, "album-caption"));
      grid.append(figure);
    } else if (message.mediaKind === "photo") grid.append(photoElement(message));
    else if (message.mediaKind === "audio") grid.append(audioElement(message));
    else grid.append(fileElement(message));
  }
  if (messages.every((m) => m.mediaKind !== "photo")) grid.style.gridTemplateColumns = "1fr";
  return grid;
}

function fileElement(message) {
  const link = document.createElement("a");
  link.className = "file";
  link.href = fileURL(message.fileID, true);
  link.setAttribute("download", message.fileName || "file");
  const icon = textSpan(message.mimeType === "application/pdf" ? "PDF" : "⬇", "file-icon");
  if (message.mimeType === "application/pdf") icon.style.fontSize = "13px";
  const info = document.createElement("span");
  info.append(textSpan(message.fileName || "file", "file-name"), document.createElement("br"),
    textSpan(`${message.mimeType || "file"} · download`, "file-sub"));
  link.append(icon, info);
  return link;
}

function audioElement(message) {
  const box = document.createElement("div");
  box.className = "audio";
  box.append(textSpan(message.fileName || (message.kind === "voice" ? "Voice message" : "Audio"), "file-name"));
  if (message.duration) box.append(textSpan(durationLabel(message.duration), "file-sub"));
  const audio = document.createElement("audio");
  audio.controls = true;
  audio.preload = "none";
  audio.src = fileURL(message.fileID);
  box.append(audio);
  return box;
}

function durationLabel(seconds) {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

function textSpan(text, className) {
  const span = document.createElement("span");
  if (className) span.className = className;
  span.textContent = text;
  return span;
}

// MARK: Telegram entities -> DOM

function formattedBlock(text, entities, className) {
  const block = document.createElement("div");
  block.className = className;
  block.append(renderEntities(text, entities || []));
  return block;
}

/// Builds nested elements from Telegram's entities (offsets in UTF-16 units, as JS strings
/// count). An entity that overlaps its parent's end is clipped to it.
function renderEntities(text, entities) {
  const sorted = entities
    .filter((e) => e.length > 0 && e.offset >= 0 && e.offset < text.length)
    .slice()
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  return build(text, 0, text.length, sorted);
}

function build(text, start, end, entities) {
  const fragment = document.createDocumentFragment();
  let position = start;
  let index = 0;
  while (index < entities.length) {
    const entity = entities[index];
    const entityEnd = Math.min(entity.offset + entity.length, end);
    if (entity.offset < position) { index += 1; continue; }
    if (entity.offset > position) fragment.append(plainText(text.slice(position, entity.offset)));
    const children = [];
    index += 1;
    while (index < entities.length && entities[index].offset < entityEnd) {
      children.push(entities[index]);
      index += 1;
    }
    const element = entityElement(entity, text.slice(entity.offset, entityEnd));
    element.append(build(text, entity.offset, entityEnd, children));
    fragment.append(element);
    position = entityEnd;
  }
  if (position < end) fragment.append(plainText(text.slice(position, end)));
  return fragment;
}

/// Text outside entities; like Telegram's apps, a "/command" in it is tappable and sends itself.
function plainText(text) {
  const fragment = document.createDocumentFragment();
  const pattern = /(^|[\s(])(\/[a-z][a-z0-9_]{0,31})(?=$|[\s.,!?;:)])/gi;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index + match[1].length;
    if (start > last) fragment.append(document.createTextNode(text.slice(last, start)));
    const command = match[2];
    const span = textSpan(command, "command-link");
    span.addEventListener("click", () => sendText(command));
    fragment.append(span);
    last = start + command.length;
  }
  if (last < text.length) fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

const SIMPLE_TAGS = { bold: "strong", italic: "em", underline: "u", strikethrough: "s", code: "code",
  blockquote: "blockquote", expandable_blockquote: "blockquote" };

function entityElement(entity, content) {
  if (SIMPLE_TAGS[entity.type]) return document.createElement(SIMPLE_TAGS[entity.type]);
  switch (entity.type) {
    case "pre": {
      const pre = document.createElement("pre");
      if (entity.language) pre.dataset.language = entity.language;
      return pre;
    }
    case "text_link": return linkElement(entity.url);
    case "url": return linkElement(/^[a-z]+:\/\//i.test(content) ? content : `https://${content}`);
    case "email": return linkElement(`mailto:${content}`);
    case "spoiler": {
      const span = document.createElement("span");
      span.className = "spoiler";
      span.addEventListener("click", () => span.classList.add("revealed"));
      return span;
    }
    case "bot_command": {
      const span = document.createElement("span");
      span.className = "command-link";
      span.addEventListener("click", () => sendText(content.split("@")[0]));
      return span;
    }
    default: {
      const span = document.createElement("span");
      span.className = `entity-${entity.type}`;
      return span;
    }
  }
}

/// Only web, Telegram and mail links become clickable; anything else (javascript:, data:) is text.
function linkElement(url) {
  let parsed = null;
  try { parsed = new URL(url); } catch (_) { parsed = null; }
  if (!parsed || !["http:", "https:", "tg:", "mailto:"].includes(parsed.protocol)) {
    return document.createElement("span");
  }
  const link = document.createElement("a");
  link.href = parsed.href;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  return link;
}

// MARK: Inline keyboards

function renderKeyboard(message) {
  const keyboard = document.createElement("div");
  keyboard.className = "keyboard";
  for (const row of message.buttons) {
    const line = document.createElement("div");
    line.className = "key-row";
    for (const button of row) {
      let key;
      if (button.url) {
        key = linkElement(button.url);
        if (key.tagName !== "A") key = document.createElement("span");
        key.append(textSpan(button.text, "key-label"), textSpan("↗", "arrow"));
      } else {
        key = document.createElement("button");
        key.type = "button";
        key.append(textSpan(button.text, "key-label"));
        key.title = button.text;
        key.dataset.callback = button.data || "";
        key.addEventListener("click", () => pressButton(message.id, button.data || "", key));
      }
      key.classList.add("key");
      line.append(key);
    }
    keyboard.append(line);
  }
  return keyboard;
}

async function pressButton(messageID, data, key) {
  if (!app.user) return;
  key.classList.add("pressed");
  try {
    const { queryID } = await api("POST", `/api/chats/${app.user.id}/button`, { messageID, data });
    const answer = await waitForCallbackAnswer(queryID);
    if (answer && answer.text) {
      if (answer.showAlert) showAlert(answer.text); else toast(answer.text);
    }
    return answer;
  } catch (error) {
    toast(error.message, true);
    return null;
  } finally {
    key.classList.remove("pressed");
  }
}

/// Telegram shows a spinner on the button until the bot answers (at most about 15 s).
async function waitForCallbackAnswer(queryID) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const answer = await api("GET", `/api/callbacks/${encodeURIComponent(queryID)}`);
    if (answer.answered) return answer;
    await sleep(150);
  }
  return null;
}

// MARK: Sending

async function sendTyped() {
  const input = $("text-input");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  autoGrow(input);
  hideMenus();
  await sendText(text);
}

async function sendText(text) {
  if (!app.user) return;
  try {
    await api("POST", `/api/chats/${app.user.id}/text`, { text });
    await poll();
  } catch (error) {
    toast(error.message, true);
  }
}

function pickFile(input, send) {
  const file = input.files && input.files[0];
  input.value = "";
  if (file) send(file);
}

/// Like Telegram's apps, a photo is re-encoded as JPEG (longest side at most 2560 px) before
/// sending; the original bytes go only when sent as a file.
async function sendPhoto(file) {
  if (!app.user) return;
  try {
    const jpeg = await compressPhoto(file).catch(() => file);
    await api("POST", `/api/chats/${app.user.id}/photo`, jpeg, "image/jpeg");
    await poll();
  } catch (error) {
    toast(error.message, true);
  }
}

async function compressPhoto(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 2560 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return await new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("Could not encode the photo."))), "image/jpeg", 0.9));
}

async function sendDocument(file) {
  if (!app.user) return;
  try {
    const query = new URLSearchParams({ name: file.name || "file" });
    await api("POST", `/api/chats/${app.user.id}/document?${query}`, file, file.type || "application/octet-stream");
    await poll();
  } catch (error) {
    toast(error.message, true);
  }
}

function autoGrow(input) {
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
}

// MARK: Command menu

async function loadCommands() {
  try {
    const result = await api("GET", `/api/chats/${app.user.id}/commands`);
    app.commands = result.commands;
  } catch (_) {
    app.commands = [];
  }
  $("menu-button").hidden = app.commands.length === 0;
}

function toggleCommandMenu(filter) {
  const menu = $("command-menu");
  if (filter === undefined && !menu.hidden) { menu.hidden = true; return; }
  const shown = app.commands.filter((c) => !filter || `/${c.command}`.startsWith(filter));
  menu.replaceChildren();
  for (const command of shown) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.command = command.command;
    button.append(textSpan(`/${command.command}`, "cmd"), textSpan(command.description, "desc"));
    button.addEventListener("click", () => {
      hideMenus();
      $("text-input").value = "";
      sendText(`/${command.command}`);
    });
    menu.append(button);
  }
  closePanels();
  $("attach-menu").hidden = true;
  menu.hidden = shown.length === 0;
}

function updateCommandFilter() {
  const text = $("text-input").value;
  if (/^\/\w*$/.test(text)) toggleCommandMenu(text);
  else $("command-menu").hidden = true;
}

// MARK: Clock

function setClock(clock) {
  app.clock = { ...clock, fetchedAt: Date.now() };
  renderClock();
}

function currentMillis() {
  return app.clock.nowMillis + (Date.now() - app.clock.fetchedAt);
}

function renderClock() {
  const now = currentMillis();
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "local";
  $("clock-date").textContent = userFormat(now, { day: "numeric", month: "short" });
  $("clock-time").textContent = userFormat(now, { hour: "2-digit", minute: "2-digit" });
  $("clock-full").textContent = userFormat(now, {
    weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
  $("clock-zone").textContent = zoneName(app.zone) || `${browserZone}: the user has not chosen one yet`;
  // The browser's own time, smaller: a zone the user chose differs from the developer's.
  const elsewhere = app.zone && app.zone !== browserZone;
  const browserTime = new Date(now).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  $("clock-browser").hidden = !elsewhere;
  $("clock-browser").textContent = elsewhere ? `${browserTime} here` : "";
  $("clock-browser-full").textContent = elsewhere
    ? `In this browser (${browserZone}): ${new Date(now).toLocaleString(undefined, {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })}` : "";
  const offset = app.clock.offsetSeconds;
  $("clock-offset").textContent = offset > 0 ? `(${describeOffset(offset)} ahead of real time)` : "(real time)";
  $("clock-button").classList.toggle("ahead", offset > 0);
  $("clock-button").dataset.offset = String(offset);
}

function describeOffset(seconds) {
  const days = Math.floor(seconds / 86400);
  const hours = Math.round((seconds % 86400) / 3600);
  const parts = [];
  if (days) parts.push(`${days} day${days === 1 ? "" : "s"}`);
  if (hours) parts.push(`${hours} h`);
  return parts.join(" ") || `${Math.round(seconds)} s`;
}

async function refreshClock() {
  try { setClock((await api("GET", "/api/state")).clock); } catch (_) { /* shown by the poller */ }
}

/// The sandbox stops the clock at every reminder on the way and answers once the bot has sent
/// them, so a long jump can take a few seconds: the buttons wait meanwhile.
async function advanceClock(seconds) {
  const buttons = [...document.querySelectorAll("[data-advance]")];
  for (const button of buttons) button.disabled = true;
  $("clock-panel").dataset.moving = "true";
  try {
    setClock(await api("POST", "/api/clock/advance", { seconds }));
    toast(`Bot's clock: ${describeOffset(app.clock.offsetSeconds)} ahead`);
    await poll();
  } catch (error) {
    toast(error.message, true);
  } finally {
    for (const button of buttons) button.disabled = false;
    delete $("clock-panel").dataset.moving;
  }
}

// MARK: Toasts

let toastTimer = null;
function toast(text, isError) {
  const element = $("toast");
  element.textContent = text;
  element.classList.toggle("error", Boolean(isError));
  element.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { element.hidden = true; }, isError ? 5000 : 2500);
}

function showAlert(text) {
  $("alert-text").textContent = text;
  $("alert").hidden = false;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// MARK: Scripted scenario (/?scenario=smoke): drives the page as a person would and reports
// what it saw, so a headless browser can check the whole path: send, press, upload, time travel.

async function runSmokeScenario() {
  const steps = [];
  const step = async (name, body) => {
    try {
      const detail = await body();
      steps.push({ name, ok: true, detail: detail ? String(detail) : null });
      return true;
    } catch (error) {
      steps.push({ name, ok: false, detail: error.message });
      return false;
    }
  };
  const ok =
    await step("create user", async () => {
      const user = await createUser("Scenario", "en");
      await selectUser(user);
      return `user ${user.id}`;
    }) &&
    await step("send /start", async () => {
      $("text-input").value = "/start";
      $("send-button").click();
      await waitFor(() => document.querySelectorAll(".row.in").length >= 1, "a reply from the bot");
      return document.querySelector(".row.in .text").textContent.slice(0, 60);
    }) &&
    await step("press a button", async () => {
      // A new user's welcome comes first, its question with buttons a moment later.
      await waitFor(() => document.querySelector(".key[data-callback]"), "an inline keyboard", 3000).catch(() => null);
      if (!document.querySelector(".key[data-callback]")) {
        $("menu-button").click();
        const reset = await waitFor(() => document.querySelector('#command-menu button[data-command="reset"]'),
          "/reset in the command menu");
        reset.click();
        await waitFor(() => document.querySelector(".key[data-callback]"), "an inline keyboard");
      }
      const key = document.querySelector(".key[data-callback]");
      const label = key.textContent;
      const before = document.querySelectorAll(".row.in").length;
      const messageRow = key.closest(".row");
      key.click();
      await waitFor(() => document.querySelectorAll(".row.in").length > before ||
        !messageRow.isConnected || !$("toast").hidden, "the bot's response to the button");
      return label;
    }) &&
    await step("upload a photo", async () => {
      const photo = await generatedPhoto();
      await sendPhoto(photo);
      const img = await waitFor(() => document.querySelector('.row.out[data-kind="photo"] img.photo'), "the photo bubble");
      await waitFor(() => img.complete && img.naturalWidth > 0, "the photo to load");
      const rows = () => [...document.querySelectorAll(".row")];
      await waitFor(() => rows().slice(rows().indexOf(img.closest(".row")) + 1).some((r) => r.classList.contains("in")),
        "the bot's reply to the photo");
      return `${img.naturalWidth}x${img.naturalHeight}`;
    }) &&
    await step("send a file as a document", async () => {
      const file = new File(["Notes from the tray: day 0.\n"], "notes.txt", { type: "text/plain" });
      await sendDocument(file);
      const link = await waitFor(() => document.querySelector('.row.out[data-kind="document"] a.file'),
        "the document bubble");
      return link.getAttribute("download");
    }) &&
    await step("advance the clock by a week", async () => {
      await refreshClock();
      const before = currentMillis();
      const offset = Number($("clock-button").dataset.offset);
      const chips = document.querySelectorAll(".date-chip").length;
      const replies = document.querySelectorAll(".row.in").length;
      $("clock-button").click();
      document.querySelector('[data-advance="604800"]').click();
      // Counted from where the clock stood: an earlier run may have left it days ahead already.
      await waitFor(() => Number($("clock-button").dataset.offset) >= offset + 604800, "the clock to move", 60000);
      const moved = currentMillis() - before;
      if (moved < 604800 * 1000) throw new Error(`the clock moved only ${moved} ms`);
      // The reminders that fell due on the way arrive under their own days' date chips.
      await waitFor(() => document.querySelectorAll(".date-chip").length > chips &&
        document.querySelectorAll(".row.in").length > replies, "the reminders of the week");
      return `${$("clock-full").textContent}; ${document.querySelectorAll(".date-chip").length - chips} new day(s)`;
    });
  document.body.dataset.scenario = ok ? "passed" : "failed";
  const report = { passed: ok, steps, dom: document.documentElement.outerHTML };
  await api("POST", "/api/scenario/report", report);
}

async function waitFor(predicate, what, timeout = 15000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const value = predicate();
    if (value) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/// A 640×480 "tray of sprouts" drawn on a canvas, so the scenario needs no fixture file.
async function generatedPhoto() {
  const canvas = document.createElement("canvas");
  canvas.width = 640;
  canvas.height = 480;
  const context = canvas.getContext("2d");
  const soil = context.createLinearGradient(0, 0, 0, 480);
  soil.addColorStop(0, "#6b4f2a");
  soil.addColorStop(1, "#3e2c17");
  context.fillStyle = soil;
  context.fillRect(0, 0, 640, 480);
  for (let i = 0; i < 160; i += 1) {
    const x = 20 + ((i * 37) % 600);
    const y = 120 + ((i * 53) % 330);
    context.strokeStyle = `hsl(${95 + (i % 30)}, 65%, ${38 + (i % 20)}%)`;
    context.lineWidth = 3;
    context.beginPath();
    context.moveTo(x, y + 40);
    context.quadraticCurveTo(x + 6, y + 15, x + (i % 2 ? 10 : -10), y);
    context.stroke();
  }
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
  return new File([blob], "sprouts.jpg", { type: "image/jpeg" });
}

document.addEventListener("DOMContentLoaded", () => {
  start().catch((error) => toast(`The sandbox did not start: ${error.message}`, true));
});
