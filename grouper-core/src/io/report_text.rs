//! Text for people: `drg explain`, `drg whatif` and `drg impact` as a coder or CDI specialist
//! reads them (the JSON forms carry the same facts for machines).

use std::fmt::Write as _;

use super::whatif::{ExplainRecord, Impact, Scenario, WhatIf};
use crate::payment::Decimal;

fn weight(w: Option<Decimal>) -> String {
    w.map_or_else(|| "no weight".to_string(), |w| format!("weight {w}"))
}

fn signed(d: Decimal) -> String {
    if d.is_sign_negative() {
        d.to_string()
    } else {
        format!("+{d}")
    }
}

fn drg_line(s: &Scenario) -> String {
    let mut line = format!(
        "DRG {:03} {} (MDC {:02}, {})",
        s.final_drg,
        s.final_drg_title.as_deref().unwrap_or("(no title)"),
        s.final_mdc,
        weight(s.relative_weight)
    );
    if let Some(p) = s.total_payment {
        let _ = write!(line, ", payment {p}");
    }
    line
}

impl ExplainRecord {
    /// The explanation as text.
    pub fn to_text(&self) -> String {
        let e = &self.explanation;
        let r = &e.result;
        let f = &r.final_;
        let mut s = String::new();
        let id = r.id.as_ref().map(|v| v.to_string()).unwrap_or_default();
        let _ = writeln!(s, "claim {id} (line {})", self.line);
        let _ = writeln!(s, "  version: {}", self.version_reason);
        let _ = write!(
            s,
            "  DRG {:03} {}",
            f.drg,
            f.title.as_deref().unwrap_or("(no title)")
        );
        if let Some(w) = &self.weights {
            let _ = write!(
                s,
                "; relative weight {} (FY{}), GMLOS {}",
                w.relative_weight, w.weight_fiscal_year, w.geometric_mean_los
            );
        }
        if let Some(p) = self.total_payment {
            let _ = write!(s, "; payment {p}");
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "  MDC: {}", e.mdc_reason);
        let _ = writeln!(s, "  type: {}", e.med_surg_reason);
        let first = if r.initial.drg != r.final_.drg || e.final_rule.is_some() {
            "initial rule"
        } else {
            "rule"
        };
        for (label, rule) in [(first, &e.initial_rule), ("final rule", &e.final_rule)] {
            let Some(rule) = rule else { continue };
            let _ = writeln!(
                s,
                "  {label}: {} DRG {:03} when {}",
                rule.list, rule.drg, rule.formula
            );
            for ev in &rule.satisfied_by {
                let codes = if ev.codes.is_empty() {
                    "the claim".to_string()
                } else {
                    ev.codes.join(", ")
                };
                let _ = writeln!(s, "    {} <- {codes}", ev.term);
            }
        }
        let _ = writeln!(s, "  severity: {}", e.severity_reason);
        for d in &e.secondary {
            let mark = if d.counts { "+" } else { "-" };
            let _ = writeln!(s, "    {mark} {}: {}", d.code, d.reason);
        }
        let _ = writeln!(s, "  HAC: {}", e.hac_reason);
        if r.final_.return_code != crate::ReturnCode::Ok {
            let code = serde_json::to_value(r.final_.return_code).unwrap_or_default();
            let _ = writeln!(s, "  return code: {}", code.as_str().unwrap_or_default());
        }
        for w in &self.warnings {
            let _ = writeln!(s, "  warning {}: {}", w.code.as_str(), w.message);
        }
        s
    }
}

impl WhatIf {
    /// The what-if as text.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let id = self.id.as_ref().map(|v| v.to_string()).unwrap_or_default();
        let edits: Vec<String> = self
            .edits
            .iter()
            .map(|e| serde_json::to_string(e).unwrap_or_default())
            .collect();
        let _ = writeln!(s, "claim {id} (line {}): {}", self.line, edits.join(", "));
        let _ = writeln!(s, "  before: {}", drg_line(&self.before));
        let _ = writeln!(s, "  after:  {}", drg_line(&self.after));
        if self.drg_moved {
            let _ = write!(s, "  the DRG moves");
        } else {
            let _ = write!(s, "  the DRG does not move");
        }
        if let Some(d) = self.relative_weight_change {
            let _ = write!(s, "; weight {}", signed(d));
        }
        if let Some(d) = self.payment_change {
            let _ = write!(s, "; payment {}", signed(d));
        }
        let _ = writeln!(s);
        for why in &self.why {
            let _ = writeln!(s, "  - {why}");
        }
        s
    }
}

impl Impact {
    /// The DRG impact as text.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let id = self.id.as_ref().map(|v| v.to_string()).unwrap_or_default();
        let _ = writeln!(s, "claim {id} (line {})", self.line);
        let _ = writeln!(s, "  as coded: {}", drg_line(&self.as_coded));
        let _ = writeln!(s, "  {}", self.as_coded.severity_reason);
        if !self.as_principal.is_empty() {
            let _ = writeln!(s, "  each secondary diagnosis as principal:");
            for a in &self.as_principal {
                let change = a.relative_weight_change.map(signed).unwrap_or_default();
                let _ = writeln!(s, "    {}: {} {change}", a.code, drg_line(&a.scenario));
            }
        }
        for a in &self.without_severity_code {
            let tier = if a.scenario.final_severity == self.as_coded.final_severity {
                "another code keeps the tier"
            } else {
                "the tier drops"
            };
            let change = a.relative_weight_change.map(signed).unwrap_or_default();
            let _ = writeln!(
                s,
                "  without {} (not supported): {} {change}; {tier}",
                a.code,
                drg_line(&a.scenario)
            );
        }
        if !self.family.is_empty() {
            let _ = writeln!(s, "  DRG family:");
            for t in &self.family {
                let here = if t.claim_is_here {
                    "  <- this claim"
                } else {
                    ""
                };
                let paid = t
                    .total_payment
                    .map(|p| format!(", payment {p}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    s,
                    "    {:03} {} ({}{paid}){here}",
                    t.drg,
                    t.title.as_deref().unwrap_or("(no title)"),
                    weight(t.relative_weight)
                );
            }
        }
        s
    }
}
