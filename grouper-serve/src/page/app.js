// The drg workbench page: a form for one claim, and views of the JSON API's answers. No
// grouping or pricing happens here: every DRG, weight and payment shown is the server's.
"use strict";

const $ = (id) => document.getElementById(id);

/** An element with properties and children (text is always set as text, never as HTML). */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key in node && key !== "list") node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace a node's children, skipping absent ones (the DOM would print them as "null"). */
function setKids(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
}

const POA = [["", "—"], ["Y", "Y"], ["N", "N"], ["U", "U"], ["W", "W"], ["1", "1 (exempt)"]];
const DISCHARGE_STATUS = [
  [1, "01 Home or self care"], [2, "02 Short-term hospital"], [3, "03 Skilled nursing facility"],
  [4, "04 Intermediate care facility"], [5, "05 Cancer or children's hospital"],
  [6, "06 Home health care"], [7, "07 Left against medical advice"], [20, "20 Expired"],
  [21, "21 Court or law enforcement"], [30, "30 Still a patient"], [43, "43 Federal hospital"],
  [50, "50 Hospice, home"], [51, "51 Hospice, medical facility"], [61, "61 Swing bed"],
  [62, "62 Inpatient rehabilitation facility"], [63, "63 Long-term care hospital"],
  [64, "64 Nursing facility (Medicaid)"], [65, "65 Psychiatric hospital"],
  [66, "66 Critical access hospital"], [69, "69 Designated disaster alternative care site"],
  [70, "70 Other institution"], [81, "81 Home, planned readmission"],
  [82, "82 Short-term hospital, planned readmission"], [83, "83 SNF, planned readmission"],
  [84, "84 ICF, planned readmission"], [85, "85 Cancer/children's, planned readmission"],
  [86, "86 Home health, planned readmission"], [87, "87 Court/law, planned readmission"],
  [88, "88 Federal hospital, planned readmission"], [89, "89 Swing bed, planned readmission"],
  [90, "90 IRF, planned readmission"], [91, "91 LTCH, planned readmission"],
  [92, "92 Nursing facility, planned readmission"], [93, "93 Psychiatric, planned readmission"],
  [94, "94 CAH, planned readmission"], [95, "95 Other institution, planned readmission"],
];

const state = { versions: [], latest: null, claim: null, providers: 0 };

function poaSelect(value, label) {
  const select = el("select", { class: "poa", "aria-label": label },
    POA.map(([v, text]) => el("option", { value: v }, text)));
  select.value = value || "";
  return select;
}

function codeInput(kind, value, label) {
  const input = el("input", {
    class: "code", value: value || "", spellcheck: false, autocapitalize: "characters",
    "aria-label": label, list: kind === "procedure" ? "proc-list" : "dx-list",
    placeholder: kind === "procedure" ? "ICD-10-PCS" : "ICD-10-CM",
  });
  input.dataset.kind = kind;
  input.addEventListener("input", () => lookUp(input));
  return input;
}

function addSdx(code, poa) {
  const rows = $("sdx-rows");
  const n = rows.children.length + 1;
  const row = el("li", { class: "code-row" },
    el("span", { class: "grow" }, codeInput("diagnosis", code, `Secondary diagnosis ${n}`)),
    poaSelect(poa, `POA of secondary diagnosis ${n}`),
    el("button", { type: "button", class: "small", "aria-label": `Remove secondary diagnosis ${n}`,
      onclick: () => { row.remove(); } }, "×"));
  row.querySelector("input").classList.add("grow");
  rows.append(row);
  return row;
}

function addProc(code) {
  const rows = $("proc-rows");
  const n = rows.children.length + 1;
  const row = el("li", { class: "code-row" },
    el("span", { class: "grow" }, codeInput("procedure", code, `Procedure ${n}`)),
    el("button", { type: "button", class: "small", "aria-label": `Remove procedure ${n}`,
      onclick: () => { row.remove(); } }, "×"));
  rows.append(row);
  return row;
}

// ---- code look-up as you type --------------------------------------------------------------

let lookUpTimer = null;
let lookUpSerial = 0;

function lookUpVersion() {
  const chosen = $("version").value;
  if (chosen) return chosen;
  const date = $("discharge-date").value;
  const inForce = state.versions.find((v) => date && v.effective_start <= date && date <= v.effective_end);
  return inForce ? inForce.version : state.latest;
}

function lookUp(input) {
  clearTimeout(lookUpTimer);
  const q = input.value.trim();
  if (q.length < 2) return;
  lookUpTimer = setTimeout(async () => {
    const serial = ++lookUpSerial;
    const params = new URLSearchParams({ q, kind: input.dataset.kind, limit: "15" });
    const version = lookUpVersion();
    if (version) params.set("version", version);
    const answer = await call("GET", `/codes?${params}`);
    if (serial !== lookUpSerial || !answer.ok) return;
    const list = $(input.dataset.kind === "procedure" ? "proc-list" : "dx-list");
    setKids(list, ...answer.body.codes.map((c) => {
      const facts = [c.title, c.mdc !== undefined ? `MDC ${String(c.mdc).padStart(2, "0")}` : null,
        c.severity && c.severity !== "NON_CC" ? c.severity : null].filter(Boolean).join(" · ");
      return el("option", { value: c.code, label: facts || c.code });
    }));
  }, 150);
}

// ---- the claim --------------------------------------------------------------------------

function optionalNumber(id) {
  const text = $(id).value.trim();
  return text === "" ? undefined : Number(text);
}

/** The claim as a JSON object of the claim format (`drg group`). */
function claimFromForm() {
  const claim = { id: "workbench" };
  const pdx = $("pdx").value.trim();
  claim.pdx = { code: pdx };
  if ($("pdx-poa").value) claim.pdx.poa = $("pdx-poa").value;
  claim.sdx = [...$("sdx-rows").children].map((row) => {
    const code = row.querySelector("input").value.trim();
    const poa = row.querySelector("select").value;
    return poa ? { code, poa } : { code };
  }).filter((d) => d.code);
  claim.procedures = [...$("proc-rows").children]
    .map((row) => ({ code: row.querySelector("input").value.trim() }))
    .filter((p) => p.code);
  const fields = {
    age: optionalNumber("age"), sex: $("sex").value || undefined,
    discharge_status: optionalNumber("discharge-status"),
    discharge_date: $("discharge-date").value || undefined,
    version: $("version").value ? Number($("version").value) : undefined,
    length_of_stay: optionalNumber("los"),
    total_charges: $("charges").value.trim() || undefined,
    ccn: $("ccn").value.trim() || undefined,
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) claim[key] = value;
  }
  return claim;
}

const codeOf = (item) => (typeof item === "string" ? item : (item && item.code) || "");
const poaOf = (item) => (item && typeof item === "object" && item.poa) || "";

/** Fill the form from a claim object (as pasted, or after a what-if is applied). */
function fillForm(claim) {
  $("pdx").value = codeOf(claim.pdx);
  $("pdx-poa").value = poaOf(claim.pdx);
  setKids($("sdx-rows"), );
  for (const d of claim.sdx || []) addSdx(codeOf(d), poaOf(d));
  if (!(claim.sdx || []).length) addSdx();
  setKids($("proc-rows"), );
  for (const p of claim.procedures || []) addProc(codeOf(p));
  if (!(claim.procedures || []).length) addProc();
  $("age").value = claim.age ?? "";
  $("sex").value = { 1: "M", 2: "F", 0: "U" }[claim.sex] ?? (claim.sex || "");
  $("discharge-status").value = claim.discharge_status ?? 1;
  $("discharge-date").value = claim.discharge_date || "";
  $("version").value = claim.version ?? "";
  $("los").value = claim.length_of_stay ?? "";
  $("charges").value = claim.total_charges ?? "";
  $("ccn").value = claim.ccn || "";
}

// ---- talking to the API -----------------------------------------------------------------

async function call(method, path, body) {
  try {
    const response = await fetch(path, {
      method, headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { ok: response.ok, status: response.status, body: await response.json() };
  } catch (e) {
    return { ok: false, status: 0, body: { error: `the server did not answer (${e.message})` } };
  }
}

function setStatus(text) { $("status").textContent = text; }

/** Show an error reply, and put the cursor on the form field it names when there is one. */
function showError(reply) {
  const box = $("error");
  const field = reply.body.field;
  setKids(box, el("strong", {}, "Cannot do that: "), reply.body.error || `HTTP ${reply.status}`,
    field ? el("span", { class: "note" }, ` (field ${field})`) : null);
  box.hidden = false;
  const control = fieldControl(String(field || "").replace(/^claim\./, ""));
  if (control) control.focus();
}

function fieldControl(field) {
  const m = /^(sdx|procedures)\[(\d+)\]/.exec(field);
  if (m) {
    const rows = $(m[1] === "sdx" ? "sdx-rows" : "proc-rows").children;
    const filled = [...rows].filter((r) => r.querySelector("input").value.trim());
    return filled[Number(m[2])] && filled[Number(m[2])].querySelector(field.endsWith(".poa") ? "select" : "input");
  }
  const ids = { pdx: "pdx", "pdx.code": "pdx", "pdx.poa": "pdx-poa", age: "age", sex: "sex",
    discharge_status: "discharge-status", discharge_date: "discharge-date", version: "version",
    length_of_stay: "los", total_charges: "charges", ccn: "ccn" };
  return ids[field] ? $(ids[field]) : null;
}

// ---- money and weights, as the server gives them (decimal strings) ------------------------

function money(text) {
  if (text === undefined || text === null) return "—";
  const negative = text.startsWith("-");
  const [whole, cents = "00"] = text.replace("-", "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "−" : ""}$${grouped}.${cents.padEnd(2, "0")}`;
}

function signed(text, format) {
  if (text === undefined || text === null) return el("span", { class: "delta" }, "—");
  const negative = text.startsWith("-");
  const zero = /^-?0*(\.0*)?$/.test(text);
  const shown = format(negative ? text.slice(1) : text);
  return el("span", { class: `delta ${zero ? "" : negative ? "down" : "up"}` },
    `${zero ? "±" : negative ? "−" : "+"}${shown.replace("−", "")}`);
}

const drgNumber = (n) => String(n).padStart(3, "0");
const mdcNumber = (n) => String(n).padStart(2, "0");

// ---- grouping and its explanation ----------------------------------------------------------

async function groupClaim() {
  const claim = claimFromForm();
  if (!claim.pdx.code) {
    showError({ status: 0, body: { error: "enter the principal diagnosis", field: "pdx" } });
    return;
  }
  setStatus("Grouping…");
  $("error").hidden = true;
  const priceable = claim.discharge_date && claim.length_of_stay !== undefined && claim.ccn;
  const [explained, edited, priced] = await Promise.all([call("POST", "/explain", claim),
    claim.discharge_date ? call("POST", "/edit", claim) : Promise.resolve(null),
    priceable ? call("POST", "/price", claim) : Promise.resolve(null)]);
  if (!explained.ok) {
    setStatus("");
    showError(explained);
    return;
  }
  state.claim = claim;
  renderResult(explained.body, edited);
  renderPayment(priced);
  $("whatif").hidden = true;
  $("impact").hidden = true;
  setStatus(`Grouped: DRG ${drgNumber(explained.body.explanation.result.final_drg)}`);
}

function figure(label, value, id) {
  return el("div", {}, el("dt", {}, label), el("dd", { id }, value));
}

function renderResult(record, edited) {
  const why = record.explanation;
  const r = why.result;
  $("result").hidden = false;
  $("drg").textContent = `DRG ${drgNumber(r.final_drg)}`;
  $("drg-title").textContent = r.final_drg_title || "";
  const w = record.weights;
  setKids($("figures"), 
    figure("MDC", mdcNumber(r.final_mdc), "fig-mdc"),
    figure("Relative weight", w ? w.relative_weight : "—", "fig-weight"),
    figure("GMLOS", w ? w.geometric_mean_los : "—", "fig-gmlos"),
    figure("ALOS", w ? w.arithmetic_mean_los : "—", "fig-alos"),
    figure("Expected payment", record.total_payment !== undefined ? money(record.total_payment) : "—", "fig-payment"),
    figure("Severity", r.final_severity.replace("_", "-"), "fig-severity"),
  );
  $("version-reason").textContent = record.version_reason +
    (record.total_payment === undefined ? " · Payment: give length of stay, charges, discharge date and a provider CCN." : "");
  const hac = $("hac-note");
  hac.hidden = !(r.initial_drg !== r.final_drg || r.return_code !== "OK");
  hac.textContent = r.return_code !== "OK"
    ? `Grouper return code ${r.return_code}: the claim is not groupable as coded.`
    : `Initial DRG ${drgNumber(r.initial_drg)} became DRG ${drgNumber(r.final_drg)}: ${why.hac_reason || "HAC processing"}.`;
  setKids($("warnings"), ...(record.warnings || []).map((x) => el("li", {}, x.message || x.code)));
  renderWhy(why);
  renderDiagnoses(why);
  renderProcedures(why);
  renderEdits(edited);
}

function ruleItem(label, rule) {
  if (!rule) return null;
  return el("li", {}, `${label}: ${rule.list}, DRG ${drgNumber(rule.drg)} `,
    el("span", { class: "formula" }, rule.formula),
    (rule.satisfied_by || []).length ? ` — satisfied by ${rule.satisfied_by
      .map((t) => `${t.term}: ${t.codes.join(", ") || "the claim"}`).join("; ")}` : "");
}

function renderWhy(why) {
  setKids($("why"), 
    el("li", {}, why.mdc_reason),
    why.med_surg_reason ? el("li", {}, why.med_surg_reason) : null,
    ruleItem(why.final_rule ? "Initial DRG rule" : "DRG rule", why.initial_rule),
    ruleItem("Final DRG rule", why.final_rule),
    el("li", {}, `Severity: ${why.severity_reason}`),
    why.hac_reason ? el("li", {}, `HAC: ${why.hac_reason}`) : null,
  );
}

function levelTag(level) {
  if (!level || level === "NON_CC") return el("span", { class: "tag" }, "non-CC");
  return el("span", { class: `tag ${level.toLowerCase()}` }, level);
}

function whatIfButton(label, edit, name) {
  return el("button", { type: "button", class: "link", onclick: () => whatIf(edit, name) }, label);
}

function renderDiagnoses(why) {
  const r = why.result;
  const reasons = [...(why.secondary || [])];
  const rows = [el("tr", {},
    el("td", { class: "mono" }, r.pdx.code, el("div", { class: "note" }, "principal")),
    el("td", {}, r.pdx.poa || "—"), el("td", {}, levelTag(r.pdx.severity)),
    el("td", {}, r.pdx.valid ? `MDC ${mdcNumber(r.final_mdc)}` : "not a valid principal diagnosis code"),
    el("td", {}, "—"))];
  r.sdx.forEach((d) => {
    const at = reasons.findIndex((x) => x.code === d.code);
    const reason = at >= 0 ? reasons.splice(at, 1)[0] : null;
    const standing = reason
      ? el("span", { class: reason.counts ? "counts" : "excluded" }, reason.reason)
      : el("span", { class: "excluded" }, d.valid ? "does not affect the severity" : "not a valid code");
    const other = d.poa === "N" ? "Y" : "N";
    rows.push(el("tr", { dataset: { code: d.code } },
      el("td", { class: "mono" }, d.code), el("td", {}, d.poa || "—"), el("td", {}, levelTag(d.severity)),
      el("td", {}, standing),
      el("td", {},
        whatIfButton("Drop", { remove_dx: d.code }, `drop ${d.code}`),
        whatIfButton("Make principal", { pdx: d.code }, `${d.code} as principal`),
        whatIfButton(`POA ${other}`, { poa: `${d.code}:${other}` }, `${d.code} POA ${other}`))));
  });
  setKids($("dx-table"), ...rows);
}

function renderProcedures(why) {
  const procs = why.result.procs || [];
  $("proc-section").hidden = procs.length === 0;
  setKids($("proc-table"), ...procs.map((p) => el("tr", { dataset: { code: p.code } },
    el("td", { class: "mono" }, p.code), el("td", {}, p.is_or ? "O.R." : "non-O.R."),
    el("td", {}, (p.drg_impact || "").toLowerCase()),
    el("td", {}, whatIfButton("Drop", { remove_proc: p.code }, `drop ${p.code}`)))));
}

function renderEdits(edited) {
  const box = $("mce");
  if (!edited) {
    setKids(box, el("p", { class: "note" }, "Give a discharge date to run the Medicare Code Editor."));
    return;
  }
  if (!edited.ok) {
    setKids(box, el("p", { class: "warn" }, edited.body.error));
    return;
  }
  const e = edited.body;
  const perCode = [["pdx", [e.pdx]], ["sdx", e.sdx || []], ["procs", e.procs || []]]
    .flatMap(([, items]) => items.filter((i) => i && (i.edits || []).length)
      .map((i) => el("li", {}, el("code", {}, i.code), `: ${i.edits.join(", ")}`)));
  const claimEdits = (e.claim_edits || []).map((c) => el("li", {}, typeof c === "string" ? c : JSON.stringify(c)));
  setKids(box, 
    el("p", { id: "mce-type" }, `Edit type: ${e.edit_type}` + (e.edit_type === "NONE" ? " (no edits)" : "")),
    claimEdits.length || perCode.length ? el("ul", {}, claimEdits, perCode) : null);
}

const PAYMENT_PARTS = [
  ["operating_federal_payment", "Operating federal"], ["operating_ime_payment", "Operating IME"],
  ["operating_dsh_payment", "Operating DSH"], ["uncompensated_care_payment", "Uncompensated care"],
  ["hospital_specific_payment", "Hospital-specific"], ["new_technology_payment", "New technology"],
  ["operating_outlier_payment", "Operating outlier"], ["capital_total_payment", "Capital (federal, IME, DSH, outlier)"],
  ["low_volume_payment", "Low volume"], ["readmissions_adjustment", "Readmissions adjustment"],
  ["value_based_purchasing_adjustment", "Value-based purchasing"], ["hac_reduction", "HAC reduction"],
  ["islet_isolation_payment", "Islet isolation"],
];

/** The payment of `drg price`: its parts, the pricer's return code, or why it is not priced. */
function renderPayment(priced) {
  const box = $("payment");
  if (!priced) {
    setKids(box, el("p", { class: "note" },
      "Give length of stay, total charges, discharge date and a provider CCN for the IPPS payment."));
    return;
  }
  const p = priced.body;
  if (!priced.ok) {
    setKids(box, el("p", { class: "warn", id: "payment-error" }, `Not priced: ${p.error}`,
      p.field ? ` (field ${p.field})` : ""));
    $("fig-payment").textContent = "—";
    return;
  }
  const parts = PAYMENT_PARTS.filter(([key]) => p[key] !== undefined && !/^-?0*(\.0*)?$/.test(p[key]));
  setKids(box, 
    el("p", {}, `FY${p.fiscal_year} · DRG ${drgNumber(p.drg)} · pricer return code ${p.pricer_return_code}: ${p.pricer_return_text}` +
      (p.wage_index ? ` · wage index ${p.wage_index}` : "")),
    el("table", { id: "payment-parts" }, el("tbody", {},
      parts.map(([key, label]) => el("tr", {}, el("td", {}, label), el("td", { class: "num" }, money(p[key])))),
      el("tr", { class: "here" }, el("td", {}, "Total payment"), el("td", { class: "num" }, money(p.total_payment))))),
    p.reason ? el("p", { class: "warn" }, p.reason) : null);
  $("fig-payment").textContent = money(p.total_payment);
}

// ---- what-if and impact -------------------------------------------------------------------

function scenarioSide(title, s) {
  return el("div", { class: "side" },
    el("div", { class: "note" }, title),
    el("div", { class: "drg" }, `DRG ${drgNumber(s.final_drg)}`),
    el("div", {}, s.final_drg_title || ""),
    el("div", { class: "note" }, `MDC ${mdcNumber(s.final_mdc)} · RW ${s.relative_weight || "—"}` +
      (s.total_payment !== undefined ? ` · ${money(s.total_payment)}` : "")),
    el("div", { class: "note" }, s.severity_reason));
}

async function whatIf(edit, name) {
  setStatus(`What if: ${name}…`);
  const reply = await call("POST", "/whatif", { claim: state.claim, edits: [edit] });
  if (!reply.ok) {
    setStatus("");
    showError(reply);
    return;
  }
  const w = reply.body;
  const panel = $("whatif");
  setKids(panel, 
    el("div", { class: "panel-head" }, el("h3", {}, `What if: ${name}`),
      el("button", { type: "button", class: "small", onclick: () => { panel.hidden = true; } }, "Close")),
    el("div", { class: "compare" }, scenarioSide("As coded", w.before), el("div", { class: "arrow", "aria-hidden": "true" }, "→"),
      scenarioSide("With the change", w.after)),
    el("p", { id: "whatif-summary" }, w.drg_moved
      ? `The DRG moves from ${drgNumber(w.before.final_drg)} to ${drgNumber(w.after.final_drg)}.`
      : "The DRG does not move.",
    " Relative weight ", signed(w.relative_weight_change, (x) => x),
    w.payment_change !== undefined ? [", payment ", el("span", { id: "whatif-payment" }, signed(w.payment_change, money))] : "",
    "."),
    (w.why || []).length ? el("ul", { class: "why" }, w.why.map((x) => el("li", {}, x))) : null,
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: () => applyEdit(edit) }, "Apply the change to the claim")));
  panel.hidden = false;
  panel.focus();
  setStatus(`What if ${name}: DRG ${drgNumber(w.before.final_drg)} → ${drgNumber(w.after.final_drg)}`);
}

/** Put a what-if's edit into the form, as the server applied it (a secondary made principal
 *  swaps places with the principal), then group the claim again. */
function applyEdit(edit) {
  const claim = structuredClone(state.claim);
  if (edit.remove_dx) claim.sdx = claim.sdx.filter((d) => d.code !== edit.remove_dx);
  if (edit.remove_proc) claim.procedures = claim.procedures.filter((p) => p.code !== edit.remove_proc);
  if (edit.poa) {
    const [code, poa] = edit.poa.split(":");
    claim.sdx.forEach((d) => { if (d.code === code) d.poa = poa; });
  }
  if (edit.pdx) {
    const at = claim.sdx.findIndex((d) => d.code === edit.pdx);
    const old = claim.pdx;
    claim.pdx = claim.sdx[at];
    claim.sdx[at] = old;
  }
  fillForm(claim);
  groupClaim();
}

function alternativesTable(caption, items) {
  if (!items.length) return null;
  return el("table", {}, el("caption", { class: "note" }, caption),
    el("thead", {}, el("tr", {}, el("th", {}, "Code"), el("th", {}, "DRG"), el("th", {}, "Title"),
      el("th", { class: "num" }, "RW"), el("th", { class: "num" }, "RW change"), el("th", { class: "num" }, "Payment"))),
    el("tbody", {}, items.map((a) => el("tr", {},
      el("td", { class: "mono" }, a.code), el("td", {}, drgNumber(a.scenario.final_drg)),
      el("td", {}, a.scenario.final_drg_title || ""), el("td", { class: "num" }, a.scenario.relative_weight || "—"),
      el("td", { class: "num" }, signed(a.relative_weight_change, (x) => x)),
      el("td", { class: "num" }, a.scenario.total_payment !== undefined ? money(a.scenario.total_payment) : "—")))));
}

async function showImpact() {
  const claim = claimFromForm();
  setStatus("DRG impact…");
  $("error").hidden = true;
  const reply = await call("POST", "/impact", claim);
  if (!reply.ok) {
    setStatus("");
    showError(reply);
    return;
  }
  const m = reply.body;
  const panel = $("impact");
  setKids(panel, 
    el("div", { class: "panel-head" }, el("h3", {}, `DRG impact: the family of DRG ${drgNumber(m.as_coded.final_drg)}`),
      el("button", { type: "button", class: "small", onclick: () => { panel.hidden = true; } }, "Close")),
    el("table", { id: "family" },
      el("thead", {}, el("tr", {}, el("th", {}, "DRG"), el("th", {}, "Title"), el("th", { class: "num" }, "Relative weight"),
        el("th", { class: "num" }, "Payment"))),
      el("tbody", {}, m.family.map((t) => el("tr", { class: t.claim_is_here ? "here" : "" },
        el("td", {}, drgNumber(t.drg), t.claim_is_here ? " ◀ this claim" : ""), el("td", {}, t.title || ""),
        el("td", { class: "num" }, t.relative_weight || "—"),
        el("td", { class: "num" }, t.total_payment !== undefined ? money(t.total_payment) : "—"))))),
    alternativesTable("Each secondary diagnosis as principal (highest weight first)", m.as_principal),
    alternativesTable("Without each code that sets the severity (the query or denial risk)", m.without_severity_code));
  panel.hidden = false;
  panel.focus();
  setStatus(`DRG impact of DRG ${drgNumber(m.as_coded.final_drg)}: ${m.family.length} tiers`);
}

// ---- start ---------------------------------------------------------------------------------

async function start() {
  setKids($("pdx-poa"), ...POA.map(([v, text]) => el("option", { value: v }, text)));
  setKids($("discharge-status"), ...DISCHARGE_STATUS.map(([v, text]) => el("option", { value: v }, text)));
  $("pdx").dataset.kind = "diagnosis";
  $("pdx").addEventListener("input", () => lookUp($("pdx")));
  fillForm({ sdx: [], procedures: [], discharge_status: 1 });
  $("claim-form").addEventListener("submit", (e) => { e.preventDefault(); groupClaim(); });
  $("add-sdx").addEventListener("click", () => addSdx().querySelector("input").focus());
  $("add-proc").addEventListener("click", () => addProc().querySelector("input").focus());
  $("impact-button").addEventListener("click", showImpact);
  $("clear-button").addEventListener("click", () => {
    fillForm({ sdx: [], procedures: [], discharge_status: 1 });
    $("result").hidden = true; $("impact").hidden = true; $("error").hidden = true;
    $("pdx").focus();
  });
  $("show-json").addEventListener("click", () => { $("claim-json").value = JSON.stringify(claimFromForm()); });
  $("load-json").addEventListener("click", () => {
    try {
      const claim = JSON.parse($("claim-json").value);
      if (typeof claim !== "object" || claim === null || Array.isArray(claim)) throw new Error("not a JSON object");
      fillForm(claim);
      groupClaim();
    } catch (e) {
      showError({ status: 0, body: { error: `the pasted text is not a claim: ${e.message}` } });
    }
  });
  const versions = await call("GET", "/versions");
  if (versions.ok) {
    state.versions = versions.body.versions;
    state.latest = versions.body.latest;
    $("version").append(...state.versions.map((v) => el("option", { value: v.version },
      `${v.name} (${v.effective_start} to ${v.effective_end})`)));
  }
  const providers = await call("GET", "/providers?limit=100");
  if (providers.ok && providers.body.count) {
    state.providers = providers.body.count;
    setKids($("ccn-list"), ...providers.body.ccns.map((c) => el("option", { value: c })));
    $("provider-note").textContent = `${providers.body.count} providers loaded from ${providers.body.source}.`;
  } else {
    $("provider-note").textContent = "No providers file: start drg serve with --providers FILE to see payments.";
  }
  $("pdx").focus();
}

document.addEventListener("DOMContentLoaded", start);
