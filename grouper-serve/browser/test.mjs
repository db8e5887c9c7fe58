// Browser test of the drg serve page in a real headless Chromium (Debian's, driven by
// playwright-core): a coder types a claim and sees the DRG; applies a what-if and sees the new
// DRG and the payment difference; opens the DRG impact; pastes a JSON line; and does it from
// the keyboard. Every figure the page shows is checked against the JSON API's own answer.
// Screenshots go to docs/ (DRG_SCREENSHOTS=0 skips writing them).
//
//   node test.mjs            (DRG_BIN: the drg binary, default ../../target/release/drg)
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const bin = process.env.DRG_BIN || path.join(root, "target/release/drg");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = process.env.DRG_SCREENSHOTS !== "0";
const docs = path.join(root, "docs");

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures += 1;
}

async function startServer() {
  const child = spawn(bin, ["serve", "--addr", "127.0.0.1:0", "--providers",
    path.join(root, "tables/ipps/ipsf-sample.csv")], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  const url = await new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const m = /listening on (http:\/\/[^ ]+\/)/.exec(log);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`drg serve exited ${code}: ${log}`)));
    setTimeout(() => reject(new Error(`drg serve did not start: ${log}`)), 30000);
  });
  return { child, url, log: () => log };
}

const CLAIM = {
  id: "workbench", pdx: { code: "I5023", poa: "Y" }, sdx: [{ code: "N179", poa: "Y" }],
  procedures: [], age: 72, sex: "F", discharge_status: 1, discharge_date: "2025-11-15",
  length_of_stay: 5, total_charges: "25000", ccn: "990001",
};

function money(text) {
  const negative = text.startsWith("-");
  const [whole, cents = "00"] = text.replace("-", "").split(".");
  return `${negative ? "−" : ""}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents.padEnd(2, "0")}`;
}

async function api(url, endpoint, body) {
  const response = await fetch(new URL(endpoint, url), { method: "POST", body: JSON.stringify(body) });
  return response.json();
}

async function main() {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: chromiumPath, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const consoleErrors = [];
    const foreign = [];
    // A 422 is the API refusing a claim on purpose (step 5); Chromium logs it as a failed load.
    const expected = (text) => /status of 422/.test(text);
    page.on("console", (m) => { if (m.type() === "error" && !expected(m.text())) consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    page.on("request", (r) => { if (!r.url().startsWith(server.url)) foreign.push(r.url()); });
    await page.goto(server.url);
    // The page is ready when its start-up has run to the end: the versions listed and the
    // providers note written, after which it focuses the principal diagnosis field in the same
    // task. Waiting on the versions alone raced the providers request (a cold CI run lost it).
    await page.waitForFunction(() => document.querySelectorAll("#version option").length > 1
      && document.getElementById("provider-note").textContent !== "");

    // 1. Type a claim, from the keyboard: the principal diagnosis field has the focus.
    check(await page.evaluate(() => document.activeElement.id) === "pdx", "the principal diagnosis field has the focus on load");
    await page.keyboard.type("I50.2");
    await page.waitForFunction(() => document.querySelectorAll("#dx-list option").length > 0);
    const offered = await page.$$eval("#dx-list option", (os) => os.map((o) => o.value));
    check(offered.includes("I5023"), `the look-up offers I5023 for "I50.2" (${offered.length} codes)`);
    await page.keyboard.type("3");
    await page.selectOption("#pdx-poa", "Y");
    await page.fill("#sdx-rows li:nth-child(1) input", "N179");
    await page.selectOption("#sdx-rows li:nth-child(1) select", "Y");
    await page.fill("#age", "72");
    await page.selectOption("#sex", "F");
    await page.fill("#discharge-date", "2025-11-15");
    await page.fill("#los", "5");
    await page.fill("#charges", "25000");
    await page.fill("#ccn", "990001");
    await page.focus("#pdx");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#result:not([hidden])");
    const explained = await api(server.url, "/explain", CLAIM);
    const drg = `DRG ${String(explained.explanation.result.final_drg).padStart(3, "0")}`;
    check(await page.textContent("#drg") === drg, `the page shows ${drg}, the API's DRG`);
    check(drg === "DRG 292", "heart failure with a CC (N179) groups to DRG 292");
    check(await page.textContent("#fig-weight") === explained.weights.relative_weight, `relative weight ${explained.weights.relative_weight}`);
    check(await page.textContent("#fig-gmlos") === explained.weights.geometric_mean_los, `GMLOS ${explained.weights.geometric_mean_los}`);
    check(await page.textContent("#fig-payment") === money(explained.total_payment), `payment ${money(explained.total_payment)}`);
    const why = await page.textContent("#why");
    check(why.includes(explained.explanation.severity_reason), `the explanation says "${explained.explanation.severity_reason}"`);
    check((await page.textContent("#mce-type")).startsWith("Edit type: NONE"), "the Medicare Code Editor finds no edit");
    if (shots) await page.screenshot({ path: path.join(docs, "workbench-result.png"), fullPage: true });

    // 2. A what-if, from the keyboard: drop N179.
    const drop = page.locator('#dx-table tr[data-code="N179"] button', { hasText: "Drop" });
    await drop.focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("#whatif:not([hidden])");
    const whatif = await api(server.url, "/whatif", { claim: claimOnPage(CLAIM), edits: [{ remove_dx: "N179" }] });
    const sides = await page.$$eval("#whatif .side .drg", (ds) => ds.map((d) => d.textContent));
    check(sides[0] === drg && sides[1] === `DRG ${String(whatif.after.final_drg).padStart(3, "0")}`,
      `the what-if shows ${sides.join(" -> ")}, the API's DRG ${whatif.after.final_drg}`);
    check(whatif.after.final_drg === 293, "without the CC it is DRG 293");
    const delta = await page.textContent("#whatif-payment");
    check(delta === money(whatif.payment_change), `the payment difference is ${delta} (API ${whatif.payment_change})`);
    if (shots) await page.locator("#whatif").screenshot({ path: path.join(docs, "workbench-whatif.png") });

    // 3. Apply it: the form loses N179 and the page regroups.
    await page.click("#whatif >> text=Apply the change to the claim");
    await page.waitForFunction(() => document.querySelector("#drg").textContent === "DRG 293");
    check(await page.inputValue("#sdx-rows li:nth-child(1) input") === "", "applying the what-if removed N179 from the form");

    // 4. The DRG impact of the original claim (pasted as a JSON line).
    await page.click("#json-box summary");
    await page.fill("#claim-json", JSON.stringify(CLAIM));
    await page.click("#load-json");
    await page.waitForFunction(() => document.querySelector("#drg").textContent === "DRG 292");
    check(true, "a pasted JSON line groups to DRG 292");
    await page.click("#impact-button");
    await page.waitForSelector("#impact:not([hidden]) #family");
    const impact = await api(server.url, "/impact", claimOnPage(CLAIM));
    const tiers = await page.$$eval("#family tbody tr", (rows) => rows.map((r) => r.cells[0].textContent));
    check(tiers.length === impact.family.length && tiers.some((t) => t.includes("this claim")),
      `the impact lists the family's ${impact.family.length} tiers (${tiers.join(", ")})`);
    if (shots) await page.locator("#impact").screenshot({ path: path.join(docs, "workbench-impact.png") });

    // 5. Another what-if: N179 made the principal diagnosis (it swaps with I5023).
    await page.click('#dx-table tr[data-code="N179"] >> text=Make principal');
    await page.waitForFunction(() => /N179 as principal/.test(document.querySelector("#whatif h3")?.textContent || ""));
    const swapped = await api(server.url, "/whatif", { claim: claimOnPage(CLAIM), edits: [{ pdx: "N179" }] });
    const after = await page.$$eval("#whatif .side .drg", (ds) => ds[1].textContent);
    check(after === `DRG ${String(swapped.after.final_drg).padStart(3, "0")}`, `N179 as principal: ${after} (API ${swapped.after.final_drg})`);

    // 6. Readable on a laptop screen: nothing wider than a 1366x768 window.
    await page.setViewportSize({ width: 1366, height: 768 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `no horizontal scrolling at 1366x768 (${overflow} px over)`);
    await page.setViewportSize({ width: 1440, height: 900 });

    // 7. Errors name the field: charges that are not a number (the payment says why it is
    // not priced), and no discharge date nor version (the cursor goes to the version).
    await page.fill("#charges", "25,000 dollars");
    await page.click("#group-button");
    await page.waitForSelector("#payment-error");
    const notPriced = await page.textContent("#payment-error");
    check(notPriced.includes("total_charges"), `unreadable charges are named: "${notPriced}"`);
    await page.fill("#discharge-date", "");
    await page.click("#group-button");
    await page.waitForSelector("#error:not([hidden])");
    const error = await page.textContent("#error");
    check(error.includes("version"), `a claim without a date or version is refused, naming the field: "${error}"`);
    check(await page.evaluate(() => document.activeElement.id) === "version", "the cursor is on the version field");

    check(consoleErrors.length === 0, `no console errors (${consoleErrors.join("; ")})`);
    check(foreign.length === 0, `no request leaves the server (${foreign.join(", ")})`);
  } finally {
    await browser.close();
    server.child.kill("SIGTERM");
    const [code] = await once(server.child, "exit");
    check(code === 0, `drg serve stops on SIGTERM with exit 0 (${code})`);
  }
  console.log(failures ? `${failures} checks failed` : "all checks passed");
  process.exit(failures ? 1 : 0);
}

/** The claim as the page sends it (the form's JSON: id, codes, fields in its order). */
function claimOnPage(claim) {
  return { ...claim, discharge_status: 1 };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
