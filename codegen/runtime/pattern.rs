/// `pattern`: `regex` is compiled once per call site. The generator emits this check only
/// for patterns the `regex` crate compiles (not ECMA 262 look-around or back-references).
#[doc(hidden)]
pub fn check_pattern(
    path: &Path<'_>,
    value: &str,
    regex: &::std::sync::OnceLock<::std::option::Option<::regex::Regex>>,
    pattern: &'static str,
    errors: &mut ValidationErrors,
) {
    let regex = regex.get_or_init(|| ::regex::Regex::new(pattern).ok());
    if let Some(regex) = regex {
        if !regex.is_match(value) {
            errors.push(path, Rule::Pattern, pattern.into(), value.into());
        }
    }
}
