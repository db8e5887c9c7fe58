//! The CMS formula language of DRG and HAC formulas, parsed once at load time with nom.
//!
//! ```text
//! expr   := term ( '|' term )*      term := factor ( '&' factor )*
//! factor := '~' factor | '(' expr ')' | atom      atom := [prefix ':'] name
//! ```
//!
//! Nesting (`(` and `~`) is limited to [`MAX_DEPTH`] levels, so that a hostile table cannot
//! overflow the stack of the parser or of the recursive passes over the tree (compilation,
//! evaluation, marking): the formulas CMS publishes nest at most 4 levels.

use nom::{
    branch::alt,
    bytes::complete::take_while1,
    character::complete::{char, multispace0},
    combinator::{all_consuming, cut, map, opt},
    error::{Error, ErrorKind},
    multi::separated_list1,
    sequence::{delimited, preceded, terminated},
    IResult,
};

/// Which codes an attribute atom looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Scope {
    /// A bare name: any code on the claim (and, for marking, a code that carries it).
    Bare,
    /// `ANY:`: any code on the claim (never marks a secondary diagnosis).
    Any,
    /// `PDX:`: the principal diagnosis.
    Principal,
    /// `SDX:`: some secondary diagnosis.
    Secondary,
    /// `ONLY:`: the principal and every valid secondary diagnosis.
    Only,
}

/// A parsed formula, before names are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ast {
    Or(Vec<Ast>),
    And(Vec<Ast>),
    Not(Box<Ast>),
    /// A name with its scope and the 1-based column where it starts in the formula.
    Atom(Scope, String, usize),
}

/// What every level of the parser needs: the nesting limit and the formula's length (to turn
/// what is left of the input into a column).
#[derive(Debug, Clone, Copy)]
struct Ctx {
    limit: usize,
    len: usize,
}

impl Ctx {
    fn column(&self, rest: &str) -> usize {
        self.len - rest.len() + 1
    }
}

fn name(input: &str) -> IResult<&str, &str> {
    take_while1(|c: char| !c.is_whitespace() && !matches!(c, '(' | ')' | '&' | '|' | '~'))(input)
}

fn atom(input: &str, ctx: Ctx) -> IResult<&str, Ast> {
    let (rest, first) = name(input)?;
    let column = ctx.column(input);
    let scope = match first.split_once(':') {
        Some(("PDX", n)) => Some((Scope::Principal, n)),
        Some(("SDX", n)) => Some((Scope::Secondary, n)),
        Some(("ANY", n)) => Some((Scope::Any, n)),
        Some(("ONLY", n)) => Some((Scope::Only, n)),
        _ => None,
    };
    match scope {
        Some((_, "")) => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Alpha,
        ))),
        Some((scope, n)) => Ok((rest, Ast::Atom(scope, n.to_string(), column))),
        None => Ok((rest, Ast::Atom(Scope::Bare, first.to_string(), column))),
    }
}

/// Deepest nesting of `(` and `~` a formula may have. CMS's formulas nest at most 4 levels
/// (`tables/msdrg/drg_formulas.tsv`; 1 in `hac_formulas.tsv`); the limit bounds the recursion
/// of the parser and of every pass over the parsed tree.
pub const MAX_DEPTH: usize = 200;

/// Why a formula could not be parsed, at a 1-based column of the formula text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormulaError {
    /// Not a formula of the grammar: parsing stopped at `column`.
    Syntax {
        /// 1-based column where parsing stopped.
        column: usize,
    },
    /// The `(` or `~` at `column` nests deeper than [`MAX_DEPTH`].
    TooDeep {
        /// 1-based column of the first `(` or `~` beyond the limit.
        column: usize,
    },
}

impl FormulaError {
    /// 1-based column of the formula text where the error is.
    pub fn column(&self) -> usize {
        match self {
            FormulaError::Syntax { column } | FormulaError::TooDeep { column } => *column,
        }
    }
}

/// `depth` is the number of `(` and `~` enclosing this factor.
fn factor(input: &str, depth: usize, ctx: Ctx) -> IResult<&str, Ast> {
    let (input, _) = multispace0(input)?;
    let (rest, ast) = if input.starts_with(['~', '(']) {
        if depth >= ctx.limit {
            return Err(nom::Err::Failure(Error::new(input, ErrorKind::TooLarge)));
        }
        alt((
            map(preceded(char('~'), |i| factor(i, depth + 1, ctx)), |f| {
                Ast::Not(Box::new(f))
            }),
            delimited(char('('), |i| expr(i, depth + 1, ctx), cut(char(')'))),
        ))(input)?
    } else {
        atom(input, ctx)?
    };
    let (rest, _) = multispace0(rest)?;
    Ok((rest, ast))
}

fn term(input: &str, depth: usize, ctx: Ctx) -> IResult<&str, Ast> {
    map(
        separated_list1(char('&'), |i| factor(i, depth, ctx)),
        |mut v| {
            if v.len() == 1 {
                v.remove(0)
            } else {
                Ast::And(v)
            }
        },
    )(input)
}

fn expr(input: &str, depth: usize, ctx: Ctx) -> IResult<&str, Ast> {
    map(
        separated_list1(char('|'), |i| term(i, depth, ctx)),
        |mut v| {
            if v.len() == 1 {
                v.remove(0)
            } else {
                Ast::Or(v)
            }
        },
    )(input)
}

/// Parse a formula nesting at most `limit` levels.
fn parse_within(text: &str, limit: usize) -> Result<Ast, FormulaError> {
    let ctx = Ctx {
        limit,
        len: text.len(),
    };
    let result: IResult<&str, Ast> =
        all_consuming(terminated(|i| expr(i, 0, ctx), opt(multispace0)))(text);
    let column = |rest: &str| ctx.column(rest);
    match result {
        Ok((_, ast)) => Ok(ast),
        Err(nom::Err::Failure(e)) if e.code == ErrorKind::TooLarge => Err(FormulaError::TooDeep {
            column: column(e.input),
        }),
        Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => Err(FormulaError::Syntax {
            column: column(e.input),
        }),
        Err(nom::Err::Incomplete(_)) => Err(FormulaError::Syntax {
            column: text.len() + 1,
        }),
    }
}

/// Parse a formula (nesting at most [`MAX_DEPTH`] levels).
pub fn parse(text: &str) -> Result<Ast, FormulaError> {
    parse_within(text, MAX_DEPTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str, column: usize) -> Ast {
        Ast::Atom(Scope::Bare, s.into(), column)
    }

    #[test]
    fn precedence_and_prefixes() {
        let ast = parse("(heartxp | hasspair) & (MCC)").unwrap();
        assert_eq!(
            ast,
            Ast::And(vec![
                Ast::Or(vec![a("heartxp", 2), a("hasspair", 12)]),
                a("MCC", 25)
            ])
        );
        let ast = parse("PDX:hiv | PDX:hivsig & SDX:hiv").unwrap();
        assert_eq!(
            ast,
            Ast::Or(vec![
                Ast::Atom(Scope::Principal, "hiv".into(), 1),
                Ast::And(vec![
                    Ast::Atom(Scope::Principal, "hivsig".into(), 11),
                    Ast::Atom(Scope::Secondary, "hiv".into(), 24)
                ])
            ])
        );
        assert_eq!(
            parse("~(kidneyxp & ANY:renalfail)").unwrap(),
            Ast::Not(Box::new(Ast::And(vec![
                a("kidneyxp", 3),
                Ast::Atom(Scope::Any, "renalfail".into(), 14)
            ])))
        );
        assert_eq!(
            parse("ONLY:incident").unwrap(),
            Ast::Atom(Scope::Only, "incident".into(), 1)
        );
    }

    #[test]
    fn malformed_formulas_report_column() {
        assert_eq!(
            parse("a & (b | c"),
            Err(FormulaError::Syntax { column: 11 })
        );
        assert!(parse("a &").is_err());
        assert!(parse("PDX:").is_err());
        assert!(parse("a b").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn nesting_beyond_the_limit_is_a_positioned_error() {
        let parens = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(
            parse(&parens),
            Err(FormulaError::TooDeep {
                column: MAX_DEPTH + 1
            })
        );
        let nots = format!("{}a", "~".repeat(100_000));
        assert_eq!(
            parse(&nots),
            Err(FormulaError::TooDeep {
                column: MAX_DEPTH + 1
            })
        );
        let mixed = format!("{}a{}", "~ (".repeat(150), ")".repeat(150));
        assert!(matches!(parse(&mixed), Err(FormulaError::TooDeep { .. })));
        let at_limit = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(parse(&at_limit).is_ok());
    }

    #[test]
    fn cms_formulas_nest_at_most_four_levels() {
        for (file, column) in [("drg_formulas.tsv", 11), ("hac_formulas.tsv", 4)] {
            let text = drg_tables::msdrg(file).and_then(|f| f.text()).unwrap();
            let mut deepest = 0;
            for line in text.lines().skip(1) {
                let formula = line.split('\t').nth(column).unwrap();
                let depth = (0..=MAX_DEPTH)
                    .find(|d| parse_within(formula, *d).is_ok())
                    .unwrap_or_else(|| panic!("{file}: {formula}"));
                deepest = deepest.max(depth);
            }
            let expected = if file == "drg_formulas.tsv" { 4 } else { 1 };
            assert_eq!(deepest, expected, "{file}");
        }
    }
}
