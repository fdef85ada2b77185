import Hummingbird
import NIOCore

/// `GET /admin`: one self-contained page (no build step, no external assets) that asks for the
/// token, keeps it in sessionStorage only (gone when the tab closes) and shows the storage table,
/// the funnel and a user lookup with the quota form, fetched from the JSON API.
enum AdminPage {
    static func response() -> Response {
        Response(status: .ok,
                 headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                           .contentSecurityPolicy: "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
                           .init("Referrer-Policy")!: "no-referrer"],
                 body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static let html = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Sogreto admin</title>
    <style>
      :root { --green: #2f7d4a; --ink: #1f2a24; --muted: #66736b; --line: #dfe6e1; --bg: #f6f8f6; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
      header { background: var(--green); color: #fff; padding: 12px 16px; display: flex; align-items: center; gap: 12px; }
      header h1 { font-size: 18px; margin: 0; flex: 1; }
      main { max-width: 960px; margin: 0 auto; padding: 12px; }
      section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; margin: 12px 0; }
      h2 { font-size: 16px; margin: 0 0 8px; }
      h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); font-weight: 600; }
      .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 8px; }
      .card { background: var(--bg); border-radius: 8px; padding: 8px 10px; }
      .card b { display: block; font-size: 20px; }
      .card span { color: var(--muted); font-size: 13px; }
      .bar { height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; margin-top: 6px; }
      .bar i { display: block; height: 100%; background: var(--green); }
      .bar i.warning { background: #d08a1a; } .bar i.full { background: #c0392b; }
      .scroll { overflow-x: auto; }
      table { border-collapse: collapse; width: 100%; font-size: 14px; }
      th, td { text-align: right; padding: 5px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
      th:first-child, td:first-child { text-align: left; }
      th { color: var(--muted); font-weight: 600; }
      form { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
      input { font: inherit; padding: 7px 9px; border: 1px solid var(--line); border-radius: 6px; min-width: 0; }
      button { font: inherit; padding: 7px 12px; border: 0; border-radius: 6px; background: var(--green); color: #fff; cursor: pointer; }
      button.quiet { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.6); }
      .error { color: #b3261e; }
      .muted { color: var(--muted); }
      [hidden] { display: none !important; }
    </style>
    </head>
    <body>
    <header><h1>Sogreto admin</h1><button class="quiet" id="forget" hidden>Forget token</button></header>
    <main>
      <section id="login">
        <h2>Admin token</h2>
        <form id="token-form">
          <input id="token" type="password" autocomplete="off" placeholder="SOGRETO_ADMIN_TOKEN" required>
          <button>Open</button>
        </form>
        <p class="muted">Kept in this tab only (sessionStorage) and sent as a bearer token.</p>
        <p class="error" id="login-error"></p>
      </section>
      <div id="content" hidden>
        <section>
          <h2>Storage</h2>
          <div class="cards" id="storage-cards"></div>
          <div id="budget"></div>
          <h3>By format and kind</h3>
          <div class="scroll"><table id="formats"></table></div>
          <h3>Top users</h3>
          <div class="scroll"><table id="top-users"></table></div>
        </section>
        <section>
          <h2>Funnel</h2>
          <h3>By kit</h3>
          <div class="scroll"><table id="funnel-kits"></table></div>
          <h3>By weekly cohort (week of activation)</h3>
          <div class="scroll"><table id="funnel-cohorts"></table></div>
          <h3>By origin (gifted or direct)</h3>
          <div class="scroll"><table id="funnel-origin"></table></div>
          <h3>Gift invites</h3>
          <div class="scroll"><table id="funnel-gifts"></table></div>
        </section>
        <section>
          <h2>Experiments</h2>
          <div id="experiments"></div>
          <p class="error" id="experiments-error"></p>
        </section>
        <section>
          <h2>User</h2>
          <form id="user-form"><input id="user-id" inputmode="numeric" placeholder="Telegram user id" required><button>Look up</button></form>
          <div id="user"></div>
          <form id="quota-form" hidden>
            <input id="max-photos" inputmode="numeric" placeholder="max photos" size="10">
            <input id="max-mb" inputmode="numeric" placeholder="max MB (empty: none)" size="16">
            <button>Save quota</button>
          </form>
          <p class="error" id="user-error"></p>
        </section>
      </div>
    </main>
    <script>
    "use strict";
    const $ = (id) => document.getElementById(id);
    const MB = (b) => (b / 1048576).toFixed(1) + " MB";
    const token = () => sessionStorage.getItem("sogreto-admin-token");

    async function api(path, options = {}) {
      const response = await fetch(path, { ...options, headers: { "Authorization": "Bearer " + token(), "Content-Type": "application/json" } });
      const body = await response.json().catch(() => ({}));
      if (response.status === 401) { sessionStorage.removeItem("sogreto-admin-token"); show(); throw new Error(body.error || "Unauthorized"); }
      if (!response.ok) throw new Error(body.error || ("HTTP " + response.status));
      return body;
    }

    function table(element, headers, rows) {
      element.replaceChildren();
      const head = element.insertRow();
      headers.forEach((h) => { const th = document.createElement("th"); th.textContent = h; head.appendChild(th); });
      if (rows.length === 0) { const cell = element.insertRow().insertCell(); cell.colSpan = headers.length; cell.textContent = "—"; cell.className = "muted"; }
      rows.forEach((r) => { const tr = element.insertRow(); r.forEach((v) => { tr.insertCell().textContent = v ?? "—"; }); });
    }

    function cards(element, items) {
      element.replaceChildren(...items.map(([value, label]) => {
        const card = document.createElement("div"); card.className = "card";
        const b = document.createElement("b"); b.textContent = value;
        const s = document.createElement("span"); s.textContent = label;
        card.append(b, s); return card;
      }));
    }

    const percent = (v) => v == null ? "—" : v + " %";
    const funnelRow = (r) => [r.group, r.seen, r.started, percent(r.activation_percent), r.day7, r.completed, r.stopped, r.next_kit + " (" + percent(r.next_kit_percent) + ")", r.nps, r.nps_responses];
    const funnelHeaders = ["", "opened kit", "started", "activation", "day 7", "completed", "stopped", "second kit", "NPS", "answers"];

    async function load() {
      const [storage, funnel] = await Promise.all([api("/admin/storage"), api("/admin/funnel")]);
      cards($("storage-cards"), [[storage.users_with_media, "users with media"], [storage.photos, "photos"], [storage.renders, "renders"], [MB(storage.bytes), "stored"], [MB(storage.bytes_on_disk ?? 0), (storage.blob_files ?? 0) + " files on disk"]]);
      const budget = $("budget"); budget.replaceChildren();
      if (storage.budget) {
        const b = storage.budget, p = Math.round(b.fraction * 100);
        budget.innerHTML = '<h3></h3><div class="bar"><i></i></div>';
        budget.querySelector("h3").textContent = "Budget: " + MB(b.used_bytes) + " of " + MB(b.budget_bytes) + " (" + p + " %)";
        const bar = budget.querySelector("i"); bar.style.width = Math.min(100, p) + "%"; bar.className = b.level;
      }
      table($("formats"), ["", "count", "size"], storage.by_format.map((f) => ["photo · " + f.name, f.count, MB(f.bytes)])
        .concat(storage.by_render_kind.map((k) => ["render · " + k.name, k.count, MB(k.bytes)])));
      table($("top-users"), ["user", "photos", "renders", "size"], storage.top_users.map((u) => [String(u.user_id), u.photos, u.renders, MB(u.bytes)]));
      table($("funnel-kits"), funnelHeaders, funnel.by_kit.map(funnelRow).concat([funnelRow(funnel.total)]));
      table($("funnel-cohorts"), funnelHeaders, funnel.by_cohort.map(funnelRow));
      table($("funnel-origin"), funnelHeaders, funnel.by_origin.map(funnelRow));
      table($("funnel-gifts"), ["", "sent", "opened", "started", "planted", "completed"],
        funnel.gifts.by_gift.concat([funnel.gifts.total]).map((g) => [g.group, g.sent, g.opened, g.started, g.planted, g.completed]));
      experiments(await api("/admin/experiments"));
    }

    // One block per experiment: a bar per variant (rate, or NPS from -100 to 100), each variant
    // against the control with its 95 % interval, and the start/stop/adopt buttons (audited).
    function experiments(list) {
      const box = $("experiments"); box.replaceChildren();
      if (list.length === 0) { const p = document.createElement("p"); p.className = "muted"; p.textContent = "No experiment is declared in the programs."; box.appendChild(p); return; }
      const verdicts = { "not-enough-data": "not enough data yet", "significant": "significant", "not-significant": "no significant difference" };
      list.forEach((e) => {
        const nps = e.metric === "nps", show = (v) => nps ? Math.round(v) + " NPS" : (v * 100).toFixed(1) + " %";
        const h = document.createElement("h3");
        h.textContent = e.id + " · " + e.program_id + " · " + e.metric + " · " + (e.status === "adopted" ? "adopted " + e.adopted_variant : e.status)
          + " — " + verdicts[e.verdict] + (e.leader ? ": " + e.leader + " ahead" : "") + " (planned " + e.sample_per_variant + " per variant)";
        box.appendChild(h);
        e.variants.forEach((v) => {
          const row = document.createElement("div");
          const label = document.createElement("span"); label.textContent = v.id + ": " + show(v.value) + " of " + v.exposed + " exposed (" + v.conversions + (nps ? " answered)" : " converted)");
          const bar = document.createElement("div"); bar.className = "bar"; const fill = document.createElement("i");
          fill.style.width = Math.max(0, Math.min(100, nps ? (v.value + 100) / 2 : v.value * 100)) + "%"; bar.appendChild(fill);
          row.append(label, bar); box.appendChild(row);
        });
        e.comparisons.forEach((c) => {
          const unit = nps ? 1 : 100, f = (x) => (x >= 0 ? "+" : "") + (x * unit).toFixed(1);
          const p = document.createElement("p"); p.className = "muted";
          p.textContent = c.variant + " vs " + e.control + ": " + f(c.difference) + " (95 % CI " + f(c.low) + " … " + f(c.high) + ")"
            + (c.p_value != null ? ", p = " + c.p_value.toFixed(3) : "") + (c.significant ? ", significant" : "")
            + (c.needed_per_variant != null ? "; " + c.needed_per_variant + " per variant for 80 % power (" + c.still_needed + " more)" : "");
          box.appendChild(p);
        });
        const actions = document.createElement("form");
        const act = (text, path) => { const b = document.createElement("button"); b.type = "button"; b.textContent = text;
          b.addEventListener("click", async () => { $("experiments-error").textContent = "";
            try { await api("/admin/experiments/" + encodeURIComponent(e.id) + "/" + path, { method: "POST" }); await load(); }
            catch (error) { $("experiments-error").textContent = error.message; } });
          actions.appendChild(b); };
        if (e.status !== "running") act("Start", "start");
        if (e.status === "running") act("Stop", "stop");
        e.variants.forEach((v) => act("Adopt " + v.id, "adopt/" + encodeURIComponent(v.id)));
        box.appendChild(actions);
      });
    }

    async function lookUp(id) {
      $("user-error").textContent = "";
      try {
        const media = await api("/admin/users/" + encodeURIComponent(id) + "/media");
        const bytes = media.photos.reduce((s, p) => s + p.bytes, 0) + media.renders.reduce((s, r) => s + r.bytes, 0);
        const box = $("user"); box.replaceChildren();
        const t = document.createElement("table"); box.appendChild(t);
        table(t, ["user " + media.user_id, ""], [["status", media.status], ["kit", media.kit_code], ["photos", media.photos.length + " of " + media.quota.max_photos],
          ["renders", media.renders.length], ["stored", MB(bytes)], ["byte cap", media.quota.max_bytes == null ? "none" : MB(media.quota.max_bytes)]]);
        $("max-photos").value = media.quota.max_photos;
        $("max-mb").value = media.quota.max_bytes == null ? "" : Math.round(media.quota.max_bytes / 1048576);
        $("quota-form").hidden = false; $("quota-form").dataset.user = media.user_id;
      } catch (error) { $("user-error").textContent = error.message; $("quota-form").hidden = true; }
    }

    function show() {
      const signedIn = !!token();
      $("login").hidden = signedIn; $("content").hidden = !signedIn; $("forget").hidden = !signedIn;
      if (signedIn) load().catch((error) => { $("login-error").textContent = error.message; });
    }

    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault(); $("login-error").textContent = "";
      sessionStorage.setItem("sogreto-admin-token", $("token").value.trim()); $("token").value = ""; show();
    });
    $("forget").addEventListener("click", () => { sessionStorage.removeItem("sogreto-admin-token"); show(); });
    $("user-form").addEventListener("submit", (event) => { event.preventDefault(); lookUp($("user-id").value.trim()); });
    $("quota-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const id = $("quota-form").dataset.user, mb = $("max-mb").value.trim();
      const body = { max_photos: parseInt($("max-photos").value, 10), max_bytes: mb === "" ? null : parseInt(mb, 10) * 1048576 };
      try { await api("/admin/users/" + id + "/quota", { method: "PUT", body: JSON.stringify(body) }); await lookUp(id); await load(); }
      catch (error) { $("user-error").textContent = error.message; }
    });
    show();
    </script>
    </body>
    </html>
    """
}
