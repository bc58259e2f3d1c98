/// The inline style sheet and sort script of `report.html`. Both are
/// constants with no URL in them: the page must render with no network.
extension HTMLReport {
    static let styleSheet = """
        :root { --ok: #1b7a3a; --ok-bg: #e6f4ea; --alert: #b3261e; --alert-bg: #fdecea; --open: #e0a100;
          --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --zebra: #f6f8fa; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink); margin: 0 auto; padding: 24px 32px 48px; max-width: 1240px; }
        h1 { font-size: 26px; margin: 0 0 4px; } h1 .job { color: var(--muted); font-weight: 500; }
        h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        .meta, .hint, .explain, .empty { color: var(--muted); margin: 4px 0; }
        .status { border-radius: 8px; padding: 14px 20px; margin: 18px 0; border-left: 8px solid; }
        .status p { margin: 2px 0; } .status .headline { font-size: 22px; font-weight: 700; }
        .status.ok { background: var(--ok-bg); border-color: var(--ok); } .status.ok .headline { color: var(--ok); }
        .status.alert { background: var(--alert-bg); border-color: var(--alert); }
        .status.alert .headline { color: var(--alert); }
        .status.alert .headline a { color: inherit; }
        .cards { display: flex; flex-wrap: wrap; gap: 14px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 200px; }
        .card.wide { flex: 1; } .card h3 { margin: 4px 0 6px; }
        table { border-collapse: collapse; }
        table.kv th { text-align: left; font-weight: 400; color: var(--muted); padding: 1px 18px 1px 0; }
        table.kv td { font-weight: 600; }
        tr.bad th, tr.bad td { color: var(--alert); font-weight: 700; }
        table.data { width: 100%; font-size: 14px; }
        table.data.narrow { width: auto; min-width: 420px; }
        table.totals th.num, table.totals td.num { min-width: 190px; }
        table.data th { text-align: left; background: var(--zebra); border-bottom: 2px solid var(--line);
          padding: 6px 8px; vertical-align: bottom; }
        table.data td { border-bottom: 1px solid var(--line); padding: 5px 8px; vertical-align: top; }
        table.data > tbody > tr:nth-child(even) { background: #fbfcfd; }
        table.mismatches > tbody > tr:nth-child(even) { background: none; }
        table.mismatches > tbody:nth-of-type(even) { background: #f8f9fb; }
        table.mismatches tr.detail td { color: var(--muted); font-size: 13px; padding-top: 0; }
        table.mismatches tbody > tr:first-child td { border-bottom: none; }
        table.mismatches tbody > tr:last-child td { border-bottom: 1px solid var(--line); }
        td.id { white-space: nowrap; }
        td .account { display: block; font-size: 12px; color: var(--muted); }
        .new { background: var(--alert); color: #fff; border-radius: 4px; padding: 0 5px; font-size: 12px;
          font-weight: 700; }
        td.diff { color: var(--alert); font-weight: 700; }
        table.sortable th { cursor: pointer; }
        th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
        .num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .g { margin-left: 0.22em; }
        .totals td.num { font-size: 16px; }
        .scroll { overflow-x: auto; }
        .kind-title { font-size: 16px; margin-top: 24px; }
        .kind-title .count { background: var(--alert); color: #fff; border-radius: 10px; padding: 0 8px;
          font-size: 13px; margin-left: 4px; }
        .kind-title code { color: var(--muted); font-weight: 400; margin-left: 8px; }
        ul.candidates { margin: 4px 0 0; padding-left: 18px; color: var(--muted); font-size: 13px; }
        ul.refs { margin: 0; padding-left: 18px; } ul.refs .kind { font-family: ui-monospace, monospace; font-size: 12px; }
        figure { margin: 8px 0 18px; } figcaption { font-weight: 700; margin-bottom: 4px; }
        svg.chart { max-width: 100%; height: auto; font-size: 13px; }
        svg .day { fill: var(--ink); font-variant-numeric: tabular-nums; }
        svg .track { fill: #eef1f4; } svg .matched { fill: var(--ok); } svg .open { fill: var(--open); }
        svg .column { fill: var(--muted); font-weight: 600; }
        svg .matched-text, svg .open-text, svg .zero { font-variant-numeric: tabular-nums; }
        svg .matched-text { fill: var(--ok); } svg .open-text { fill: #8a6200; font-weight: 700; }
        svg .zero { fill: #9aa4ae; } svg .legend { fill: var(--muted); }
        code, .hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
        .hash { word-break: break-all; color: var(--muted); }
        footer { margin-top: 40px; }
        .unowned { color: var(--alert); } table.ranked td:nth-child(5) { max-width: 420px; overflow-wrap: anywhere; }
        @media print { .hint { display: none; } body { padding: 0; } }

        """

    /// Sorts the mismatches (one `<tbody>` each) by the clicked column:
    /// numerically when both cells read as numbers (amounts are plain decimal
    /// text), else as text.
    static let sortScript = """
        document.querySelectorAll("table.sortable th").forEach(function (th) {
          th.addEventListener("click", function () {
            var table = th.closest("table"), index = th.cellIndex;
            var ascending = th.getAttribute("aria-sort") !== "ascending";
            table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
            th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            var bodies = Array.prototype.slice.call(table.tBodies);
            bodies.sort(function (a, b) {
              var x = a.rows[0].cells[index].textContent.trim(), y = b.rows[0].cells[index].textContent.trim();
              var nx = Number(x), ny = Number(y);
              var order = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
              return ascending ? order : -order;
            });
            bodies.forEach(function (body) { table.appendChild(body); });
          });
        });

        """
}
