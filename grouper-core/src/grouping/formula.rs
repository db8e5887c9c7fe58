//! The CMS formula language of DRG and HAC formulas, parsed once at load time with nom.
//!
//! ```text
//! expr   := term ( '|' term )*      term := factor ( '&' factor )*
//! factor := '~' factor | '(' expr ')' | atom      atom := [prefix ':'] name
//! ```

use nom::{
    branch::alt,
    bytes::complete::take_while1,
    character::complete::{char, multispace0},
    combinator::{all_consuming, cut, map, opt},
    multi::separated_list1,
    sequence::{delimited, preceded, terminated},
    IResult,
};

/// Which codes an attribute atom looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    Atom(Scope, String),
}

fn ws<'a, O>(
    inner: impl FnMut(&'a str) -> IResult<&'a str, O>,
) -> impl FnMut(&'a str) -> IResult<&'a str, O> {
    delimited(multispace0, inner, multispace0)
}

fn name(input: &str) -> IResult<&str, &str> {
    take_while1(|c: char| !c.is_whitespace() && !matches!(c, '(' | ')' | '&' | '|' | '~'))(input)
}

fn atom(input: &str) -> IResult<&str, Ast> {
    let (rest, first) = name(input)?;
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
        Some((scope, n)) => Ok((rest, Ast::Atom(scope, n.to_string()))),
        None => Ok((rest, Ast::Atom(Scope::Bare, first.to_string()))),
    }
}

fn factor(input: &str) -> IResult<&str, Ast> {
    ws(alt((
        map(preceded(char('~'), factor), |f| Ast::Not(Box::new(f))),
        delimited(char('('), expr, cut(char(')'))),
        atom,
    )))(input)
}

fn term(input: &str) -> IResult<&str, Ast> {
    map(separated_list1(char('&'), factor), |mut v| {
        if v.len() == 1 {
            v.remove(0)
        } else {
            Ast::And(v)
        }
    })(input)
}

fn expr(input: &str) -> IResult<&str, Ast> {
    map(separated_list1(char('|'), term), |mut v| {
        if v.len() == 1 {
            v.remove(0)
        } else {
            Ast::Or(v)
        }
    })(input)
}

/// Parse a formula; on failure, the 1-based column where parsing stopped.
pub fn parse(text: &str) -> Result<Ast, usize> {
    let result: IResult<&str, Ast> = all_consuming(terminated(expr, opt(multispace0)))(text);
    match result {
        Ok((_, ast)) => Ok(ast),
        Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => Err(text.len() - e.input.len() + 1),
        Err(nom::Err::Incomplete(_)) => Err(text.len() + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Ast {
        Ast::Atom(Scope::Bare, s.into())
    }

    #[test]
    fn precedence_and_prefixes() {
        let ast = parse("(heartxp | hasspair) & (MCC)").unwrap();
        assert_eq!(
            ast,
            Ast::And(vec![Ast::Or(vec![a("heartxp"), a("hasspair")]), a("MCC")])
        );
        let ast = parse("PDX:hiv | PDX:hivsig & SDX:hiv").unwrap();
        assert_eq!(
            ast,
            Ast::Or(vec![
                Ast::Atom(Scope::Principal, "hiv".into()),
                Ast::And(vec![
                    Ast::Atom(Scope::Principal, "hivsig".into()),
                    Ast::Atom(Scope::Secondary, "hiv".into())
                ])
            ])
        );
        assert_eq!(
            parse("~(kidneyxp & ANY:renalfail)").unwrap(),
            Ast::Not(Box::new(Ast::And(vec![
                a("kidneyxp"),
                Ast::Atom(Scope::Any, "renalfail".into())
            ])))
        );
        assert_eq!(
            parse("ONLY:incident").unwrap(),
            Ast::Atom(Scope::Only, "incident".into())
        );
    }

    #[test]
    fn malformed_formulas_report_column() {
        assert_eq!(parse("a & (b | c"), Err(11));
        assert!(parse("a &").is_err());
        assert!(parse("PDX:").is_err());
        assert!(parse("a b").is_err());
        assert!(parse("").is_err());
    }
}
